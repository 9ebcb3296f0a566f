"""Light Majorana masses to relative accuracy (kernels/lightrefine.pxd, called by
linalg.majorana_takagi) against 50-digit mpmath eigenvalues of the same double-precision matrix.

Seesaw-like matrices: three active states with no mass term of their own, Dirac entries 1e-8 ..
1e-2 GeV to three singlets of Majorana mass 0.1 .. 10 GeV and O(1 .. 30 GeV) mixing with three
vector-like pseudo-Dirac pairs of 1e2 .. 1e4 GeV.  The light masses (~1e-14 .. 1e-4 GeV) come
out of cancellations among entries up to 1e4 times larger, which a dense solver resolves only
to ~n eps m_max absolute (measured before the refinement: 1e-7 .. 2e-5 relative at bl_vll points).
"""
import os
import sys

import mpmath as mp
import numpy as np

from modelgen.kernels import _ctwins as ctw
from modelgen.kernels import _twins as tw

EPS = np.finfo(float).eps


def _seesaw(rng):
    n = 12
    M = np.zeros((n, n))
    a, s, d = slice(0, 3), slice(3, 6), slice(6, 12)  # active, singlets, 3 pseudo-Dirac pairs
    M[a, s] = 10 ** rng.uniform(-8, -2, (3, 3)) * rng.choice([-1, 1], (3, 3))
    R = rng.normal(size=(3, 3))
    M[s, s] = (R + R.T) / 2 + np.diag(10 ** rng.uniform(-1, 1, 3))
    ML = 10 ** rng.uniform(2, 4, 3)
    for k in range(3):
        M[6 + 2 * k, 7 + 2 * k] = ML[k]
        M[a, 6 + 2 * k] = rng.uniform(-30, 30, 3)        # active - vector-like mixing
    M[s, d] += rng.uniform(-1, 1, (3, 6)) * 1e-3
    return np.triu(M) + np.triu(M, 1).T


def _mp_masses(M):
    with mp.workdps(50):
        w = mp.eigsy(mp.matrix(M.tolist()))[0]
        return sorted(abs(x) for x in w)


def test_light_majorana_masses_relative_accuracy():
    rng = np.random.default_rng(7)
    Ms = np.array([_seesaw(rng) for _ in range(12)])
    info, m, O, eta = tw.majorana_takagi_many(Ms)
    assert np.all(info == 0)
    _, m_dense, _, _ = tw.majorana_takagi_many(Ms, dense=True)   # unrefined, for the record
    worst = worst_dense = 0.0
    for p, M in enumerate(Ms):
        ref = np.array([float(x) for x in _mp_masses(M)])
        assert ref[0] < 1e-9 * ref[-1]                          # the light masses are really light
        rel = abs(m[p] / ref - 1)
        worst = max(worst, rel.max())
        worst_dense = max(worst_dense, (abs(m_dense[p] / ref - 1)).max())
        # the factorisation still holds and O stays orthogonal
        np.testing.assert_allclose(O[p] @ np.diag(eta[p] * m[p]) @ O[p].T, M, rtol=0, atol=64 * EPS * ref[-1])
        np.testing.assert_allclose(O[p].T @ O[p], np.eye(12), rtol=0, atol=1e-13)
        assert np.all(O[p][np.argmax(abs(O[p]), axis=0), range(12)] > 0)
        # eta is the sign of the eigenvalue: the light states' signed masses satisfy o^T M o = eta m
        for k in range(3):
            with mp.workdps(50):
                o = mp.matrix(O[p][:, k].tolist())
                q = (o.T * mp.matrix(M.tolist()) * o)[0]
            assert abs(float(q) - eta[p][k] * m[p][k]) <= 1e-12 * m[p][k]
    assert worst < 1e-12, worst
    assert worst_dense > 1e-9    # the dense solve alone does not resolve them (why the refinement exists)


def _mp_singular_values(M):
    with mp.workdps(60):
        A = mp.matrix([[mp.mpc(complex(x)) for x in row] for row in M])
        return sorted(float(mp.sqrt(abs(x))) for x in mp.eighe(A.H * A)[0])


def test_light_complex_takagi_relative_accuracy():
    """clinalg.ztakagi (with refine_light_ztakagi) on the seesaw matrices with random phases on
    every entry: Takagi values (= singular values of the symmetric M) against 60-digit
    eigenvalues of M^+ M, U^T M U = diag(m) and U unitary."""
    rng = np.random.default_rng(9)
    Ms = []
    for _ in range(8):
        R = _seesaw(rng)
        ph = np.exp(1j * rng.uniform(-np.pi, np.pi, R.shape))
        ph = np.triu(ph) + np.triu(ph, 1).T
        Ms.append(R * ph)
    Ms = np.array(Ms)
    info, m, U = ctw.ztakagi_many(Ms)
    _, m_dense, _ = ctw.ztakagi_many(Ms, dense=True)   # unrefined: worst 1.7e-10 here, for the record
    assert np.all(info == 0)
    worst = worst_dense = 0.0
    for p, M in enumerate(Ms):
        ref = np.array(_mp_singular_values(M))
        assert ref[0] < 1e-9 * ref[-1]
        worst = max(worst, (abs(m[p] / ref - 1)).max())
        worst_dense = max(worst_dense, (abs(m_dense[p] / ref - 1)).max())
        np.testing.assert_allclose(U[p].conj().T @ U[p], np.eye(12), rtol=0, atol=1e-13)
        np.testing.assert_allclose(U[p].T @ M @ U[p], np.diag(m[p]), rtol=0, atol=64 * EPS * ref[-1])
        for k in range(3):   # the light diagonal entries to relative accuracy, at 60 digits
            with mp.workdps(60):
                u = mp.matrix([complex(x) for x in U[p][:, k]])
                d = (u.T * mp.matrix([[mp.mpc(complex(x)) for x in row] for row in M]) * u)[0]
            assert abs(complex(d) - m[p][k]) <= 1e-12 * m[p][k]
    assert worst < 1e-12, (worst, worst_dense)


def test_no_light_cluster_is_untouched():
    """Without states below 1e-4 m_max (or without a gap) the refinement changes nothing."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(5, 9, 9))
    Ms = A + A.transpose(0, 2, 1) + np.diag(np.arange(1, 10) * 10.0)
    r = tw.majorana_takagi_many(Ms)
    d = tw.majorana_takagi_many(Ms, dense=True)
    for x, y in zip(r[1:], d[1:]):
        np.testing.assert_array_equal(x, y)


def test_bl_vll_light_neutrino_masses():
    """bl_vll's m_neutral.* at general-mixing points (benchmarks/bench_vll.points) against the
    50-digit eigenvalues of the model's symbolic neutral mass matrix at the kernel's SM Yukawas."""
    import modelgen as mg
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
    import bench_vll
    from cp_mpref import MpLeptons, _matrix

    ev = mg.evaluator("bl_vll")
    model = mg.load_model("bl_vll")
    ref = MpLeptons(model)
    rng = np.random.default_rng(11)
    pts = bench_vll.points(list(ev.parameters), 3, rng, 1.0)
    out = ev(**pts)
    assert np.all(out["status"] == 0)
    f, shape = ref._mats["Mn"]
    for q in range(3):
        with mp.workdps(50):
            vals = [mp.mpf(float(pts[k][q]) if k in pts else ev.parameters[k]["default"]) for k in model.parameters]
            for g in ref._int:
                vals.append(g(*vals)[0])
            vals += [mp.mpf(float(out[f"y_e{i}"][q])) for i in (1, 2, 3)]
            w = sorted(abs(x) for x in mp.eigsy(_matrix(f, vals, shape))[0])
        kern = np.array([out[f"m_neutral.{k}"][q] for k in range(shape[0])])
        np.testing.assert_allclose(kern, [float(x) for x in w], rtol=1e-12, atol=0)
