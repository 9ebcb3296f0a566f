"""Hand-written Cython helpers shared by the generated kernels (``*.pxd``, inlined at build time).

``linalg.pxd``: per-point diagonalisation of small mass matrices with LAPACK from
``scipy.linalg.cython_lapack`` (bi-unitary SVD for Dirac, Takagi for real symmetric Majorana),
block by block when exact zeros split the matrix (``blocks.pxd``).  ``_twins`` (compiled) holds a
Python-callable twin of each routine for tests and benchmarks.
"""
