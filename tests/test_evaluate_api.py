"""Evaluator API at any size: requested outputs only, chunked and streamed evaluation, serial and
threaded kernels, bounded memory, and ParameterError for non-real inputs.

These are consistency checks of the calling layer (the physics of the numbers is tested in
test_evaluate.py and tests/observables): the reference is the same evaluator called in its simplest
form (one block, every output), which the layer must reproduce bit for bit.
"""
import tracemalloc

import numpy as np
import pytest

import modelgen as mg
from modelgen.errors import ParameterError


@pytest.fixture(scope="module")
def bl():
    return mg.evaluator("bl")


def _points(n, seed=0):
    rng = np.random.default_rng(seed)
    return {"eps_k": rng.uniform(-5e-3, 5e-3, n), "g_BL": rng.uniform(1e-4, 3e-3, n),
            "M_Zp": rng.uniform(0.01, 0.03, n)}


WANT = ["eps_V.e", "delta_a_mu", "ctau_Zp", "g_BL"]  # kernel output, loop output, derived output, parameter


def test_outputs_subset_equals_full_evaluation(bl):
    pts = _points(40)
    full, sub = bl(pts), bl(pts, outputs=WANT)
    assert set(sub) == set(WANT) | {"status"}
    for k in sub:
        np.testing.assert_array_equal(sub[k], full[k], err_msg=k)


def test_kernel_only_request_skips_observables(bl, monkeypatch):
    import modelgen.observables as obs
    bl.derived_outputs  # found once, before compute() is disabled

    def fail(*a, **k):
        raise AssertionError("compute() called for kernel outputs only")
    monkeypatch.setattr(obs, "compute", fail)
    out = bl(_points(5), outputs=["eps_V.e", "delta_a_mu"])
    assert out["eps_V.e"].shape == (5,)


def test_chunks_and_stream_reproduce_one_block(bl):
    pts = _points(50, seed=1)
    ref = bl(pts, outputs=WANT, data="hkot2020")
    chunked = bl(pts, outputs=WANT, data="hkot2020", chunk=7)
    assert set(chunked) == set(ref)
    for k in ref:
        np.testing.assert_array_equal(chunked[k], ref[k], err_msg=k)
    # a generator of two pieces, each split in blocks of 8 points
    stream = ({k: v[a:b] for k, v in pts.items()} for a, b in ((0, 20), (20, 50)))
    spans, got = [], {k: [] for k in WANT}
    for start, stop, block in bl.iter_chunks(stream, outputs=WANT, chunk=8):
        spans.append((start, stop))
        for k in WANT:
            got[k].append(block[k])
    assert spans[0] == (0, 8) and spans[-1] == (44, 50) and len(spans) == 3 + 4 and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    for k in WANT:
        np.testing.assert_array_equal(np.concatenate(got[k]), ref[k], err_msg=k)


def test_serial_and_threaded_kernels_agree(bl):
    pts = _points(300, seed=2)
    runs = [bl(pts, outputs=["eps_V.e", "delta_a_e"], threads=t) for t in (1, 2, None)]
    for r in runs[1:]:
        for k in r:
            np.testing.assert_array_equal(r[k], runs[0][k])


def test_memory_bounded_by_chunk_not_by_outputs(bl):
    n, chunk = 20_000, 1_000
    pts = _points(n, seed=3)
    bl(_points(2), outputs=["eps_V.e"])  # first-call set-up outside the measurement
    tracemalloc.start()
    bl(pts, outputs=["eps_V.e", "delta_a_mu"], chunk=chunk)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    kept = n * (2 * 8 + 4)  # two float64 outputs + int32 status
    buffers = chunk * (len(bl.outputs) + len(bl.parameters) + 2) * 8  # one block's params, outputs, status
    assert peak < kept + 3 * buffers, (peak, kept, buffers)
    assert peak < n * len(bl.outputs) * 8 / 4  # far below materialising every output


def test_scalar_call_returns_scalars(bl):
    out = bl({"eps_k": 1e-3}, outputs=["eps_V.e", "ctau_Zp"], data="hkot2020")
    assert np.ndim(out["eps_V.e"]) == 0 and np.ndim(out["ctau_Zp"]) == 0 and np.ndim(out["chi2"]) == 0
    assert int(out["status"]) == 0


def test_unknown_output_names_suggestion(bl):
    with pytest.raises(ParameterError, match=r"unknown output 'eps_V\.ee'.*did you mean"):
        bl(outputs=["eps_V.ee"])


@pytest.mark.parametrize("value, what", [("abc", "str"), (1 + 2j, "complex"), (True, "boolean"),
                                         ([1e-3, "x"], "array of <U"), (np.array([1e-3, 1j]), "complex")])
def test_non_real_input_names_the_parameter(bl, value, what):
    with pytest.raises(ParameterError, match=rf"parameter 'eps_k' must be a real number.*{what}.*allowed range"):
        bl({"eps_k": value})


def test_object_column_of_reals_is_accepted(bl):
    out = bl({"eps_k": np.array([1e-3, 2e-3], dtype=object)}, outputs=["eps_V.e"])
    np.testing.assert_array_equal(out["eps_V.e"], bl({"eps_k": [1e-3, 2e-3]}, outputs=["eps_V.e"])["eps_V.e"])
