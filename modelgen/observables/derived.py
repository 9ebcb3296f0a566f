"""The evaluator's post-kernel observables: :func:`modelgen.observables.compute` in one compiled call.

Consumes a model's parameter names and kernel output names (resolved once into rows by
:class:`Plan`) and, per block, the parameter rows ``P``, kernel output rows ``O`` and status ``S``;
produces the dict :func:`~modelgen.observables.compute` returns on the same rows, with its default
options (Majorana neutrinos, the APV factor :func:`~modelgen.observables.apv.apv_K`): the same names,
the same status bits, the same numbers up to a few ulp (the compiled exp/pow of libm against
NumPy's SIMD ones; tests/observables/test_derived.py).  The NumPy modules remain the reference and
the API for other options; the compiled twin (``_derived.pyx``) runs one pass over the points
without temporaries, which makes a one-point call cost microseconds instead of ~250 NumPy calls.
Only stable output names are read here (DESIGN.md: the observables layer may).
"""
from __future__ import annotations

import numpy as np
from scipy.special import gamma as gamma_fn

from modelgen.errors import ParameterError
from modelgen.observables import apv, decays, hadrons, nuclear, status
from modelgen.observables._derived import Derived

__all__ = ["INPUTS", "OUTPUTS", "Plan"]

_LEPTONS = ("e", "mu", "tau")
_NEUTRINOS = ("nu_e", "nu_mu", "nu_tau")
#: logical inputs in the order of _derived.pyx; a neutrino has two slots (eps_L.nu, unused) or (eps_V.nu, eps_A.nu)
INPUTS = ("M_Zp", "alpha", "G_F", *(f"m_{lep}" for lep in _LEPTONS),
          *(f"eps_{c}.{lep}" for lep in _LEPTONS for c in "VA"), *(f"{nu}:{k}" for nu in _NEUTRINOS for k in (0, 1)),
          *(f"eps_V.{q}" for q in ("u", "d", "s", "p", "n")), "M_Z", *(f"g_{c}.Z.{lep}" for lep in _LEPTONS for c in "LR"))
#: rows of the compiled result, in the order compute() inserts them
OUTPUTS = (*(f"Gamma_Zp.{c}" for c in ("e_e", "mu_mu", "tau_tau", "nu_nu", "hadrons", "total")),
           *(f"BR_Zp.{c}" for c in ("e_e", "mu_mu", "tau_tau", "nu_nu")), "tau_Zp", "ctau_Zp", "eps_V.p", "eps_V.n",
           "R_Be8_18p15", "R_Be8_17p64", "dQW_Cs", "eps_VA.e", "eps_V.p.ee", "eps_nu_e.nu_e", "eps_nu_e.nu_mu",
           "R_Z.mu_e", "R_Z.tau_e")
# flags of _derived.pyx
_NU_FROM_VA, _QUARKS_FROM_NUCLEONS, _S_FROM_D, _NUCLEONS_FROM_QUARKS, _Z_UNIVERSALITY = 1, 8, 16, 32, 64


def _constants() -> np.ndarray:
    """The numbers the NumPy modules use, in the order of _derived.pyx (C_HBAR ... C_PI)."""
    m = nuclear.NUCLEAR_MASSES_GEV
    g = np.sqrt(1.0 - (apv.Z_CS * apv.ALPHA_0) ** 2)  # as in apv.apv_K
    return np.array([decays.HBAR_GEV_S, decays.HBARC_GEV_M, hadrons.M_MAX_GEV, m["Be8*(18.15)"],
                     m["Be8*(17.64)"], m["Be8"], 1.2 * (apv.Z_CS + apv.N_CS) ** (1.0 / 3.0), apv.HBARC_GEV_FM,
                     g, gamma_fn(2.0 * g), apv.Z_CS, apv.N_CS, np.pi])


_CONSTANTS = _constants()
_TABLE = np.ascontiguousarray(hadrons.r_ratio_table())


class Plan:
    """``plan(P, O, S)`` = ``compute(rows)`` for one model's rows (parameters ``P``, kernel outputs ``O``).

    Built once per evaluator from its names, with the same choices as compute(): a neutrino's
    ``eps_L`` or ``eps_V − eps_A``; quark couplings given or from ``eps_V.p``/``eps_V.n``; ``eps_V.s``
    or the d quark's; nucleon couplings given (not returned) or from the quarks (returned); the
    Z-pole ratios when every ``g_L/R.Z.<l>`` and ``M_Z`` exist.  A kernel output shadows a parameter
    of the same name, as in the evaluator's rows.  ParameterError names a missing input.
    """

    def __init__(self, parameters, outputs):
        self.n_outputs, self.n_parameters = len(outputs), len(parameters)
        self._index = {name: len(outputs) + k for k, name in enumerate(parameters)}
        self._index.update((name, k) for k, name in enumerate(outputs))
        self._consts = []
        have = set(self._index)
        rows = [self._row(n) for n in ("M_Zp", "alpha", "G_F")]
        rows += [self._row(f"m_{lep}", decays.LEPTON_MASSES[lep]) for lep in _LEPTONS]
        rows += [self._row(f"eps_{c}.{lep}") for lep in _LEPTONS for c in "VA"]
        flags = 0
        for k, nu in enumerate(_NEUTRINOS):
            if f"eps_L.{nu}" in have:
                rows += [self._row(f"eps_L.{nu}"), -1]
            else:
                rows += [self._row(f"eps_V.{nu}"), self._row(f"eps_A.{nu}")]
                flags |= _NU_FROM_VA << k
        nucleons = {"eps_V.p", "eps_V.n"} <= have
        from_nucleons = not ("eps_V.u" in have or "eps_V.d" in have or not nucleons)
        flags |= _QUARKS_FROM_NUCLEONS if from_nucleons else 0
        flags |= _S_FROM_D if "eps_V.s" not in have else 0
        flags |= 0 if nucleons else _NUCLEONS_FROM_QUARKS
        used = ("p", "n") if from_nucleons else ("u", "d")
        rows += [self._row(f"eps_V.{q}") if q in used else self._index.get(f"eps_V.{q}", -1)
                 for q in ("u", "d", "s", "p", "n")]
        z_names = ("M_Z", *(f"g_{c}.Z.{lep}" for lep in _LEPTONS for c in "LR"))
        z = set(z_names) <= have
        flags |= _Z_UNIVERSALITY if z else 0
        rows += [self._index[n] if z else -1 for n in z_names]
        assert len(rows) == len(INPUTS)  # invariant: one row per slot of _derived.pyx
        #: the compiled pass (_derived.Derived): blocks through :meth:`evaluate`, one point through its ``point``
        self.compiled = Derived(np.array(rows, dtype=np.intc), np.array(self._consts, dtype=float), flags, _CONSTANTS,
                            _TABLE, 1 << status.HADRONS_ABOVE_RANGE)
        self.names = tuple((k, name) for k, name in enumerate(OUTPUTS)
                           if not (nucleons and name in ("eps_V.p", "eps_V.n")) and (z or not name.startswith("R_Z.")))
        #: (Y rows, names) of :attr:`names`, for reading every exposed row at once
        self.exposed = (np.array([k for k, _ in self.names], dtype=np.intp), tuple(name for _, name in self.names))
        del self._index, self._consts

    def _row(self, name, default=None):
        """Row of ``name`` in the stack [O; P; constants]; a missing name takes ``default`` or raises."""
        k = self._index.get(name)
        if k is not None:
            return k
        if default is None:
            raise ParameterError(f"compute(): output dict lacks '{name}' (needed for the Z' observables)")
        self._consts.append(default)
        return self.n_outputs + self.n_parameters + len(self._consts) - 1

    @property
    def outputs(self) -> tuple[str, ...]:
        """Names returned by a call, in compute()'s order (``status`` last)."""
        return tuple(name for _, name in self.names) + ("status",)

    def evaluate(self, P, O, S):
        """(Y, status): Y[k] = OUTPUTS[k] at every point (rows not in :attr:`names` are not meaningful)
        and the kernel's status word with the observables' bits."""
        Y = np.empty((len(OUTPUTS), O.shape[1]))
        word = np.empty(O.shape[1], dtype=np.intc)
        self.compiled(O, P, S, Y, word)
        return Y, word

    def as_dict(self, Y, word) -> dict:
        """``{name: row of Y}`` of the names this model gets, and ``status``."""
        res = {name: Y[k] for k, name in self.names}
        res["status"] = word
        return res

    def __call__(self, P, O, S) -> dict:
        """``{name: row of n values}`` and ``status``: what compute() returns on these rows."""
        return self.as_dict(*self.evaluate(P, O, S))
