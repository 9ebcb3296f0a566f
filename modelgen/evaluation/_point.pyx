# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled one-point call of a generated model: ``{name: Python real}`` in, :class:`PointValues` out.

Consumes a generated module's ``POINT_KERNEL`` (a capsule holding the address of its per-point kernel
``int _point(const double* p, double* o, Py_ssize_t n)``, templates/model.pyx.j2), the defaults and
bounds of its :class:`~modelgen.inputs.ParameterTable` and, for a model with a Z', the compiled
observables (:class:`modelgen.observables._derived.Derived`); produces one point in a fresh
``array('d')`` laid out [P | O | Y] (parameters, kernel outputs, observables) and a read-only mapping
over it keyed by name.  The kernel reads its column with n = 1, the layout of a one-point block, and
the observables run the arithmetic of a block's column, so every number is bit for bit the array
path's (tests/test_evaluate_point.py).  Each call owns its buffer: results never alias, and threads
need no pool.  No model, field or output name appears here.
"""
from collections.abc import Mapping

from cpython cimport array
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.math cimport isfinite, NAN
from libc.string cimport memcpy

__all__ = ["PointCall", "PointValues"]

ctypedef int (*point_kernel)(const double* p, double* o, Py_ssize_t n) noexcept nogil

cdef array.array _DOUBLES = array.array("d")


cdef class PointValues:
    """Read-only ``{name: value}`` of one evaluated point: floats made on access from the point's own
    buffer, ``status`` an int.  ``slots`` maps each name to its index in the buffer (-1: status)."""
    cdef readonly array.array buffer
    cdef dict slots
    cdef readonly int status

    def __getitem__(self, name):
        cdef Py_ssize_t k = self.slots[name]  # KeyError names the unknown output
        if k < 0:
            return self.status
        return self.buffer.data.as_doubles[k]

    def __len__(self):
        return len(self.slots)

    def __iter__(self):
        return iter(self.slots)

    def __contains__(self, name):
        return name in self.slots

    def keys(self):
        return self.slots.keys()

    def items(self):
        return [(name, self[name]) for name in self.slots]

    def values(self):
        return [self[name] for name in self.slots]

    def get(self, name, default=None):
        return self[name] if name in self.slots else default

    def __eq__(self, other):
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self):
        return f"PointValues({dict(self.items())!r})"

    def __reduce__(self):  # pickles (e.g. to a Dask client) as the plain dict it reads as
        return dict, (dict(self.items()),)


Mapping.register(PointValues)


cdef class PointCall:
    """One point of one compiled module: ``call(params, slots, observables)``.

    ``params``: a dict whose values are Python reals (float, NumPy float64, int); any other value
    makes :meth:`__call__` return None so that the caller takes the general array path (which
    refuses or converts it).  Same checks and messages as ``ParameterTable.columns``.
    """
    cdef point_kernel kernel
    cdef dict index
    cdef array.array defaults, lower, upper
    cdef tuple required
    cdef object table, derived
    cdef Py_ssize_t n_p, n_o, size
    cdef int fatal

    def __init__(self, module, table, derived, Py_ssize_t n_derived):
        self.kernel = <point_kernel>PyCapsule_GetPointer(module.POINT_KERNEL, b"modelgen.point_kernel")
        self.table, self.derived, self.index = table, derived, dict(table.index)
        self.defaults = array.array("d", table.defaults)
        self.lower, self.upper = array.array("d", table.lower), array.array("d", table.upper)
        self.required = tuple(table.index[name] for name in table.required)
        self.n_p, self.n_o = len(table.names), len(module.OUTPUTS)
        self.size = self.n_p + self.n_o + (n_derived if derived is not None else 0)
        self.fatal = module.FATAL_MASK

    @property
    def layout(self):
        """(parameters, kernel outputs, buffer length): slots 0.., n_p.., n_p + n_o.. of [P | O | Y]."""
        return self.n_p, self.n_o, self.size

    def __call__(self, dict params, dict slots, bint observables):
        """PointValues of the point ``params`` (defaults for the rest), or None (see the class)."""
        cdef array.array values = self.column(params)
        if values is None:
            return None
        return self.run(values, slots, observables)

    cpdef array.array column(self, dict params):
        """A fresh [P | O | Y] buffer holding the checked parameters, or None for a non-real value."""
        cdef array.array values = array.clone(_DOUBLES, self.size, zero=False)
        cdef double* v = values.data.as_doubles
        cdef double x
        cdef Py_ssize_t k
        memcpy(v, self.defaults.data.as_doubles, self.n_p * sizeof(double))
        for name, value in params.items():
            row = self.index.get(name)
            if row is None:
                raise self.table._unknown(name)
            if not (isinstance(value, float) or type(value) is int):
                return None
            x = value
            k = row
            if not (self.lower.data.as_doubles[k] <= x <= self.upper.data.as_doubles[k]) or not isfinite(x):
                raise self.table._outside(name, x, "")
            v[k] = x
        for k in self.required:
            if v[k] != v[k]:  # still the NaN that marks "no default"
                raise self.table._missing(self.table.names[k])
        return values

    cpdef array.array column_of(self, const double[::1] x):
        """A fresh [P | O | Y] buffer holding ``x`` (every parameter in table order), range checked:
        ParameterError names the first parameter outside its range or not finite."""
        cdef array.array values
        cdef Py_ssize_t k
        if x.shape[0] != self.n_p:
            return None
        values = array.clone(_DOUBLES, self.size, zero=False)
        memcpy(values.data.as_doubles, &x[0], self.n_p * sizeof(double))
        for k in range(self.n_p):
            if not (self.lower.data.as_doubles[k] <= x[k] <= self.upper.data.as_doubles[k]) or not isfinite(x[k]):
                raise self.table._outside(self.table.names[k], x[k], "")
        return values

    @staticmethod
    def gather(array.array values, double[::1] out, const Py_ssize_t[::1] slots):
        """out[i] = values[slots[i]] for i < len(slots) (slots checked against the buffer)."""
        cdef Py_ssize_t i, n = len(values)
        if out.shape[0] < slots.shape[0]:
            raise ValueError(f"gather: out has {out.shape[0]} entries for {slots.shape[0]} slots")
        for i in range(slots.shape[0]):
            if not 0 <= slots[i] < n:
                raise ValueError(f"gather: slot {slots[i]} outside the buffer of {n} values")
            out[i] = values.data.as_doubles[slots[i]]

    def run(self, array.array values, dict slots, bint observables):
        """Evaluate the point whose parameters fill ``values[:n_p]`` (checked), in place: kernel
        outputs, then the observables when asked; NaN in every computed slot of a fatal point."""
        cdef double* v = values.data.as_doubles
        cdef int status
        cdef Py_ssize_t k
        cdef PointValues out = PointValues.__new__(PointValues)
        if len(values) != self.size:
            raise ValueError(f"PointCall.run: values must have {self.size} slots, got {len(values)}")
        with nogil:
            status = self.kernel(v, v + self.n_p, 1)
        if observables and self.derived is not None:
            status = self.derived.point(values, self.n_p, self.n_o, status)
        if status & self.fatal:  # the kernel already wrote NaN into O
            for k in range(self.n_p + self.n_o, self.size):
                v[k] = NAN
        out.buffer, out.slots, out.status = values, slots, status
        return out
