"""delta_a_l.W of the bl_vll family where the light neutral states' mass terms make all of it, against 50 digits.

At light_zp points without generation mixing (benchmarks/regression_outputs.py, regime light_zp, seed
per model and regime) delta_a_l.W is only 1e-15 .. 1e-17 of a_l.W and is made of the terms
a(m_k) - a(0) of neutral states light against the W (m_k = 1e-9 .. 1e-3 GeV): at bl_vll_doublet
point 55 the electron's states k = 1, 3 (m_k = 1.7e-6, 3.1e-5 GeV, |g_L| = 0.45, 0.11) give
-1.2e-29, -2.1e-28 of delta_a_e.W = -2.19e-28.  kernels/leptons.w_delta_sum took them as direct
subtractions of two loops ~|a_k| (noise a few eps |a_k| = 1e-30 .. 2e-29), dropped them below
eps |a_k|, and for states beyond the light subspace (k >= nlight: the sterile ones) let a_k cancel
against -P0/2 |g|^2 in X: 1.8e-1 off (doublet 55, e) and 1.2e-2 (bl_vll_singlet point 79, tau).  Now
each is leptons.w_light_difference, the exact difference under the loop integral: <= 1e-15 here.

Reference, written from the Lagrangian and independent of the kernels' numerics (tests/cp_mpref.py):
the model's symbolic mass matrices at 50 digits, SM Yukawas solved at 50 digits (Newton started from
the kernel's), mpmath SVD / Takagi, W couplings g_L = U_n^+ W_L U_L, g_R = U_n^T W_R U_R, and the
loop of tests/loops/g2_mpref.py (Q_F = 0, photon on the W; Leveille 1978, Lindner, Platscher,
Queiroz arXiv:1610.06587) at 50 digits:
    Delta a = sum_k [S_k (|g_L|^2 + |g_R|^2)/2 + D_k Re(g_L conj(g_R))] - S(m_l, 0, M_W) g^2/4,
the last term the SM diagram (massless neutrino, coupling g/sqrt2, g the model's SU(2) coupling).
The sum cancels to 1e-15 of a_l.W; at 50 digits 35 remain.
"""
import mpmath as mp
import pytest
import os
import sys

import modelgen as mg
from cp_mpref import MpLeptons

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "loops"))
import g2_mpref  # noqa: E402

TOL = 1e-10
LEP = ("e", "mu", "tau")
#: (model, light_zp point) -> (parameters that differ from the defaults, lepton index)
POINTS = {
    ("bl_vll_doublet", 55): ({'alpha': 0.00724483557025631, 'G_F': 1.175046357374897e-05, 'M_Z': 91.05490465667275, 'M_h': 125.69849937953845, 'm_e': 0.000507212217755, 'm_mu': 0.10622802318771063, 'm_tau': 1.7688615722978949, 'g_BL': 0.0002439981046608302, 'eps_k': -0.0007061774893045421, 'M_Zp': 1.196817939881454e-06, 'M_hX': 0.0016482611221468099, 'y_nu11': -4.2015023663333266e-08, 'y_nu22': -3.3973642034659646e-09, 'y_nu33': -7.425033717747422e-07, 'lam_L11': -0.7268329050622888, 'lam_L22': 0.34987938286402503, 'lam_L33': -0.20879109630078638, 'y_M11': -0.016812782013929137, 'y_M22': -0.18619832035545877, 'y_M33': -0.5278930991944396, 'c_nu_R_L_R_H11': -0.05637272770222731, 'c_nu_R_L_R_H22': 0.031172857733994308, 'c_nu_R_L_R_H33': 1.1470875587136238, 'M_L1': 2872.141076869931, 'M_L2': 382.9401527495672, 'M_L3': 410.1061187087619, 'branch_mu': -1.0, 'branch_tau': -1.0}, 0),
    ("bl_vll_singlet", 79): ({'alpha': 0.0073125222016083655, 'G_F': 1.1588656115403991e-05, 'M_Z': 91.99975284318879, 'M_h': 125.17869673750558, 'm_e': 0.0005147173066895517, 'm_mu': 0.10535464102567726, 'm_tau': 1.7892926508728146, 'g_BL': 0.0007799749364479694, 'eps_k': -1.229724268890764e-06, 'M_Zp': 1.3503414114452304e-06, 'M_hX': 0.15163727553088993, 'y_nu11': 2.4167038090123657e-08, 'y_nu22': 4.0587378125125414e-08, 'y_nu33': 6.274231349731469e-09, 'y_M11': -0.3358803575703865, 'y_M22': 0.1740479025838929, 'y_M33': -0.034640912740117255, 'lam_E11': -1.1184777070228722, 'lam_E22': -0.8543649776673068, 'lam_E33': -0.8231495752670223, 'M_E1': 339.8489803077129, 'M_E2': 554.1041236415408, 'M_E3': 1023.7325805674745, 'branch_mu': -1.0}, 2),
}


def _reference(model_name, p, out, i):
    """(50-digit delta_a_l.W, 50-digit a_l.W) of light charged state i at the point p (module docstring)."""
    model = mg.load_model(model_name)
    R0 = MpLeptons(model)
    R = R0(p, [out[f"y_e{f}"][0] for f in (1, 2, 3)])
    with mp.workdps(50):
        vals = [mp.mpf(p[n]) for n in model.parameters]
        for f in R0._int:
            vals.append(f(*vals)[0])
        g = vals[len(model.parameters) + [str(s) for s, _ in R0.internal].index("g")]
        m, MW = R.m_charged[i], R.M_V["W"]
        wl, wr = R.w
        S0, _ = g2_mpref.parts("V", m, 0, MW, QF=0)
        a_w = mp.mpf(0)
        for k, mk in enumerate(R.m_neutral):
            a, b = wl[k, i], wr[k, i]
            S, D = g2_mpref.parts("V", m, mk, MW, QF=0) if mk > 0 else (S0, 0)
            a_w += S * (abs(a)**2 + abs(b)**2) / 2 + D * mp.re(a * mp.conj(b))
        return a_w - S0 * g**2 / 4, a_w


@pytest.mark.parametrize("key", list(POINTS), ids=[f"{m}-{q}" for m, q in POINTS])
def test_delta_a_w_light_states_against_50_digits(key):
    """delta_a_l.W at 1e-10 relative (the project's precision standard; before w_light_difference 1.8e-1 and
    1.2e-2), a_l.W at 1e-14."""
    model_name, _ = key
    changed, i = POINTS[key]
    ev = mg.evaluator(model_name)
    p = {name: info["default"] for name, info in ev.parameters.items()}
    p.update(changed)
    out = ev({k: [v] for k, v in p.items()}, data=None, threads=1)
    assert out["status"][0] & ev.fatal_mask == 0
    delta, a_w = _reference(model_name, p, out, i)
    assert abs(out[f"a_{LEP[i]}.W"][0] / a_w - 1) < 1e-14
    err = float(abs(out[f"delta_a_{LEP[i]}.W"][0] / delta - 1))
    assert err < TOL, f"delta_a_{LEP[i]}.W: {out[f'delta_a_{LEP[i]}.W'][0]!r} vs {mp.nstr(delta, 17)}: {err:.2e}"


#: points where delta_a_l.W is still above 1e-10 (not the light-state terms): (model, regime, point) ->
#: (parameters that differ from the defaults, lepton index)
OPEN = {
    ("bl_vll_doublet", "lfv_closed", 31): ({'alpha': 0.00734220460888923, 'G_F': 1.176092668264794e-05, 'M_Z': 91.6908416527351, 'M_h': 126.11354163495137, 'm_e': 0.0005071988645831648, 'm_mu': 0.10657434364841392, 'm_tau': 1.7592368753873593, 'g_BL': -0.0005694924547252567, 'eps_k': 0.2538412680016538, 'M_Zp': 149.88097559735286, 'M_hX': 65.90136523501887, 'y_nu11': 8.474300995032712e-07, 'y_nu12': -0.20893773362599, 'y_nu13': 0.0126871693655004, 'y_nu21': 0.2112346680792234, 'y_nu22': -2.0267770295364787e-09, 'y_nu23': 0.001965817372220359, 'y_nu31': 0.13762840841810903, 'y_nu32': -0.13662948875056108, 'y_nu33': 1.3037666927081384e-08, 'lam_L11': 0.03468141496294494, 'lam_L12': -0.24881041867450865, 'lam_L13': 0.7940075844721411, 'lam_L21': -0.0017618507297093627, 'lam_L22': -0.054896877313824, 'lam_L23': -0.3534714423910767, 'lam_L31': 0.4445746138367629, 'lam_L32': -0.21132816989249475, 'lam_L33': -1.5994987110586536, 'y_M11': -0.07157803814601829, 'y_M12': 0.35386744378259, 'y_M13': 0.003140501362045655, 'y_M22': 0.9222077196582001, 'y_M23': 0.0019776392120556406, 'y_M33': -0.4899247548134531, 'c_nu_R_L_R_H11': 0.03980837748133915, 'c_nu_R_L_R_H12': 0.013496309132466073, 'c_nu_R_L_R_H13': -0.3428516323791143, 'c_nu_R_L_R_H21': 0.00453795312527077, 'c_nu_R_L_R_H22': -0.11095504977023961, 'c_nu_R_L_R_H23': 0.0015639820878345265, 'c_nu_R_L_R_H31': 0.002244692953730092, 'c_nu_R_L_R_H32': -0.005988784591037636, 'c_nu_R_L_R_H33': -0.012276089455380506, 'M_L1': 341.63801848853007, 'M_L2': 1822.5291261421094, 'M_L3': 1114.7101605530133, 'branch_tau': -1.0}, 0),
    ("bl_vll_doublet", "heavy_diag", 61): ({'alpha': 0.007351129319597337, 'G_F': 1.1597081015745498e-05, 'M_Z': 91.67892287878269, 'M_h': 125.50170568418041, 'm_e': 0.0005136339377523733, 'm_mu': 0.10664965436429394, 'm_tau': 1.7767496897485338, 'g_BL': 0.27605203941697487, 'eps_k': -0.00036880456714814526, 'M_Zp': 3.180824761471349, 'M_hX': 9.20697641327063, 'y_nu11': -5.350387196599596e-07, 'y_nu22': 1.1650311066348503e-07, 'y_nu33': 6.587834896209358e-09, 'lam_L11': -0.447669500898276, 'lam_L22': -0.1563015370709527, 'lam_L33': 0.29598884711239437, 'y_M11': -0.03317169289865622, 'y_M22': -0.2023399766435363, 'y_M33': -0.0800215448142833, 'c_nu_R_L_R_H11': 1.4005703542488506, 'c_nu_R_L_R_H22': 0.7656874458535844, 'c_nu_R_L_R_H33': 0.1580222037947111, 'M_L1': 33909.48281436271, 'M_L2': 45275.35929687877, 'M_L3': 5240.053832989528}, 1),
}


@pytest.mark.xfail(strict=True, reason=(
    "delta_a_l.W above 1e-10 of the 50-digit reference where the light-state terms are exact "
    "(w_light_difference): bl_vll_doublet lfv_closed point 31 delta_a_e.W 2.4e-8 (generation mixing; "
    "main 4.5e-5), heavy_diag point 61 delta_a_mu.W 6.1e-10 (TeV VLLs, no generation mixing; main "
    "5.9e-10); not located (the heavy states' couplings or the X term are the candidates)"))
@pytest.mark.parametrize("key", list(OPEN), ids=[f"{m}-{r}-{q}" for m, r, q in OPEN])
def test_delta_a_w_open_points_against_50_digits(key):
    """delta_a_l.W at 1e-10 relative (docs/design.md "Known precision defects")."""
    changed, i = OPEN[key]
    ev = mg.evaluator(key[0])
    p = {name: info["default"] for name, info in ev.parameters.items()}
    p.update(changed)
    out = ev({k: [v] for k, v in p.items()}, data=None, threads=1)
    assert out["status"][0] & ev.fatal_mask == 0
    delta, _ = _reference(key[0], p, out, i)
    err = float(abs(out[f"delta_a_{LEP[i]}.W"][0] / delta - 1))
    assert err < TOL, f"delta_a_{LEP[i]}.W: {out[f'delta_a_{LEP[i]}.W'][0]!r} vs {mp.nstr(delta, 17)}: {err:.2e}"
