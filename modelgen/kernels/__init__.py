"""Hand-written Cython helpers shared by the generated kernels (``*.pxd``, inlined at build time).

``linalg.pxd``: per-point diagonalisation of small mass matrices with LAPACK from
``scipy.linalg.cython_lapack`` (bi-unitary SVD for Dirac, Takagi for real symmetric Majorana).
"""
