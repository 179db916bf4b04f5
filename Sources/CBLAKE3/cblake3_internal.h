/* Shared, non-public definitions of cblake3. */
#ifndef CBLAKE3_INTERNAL_H
#define CBLAKE3_INTERNAL_H

#include "cblake3.h"

#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define CBLAKE3_X86 1
#else
#define CBLAKE3_X86 0
#endif

#define CBLAKE3_INLINE static inline __attribute__((always_inline))

/* The SHA-256 initial hash words, BLAKE3's IV. */
static const uint32_t CBLAKE3_IV[8] = {
    0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
    0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
};

/* Message word order of each of the 7 rounds: the permutation applied r times. */
static const uint8_t CBLAKE3_SCHEDULE[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

CBLAKE3_INLINE uint32_t cb3_load32(const void *src) {
    const uint8_t *p = (const uint8_t *)src;
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

CBLAKE3_INLINE void cb3_store32(void *dst, uint32_t w) {
    uint8_t *p = (uint8_t *)dst;
    p[0] = (uint8_t)w;
    p[1] = (uint8_t)(w >> 8);
    p[2] = (uint8_t)(w >> 16);
    p[3] = (uint8_t)(w >> 24);
}

CBLAKE3_INLINE void cb3_load_key_words(const uint8_t key[32], uint32_t words[8]) {
    for (int i = 0; i < 8; i++) words[i] = cb3_load32(key + 4 * i);
}

CBLAKE3_INLINE void cb3_store_cv_words(uint8_t out[32], const uint32_t cv[8]) {
    for (int i = 0; i < 8; i++) cb3_store32(out + 4 * i, cv[i]);
}

/* Portable kernels (cblake3_portable.c). */
void cb3_compress_in_place_portable(uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                                    uint64_t counter, uint8_t flags);
void cb3_compress_xof_portable(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                               uint64_t counter, uint8_t flags, uint8_t out[64]);
void cb3_hash_many_portable(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                            const uint32_t key[8], uint64_t counter, bool increment_counter,
                            uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out);

#if CBLAKE3_X86
/* SSE4.1 kernels (cblake3_sse41.c): one block row-wise, four inputs at once. */
void cb3_compress_in_place_sse41(uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                                 uint64_t counter, uint8_t flags);
void cb3_compress_xof_sse41(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                            uint64_t counter, uint8_t flags, uint8_t out[64]);
void cb3_hash_many_sse41(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                         const uint32_t key[8], uint64_t counter, bool increment_counter,
                         uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out);
/* AVX2 kernel (cblake3_avx2.c): eight inputs at once, then SSE4.1 for the rest. */
void cb3_hash_many_avx2(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                        const uint32_t key[8], uint64_t counter, bool increment_counter,
                        uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out);
/* AVX-512 kernel (cblake3_avx512.c): sixteen inputs at once, then AVX2 for the rest. */
void cb3_hash_many_avx512(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                          const uint32_t key[8], uint64_t counter, bool increment_counter,
                          uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out);
#endif

/* Single-block compression with the kernel level `kernel` resolves to (dispatch). */
void cb3_compress_in_place_k(int kernel, uint32_t cv[8], const uint8_t block[64],
                             uint8_t block_len, uint64_t counter, uint8_t flags);
void cb3_compress_xof_k(int kernel, const uint32_t cv[8], const uint8_t block[64],
                        uint8_t block_len, uint64_t counter, uint8_t flags, uint8_t out[64]);

/* Chunk state (cblake3_tree.c). */
void cb3_chunk_init(cblake3_chunk_state *cs, const uint32_t key[8], uint64_t chunk_counter,
                    uint8_t flags);
size_t cb3_chunk_len(const cblake3_chunk_state *cs);
void cb3_chunk_update(cblake3_chunk_state *cs, const uint8_t *input, size_t len, int kernel);
cblake3_output cb3_chunk_output(const cblake3_chunk_state *cs, int kernel);
/* CV of an aligned, complete subtree of `n_chunks` (a power of two) chunks. */
void cb3_pow2_subtree_cv(const uint32_t key[8], uint8_t flags, int kernel, const uint8_t *input,
                         size_t n_chunks, uint64_t chunk_counter, uint8_t out[32]);
/* The two child CVs (64 bytes) of an aligned, complete subtree of `n_chunks` >= 2 chunks. */
void cb3_pow2_subtree_children(const uint32_t key[8], uint8_t flags, int kernel,
                               const uint8_t *input, size_t n_chunks, uint64_t chunk_counter,
                               uint8_t out[64]);
/* The largest power of two <= x (x >= 1). */
CBLAKE3_INLINE uint64_t cb3_round_down_pow2(uint64_t x) {
    return (uint64_t)1 << (63 - __builtin_clzll(x));
}
/* CV of the parent over two child CVs. */
void cb3_parent_cv(const uint8_t left[32], const uint8_t right[32], const uint32_t key[8],
                   uint8_t flags, int kernel, uint8_t out[32]);

#endif /* CBLAKE3_INTERNAL_H */
