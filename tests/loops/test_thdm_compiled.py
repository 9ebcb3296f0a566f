"""The compiled 2HDM (thdm_I, thdm_II, thdm_X, thdm_Y) against independent references.

References (nothing of modelgen's derivation):
* one loop per scalar: ``thdm_reference.one_loop`` (mpmath, 30 digits; Broggio et al.
  arXiv:1409.3199 eqs. (2.5)-(2.7)) with the xi factors of Aoki, Kanemura, Tsumura, Yagyu
  arXiv:0902.4665 Table 2 (``thdm_reference.xi_table``; xi^{H+-} = xi^A);
* lambda_1..5 from the physical inputs: Kanemura, Okada, Senaha, Yuan hep-ph/0408364 sec. 2, typed
  below with M^2 = m12^2/(s_b c_b), alpha = beta - acos(cos(beta - alpha));
* bounded from below at tree level (Deshpande, Ma, Phys. Rev. D18 (1978) 2574) and the s-wave
  unitarity eigenvalues (Kanemura, Kubota, Takasugi hep-ph/9303263; Akeroyd, Arhrib, Naimi
  hep-ph/0006035), typed below, |a| < 8 pi.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.testing import thdm_reference as ref

TYPES = ("I", "II", "X", "Y")
LEPTONS = ("e", "mu", "tau")


def defaults(ev):
    return {name: info["default"] for name, info in ev.parameters.items()}


def random_inputs(n, seed):
    rng = np.random.default_rng(seed)
    tb = 10 ** rng.uniform(-0.3, 1.7, n)
    p = {"tan_beta": tb, "cos_ba": rng.uniform(-0.3, 0.3, n), "M_H": 10 ** rng.uniform(1.7, 3, n),
         "M_A": 10 ** rng.uniform(1, 3, n), "M_Hpm": 10 ** rng.uniform(1.9, 3, n)}
    p["m12_sq"] = rng.uniform(0.6, 1.0, n) * p["M_H"]**2 * tb / (1 + tb**2)
    return p


@pytest.mark.parametrize("kind", TYPES)
def test_one_loop_per_scalar_matches_the_reference(kind):
    ev = mg.evaluator(f"thdm_{kind}")
    d = defaults(ev)
    p = random_inputs(4, seed=TYPES.index(kind))
    out = ev(p)
    assert np.all(out["status"] & ev.fatal_mask == 0)
    sm = dict(ref.SM, G_F=mp.mpf(d["G_F"]))
    with mp.workdps(30):
        for i in range(len(p["tan_beta"])):
            xi = ref.xi_table(kind, p["tan_beta"][i], p["cos_ba"][i])
            masses = {"h": (d["M_h"], xi[("h", "l")], "S"), "H": (p["M_H"][i], xi[("H", "l")], "S"),
                      "A": (p["M_A"][i], xi[("A", "l")], "A"), "Hpm": (p["M_Hpm"][i], xi[("A", "l")], "H+")}
            for lep in LEPTONS:
                m = mp.mpf(d[f"m_{lep}"])
                for label, (M, x, topology) in masses.items():
                    want = ref.one_loop(m, x, mp.mpf(M), topology, sm)
                    got = out[f"a_{lep}.{label}"][i]
                    assert abs(got - want) <= 1e-10 * abs(want), (kind, lep, label, i)


def reference_lambdas(tb, cba, M_h, M_H, M_A, M_Hpm, m12, v):
    """hep-ph/0408364 sec. 2 (module docstring)."""
    b = mp.atan(tb)
    a = b - mp.acos(cba)
    sb, cb, sa, ca = mp.sin(b), mp.cos(b), mp.sin(a), mp.cos(a)
    M2, v2 = m12 / (sb * cb), v**2
    return [(M_H**2 * ca**2 + M_h**2 * sa**2 - M2 * sb**2) / (v2 * cb**2),
            (M_H**2 * sa**2 + M_h**2 * ca**2 - M2 * cb**2) / (v2 * sb**2),
            (2 * M_Hpm**2 - M2 + (M_H**2 - M_h**2) * sa * ca / (sb * cb)) / v2,
            (M2 + M_A**2 - 2 * M_Hpm**2) / v2,
            (M2 - M_A**2) / v2]


def published_conditions(l1, l2, l3, l4, l5):
    """(bounded from below, unitarity) of the module docstring, True = satisfied."""
    r = mp.sqrt(l1 * l2) if l1 > 0 and l2 > 0 else mp.mpf(0)
    bfb = l1 > 0 and l2 > 0 and l3 > -r and l3 + l4 - abs(l5) > -r
    s, dd = l1 + l2, l1 - l2
    eig = [3 * s / 2 + sg * mp.sqrt(9 * dd**2 / 4 + (2 * l3 + l4)**2) for sg in (1, -1)]
    eig += [(s + sg * mp.sqrt(dd**2 + 4 * l4**2)) / 2 for sg in (1, -1)]
    eig += [(s + sg * mp.sqrt(dd**2 + 4 * l5**2)) / 2 for sg in (1, -1)]
    eig += [l3 + 2 * l4 - 3 * l5, l3 - l5, l3 + 2 * l4 + 3 * l5, l3 + l5, l3 + l4, l3 - l4]
    return bfb, max(abs(e) for e in eig) < 8 * mp.pi


def test_lambdas_and_named_warning_bits():
    ev = mg.evaluator("thdm_II")
    d = defaults(ev)
    bits = {reason.split(":")[0]: bit for bit, reason in ev.status_bits.items()}
    bfb_mask = sum(1 << b for name, b in bits.items() if name.startswith("bfb_"))
    uni_mask = sum(1 << b for name, b in bits.items() if name.startswith("unitarity_"))
    assert bin(bfb_mask).count("1") == 4 and bin(uni_mask).count("1") == 12
    assert (bfb_mask | uni_mask) & ev.fatal_mask == 0          # warnings: outputs stay computed
    # a valid point, one below the bounded-from-below edge (large m12^2), one far beyond unitarity
    p = {"tan_beta": np.array([2.0, 2.0, 1.5]), "cos_ba": np.array([0.0, 0.1, 0.0]),
         "M_H": np.array([300.0, 300.0, 2500.0]), "M_A": np.array([300.0, 300.0, 150.0]),
         "M_Hpm": np.array([300.0, 300.0, 3000.0]), "m12_sq": np.array([3.6e4, 8.0e4, 1.0e4])}
    out = ev(p)
    v = 1 / mp.sqrt(mp.sqrt(2) * mp.mpf(d["G_F"]))
    seen = set()
    for i in range(3):
        lam = reference_lambdas(*(mp.mpf(p[k][i]) for k in ("tan_beta", "cos_ba")), mp.mpf(d["M_h"]),
                                *(mp.mpf(p[k][i]) for k in ("M_H", "M_A", "M_Hpm", "m12_sq")), v)
        for k, want in enumerate(lam, start=1):
            assert abs(out[f"lambda{k}"][i] - want) <= 1e-10 * max(abs(want), 1e-3)
        bfb, unitary = published_conditions(*lam)
        assert bool(out["status"][i] & bfb_mask) == (not bfb)
        assert bool(out["status"][i] & uni_mask) == (not unitary)
        assert np.isfinite(out["a_mu.H"][i])
        seen.add((bfb, unitary))
    assert seen == {(True, True), (False, True), (True, False)}   # each case is exercised
