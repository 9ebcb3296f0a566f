# cython: language_level=3
"""Per-call-site memo of the pure loop functions: the last arguments and result of one call site.

Used by the generated kernels (templates/model.pyx.j2): every call of a loop function of
``modelgen.loops`` (one-loop dipoles, Barr-Zee functions, divided differences: pure functions of
their double arguments) is printed as ``_memo_<function>(_mc, k, args...)``, one ``memo_site`` per
call site k (``_mc`` NULL: the function is called directly).  The wrapper returns the stored result when every argument is bit-equal to the stored
one (the 64-bit patterns compared, so -0.0 and 0.0 differ and a NaN argument matches only the same
NaN: the result is exactly what the call would return), else calls the function and stores
arguments and result.  A site that misses ``MEMO_OFF`` calls in a row (modelgen.codegen.render:
its arguments depend on an input that changes at every point, the BSM parameters of a scan) is
switched off for the rest of the ``evaluate`` call (``valid = -1``): the function is then called
directly, without the compare and the stores, and a site whose arguments repeat keeps hitting (a
hit resets the count).  Outputs are therefore bit-identical with and without the memo.  A function
with a memo-aware variant (``MEMO_AUX`` in modelgen.codegen.render, e.g. ``bz_charged_w_aux``) is
called through it on a miss, with the site's ``aux`` storage: it keeps the part of its work that
depends on a subset of its arguments (bz_charged_w: the M_W half, the same at every point with
equal SM inputs), again keyed on bit-equal arguments.

Thread safety: a ``memo_site`` array belongs to one thread.  ``evaluate`` allocates one array per
OpenMP thread inside its parallel block (and one for the serial loop), so nothing is shared between
threads or between calls of ``evaluate``: the memo lives for one ``evaluate`` call.  One point
(``evaluate`` with n = 1, the one-point kernel ``_point`` = POINT_KERNEL of evaluation._point, the
fit's path) runs without a memo (``_mc`` NULL): a single point cannot hit, and the miss path would
cost the stores.
"""
from libc.string cimport memcpy

ctypedef struct memo_site:
    double a[8]     # the arguments of the last call: up to 8 (a_charged_vector, bz_charged_w;
                    # modelgen.codegen.render.MEMO_MAX_ARGS)
    double r        # its result
    int valid       # 0: empty; 1..MEMO_OFF: holds a result, valid - 1 misses in a row since the
                    # last hit; -1: switched off for this evaluate call (MEMO_OFF misses in a row)
    # storage of a function's memo-aware variant (modelgen.codegen.render.MEMO_AUX) for partial
    # results that depend on a subset of its arguments (bz_charged_w_aux: its M_W half)
    double aux[9]
    int aux_state   # 0: aux empty


cdef inline bint memo_same(double x, double y) noexcept nogil:
    """x and y have the same 64-bit pattern (memcpy: no aliasing of a double as an integer)."""
    cdef unsigned long long bx, by
    memcpy(&bx, &x, sizeof(double))
    memcpy(&by, &y, sizeof(double))
    return bx == by


cdef inline void memo_clear(memo_site* c, Py_ssize_t n) noexcept nogil:
    """Mark n sites empty (two stores each)."""
    cdef Py_ssize_t k
    for k in range(n):
        c[k].valid = 0
        c[k].aux_state = 0
