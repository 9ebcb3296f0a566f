# Hand-written Cython helper (not generated): the exact block structure of a small mass matrix.
# Consumes a row-major n x n matrix; produces a label per row and column such that every nonzero
# entry joins its row and column into one block (connected components of the bipartite graph
# rows <-> columns; one vertex per index for a symmetric matrix).  Generations that do not mix
# give one block each, so linalg.pxd diagonalises three 3x3 (or 4x4) problems instead of one
# 9x9 (12x12).  Only exact zeros split a matrix: the blocks' spectra are then exactly those of
# the whole matrix, and no threshold (hence no model knowledge) enters.
# cython: language_level=3

cdef enum:
    NVERT = 32          # 2 x linalg.NMAX: rows and columns of a Dirac matrix


cdef inline int _root(int* parent, int a) noexcept nogil:
    """Representative of a's set (union-find with path halving)."""
    while parent[a] != a:
        parent[a] = parent[parent[a]]
        a = parent[a]
    return a


cdef inline int coupled_blocks(const double* M, int n, bint symmetric, int* label) noexcept nogil:
    """Number of blocks nb of M; label[i] in [0, nb) for row i and, unless ``symmetric``,
    label[n + j] for column j.  Labels are numbered in order of first appearance (row 0 is in
    block 0), so the result is deterministic.  For a Dirac matrix (not ``symmetric``) a split is
    usable only if every block has as many rows as columns: otherwise (e.g. a zero row) returns 1
    with every label 0."""
    cdef int parent[NVERT]
    cdef int size[NVERT]
    cdef int nv = n if symmetric else 2 * n
    cdef int i, j, a, b, nb = 0
    for i in range(nv):
        parent[i] = i
    for i in range(n):
        for j in range(n):
            if M[i * n + j] != 0.0:
                a = _root(parent, i)
                b = _root(parent, j if symmetric else n + j)
                if a != b:
                    parent[a] = b
    for i in range(nv):
        label[i] = -1
        size[i] = 0
    for i in range(nv):
        a = _root(parent, i)
        if label[a] < 0:
            label[a] = nb
            nb += 1
        label[i] = label[a]
    if not symmetric:
        for i in range(n):              # rows count +1, columns -1: a square block sums to 0
            size[label[i]] += 1
            size[label[n + i]] -= 1
        for b in range(nb):
            if size[b] != 0:
                for i in range(nv):
                    label[i] = 0
                return 1
    return nb


cdef inline int block_members(const int* label, int n, int b, int* idx) noexcept nogil:
    """idx[0:k] = the indices i < n (ascending) with label[i] == b; returns k."""
    cdef int i, k = 0
    for i in range(n):
        if label[i] == b:
            idx[k] = i
            k += 1
    return k


cdef inline void ascending_order(const double* m, int n, int* order) noexcept nogil:
    """order = the permutation sorting m ascending; stable (insertion sort, n <= NVERT)."""
    cdef int i, j, t
    for i in range(n):
        order[i] = i
    for i in range(1, n):
        t = order[i]
        j = i - 1
        while j >= 0 and m[order[j]] > m[t]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = t
