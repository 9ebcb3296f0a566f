"""BR(l_i -> l_j gamma) of the bl_vll family at sampled points where the W's sum over the neutral
states cancels (GIM: sum_k g_L[k,i] g_L[k,j] = 0 for i != j), against 50 digits.

The points are those of benchmarks/regression_outputs.py (regime lfv_closed, seed per model and
regime) where the kernel's direct sum sum_k f_k (...) loses digits: bl_vll_doublet point 28 (BR_tau_mugamma
1.4e-7 off, sum of moduli 7e7 x sigma) and point 36 (BR_mu_egamma 1.0e-4 off, 2e10 x sigma).  Reference
(tests/cp_mpref.py): the model's symbolic mass matrices at 50 digits, SM Yukawas solved at 50 digits
(Newton started from the kernel's), mpmath SVD / Takagi, mass-basis couplings, and the quadratures of
tests/loops/transition_mpref for f, g of every internal state and mediator; the width
Gamma = alpha m_i^3/4 (1 - m_j^2/m_i^2)^3 (|sigma_L|^2 + |sigma_R|^2) (transition.width_dipole), over
the total width of the kernel (muon_width at the reference masses, tau_width).  Nothing of the
kernel's output enters the reference but the starting point of the Newton solve.
"""
import mpmath as mp
import numpy as np
import pytest

import modelgen as mg
from modelgen.loops import transition
from cp_mpref import MpLeptons

TOL = 1e-10
POINTS = {
    ("bl_vll_doublet", 28): {'alpha': 0.007287083741266793, 'G_F': 1.1641477167684865e-05, 'M_Z': 91.04374562626342, 'M_h': 124.26163101518476, 'm_e': 0.0005080179004405964, 'm_mu': 0.1064920705290889, 'm_tau': 1.7826919518585127, 'g_BL': -0.0011301520131615365, 'eps_k': 1.809687683382568e-05, 'M_Zp': 456.57841743169416, 'M_hX': 6.770661067563204, 'y_nu11': 3.3021498491990437e-09, 'y_nu12': 0.0029371700741922233, 'y_nu13': -0.6715930612351658, 'y_nu21': 0.034897803584460756, 'y_nu22': -2.595626635459525e-09, 'y_nu23': 0.02358665350368432, 'y_nu31': -0.019893485911797383, 'y_nu32': 0.1521310715369708, 'y_nu33': 1.6202248632969154e-09, 'lam_L11': -0.25316068886415266, 'lam_L12': -0.005555599879398759, 'lam_L13': 0.0023176477003511655, 'lam_L21': 0.0010219374231621513, 'lam_L22': -0.084810244453726, 'lam_L23': 0.0011627007520349925, 'lam_L31': 0.020405392219512812, 'lam_L32': 0.1549807267035787, 'lam_L33': -0.2844088539701168, 'y_M11': 0.47017557467743454, 'y_M12': -0.2412529216375786, 'y_M13': -0.008342707646444484, 'y_M22': -0.10955923663210228, 'y_M23': 0.018127746359838104, 'y_M33': 0.01273565559935242, 'c_nu_R_L_R_H11': 0.02347230491000975, 'c_nu_R_L_R_H12': 0.010356234430837347, 'c_nu_R_L_R_H13': -0.6982818832444884, 'c_nu_R_L_R_H21': 0.5164552951629282, 'c_nu_R_L_R_H22': 0.3755811964801329, 'c_nu_R_L_R_H23': 0.009977641238951679, 'c_nu_R_L_R_H31': -0.030341645920257853, 'c_nu_R_L_R_H32': -0.4499200136322253, 'c_nu_R_L_R_H33': -1.0977602966213162, 'M_L1': 475.42088940006585, 'M_L2': 1297.3177456052167, 'M_L3': 1759.781562537398, 'branch_e': -1.0, 'branch_tau': -1.0},
    ("bl_vll_doublet", 36): {'alpha': 0.00724800521740433, 'G_F': 1.1661664413778871e-05, 'M_Z': 90.97472834201439, 'M_h': 125.6216537442793, 'm_e': 0.0005156830953412342, 'm_mu': 0.10592487752575701, 'm_tau': 1.778699075920166, 'g_BL': 0.0005932633071275749, 'eps_k': 2.2366437124517897e-05, 'M_Zp': 452.3919156617147, 'M_hX': 136.5365002026577, 'y_nu11': -2.2087949866096244e-08, 'y_nu12': -0.16354113312763366, 'y_nu13': -0.0019372774779480952, 'y_nu21': 0.7035784418099463, 'y_nu22': 1.0241421878704454e-07, 'y_nu23': 0.0019514360625740215, 'y_nu31': -0.0011331331054353195, 'y_nu32': -0.07553964337449338, 'y_nu33': -8.413621442197827e-09, 'lam_L11': -0.5382270550700626, 'lam_L12': 0.0016743062363730875, 'lam_L13': 0.24255172403213057, 'lam_L21': -0.0035283868183453395, 'lam_L22': 0.034095098104116595, 'lam_L23': 0.4768125062595196, 'lam_L31': 0.0017033837057159398, 'lam_L32': 0.04293463877279541, 'lam_L33': -0.2670651736444623, 'y_M11': 0.01770536484264379, 'y_M12': 0.003833483879800667, 'y_M13': 0.0018542666994276538, 'y_M22': -0.07440960252525883, 'y_M23': 0.5286114581319449, 'y_M33': -0.020863813511829574, 'c_nu_R_L_R_H11': 0.07787048366692803, 'c_nu_R_L_R_H12': 0.026919959429021763, 'c_nu_R_L_R_H13': -0.026426600205448857, 'c_nu_R_L_R_H21': 0.009972214138614701, 'c_nu_R_L_R_H22': 0.011212939359578438, 'c_nu_R_L_R_H23': -0.33919860321177653, 'c_nu_R_L_R_H31': 0.03974574873089028, 'c_nu_R_L_R_H32': -0.003462769272265829, 'c_nu_R_L_R_H33': -0.10100683608663383, 'M_L1': 964.0282881731873, 'M_L2': 2819.554944797969, 'M_L3': 1802.4232295023817, 'branch_e': -1.0},
}
#: BR name -> (i, j)
PAIRS = {"BR_mu_egamma": (1, 0), "BR_tau_egamma": (2, 0), "BR_tau_mugamma": (2, 1)}


def _reference(model_name, p, out):
    """{BR name: 50-digit BR} at the point p (all parameters)."""
    model = mg.load_model(model_name)
    ref = MpLeptons(model)(p, [out[f"y_e{f}"][0] for f in (1, 2, 3)])
    meds = [(("V", "Z"), ref.M_V["Z"]), (("V", "Zp"), ref.M_V["Zp"]), (("S", "H"), mp.mpf(p["M_h"])),
            (("S", "h_X"), mp.mpf(p["M_hX"])), (("W",), ref.M_V["W"])]
    res = {}
    for name, (i, j) in PAIRS.items():
        sL = sR = mp.mpc(0)
        for key, MB in meds:
            a, b, _ = ref.transition(key, i, j, MB)
            sL, sR = sL + a, sR + b
        mi, mj = ref.m_charged[i], ref.m_charged[j]
        gamma = p["alpha"] * mi**3 / 4 * (1 - mj**2 / mi**2) ** 3 * (abs(sL) ** 2 + abs(sR) ** 2)
        total = transition.muon_width(p["G_F"], float(mi), float(mj)) if i == 1 else transition.tau_width()
        res[name] = gamma / total
    return res


@pytest.mark.xfail(strict=True, reason=(
    "the W's sum over the neutral states cancels (GIM) down to 7e7 x sigma (point 28, tau -> mu) and "
    "2e10 x sigma (point 36, mu -> e) and the kernel sums it directly in double: BR deviation "
    "against 50 digits, point 28: 1.4e-7 (BR_tau_mugamma), point 36: 1.0e-4 (BR_mu_egamma).  A "
    "difference form (sum_k (f_k - f_0)(...) + f_0 x the gauge-basis X_ij) reached 6.2e-9 / 7.0e-6 "
    "here but lost digits where the direct sum is accurate (lfv_closed point 3: 1.3e-11 -> 2.7e-6) "
    "and was not kept; the heavy states' couplings (rotations, ~1e-11 relative) limit it too"))
@pytest.mark.parametrize("key", list(POINTS), ids=[f"{m}-{q}" for m, q in POINTS])
def test_lfv_branching_ratios_against_50_digits(key):
    """Every BR(l_i -> l_j gamma) at 1e-10 relative (the project's precision standard; docs/design.md
    "Known precision defects")."""
    model_name, _ = key
    ev = mg.evaluator(model_name)
    p = {name: float(POINTS[key].get(name, info["default"])) for name, info in ev.parameters.items()}
    out = ev({k: [v] for k, v in p.items()})
    assert out["status"][0] & ev.fatal_mask == 0
    ref = _reference(model_name, p, out)
    errs = {name: float(abs(out[name][0] / ref[name] - 1)) for name in PAIRS}
    print(key, {k: f"{v:.1e}" for k, v in errs.items()})
    assert max(errs.values()) < TOL, errs
