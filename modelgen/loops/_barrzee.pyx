# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Vectorised wrappers over the Barr-Zee kernels of ``barrzee.pxd``.

Consumes equal-length 1-D float64 arrays and fills a preallocated output array; the loops release
the GIL.  Argument order: masses first (as ``barrzee._run`` passes them), then the others.
The NumPy-facing API (broadcasting, argument checks, documentation of the formulae) is
``modelgen.loops.barrzee``.
"""
from modelgen.loops.barrzee cimport (
    bz_f, bz_g, bz_F2, bz_F3, bz_f_l, bz_g_l, bz_F3_l, li2, _li2_c, _doublet_closed, _lepton_doublet_F, da_bz_fermion_scalar, da_bz_fermion_pseudoscalar,
    da_bz_charged_scalar, da_bz_w, da_bz_charged_w_fermion)

ctypedef const double[::1] cvec
ctypedef double[::1] vec

# loop function kind: 0 f, 1 g, 2 F2, 3 F3, 4 the real dilogarithm Li2
def loop_function(int kind, cvec z, vec out):
    """out[i] = f, g, F2, F3 or Li2 (kind 0..4) at z[i]."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        if kind == 0:
            for i in range(n):
                out[i] = bz_f(z[i])
        elif kind == 1:
            for i in range(n):
                out[i] = bz_g(z[i])
        elif kind == 2:
            for i in range(n):
                out[i] = bz_F2(z[i])
        elif kind == 3:
            for i in range(n):
                out[i] = bz_F3(z[i])
        elif kind == 4:
            for i in range(n):
                out[i] = li2(z[i])
        else:
            with gil:
                raise ValueError(f"unknown Barr-Zee loop function kind {kind}")


def fermion(bint cp_odd, cvec m_l, cvec M, cvec m_f, cvec v, cvec Q_f, cvec N_c, cvec xi_l,
            cvec xi_f, cvec alpha, vec out):
    """out[i] = Delta a_l of the photon-phi diagram with a fermion loop (CP-even or CP-odd phi)."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        if cp_odd:
            for i in range(n):
                out[i] = da_bz_fermion_pseudoscalar(alpha[i], v[i], m_l[i], M[i], m_f[i], Q_f[i],
                                                    N_c[i], xi_l[i], xi_f[i])
        else:
            for i in range(n):
                out[i] = da_bz_fermion_scalar(alpha[i], v[i], m_l[i], M[i], m_f[i], Q_f[i], N_c[i],
                                              xi_l[i], xi_f[i])


def charged_scalar(cvec m_l, cvec M, cvec M_C, cvec xi_l, cvec lam, cvec alpha, vec out):
    """out[i] = Delta a_l of the photon-phi diagram with a charged-scalar loop."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = da_bz_charged_scalar(alpha[i], m_l[i], M[i], M_C[i], xi_l[i], lam[i])


def w_loop(cvec m_l, cvec M, cvec M_W, cvec v, cvec xi_l, cvec g_phiWW, cvec alpha, vec out):
    """out[i] = Delta a_l of the photon-phi diagram with a W loop."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = da_bz_w(alpha[i], v[i], m_l[i], M[i], M_W[i], xi_l[i], g_phiWW[i])


def charged_w_fermion(cvec m_l, cvec M_C, cvec M_W, cvec m_u, cvec m_d, cvec v, cvec s_W2,
                      cvec Q_u, cvec Q_d, cvec N_c, cvec V2, cvec xi_l, cvec xi_u, cvec xi_d,
                      cvec alpha, vec out):
    """out[i] = Delta a_l of the H+- W-+ gamma diagram with a fermion-doublet loop."""
    cdef Py_ssize_t i, n = out.shape[0]
    with nogil:
        for i in range(n):
            out[i] = da_bz_charged_w_fermion(alpha[i], v[i], s_W2[i], m_l[i], M_C[i], M_W[i],
                                             m_u[i], m_d[i], Q_u[i], Q_d[i], N_c[i], V2[i],
                                             xi_l[i], xi_u[i], xi_d[i])


def doublet_closed(double ru, double rd, double Q_u, double Q_d):
    """(I_d, I_u) of the closed form of the C+-W-+gamma doublet integrals at one boson mass M
    (ru = m_u/M, rd = m_d/M; barrzee.pxd _doublet_closed), or None outside its checked domain
    (the kernel then integrates numerically).  For the tests."""
    cdef double I_d, I_u
    if _doublet_closed(ru, rd, Q_u, Q_d, &I_d, &I_u):
        return I_d, I_u
    return None


def li2_complex(double x, double y):
    """The complex dilogarithm Li2(x + iy) of barrzee.pxd (_li2_c), principal branch.  For the tests."""
    cdef double re, im
    _li2_c(x, y, &re, &im)
    return complex(re, im)


def lepton_doublet_F(double x):
    """F_l(x) - 3/4 of the lepton doublet's C+-W-+gamma closed form (barrzee.pxd _lepton_doublet_F,
    Cherchiglia et al. arXiv:1607.06292 eq. (60)), x = m^2/M^2 > 0.  For the tests."""
    return _lepton_doublet_F(x)


def loop_function_l(int kind, cvec z, cvec lz, vec out):
    """out[i] = f, g or F3 (kind 0, 1, 3) at z[i] with ln z[i] = lz[i] supplied (barrzee.pxd bz_f_l,
    bz_g_l, bz_F3_l, the generated kernels' form where z is a ratio of masses).  For the tests."""
    cdef Py_ssize_t i, n = out.shape[0]
    if kind not in (0, 1, 3):
        raise ValueError(f"unknown Barr-Zee loop function kind {kind}")
    with nogil:
        for i in range(n):
            if kind == 0:
                out[i] = bz_f_l(z[i], lz[i])
            elif kind == 1:
                out[i] = bz_g_l(z[i], lz[i])
            else:
                out[i] = bz_F3_l(z[i], lz[i])
