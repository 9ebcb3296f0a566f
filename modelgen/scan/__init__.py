"""Scan stage: a TOML config in, a Parquet (or CSV) table with one row per parameter point out.

Config, e.g.::

    model = "bl_vll"
    sampling = "sobol"           # random | grid | lhs | sobol
    points = 1000000             # grid: omit (the product of the axes' n)
    seed = 1                     # same seed, same points (independent of chunk and resume)
    chunk = 20000
    data = "current"             # optional: adds chi2 and pull.<observable>
    output = "scan.parquet"      # or scan.csv
    columns = ["eps_V.e", "delta_a_mu"]   # optional subset; inputs and status are always written

    [parameters]
    eps_k = {min = -1e-2, max = 1e-2}             # uniform
    M_L1 = {min = 100, max = 2000, log = true}    # log-uniform
    g_BL = 1.6e-3                                 # fixed
    # grid sampling: eps_k = {min = ..., max = ..., n = 50}

Modules: ``config`` (validation), ``sampling`` (chunk-independent point sets), ``store`` (chunk
files, manifest, resume, final table), ``runner`` (:func:`run_scan`), ``distributed`` (Dask).
"""
from .config import ScanConfig, ScanConfigError, load_config
from .runner import ScanInterrupted, run_scan
from .sampling import chunk_points
from .store import ScanStateError, read_table

__all__ = ["run_scan", "load_config", "chunk_points", "read_table", "ScanConfig", "ScanConfigError",
           "ScanInterrupted", "ScanStateError"]
