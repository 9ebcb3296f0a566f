"""Barr–Zee outputs and Δa_ℓ of the compiled 2HDM (thdm_I, II, X, Y) against independent references.

References (nothing of modelgen's derivation):
* every Barr–Zee piece and the total Δa_ℓ: ``modelgen.testing.thdm_reference`` (mpmath, 30 digits;
  Broggio et al. arXiv:1409.3199 eqs. (2.5)–(2.10), Ilisie arXiv:1502.04199 eqs. (20)–(22), (27)–(29),
  ξ factors of Aoki et al. arXiv:0902.4665 Table 2), with the lepton ℓ in the reference's muon slot;
* λ_{φH⁺H⁻} (L ⊃ −v λ φ H⁺H⁻): brute force, the third derivative ∂³V/∂φ∂a² (H⁺ = a/√2) of the
  potential typed below (Gunion–Haber hep-ph/0207010, physics.md conventions: h = −s_α ρ1 + c_α ρ2,
  H = c_α ρ1 + s_α ρ2, H⁺ = −s_β φ1⁺ + c_β φ2⁺), with λ1..λ5 of Kanemura, Okada, Senaha, Yuan
  hep-ph/0408364 sec. 2 (``reference_lambdas``);
* the tree-level W mass from (α, G_F, M_Z): s_W² c_W² = πα/(√2 G_F M_Z²), M_W = c_W M_Z, and
  s_W² = 1 − M_W²/M_Z² in the reference.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.testing import thdm_reference as ref

from test_thdm_compiled import TYPES, LEPTONS, defaults, random_inputs, reference_lambdas


def tree_level_sm(d):
    """ref.SM with the model's inputs and its tree-level W mass (module docstring)."""
    alpha, G_F, M_Z = (mp.mpf(d[k]) for k in ("alpha", "G_F", "M_Z"))
    A = mp.pi * alpha / (mp.sqrt(2) * G_F * M_Z**2)
    c2 = (1 + mp.sqrt(1 - 4 * A)) / 2
    return dict(ref.SM, alpha=alpha, G_F=G_F, M_Z=M_Z, M_W=mp.sqrt(c2) * M_Z, M_h=mp.mpf(d["M_h"]),
                m_t=mp.mpf(d["m_t"]), m_b=mp.mpf(d["m_b"]), m_tau=mp.mpf(d["m_tau"]), m_mu=mp.mpf(d["m_mu"]))


def trilinears(tb, cba, lams, v):
    """(λ_{hH⁺H⁻}, λ_{HH⁺H⁻}) = (1/v) ∂³V/∂φ∂a² at the vacuum (module docstring); only the quartic
    terms have cubic parts, so the quadratic ones are left out."""
    l1, l2, l3, l4, l5 = lams
    b = mp.atan(tb)
    al = b - mp.acos(cba)
    v1, v2 = v * mp.cos(b), v * mp.sin(b)

    def V(h, H, a):
        r1, r2 = -mp.sin(al) * h + mp.cos(al) * H, mp.cos(al) * h + mp.sin(al) * H
        p1, p2 = -mp.sin(b) * a / mp.sqrt(2), mp.cos(b) * a / mp.sqrt(2)
        n1, n2 = p1**2 + (v1 + r1)**2 / 2, p2**2 + (v2 + r2)**2 / 2
        n12 = p1 * p2 + (v1 + r1) * (v2 + r2) / 2          # Φ1†Φ2, real on this slice
        return l1 / 2 * n1**2 + l2 / 2 * n2**2 + l3 * n1 * n2 + l4 * n12**2 + l5 * n12**2

    lam_h = mp.diff(lambda h, a: V(h, 0, a), (0, 0), (1, 2)) / v
    lam_H = mp.diff(lambda H, a: V(0, H, a), (0, 0), (1, 2)) / v
    return lam_h, lam_H


def reference_pieces(kind, tb, cba, M_H, M_A, M_Hpm, lam_h, lam_H, sm):
    """{output suffix: Δa_μ}: bz.h, bz.H, bz.A, bz.Hpm, the SM Higgs Barr–Zee part bz.SM and delta
    (thdm_reference.delta_a_mu)."""
    xi = ref.xi_table(kind, tb, cba)
    s = mp.sqrt(1 - cba**2)
    m = sm["m_mu"]

    def fermions(b, M, cp_odd):
        return sum(ref.barr_zee(m, xi[(b, "l")], M, cp_odd, sm[mk], Q, Nc, xi[(b, col)], sm)
                   for col, Q, Nc, mk in ref.LOOP_FERMIONS.values())

    out = {"bz.A": fermions("A", M_A, True), "bz.Hpm": ref._charged_w(kind, tb, M_Hpm, sm)}
    for b, M, g_vv, lam in (("h", sm["M_h"], s, lam_h), ("H", M_H, cba, lam_H)):
        out[f"bz.{b}"] = fermions(b, M, False) + ref._bz_bosonic(xi[(b, "l")], M, g_vv, (lam, M_Hpm), sm)
    ones = {"u": 1, "d": 1, "l": 1}
    out["bz.SM"] = ref._neutral(sm["M_h"], ones, 1, False, None, sm) - ref.one_loop(m, 1, sm["M_h"], "S", sm)
    out["delta"] = ref.delta_a_mu(kind, tb, cba, M_H, M_A, M_Hpm, lam_h, lam_H, sm)
    return out


def lepton_reference(kind, tb, cba, M_H, M_A, M_Hpm, sm, mu, m_l):
    """(Barr–Zee pieces, Δa_ℓ, scale) of lepton ℓ from the muon's: every Barr–Zee term is
    ∝ m_ℓ² ξ_ℓ and ξ_ℓ is the same for e, μ, τ (Aoki et al. Table 2), so it scales by (m_ℓ/m_μ)²; the
    one-loop terms are evaluated at m_ℓ.  scale = the sum of the sizes of the terms of Δa_ℓ: a sum of
    terms each good to 1e-10 relative is good to 1e-10 x scale."""
    k = (m_l / sm["m_mu"])**2
    bz = {p: k * mu[p] for p in ("bz.h", "bz.H", "bz.A", "bz.Hpm", "bz.SM")}
    xi = ref.xi_table(kind, tb, cba)
    one = [ref.one_loop(m_l, xi[("h", "l")], sm["M_h"], "S", sm), ref.one_loop(m_l, xi[("H", "l")], M_H, "S", sm),
           ref.one_loop(m_l, xi[("A", "l")], M_A, "A", sm), ref.one_loop(m_l, xi[("A", "l")], M_Hpm, "H+", sm),
           -ref.one_loop(m_l, 1, sm["M_h"], "S", sm)]
    delta = sum(one) + sum(bz[p] for p in ("bz.h", "bz.H", "bz.A", "bz.Hpm")) - bz["bz.SM"]
    scale = sum(abs(x) for x in one) + sum(abs(x) for x in bz.values())
    return bz, delta, scale


def check_against_reference(kind, d):
    """Every Barr–Zee piece of e, μ, τ to 1e-10 of itself, a_ℓ.bz and Δa_ℓ to 1e-10 of the sum of
    the sizes of their terms, at the single point d (every parameter, SM inputs included)."""
    ev = mg.evaluator(f"thdm_{kind}")
    out = ev({k: np.array([v]) for k, v in d.items()})
    assert np.all(out["status"] & ev.fatal_mask == 0)
    sm = tree_level_sm(d)
    v = 1 / mp.sqrt(mp.sqrt(2) * sm["G_F"])
    with mp.workdps(30):
        tb, cba, M_H, M_A, M_Hpm, m12 = (mp.mpf(d[k]) for k in
                                         ("tan_beta", "cos_ba", "M_H", "M_A", "M_Hpm", "m12_sq"))
        lams = reference_lambdas(tb, cba, sm["M_h"], M_H, M_A, M_Hpm, m12, v)
        lam_h, lam_H = trilinears(tb, cba, lams, v)
        mu = reference_pieces(kind, tb, cba, M_H, M_A, M_Hpm, lam_h, lam_H, sm)
        for lep in LEPTONS:
            bz, delta, scale = lepton_reference(kind, tb, cba, M_H, M_A, M_Hpm, sm, mu, mp.mpf(d[f"m_{lep}"]))
            for piece in ("bz.h", "bz.H", "bz.A", "bz.Hpm"):
                got = out[f"a_{lep}.{piece}"][0]
                assert abs(got - bz[piece]) <= 1e-10 * abs(bz[piece]), (kind, lep, piece, got, bz[piece])
            total = bz["bz.h"] + bz["bz.H"] + bz["bz.A"] + bz["bz.Hpm"]
            assert abs(out[f"a_{lep}.bz"][0] - total) <= 1e-10 * scale
            got = out[f"delta_a_{lep}"][0]
            assert abs(got - delta) <= 1e-10 * scale, (kind, lep, got, delta)
            if lep == "mu":     # the assembly above is thdm_reference.delta_a_mu's (to mp.quad's ~1e-17)
                assert abs(delta - mu["delta"]) <= 1e-15 * scale


@pytest.mark.parametrize("kind", TYPES)
def test_barr_zee_and_delta_a_match_the_reference(kind):
    d = defaults(mg.evaluator(f"thdm_{kind}"))
    d.update({k: v[0] for k, v in random_inputs(1, seed=20 + TYPES.index(kind)).items()})
    check_against_reference(kind, d)


# Points of benchmarks/regression_outputs.py's near_edge regime (seeded draws, every input near an
# end of its range, SM inputs included: m_t = 1 MeV, G_F = 9e-4 GeV^-2) where the Barr–Zee sums
# cancel: cos(β−α) → 1 with M_A ~ 1e5 GeV, and cos(β−α) = 0 with one heavy neutral scalar.  At
# these points the IR's reduced SM forms (ir_reduce) moved a_ℓ.bz.h by 6.5e-12, a_ℓ.bz.H by 2.2e-12
# and Δa_τ (type I) by 1.3e-12 relative; both forms are within 1.4e-11 of the reference.
_SM_EDGE = {"alpha": 0.007358632302388254, "G_F": 1.1573607173245605e-05, "M_Z": 91.37499219427966,
            "M_h": 124.57168489597366, "m_e": 0.000512815300998787, "m_mu": 0.10636684960598827,
            "m_tau": 1.789815368479445, "m_t": 0.0010136651095565552, "m_b": 4.18}
NEAR_EDGE = [
    ("X", dict(_SM_EDGE, tan_beta=2.0, cos_ba=0.9992964188450388, M_H=300.0, M_A=99357.63818855105,
               M_Hpm=300.0, m12_sq=36000.0)),
    ("X", dict(_SM_EDGE, alpha=0.007226624829535986, G_F=0.0009120428736150371, M_Z=90.95712599177673,
               M_h=125.59062479540572, m_e=0.0005118032119097831, m_mu=0.1053928697760644,
               m_tau=1.7810293903861276, m_t=172.69, tan_beta=2.0, cos_ba=0.0, M_H=300.0,
               M_A=96191.16993508485, M_Hpm=300.0, m12_sq=36000.0)),
    ("I", dict(_SM_EDGE, alpha=0.007314634612544617, G_F=1.1680229565729043e-05, M_Z=91.06748485736777,
               M_h=126.22177157944938, m_e=0.0005137096551863242, m_mu=0.10498563103618795,
               m_tau=1.7888474120105564, m_t=172.69, tan_beta=2.0, cos_ba=0.0, M_H=92889.05265160503, M_A=300.0,
               M_Hpm=300.0, m12_sq=36000.0)),
]


@pytest.mark.parametrize("kind,d", NEAR_EDGE)
def test_near_edge_cancelling_sums_match_the_reference(kind, d):
    check_against_reference(kind, d)
