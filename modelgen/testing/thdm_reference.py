"""Independent mpmath reference for Δa_μ of the 2HDM with a softly broken Z2 (types I, II, X, Y).

Consumes the physical inputs (tan β, cos(β−α), M_H, M_A, M_H± in GeV, optionally the trilinear
couplings λ_{φH⁺H⁻}) and SM inputs (``SM``); produces Δa_μ = one loop (h, H, A, H±) + photon–φ
Barr–Zee two loop (t, b, τ loops; W loop; H± loop when λ is given) + H±W∓γ Barr–Zee with the
(t, b) and (ν, τ) loops, minus the same for the SM Higgs (ξ = g_hWW = 1 at M_h), so that
Δa_μ → 0 in the decoupling limit.  Written from the
literature and evaluated with 30-digit ``mp.quad``; it calls nothing of modelgen, so the compiled
loop library and the future compiled ``thdm`` model can be tested against it.

Sources (formulas typed here, not taken from the code under test):
  * ξ factors: Aoki, Kanemura, Tsumura, Yagyu, arXiv:0902.4665, Table 2, with
    L_Y = −Σ_f (m_f/v)(ξ_h^f f̄f h + ξ_H^f f̄f H − i ξ_A^f f̄γ5f A)
          − [√2 ξ_A^ℓ m_ℓ/v ν̄ P_R ℓ H⁺ + h.c.];
  * one loop: Dedes & Haber, hep-ph/0102297; in the form of Broggio et al., arXiv:1409.3199,
    eqs. (2.5)-(2.7):  Δa = (G_F m_μ²/(4π²√2)) Σ_j (ξ_μ^j)² r_j f_j(r_j), r_j = m_μ²/M_j²,
        f_{h,H}(r) = ∫₀¹ x²(2−x)/(1−x+r x²),  f_A(r) = ∫₀¹ −x³/(1−x+r x²),
        f_{H±}(r) = ∫₀¹ −x(1−x)/(1−(1−x) r)     (ξ_μ^{H±} = ξ_μ^A);
  * Barr–Zee, fermion loops: Broggio et al. eqs. (2.8)-(2.10) (Chang, Keung, ...):
        Δa = (G_F m_μ²/(4π²√2)) (α/π) Σ_{j,f} N_c Q_f² ξ_μ^j ξ_f^j r g_j(r),  r = m_f²/M_j²,
        g_{h,H}(r) = ∫₀¹ (2x(1−x)−1)/(x(1−x)−r) ln(x(1−x)/r),
        g_A(r) = ∫₀¹ 1/(x(1−x)−r) ln(x(1−x)/r);
  * Barr–Zee, bosonic loops: Ilisie, arXiv:1502.04199, eqs. (20), (21), (27), (28):
        W:   (α m_μ²/(8π³ v²)) ξ_μ^φ g_φWW F₃(M_W²/M_φ²),  g_hWW = sin(β−α), g_HWW = cos(β−α),
        H±:  (α m_μ²/(8π³ M_φ²)) ξ_μ^φ λ_φ F₂(M_H±²/M_φ²),  L ⊃ −v λ_φ φ H⁺H⁻,
        F₂(w) = ½∫₀¹ x(x−1)/(w−x(1−x)) ln(w/(x(1−x))),
        F₃(w) = ½∫₀¹ [x w (3x(4x−1)+10) − x(1−x)]/(w−x(1−x)) ln(w/(x(1−x))).
  * Barr–Zee H±W∓γ, fermion loops: Ilisie eqs. (22), (29), in his A2HDM couplings
    L ⊃ −(√2/v) H⁺ [ū (ς_d V M_d P_R − ς_u M_u V P_L) d + ς_l ν̄ M_l P_R l] + h.c. (type I:
    ς_u = ς_d = ς_l = cot β; II: ς_u = cot β, ς_d = ς_l = −tan β; X: ς_u = ς_d = cot β,
    ς_l = −tan β; Y: ς_u = ς_l = cot β, ς_d = −tan β; his eq. (4)):
        Δa = (α m_μ² N_c |V_ud|²/(32π³ s_W² v² (M_H±² − M_W²))) ∫₀¹ dx [Q_u x + Q_d (1−x)]
             [ς_d ς_l m_d² x(1−x) + ς_u ς_l m_u² x(1+x)] [G(m_u²/M_H±², m_d²/M_H±², x) − (M_H± → M_W)],
        G(w_a, w_b, x) = ln((w_a x + w_b (1−x))/(x(1−x))) / (x(1−x) − w_a x − w_b (1−x));
    (t, b) with N_c = 3, V_tb = 1, and (ν, τ) with N_c = 1, m_ν = 0 (the lepton loop of Cherchiglia
    et al. arXiv:1607.06292 eq. (59)); s_W² = 1 − M_W²/M_Z² (on-shell).
v = (√2 G_F)^(−1/2).  The Z–φ Barr–Zee diagrams and the bosonic H±W∓γ ones are not included.
"""
import mpmath as mp

__all__ = ["SM", "TYPES", "xi_table", "varsigma", "one_loop", "barr_zee", "charged_w_barr_zee",
           "delta_a_mu"]

mp.mp.dps = 30

SM = {"alpha": mp.mpf(1) / mp.mpf("137.035999084"), "G_F": mp.mpf("1.1663788e-5"),
      "m_mu": mp.mpf("0.1056583755"), "m_tau": mp.mpf("1.77686"), "m_b": mp.mpf("4.18"),
      "m_t": mp.mpf("172.69"), "M_W": mp.mpf("80.377"), "M_Z": mp.mpf("91.1876"),
      "M_h": mp.mpf("125.25")}
TYPES = ("I", "II", "X", "Y")
# loop fermion -> (ξ column, Q_f, N_c, mass key)
LOOP_FERMIONS = {"t": ("u", mp.mpf(2) / 3, 3, "m_t"), "b": ("d", -mp.mpf(1) / 3, 3, "m_b"),
                 "tau": ("l", -1, 1, "m_tau")}


def xi_table(kind, tan_beta, cos_ba):
    """{(boson, column): ξ} for boson in h, H, A and column u, d, l: Aoki et al. 0902.4665 Table 2
    (s = sin(β−α) ≥ 0, c = cos(β−α), t = tan β)."""
    t, c = mp.mpf(tan_beta), mp.mpf(cos_ba)
    s, ct = mp.sqrt(1 - c * c), 1 / t
    up = {"h": s + c * ct, "H": c - s * ct, "A": ct}          # coupling to Φ2 like u_R
    down2 = {"h": s + c * ct, "H": c - s * ct, "A": -ct}      # d_R or e_R coupling to Φ2
    down1 = {"h": s - c * t, "H": c + s * t, "A": t}          # d_R or e_R coupling to Φ1
    d_col, l_col = {"I": (down2, down2), "II": (down1, down1), "X": (down2, down1),
                    "Y": (down1, down2)}[kind]
    return {(b, col): tab[b] for col, tab in (("u", up), ("d", d_col), ("l", l_col))
            for b in ("h", "H", "A")}


def varsigma(kind, tan_beta):
    """Ilisie's charged-Higgs couplings (ς_u, ς_d, ς_l) of a Z2 type (his eq. (4))."""
    t = mp.mpf(tan_beta)
    return {"I": (1 / t, 1 / t, 1 / t), "II": (1 / t, -t, -t), "X": (1 / t, 1 / t, -t),
            "Y": (1 / t, -t, 1 / t)}[kind]


def _quad(fn, ends=(), roots=()):
    """∫₀¹ fn, split at the roots and at geometric points approaching the scales in ``ends``
    (distances from x = 0 and x = 1 where the integrand varies)."""
    pts = {mp.mpf(0), mp.mpf(1)} | {r for r in roots if 0 < r < 1}
    for scale in ends:
        d = mp.mpf(1) / 4
        while d > scale / 100:
            pts |= {d, 1 - d}
            d /= 32
    return mp.quad(fn, sorted(pts))


def _one_loop_f(kind, r):
    if kind == "H+":
        return _quad(lambda x: -x * (1 - x) / (1 - (1 - x) * r), ends=(r,))
    num = (lambda x: x**2 * (2 - x)) if kind == "S" else (lambda x: -x**3)
    return _quad(lambda x: num(x) / (1 - x + r * x * x), ends=(r,))


def _bz_g(cp_odd, r):
    """Broggio's g_j(r): the (2x(1−x)−1) or 1 numerator over x(1−x) − r times ln(x(1−x)/r)."""
    def fn(x):
        u = x * (1 - x)
        if u == 0:
            return mp.mpf(0)
        lg = mp.log(u / r) / (u - r) if u != r else 1 / r
        return lg if cp_odd else (2 * u - 1) * lg
    roots = ()
    if r < mp.mpf(1) / 4:
        xm = (1 - mp.sqrt(1 - 4 * r)) / 2
        roots = (xm, 1 - xm)
    return _quad(fn, ends=(r,), roots=roots)


def _ilisie_F(n, w):
    """Ilisie's F₂ (n = 2) or F₃ (n = 3), integrands as printed (w − u denominators)."""
    def fn(x):
        u = x * (1 - x)
        if u == 0:
            return mp.mpf(0)
        lg = mp.log(w / u) / (w - u) if u != w else 1 / w
        num = x * (x - 1) if n == 2 else x * w * (3 * x * (4 * x - 1) + 10) - u
        return num * lg / 2
    return _quad(fn, ends=(min(w, mp.mpf(1) / 4),))


def one_loop(m_l, xi_l, M, kind, sm=SM):
    """Δa_ℓ at one loop from one boson: kind "S" (CP-even), "A" or "H+" (Broggio (2.5)-(2.7))."""
    r = (mp.mpf(m_l) / M)**2
    return sm["G_F"] * m_l**2 / (4 * mp.pi**2 * mp.sqrt(2)) * xi_l**2 * r * _one_loop_f(kind, r)


def barr_zee(m_l, xi_l, M, cp_odd, m_f, Q_f, N_c, xi_f, sm=SM):
    """Δa_ℓ, photon–φ Barr–Zee with fermion f in the loop (Broggio (2.8)-(2.10))."""
    r = (mp.mpf(m_f) / M)**2
    pref = sm["G_F"] * m_l**2 / (4 * mp.pi**2 * mp.sqrt(2)) * sm["alpha"] / mp.pi
    return pref * N_c * Q_f**2 * xi_l * xi_f * r * _bz_g(cp_odd, r)


def _ilisie_G(wa, wb, x):
    """Ilisie's G(w_a, w_b, x) (eq. (29)), with its finite value where the denominator vanishes."""
    u = x * (1 - x)
    num = wa * x + wb * (1 - x)
    den = u - num
    return mp.log(num / u) / den if den != 0 else -1 / u


def charged_w_barr_zee(M_C, m_u, m_d, Q_u, Q_d, N_c, vs_u, vs_d, vs_l, sm=SM):
    """Δa_μ of the H±W∓γ Barr–Zee diagrams with the (u, d) loop, Ilisie eq. (22) (module
    docstring), ς couplings vs_*; ∫ by mp.quad split at geometric points towards both ends."""
    m, MW = sm["m_mu"], sm["M_W"]
    M_C, m_u, m_d = (mp.mpf(x) for x in (M_C, m_u, m_d))
    s_w2 = 1 - (MW / sm["M_Z"])**2
    v2 = 1 / (mp.sqrt(2) * sm["G_F"])

    def fn(x):
        if x == 0 or x == 1:
            return mp.mpf(0)
        Q = Q_u * x + Q_d * (1 - x)
        c = vs_d * vs_l * m_d**2 * x * (1 - x) + vs_u * vs_l * m_u**2 * x * (1 + x)
        return Q * c * (_ilisie_G((m_u / M_C)**2, (m_d / M_C)**2, x)
                        - _ilisie_G((m_u / MW)**2, (m_d / MW)**2, x))
    scale = min([(m_d / M_C)**2, (m_d / MW)**2, mp.mpf(1) / 4])
    val = _quad(fn, ends=(scale / 100,))
    return sm["alpha"] * m**2 * N_c / (32 * mp.pi**3 * s_w2 * v2 * (M_C**2 - MW**2)) * val


def _charged_w(kind, tan_beta, M_Hpm, sm):
    """The (t, b) and (ν, τ) H±W∓γ Barr–Zee diagrams of a type-``kind`` 2HDM."""
    vs_u, vs_d, vs_l = varsigma(kind, tan_beta)
    tb = charged_w_barr_zee(M_Hpm, sm["m_t"], sm["m_b"], mp.mpf(2) / 3, -mp.mpf(1) / 3, 3,
                            vs_u, vs_d, vs_l, sm)
    ntau = charged_w_barr_zee(M_Hpm, 0, sm["m_tau"], 0, -1, 1, 0, vs_l, vs_l, sm)
    return tb + ntau


def _bz_bosonic(xi_l, M, g_vv, lam, sm):
    v2 = 1 / (mp.sqrt(2) * sm["G_F"])
    pref = sm["alpha"] * sm["m_mu"]**2 / (8 * mp.pi**3)
    out = pref / v2 * xi_l * g_vv * _ilisie_F(3, (sm["M_W"] / M)**2)
    if lam is not None:
        out += pref / M**2 * xi_l * lam[0] * _ilisie_F(2, (lam[1] / M)**2)
    return out


def _neutral(M, xi, g_vv, cp_odd, lam, sm):
    """One loop + fermion and bosonic Barr–Zee of one neutral boson with ξ's ``xi[column]``."""
    m = sm["m_mu"]
    out = one_loop(m, xi["l"], M, "A" if cp_odd else "S", sm)
    for col, Q, Nc, mkey in LOOP_FERMIONS.values():
        out += barr_zee(m, xi["l"], M, cp_odd, sm[mkey], Q, Nc, xi[col], sm)
    if not cp_odd:
        out += _bz_bosonic(xi["l"], M, g_vv, lam, sm)
    return out


def delta_a_mu(kind, tan_beta, cos_ba, M_H, M_A, M_Hpm, lam_h=None, lam_H=None, sm=SM,
               charged_w=True):
    """Δa_μ of the type-``kind`` 2HDM minus the SM Higgs contribution (module docstring).
    lam_h, lam_H: λ_{hH⁺H⁻}, λ_{HH⁺H⁻} (L ⊃ −v λ φ H⁺H⁻); None leaves the H± Barr–Zee loop out.
    charged_w=False leaves out the H±W∓γ Barr–Zee diagrams (as Broggio et al. 1409.3199 do).
    M_h and the other SM inputs come from ``sm`` (e.g. ``dict(SM, M_h=mp.mpf(125))``)."""
    xi = xi_table(kind, tan_beta, cos_ba)
    c = mp.mpf(cos_ba)
    s = mp.sqrt(1 - c * c)
    col = lambda b: {k: xi[(b, k)] for k in ("u", "d", "l")}  # noqa: E731
    M_H, M_A, M_Hpm = (mp.mpf(x) for x in (M_H, M_A, M_Hpm))
    lam = lambda val: None if val is None else (mp.mpf(val), M_Hpm)  # noqa: E731
    out = _neutral(sm["M_h"], col("h"), s, False, lam(lam_h), sm)
    out += _neutral(M_H, col("H"), c, False, lam(lam_H), sm)
    out += _neutral(M_A, col("A"), 0, True, None, sm)
    out += one_loop(sm["m_mu"], xi[("A", "l")], M_Hpm, "H+", sm)
    if charged_w:
        out += _charged_w(kind, tan_beta, M_Hpm, sm)
    out -= _neutral(sm["M_h"], {"u": 1, "d": 1, "l": 1}, 1, False, None, sm)
    return out
