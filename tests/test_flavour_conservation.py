"""Lepton-flavour conservation without generation mixing, exactly.

When every generation-off-diagonal entry of every Yukawa and mass matrix vanishes, the
Lagrangian of the vector-like-lepton models has an exact U(1)_e x U(1)_mu x U(1)_tau symmetry
(each generation of l_L, e_R, nu_R, L, E carries its own lepton number; the Z', h_X, W, Z, h
couplings are generation diagonal), so every l_i -> l_j gamma amplitude is zero: BR = 0 exactly,
and no l_i -> l_j B decay is open (status bit 4 unset).  The regression record (docs/regression.md)
found the dense diagonalisation returning rounding noise (1e-47 to 1e-30) there; the block-diagonal
path must keep the zeros exact.  Contrast: one off-diagonal coupling makes BR(mu -> e gamma) > 0.
"""
import re

import numpy as np
import pytest

import modelgen as mg

LFV = ("BR_mu_egamma", "BR_tau_egamma", "BR_tau_mugamma")
OFF_DIAGONAL = re.compile(r"^[A-Za-z_]+?(\d)(?!\1)\d$")   # matrix entry ij with i != j
DIAGONAL = re.compile(r"^(lam_L|lam_E|lam_LE|kap_LE)(\d)\2$")
N = 40


def _points(ev, rng):
    """Diagonal couplings 0.01-2 (random sign), VLL masses 0.2-30 TeV, M_Zp 10 keV-500 GeV,
    every off-diagonal entry 0 (their default)."""
    p = {"M_Zp": 10 ** rng.uniform(-5, np.log10(500.0), N), "g_BL": 10 ** rng.uniform(-5, -1, N),
         "eps_k": 10 ** rng.uniform(-6, -2, N)}
    for name in ev.parameters:
        if DIAGONAL.match(name):
            p[name] = 10 ** rng.uniform(-2, np.log10(2.0), N) * rng.choice((-1.0, 1.0), N)
        elif re.match(r"^M_[LE]\d$", name):
            p[name] = 10 ** rng.uniform(np.log10(200.0), np.log10(3e4), N)
    assert not any(OFF_DIAGONAL.match(k) for k in p)
    return p


@pytest.mark.parametrize("model", ["bl_vll_doublet", "bl_vll_singlet", "bl_vll"])
def test_no_lepton_flavour_violation_without_generation_mixing(model):
    ev = mg.evaluator(model)
    rng = np.random.default_rng(7)
    out = ev(_points(ev, rng))
    valid = out["status"] & ev.fatal_mask == 0
    assert valid.sum() >= N // 2, out["status"]
    for name in LFV:
        assert np.all(out[name][valid] == 0.0), (name, out[name][valid])
    assert not np.any(out["status"] >> 4 & 1)


def test_one_off_diagonal_coupling_violates_flavour():
    ev = mg.evaluator("bl_vll")
    base = {"M_Zp": 2.0, "g_BL": 0.01}
    free = ev(base)
    mixed = ev(dict(base, lam_L21=0.3))
    assert free["status"] & ev.fatal_mask == 0 and mixed["status"] & ev.fatal_mask == 0
    assert free["BR_mu_egamma"] == 0.0 and mixed["BR_mu_egamma"] > 0.0
