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


#: points where the heavy neutral states' loops carried delta_a_l.W's error: the chirality flip Re(g_L g_R^*)
#: recovered from the rounded c_V, c_A (absolute error eps max(|g_L|, |g_R|)^2) of states with |g_L| >> |g_R|,
#: whose cancelling terms make delta_a_l.W (leptons._w_loop_chiral forms every product from the chiral
#: couplings).  Before, against 50 digits: 7.3e-9, 1.9e-7, 4.3e-10, 4.0e-10; now 2.0e-11, 2.0e-16, 2.5e-12,
#: 1.3e-14.  (model, regime, point) -> (parameters that differ from the defaults, lepton index)
HEAVY = {
    ("bl_vll_doublet", "heavy_vll", 41): ({'alpha': 0.007299718111165303, 'G_F': 1.1589242447615758e-05, 'M_Z': 90.82009956184663, 'M_h': 126.22178348648754, 'm_e': 0.0005095140431501208, 'm_mu': 0.10667773373173614, 'm_tau': 1.7708036034717916, 'g_BL': -0.00011873997506537873, 'eps_k': 0.0014588758135116442, 'M_Zp': 62.617010546771375, 'M_hX': 708.9539771876538, 'y_nu11': -2.7428840232225166e-08, 'y_nu12': -0.014321711605442478, 'y_nu13': 0.384655547014974, 'y_nu21': -0.03180023255004175, 'y_nu22': -3.4556193860828916e-07, 'y_nu23': -0.017427870902939256, 'y_nu31': -0.005501560689129968, 'y_nu32': 0.09143468703071018, 'y_nu33': -4.0939647737002563e-07, 'lam_L11': -0.33903813624977214, 'lam_L12': 0.0013169941504308563, 'lam_L13': -0.0023555900320215823, 'lam_L21': -0.02053857771741881, 'lam_L22': -0.9003271961411098, 'lam_L23': 0.013129852225259187, 'lam_L31': -0.01931957484767624, 'lam_L32': -0.013666205639940275, 'lam_L33': -0.19468039573089718, 'y_M11': 0.13170574283651543, 'y_M12': -0.018625875412690288, 'y_M13': -0.009917354118810654, 'y_M22': 0.08908550149195174, 'y_M23': 0.016569160795365002, 'y_M33': 0.7903917166281106, 'c_nu_R_L_R_H11': -0.11592104838468502, 'c_nu_R_L_R_H12': 0.026548995127917696, 'c_nu_R_L_R_H13': -0.08537607735855424, 'c_nu_R_L_R_H21': 0.43363610079735804, 'c_nu_R_L_R_H22': 3.1308819117190976, 'c_nu_R_L_R_H23': 0.08456885067325809, 'c_nu_R_L_R_H31': 0.09015510335472686, 'c_nu_R_L_R_H32': 0.009723262643488273, 'c_nu_R_L_R_H33': 0.15631619624048942, 'M_L1': 13016.974204019418, 'M_L2': 5501.134996722707, 'M_L3': 2316.716069571647, 'branch_tau': -1.0}, 0),
    ("bl_vll_doublet", "heavy_diag", 21): ({'alpha': 0.007275642995843482, 'G_F': 1.1602311662674894e-05, 'M_Z': 91.89001569066411, 'M_h': 125.69577755224014, 'm_e': 0.0005065598514838879, 'm_mu': 0.10559030834895067, 'm_tau': 1.7887033702390889, 'g_BL': -0.00010509037765364715, 'eps_k': 5.1318739893132e-05, 'M_Zp': 461.6923284163122, 'M_hX': 44.880342477386215, 'y_nu11': -2.0638241618522745e-09, 'y_nu22': -1.6768266863472032e-07, 'y_nu33': 7.206705005805125e-09, 'lam_L11': 0.6941277448872157, 'lam_L22': -0.15931771920970791, 'lam_L33': -1.1484452293679797, 'y_M11': 0.010665798310492318, 'y_M22': 0.029075329851459986, 'y_M33': -0.03832646945460549, 'c_nu_R_L_R_H11': 1.12284071456737, 'c_nu_R_L_R_H22': 1.1038750075836128, 'c_nu_R_L_R_H33': 1.1805259293426424, 'M_L1': 59239.48285966277, 'M_L2': 1026.278408291698, 'M_L3': 1361.6217877916852, 'branch_e': -1.0}, 0),
    ("bl_vll", "heavy_vll", 13): ({'alpha': 0.0073400887457082155, 'G_F': 1.1630592518398131e-05, 'M_Z': 90.36291298260335, 'M_h': 124.89512608336223, 'm_e': 0.0005104600485903998, 'm_mu': 0.1059505905605902, 'm_tau': 1.765528185230609, 'g_BL': -0.2203231497448507, 'eps_k': -0.0005047023395528481, 'M_Zp': 8.710378911408664, 'M_hX': 6.597302869828185, 'y_nu11': 9.966179437497367e-08, 'y_nu12': -0.0027812862793321733, 'y_nu13': -0.0018308166352640533, 'y_nu21': -0.011405227204514444, 'y_nu22': 1.675254416008574e-09, 'y_nu23': -0.002792233771247703, 'y_nu31': 0.0031070816063646224, 'y_nu32': -0.0025712823302163597, 'y_nu33': 1.1534295895505945e-09, 'lam_L11': 0.821838994196847, 'lam_L12': 0.004538298606672813, 'lam_L13': 0.034655707962241065, 'lam_L21': -0.0032783302453250206, 'lam_L22': 0.2513993234182042, 'lam_L23': -0.12022636856105394, 'lam_L31': -0.0026175195829723553, 'lam_L32': -0.0011942543761222358, 'lam_L33': 0.4833887803638222, 'y_M11': 0.5241467381731155, 'y_M12': -0.4447431623277099, 'y_M13': -0.07036375405889357, 'y_M22': 0.21400054581246952, 'y_M23': 0.010659104326562573, 'y_M33': 0.373314462524606, 'c_nu_R_L_R_H11': 0.950755097735644, 'c_nu_R_L_R_H12': 0.029648366273905432, 'c_nu_R_L_R_H13': -0.03751481972174773, 'c_nu_R_L_R_H21': -0.0015098577255227865, 'c_nu_R_L_R_H22': 2.890559672078945, 'c_nu_R_L_R_H23': 0.027720940744025233, 'c_nu_R_L_R_H31': -0.030342574166621786, 'c_nu_R_L_R_H32': 0.028168506401711608, 'c_nu_R_L_R_H33': -0.5372674735738034, 'M_L1': 8924.119028521322, 'M_L2': 5260.361272796896, 'M_L3': 10081.428521866264, 'lam_LE11': 0.11248050942338679, 'lam_LE12': -0.03699711779729452, 'lam_LE13': 0.00497709261185814, 'lam_LE21': 0.06751197769081561, 'lam_LE22': 0.3449858383306165, 'lam_LE23': -0.17077285695672303, 'lam_LE31': -0.004808025845442776, 'lam_LE32': -0.02015760007657046, 'lam_LE33': 0.21161603022067324, 'lam_E11': -2.8724479665763725, 'lam_E12': 0.0018258814653111866, 'lam_E13': 0.4529100688710103, 'lam_E21': 0.09499605894473666, 'lam_E22': 0.14255511119528705, 'lam_E23': -0.006227543288842151, 'lam_E31': -0.27222580677526753, 'lam_E32': -0.001028291137229157, 'lam_E33': -1.7583349924831475, 'kap_LE11': -3.277576707539879, 'kap_LE12': 0.017670276093981963, 'kap_LE13': 0.1171197092535039, 'kap_LE21': -0.06252832191522327, 'kap_LE22': -0.16356346546320533, 'kap_LE23': -0.1821271411256235, 'kap_LE31': -0.004686676819015546, 'kap_LE32': -0.06839768646899963, 'kap_LE33': 0.1431480630474088, 'M_E1': 9104.909921995577, 'M_E2': 8295.291826723529, 'M_E3': 6790.98081980644, 'branch_e': -1.0, 'branch_tau': -1.0}, 0),
    ("bl_vll", "lfv_closed", 10): ({'alpha': 0.007261620078285201, 'G_F': 1.1762447709697298e-05, 'M_Z': 90.35169849208076, 'M_h': 125.08564055790734, 'm_e': 0.0005151125281185671, 'm_mu': 0.10629280854517148, 'm_tau': 1.79220287719182, 'g_BL': 0.01699350349077051, 'eps_k': 0.004368988649048783, 'M_Zp': 3.150098688782734, 'M_hX': 345.1244035433744, 'y_nu11': -9.748628334493447e-08, 'y_nu12': -0.0010947241058763566, 'y_nu13': 0.09302295037658685, 'y_nu21': 0.0022430260963680485, 'y_nu22': -4.874620801482082e-07, 'y_nu23': -0.0014491331719113426, 'y_nu31': -0.09903572450579909, 'y_nu32': -0.0035578462703808812, 'y_nu33': 7.788880470635866e-07, 'lam_L11': -0.03079760138217633, 'lam_L12': -0.22446520732992095, 'lam_L13': -0.007599869047089772, 'lam_L21': 0.014617399219666129, 'lam_L22': 0.09615652652726418, 'lam_L23': -0.06515473625549204, 'lam_L31': 0.031232886666348006, 'lam_L32': 0.6367269647848822, 'lam_L33': 0.5595466780338958, 'y_M11': -0.08114424576372396, 'y_M12': 0.07811746430854512, 'y_M13': 0.016165204545800747, 'y_M22': -0.08056575242892938, 'y_M23': -0.022958503908379484, 'y_M33': 0.029229973752983744, 'c_nu_R_L_R_H11': -0.07751251916997483, 'c_nu_R_L_R_H12': -0.062004132585417086, 'c_nu_R_L_R_H13': -0.0023815243960954432, 'c_nu_R_L_R_H21': 0.04227924797649853, 'c_nu_R_L_R_H22': 0.028442576189433445, 'c_nu_R_L_R_H23': -0.06359516455690122, 'c_nu_R_L_R_H31': 0.46587830569262734, 'c_nu_R_L_R_H32': 0.004098959768038686, 'c_nu_R_L_R_H33': -1.8116217921965672, 'M_L1': 368.8115871541331, 'M_L2': 1151.0213412790426, 'M_L3': 2069.6794831644306, 'lam_LE11': -0.026269944217891403, 'lam_LE12': 0.01110789909486542, 'lam_LE13': 0.01548193621529151, 'lam_LE21': -0.0036024587740896416, 'lam_LE22': -0.02015094757461096, 'lam_LE23': 0.014980953909525311, 'lam_LE31': -0.0043046333728343905, 'lam_LE32': -0.2886182328385151, 'lam_LE33': -1.0262433757856424, 'lam_E11': -0.014615342004922942, 'lam_E12': -0.1113923812801812, 'lam_E13': -0.04374436863770487, 'lam_E21': -0.2473864450601845, 'lam_E22': 0.13134396194303677, 'lam_E23': -0.2206381955490364, 'lam_E31': 0.15913869171866876, 'lam_E32': 0.18797900341805707, 'lam_E33': -1.6823525056096664, 'kap_LE11': -0.3303054184961339, 'kap_LE12': 0.006419001244708598, 'kap_LE13': 0.019663140232846293, 'kap_LE21': -0.8879453247678017, 'kap_LE22': 0.8074658657727875, 'kap_LE23': 0.07590454078278831, 'kap_LE31': 0.06981482273336463, 'kap_LE32': -0.0014484951371993614, 'kap_LE33': -0.1995045523561483, 'M_E1': 520.1617179672269, 'M_E2': 629.7620248837226, 'M_E3': 1397.607298091826, 'branch_e': -1.0, 'branch_mu': -1.0}, 0),
}


def _assert_delta_a_w(model_name, changed, i):
    """delta_a_l.W of light state i at the defaults updated by ``changed`` within TOL of 50 digits."""
    ev = mg.evaluator(model_name)
    p = {name: info["default"] for name, info in ev.parameters.items()}
    p.update(changed)
    out = ev({k: [v] for k, v in p.items()}, data=None, threads=1)
    assert out["status"][0] & ev.fatal_mask == 0
    delta, _ = _reference(model_name, p, out, i)
    err = float(abs(out[f"delta_a_{LEP[i]}.W"][0] / delta - 1))
    assert err < TOL, f"delta_a_{LEP[i]}.W: {out[f'delta_a_{LEP[i]}.W'][0]!r} vs {mp.nstr(delta, 17)}: {err:.2e}"


@pytest.mark.parametrize("key", list(HEAVY), ids=[f"{m}-{r}-{q}" for m, r, q in HEAVY])
def test_delta_a_w_heavy_states_against_50_digits(key):
    """delta_a_l.W at 1e-10 relative where heavy states with |g_L| >> |g_R| cancel (docs/design.md "Known
    precision defects")."""
    _assert_delta_a_w(key[0], *HEAVY[key])


#: points where delta_a_l.W is still above 1e-10: (model, regime, point) -> (parameters that differ from the
#: defaults, lepton index)
OPEN = {
    ("bl_vll_doublet", "lfv_closed", 31): ({'alpha': 0.00734220460888923, 'G_F': 1.176092668264794e-05, 'M_Z': 91.6908416527351, 'M_h': 126.11354163495137, 'm_e': 0.0005071988645831648, 'm_mu': 0.10657434364841392, 'm_tau': 1.7592368753873593, 'g_BL': -0.0005694924547252567, 'eps_k': 0.2538412680016538, 'M_Zp': 149.88097559735286, 'M_hX': 65.90136523501887, 'y_nu11': 8.474300995032712e-07, 'y_nu12': -0.20893773362599, 'y_nu13': 0.0126871693655004, 'y_nu21': 0.2112346680792234, 'y_nu22': -2.0267770295364787e-09, 'y_nu23': 0.001965817372220359, 'y_nu31': 0.13762840841810903, 'y_nu32': -0.13662948875056108, 'y_nu33': 1.3037666927081384e-08, 'lam_L11': 0.03468141496294494, 'lam_L12': -0.24881041867450865, 'lam_L13': 0.7940075844721411, 'lam_L21': -0.0017618507297093627, 'lam_L22': -0.054896877313824, 'lam_L23': -0.3534714423910767, 'lam_L31': 0.4445746138367629, 'lam_L32': -0.21132816989249475, 'lam_L33': -1.5994987110586536, 'y_M11': -0.07157803814601829, 'y_M12': 0.35386744378259, 'y_M13': 0.003140501362045655, 'y_M22': 0.9222077196582001, 'y_M23': 0.0019776392120556406, 'y_M33': -0.4899247548134531, 'c_nu_R_L_R_H11': 0.03980837748133915, 'c_nu_R_L_R_H12': 0.013496309132466073, 'c_nu_R_L_R_H13': -0.3428516323791143, 'c_nu_R_L_R_H21': 0.00453795312527077, 'c_nu_R_L_R_H22': -0.11095504977023961, 'c_nu_R_L_R_H23': 0.0015639820878345265, 'c_nu_R_L_R_H31': 0.002244692953730092, 'c_nu_R_L_R_H32': -0.005988784591037636, 'c_nu_R_L_R_H33': -0.012276089455380506, 'M_L1': 341.63801848853007, 'M_L2': 1822.5291261421094, 'M_L3': 1114.7101605530133, 'branch_tau': -1.0}, 0),
    ("bl_vll_doublet", "heavy_diag", 61): ({'alpha': 0.007351129319597337, 'G_F': 1.1597081015745498e-05, 'M_Z': 91.67892287878269, 'M_h': 125.50170568418041, 'm_e': 0.0005136339377523733, 'm_mu': 0.10664965436429394, 'm_tau': 1.7767496897485338, 'g_BL': 0.27605203941697487, 'eps_k': -0.00036880456714814526, 'M_Zp': 3.180824761471349, 'M_hX': 9.20697641327063, 'y_nu11': -5.350387196599596e-07, 'y_nu22': 1.1650311066348503e-07, 'y_nu33': 6.587834896209358e-09, 'lam_L11': -0.447669500898276, 'lam_L22': -0.1563015370709527, 'lam_L33': 0.29598884711239437, 'y_M11': -0.03317169289865622, 'y_M22': -0.2023399766435363, 'y_M33': -0.0800215448142833, 'c_nu_R_L_R_H11': 1.4005703542488506, 'c_nu_R_L_R_H22': 0.7656874458535844, 'c_nu_R_L_R_H33': 0.1580222037947111, 'M_L1': 33909.48281436271, 'M_L2': 45275.35929687877, 'M_L3': 5240.053832989528}, 1),
}


@pytest.mark.xfail(strict=True, reason=(
    "delta_a_l.W above 1e-10 of the 50-digit reference with the light-state terms and the heavy states' "
    "loops exact (w_light_difference, _w_loop_chiral): bl_vll_doublet lfv_closed point 31 delta_a_e.W "
    "3.6e-9 (was 2.4e-8; delta_a_e.W is 6e-12 of a_e.W): the heavy states' couplings, g_R of state 9 "
    "(|g_R| 7.6e-12 behind |g_L| 2.7e-6) 1.2e-12 relative off and the identity's g_L of states 3, 4, 6 "
    "(3e-14 .. 2e-13); heavy_diag point 61 delta_a_mu.W 6.1e-10: the light state k = 1 (m_k = 5.0e-10 GeV, "
    "accurate to 2e-16) lies below the resolution 64 eps m_max = 6.4e-10 GeV and is taken massless, "
    "dropping its a(m_k) - a(0) = -4.5e-32 (docs/design.md \"Known precision defects\")"))
@pytest.mark.parametrize("key", list(OPEN), ids=[f"{m}-{r}-{q}" for m, r, q in OPEN])
def test_delta_a_w_open_points_against_50_digits(key):
    """delta_a_l.W at 1e-10 relative (docs/design.md "Known precision defects")."""
    _assert_delta_a_w(key[0], *OPEN[key])
