# cython: language_level=3
"""Per-thread memo of the last results of an expensive pure kernel, keyed by its exact arguments.

Hand-written, model-independent, shared by the loop kernels (loopfuncs.pxd, barrzee.pxd)::

    from modelgen.loops.memo cimport _memo_table, _memo_get, _memo_put

A generated model evaluates the same loop functions at every point, and many of their calls have
arguments that do not change over a scan (W, Z and SM-Higgs diagrams, the W side of the H+-W-+gamma
Barr-Zee diagrams: functions of the SM inputs only).  A table of MODELGEN_MEMO_SLOTS slots per
kernel and thread (direct mapped by a hash of the argument bits) returns the stored result when
every argument is bitwise identical to a stored key: the kernels are pure, so a hit returns exactly
the value the call would compute (NaN and -0.0 included); a miss computes and overwrites the slot.
Thread-local storage (C11 _Thread_local, the default TLS model of a shared object) keeps the OpenMP
threads of a prange apart.  A key holds at most 8 doubles, a result 2.
"""

cdef extern from *:
    """
    #ifndef MODELGEN_MEMO_H
    #define MODELGEN_MEMO_H
    #include <stdint.h>
    #include <string.h>
    #define MODELGEN_MEMO_SLOTS 64
    typedef struct { double key[8]; double val[2]; int n; } modelgen_memo_slot;
    typedef struct { modelgen_memo_slot s[MODELGEN_MEMO_SLOTS]; } modelgen_memo_table;
    /* slot of a key: FNV-style multiply-xor over the argument bits, top 6 bits */
    static inline modelgen_memo_slot* modelgen_memo_slot_of(modelgen_memo_table* t, const double* key, int n) {
        uint64_t h = 0xcbf29ce484222325ull, u;
        int i;
        for (i = 0; i < n; i++) {
            memcpy(&u, &key[i], sizeof u);
            h = (h ^ u) * 0x100000001b3ull;
            h ^= h >> 29;
        }
        return &t->s[(h * 0x9e3779b97f4a7c15ull) >> 58];
    }
    /* 1 and val[0..1] = the stored result if the slot holds exactly this key, else 0 */
    static inline int modelgen_memo_get(modelgen_memo_table* t, const double* key, int n, double* val) {
        modelgen_memo_slot* s = modelgen_memo_slot_of(t, key, n);
        if (s->n != n || memcmp(s->key, key, (size_t)n * sizeof(double)) != 0) return 0;
        val[0] = s->val[0];
        val[1] = s->val[1];
        return 1;
    }
    static inline void modelgen_memo_put(modelgen_memo_table* t, const double* key, int n, const double* val) {
        modelgen_memo_slot* s = modelgen_memo_slot_of(t, key, n);
        memcpy(s->key, key, (size_t)n * sizeof(double));
        s->val[0] = val[0];
        s->val[1] = val[1];
        s->n = n;
    }
    #endif
    """
    ctypedef struct _memo_table "modelgen_memo_table":
        pass
    bint _memo_get "modelgen_memo_get"(_memo_table* t, const double* key, int n, double* val) noexcept nogil
    void _memo_put "modelgen_memo_put"(_memo_table* t, const double* key, int n, const double* val) noexcept nogil
