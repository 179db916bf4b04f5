/*
 * AVX2 kernel: eight inputs at once, the state transposed (one 256-bit
 * vector per state word, one lane per input). Message loads and transposes
 * are intrinsics; the rounds are inline assembly (cblake3_avx2_rounds.h).
 * Compiled for AVX2 per function; only called when the CPU and OS support it.
 */
#include "cblake3_internal.h"
#include "cblake3_avx2_rounds.h"

#if CBLAKE3_X86

#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)

#define AVX2_INLINE static inline __attribute__((always_inline, target("avx2")))

/* Byte shuffles rotating each 32-bit word right by 16 and by 8 bits. */
static const uint8_t ROT16_MASK[32] __attribute__((aligned(32))) = {
    2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
    2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
};
static const uint8_t ROT8_MASK[32] __attribute__((aligned(32))) = {
    1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
    1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
};

/*
 * The seven rounds on the state v[0..15] with the transposed message m.
 * Written as assembly (cblake3_avx2_rounds.h) so that all sixteen state
 * vectors stay in registers, which compilers do not manage on their own,
 * and so that -O0 builds run the rounds at full speed too.
 */
AVX2_INLINE void rounds8(__m256i v[16], const __m256i m[16]) {
    __m256i v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3], v4 = v[4], v5 = v[5], v6 = v[6],
            v7 = v[7], v8 = v[8], v9 = v[9], v10 = v[10], v11 = v[11], v12 = v[12],
            v13 = v[13], v14 = v[14], v15 = v[15];
    __m256i scratch;
    __asm__(CB3_AVX2_ROUNDS_ASM
            : [v0] "+x"(v0), [v1] "+x"(v1), [v2] "+x"(v2), [v3] "+x"(v3), [v4] "+x"(v4),
              [v5] "+x"(v5), [v6] "+x"(v6), [v7] "+x"(v7), [v8] "+x"(v8), [v9] "+x"(v9),
              [v10] "+x"(v10), [v11] "+x"(v11), [v12] "+x"(v12), [v13] "+x"(v13),
              [v14] "+x"(v14), [v15] "+x"(v15), [scratch] "=m"(scratch)
            : [m] "r"(m), [rot16] "m"(*(const __m256i *)ROT16_MASK),
              [rot8] "m"(*(const __m256i *)ROT8_MASK)
            : "memory");
    v[0] = v0, v[1] = v1, v[2] = v2, v[3] = v3, v[4] = v4, v[5] = v5, v[6] = v6, v[7] = v7;
    v[8] = v8, v[9] = v9, v[10] = v10, v[11] = v11, v[12] = v12, v[13] = v13, v[14] = v14;
    v[15] = v15;
}

/* Transposes an 8x8 matrix of 32-bit words: row i of the input becomes column i. */
AVX2_INLINE void transpose8(__m256i x[8]) {
    __m256i ab_0145 = _mm256_unpacklo_epi32(x[0], x[1]);
    __m256i ab_2367 = _mm256_unpackhi_epi32(x[0], x[1]);
    __m256i cd_0145 = _mm256_unpacklo_epi32(x[2], x[3]);
    __m256i cd_2367 = _mm256_unpackhi_epi32(x[2], x[3]);
    __m256i ef_0145 = _mm256_unpacklo_epi32(x[4], x[5]);
    __m256i ef_2367 = _mm256_unpackhi_epi32(x[4], x[5]);
    __m256i gh_0145 = _mm256_unpacklo_epi32(x[6], x[7]);
    __m256i gh_2367 = _mm256_unpackhi_epi32(x[6], x[7]);
    __m256i abcd_04 = _mm256_unpacklo_epi64(ab_0145, cd_0145);
    __m256i abcd_15 = _mm256_unpackhi_epi64(ab_0145, cd_0145);
    __m256i abcd_26 = _mm256_unpacklo_epi64(ab_2367, cd_2367);
    __m256i abcd_37 = _mm256_unpackhi_epi64(ab_2367, cd_2367);
    __m256i efgh_04 = _mm256_unpacklo_epi64(ef_0145, gh_0145);
    __m256i efgh_15 = _mm256_unpackhi_epi64(ef_0145, gh_0145);
    __m256i efgh_26 = _mm256_unpacklo_epi64(ef_2367, gh_2367);
    __m256i efgh_37 = _mm256_unpackhi_epi64(ef_2367, gh_2367);
    x[0] = _mm256_permute2x128_si256(abcd_04, efgh_04, 0x20);
    x[4] = _mm256_permute2x128_si256(abcd_04, efgh_04, 0x31);
    x[1] = _mm256_permute2x128_si256(abcd_15, efgh_15, 0x20);
    x[5] = _mm256_permute2x128_si256(abcd_15, efgh_15, 0x31);
    x[2] = _mm256_permute2x128_si256(abcd_26, efgh_26, 0x20);
    x[6] = _mm256_permute2x128_si256(abcd_26, efgh_26, 0x31);
    x[3] = _mm256_permute2x128_si256(abcd_37, efgh_37, 0x20);
    x[7] = _mm256_permute2x128_si256(abcd_37, efgh_37, 0x31);
}

/* Message words 0..15 of block `offset` of eight inputs, one vector per word. */
AVX2_INLINE void load_msg8(const uint8_t *const *in, size_t offset, __m256i m[16]) {
    for (int i = 0; i < 8; i++) {
        m[i] = _mm256_loadu_si256((const __m256i *)(in[i] + offset));
        m[8 + i] = _mm256_loadu_si256((const __m256i *)(in[i] + offset + 32));
    }
    transpose8(&m[0]);
    transpose8(&m[8]);
    /* Pull in the next block of each input while this one is hashed. */
    for (int i = 0; i < 8; i++) _mm_prefetch((const char *)(in[i] + offset + 256), _MM_HINT_T0);
}

AVX2_INLINE void hash8(const uint8_t *const *inputs, size_t blocks, const uint32_t key[8],
                       uint64_t counter, bool inc, uint8_t flags, uint8_t flags_start,
                       uint8_t flags_end, uint8_t *out) {
    __m256i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm256_set1_epi32((int)key[i]);
    uint32_t lo[8], hi[8];
    for (int i = 0; i < 8; i++) {
        uint64_t c = counter + (inc ? (uint64_t)i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
    const __m256i ctr_lo = _mm256_loadu_si256((const __m256i *)lo);
    const __m256i ctr_hi = _mm256_loadu_si256((const __m256i *)hi);
    uint8_t block_flags = flags | flags_start;
    for (size_t b = 0; b < blocks; b++) {
        if (b + 1 == blocks) block_flags |= flags_end;
        __m256i m[16];
        load_msg8(inputs, b * CBLAKE3_BLOCK_LEN, m);
        __m256i v[16];
        for (int i = 0; i < 8; i++) v[i] = h[i];
        for (int i = 0; i < 4; i++) v[8 + i] = _mm256_set1_epi32((int)CBLAKE3_IV[i]);
        v[12] = ctr_lo;
        v[13] = ctr_hi;
        v[14] = _mm256_set1_epi32(CBLAKE3_BLOCK_LEN);
        v[15] = _mm256_set1_epi32((int)block_flags);
        rounds8(v, m);
        for (int i = 0; i < 8; i++) h[i] = _mm256_xor_si256(v[i], v[i + 8]);
        block_flags = flags;
    }
    /* h[j] holds word j of every input; transposed, h[i] is input i's CV. */
    transpose8(h);
    for (int i = 0; i < 8; i++) _mm256_storeu_si256((__m256i *)(out + 32 * i), h[i]);
}

__attribute__((target("avx2")))
void cb3_hash_many_avx2(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                        const uint32_t key[8], uint64_t counter, bool increment_counter,
                        uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
    while (num_inputs >= 8) {
        hash8(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
        if (increment_counter) counter += 8;
        inputs += 8;
        num_inputs -= 8;
        out += 8 * CBLAKE3_OUT_LEN;
    }
    /* AVX2 implies SSE4.1: four at a time, then one at a time. */
    cb3_hash_many_sse41(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                        flags_start, flags_end, out);
}

#pragma clang attribute pop

#endif /* CBLAKE3_X86 */
