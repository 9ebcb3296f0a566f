# Hand-written Cython helper (not generated): chirality differences of mass-basis charges.
# Convention of modelgen.kernels.leptons: U[a * n + k] is gauge component a of mass state k
# (real orthogonal U_L, U_R).  A neutral boson couples with g = sum_c q_c k_c (charges q_c per
# gauge component, coefficients k_c from modelgen.derive.gauge stage 6), so the axial coupling
# of mass state i is g_R - g_L = sum_c k_c (<q_c>_R - <q_c>_L); chiral_difference gives the
# bracket without subtracting two O(1) expectation values when the state barely mixes.
# cython: language_level=3


cdef inline double chiral_difference(const double* UL, const double* UR, int n, int i,
                                     const double* qL, const double* qR) noexcept nogil:
    """<q>_R - <q>_L = sum_a UR[a,i]^2 qR[a] - sum_a UL[a,i]^2 qL[a] of mass state i.

    Each sum is written q[r] + sum_a U[a,i]^2 (q[a] - q[r]) with r the largest component of the
    state (sum_a U[a,i]^2 = 1): components carrying the dominant charge drop out exactly, so an
    unmixed state gives qR[r] - qL[r] with no rounding and mixing enters only through its own
    (small) weights.
    """
    cdef int a, rl = 0, rr = 0
    cdef double s
    for a in range(n):
        if UL[a * n + i] * UL[a * n + i] > UL[rl * n + i] * UL[rl * n + i]:
            rl = a
        if UR[a * n + i] * UR[a * n + i] > UR[rr * n + i] * UR[rr * n + i]:
            rr = a
    s = qR[rr] - qL[rl]
    for a in range(n):
        s += UR[a * n + i] * UR[a * n + i] * (qR[a] - qR[rr]) - UL[a * n + i] * UL[a * n + i] * (qL[a] - qL[rl])
    return s
