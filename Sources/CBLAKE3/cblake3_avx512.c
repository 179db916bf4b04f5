/*
 * AVX-512 kernel: sixteen inputs at once, the state transposed (one 512-bit
 * vector per state word, one lane per input), as the AVX2 kernel does with
 * eight. AVX-512F has a native 32-bit rotation (vprord) and 32 vector
 * registers, so the rounds of cblake3_rounds.h stay in registers written as
 * plain intrinsics. Compiled for AVX-512F per function; only called when the
 * CPU and OS support it.
 */
#include "cblake3_internal.h"
#include "cblake3_rounds.h"

#if CBLAKE3_X86

#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)

#define AVX512_INLINE static inline __attribute__((always_inline, target("avx512f")))

/* Vector operations for cblake3_rounds.h. */
#define ADD(a, b) _mm512_add_epi32(a, b)
#define XOR(a, b) _mm512_xor_si512(a, b)
#define ROT16(x) _mm512_ror_epi32(x, 16)
#define ROT12(x) _mm512_ror_epi32(x, 12)
#define ROT8(x) _mm512_ror_epi32(x, 8)
#define ROT7(x) _mm512_ror_epi32(x, 7)

/*
 * Transposes a 16x16 matrix of 32-bit words: row i of the input (sixteen
 * words of input i) becomes column i (x[w] holds word w of every input).
 * Pairs of rows interleave by words, then quads by pairs of words, within
 * each 128-bit lane; two lane shuffles then gather each word's four lanes.
 */
AVX512_INLINE void transpose16(__m512i x[16]) {
    __m512i t[16], u[16];
    for (int k = 0; k < 8; k++) {
        t[2 * k] = _mm512_unpacklo_epi32(x[2 * k], x[2 * k + 1]);
        t[2 * k + 1] = _mm512_unpackhi_epi32(x[2 * k], x[2 * k + 1]);
    }
    /* u[4g + w]: word w (and w + 4, w + 8, w + 12, one per lane) of rows 4g..4g+3. */
    for (int g = 0; g < 4; g++) {
        u[4 * g] = _mm512_unpacklo_epi64(t[4 * g], t[4 * g + 2]);
        u[4 * g + 1] = _mm512_unpackhi_epi64(t[4 * g], t[4 * g + 2]);
        u[4 * g + 2] = _mm512_unpacklo_epi64(t[4 * g + 1], t[4 * g + 3]);
        u[4 * g + 3] = _mm512_unpackhi_epi64(t[4 * g + 1], t[4 * g + 3]);
    }
    for (int w = 0; w < 4; w++) {
        __m512i lanes01_a = _mm512_shuffle_i32x4(u[w], u[4 + w], 0x44);     /* w, w+4 of rows 0-7 */
        __m512i lanes23_a = _mm512_shuffle_i32x4(u[w], u[4 + w], 0xEE);     /* w+8, w+12 of rows 0-7 */
        __m512i lanes01_b = _mm512_shuffle_i32x4(u[8 + w], u[12 + w], 0x44); /* w, w+4 of rows 8-15 */
        __m512i lanes23_b = _mm512_shuffle_i32x4(u[8 + w], u[12 + w], 0xEE); /* w+8, w+12 of rows 8-15 */
        x[w] = _mm512_shuffle_i32x4(lanes01_a, lanes01_b, 0x88);
        x[w + 4] = _mm512_shuffle_i32x4(lanes01_a, lanes01_b, 0xDD);
        x[w + 8] = _mm512_shuffle_i32x4(lanes23_a, lanes23_b, 0x88);
        x[w + 12] = _mm512_shuffle_i32x4(lanes23_a, lanes23_b, 0xDD);
    }
}

/* Message words 0..15 of block `offset` of sixteen inputs, one vector per word. */
AVX512_INLINE void load_msg16(const uint8_t *const *in, size_t offset, __m512i m[16]) {
    for (int i = 0; i < 16; i++) m[i] = _mm512_loadu_si512((const void *)(in[i] + offset));
    transpose16(m);
    /* Pull in the next block of each input while this one is hashed. */
    for (int i = 0; i < 16; i++) _mm_prefetch((const char *)(in[i] + offset + 256), _MM_HINT_T0);
}

AVX512_INLINE void hash16(const uint8_t *const *inputs, size_t blocks, const uint32_t key[8],
                          uint64_t counter, bool inc, uint8_t flags, uint8_t flags_start,
                          uint8_t flags_end, uint8_t *out) {
    __m512i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm512_set1_epi32((int)key[i]);
    uint32_t lo[16], hi[16];
    for (int i = 0; i < 16; i++) {
        uint64_t c = counter + (inc ? (uint64_t)i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
    const __m512i ctr_lo = _mm512_loadu_si512((const void *)lo);
    const __m512i ctr_hi = _mm512_loadu_si512((const void *)hi);
    uint8_t block_flags = flags | flags_start;
    for (size_t b = 0; b < blocks; b++) {
        if (b + 1 == blocks) block_flags |= flags_end;
        __m512i m[16];
        load_msg16(inputs, b * CBLAKE3_BLOCK_LEN, m);
        __m512i v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3];
        __m512i v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        __m512i v8 = _mm512_set1_epi32((int)CBLAKE3_IV[0]), v9 = _mm512_set1_epi32((int)CBLAKE3_IV[1]);
        __m512i v10 = _mm512_set1_epi32((int)CBLAKE3_IV[2]), v11 = _mm512_set1_epi32((int)CBLAKE3_IV[3]);
        __m512i v12 = ctr_lo, v13 = ctr_hi, v14 = _mm512_set1_epi32(CBLAKE3_BLOCK_LEN);
        __m512i v15 = _mm512_set1_epi32((int)block_flags);
        CB3_ALL_ROUNDS(m);
        h[0] = XOR(v0, v8);
        h[1] = XOR(v1, v9);
        h[2] = XOR(v2, v10);
        h[3] = XOR(v3, v11);
        h[4] = XOR(v4, v12);
        h[5] = XOR(v5, v13);
        h[6] = XOR(v6, v14);
        h[7] = XOR(v7, v15);
        block_flags = flags;
    }
    /* h[j] holds word j of every input; each input's CV is its eight words. */
    uint32_t words[8][16];
    for (int j = 0; j < 8; j++) _mm512_storeu_si512((void *)words[j], h[j]);
    for (int i = 0; i < 16; i++) {
        for (int j = 0; j < 8; j++) cb3_store32(out + 32 * i + 4 * j, words[j][i]);
    }
}

__attribute__((target("avx512f")))
void cb3_hash_many_avx512(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                          const uint32_t key[8], uint64_t counter, bool increment_counter,
                          uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
    while (num_inputs >= 16) {
        hash16(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
        if (increment_counter) counter += 16;
        inputs += 16;
        num_inputs -= 16;
        out += 16 * CBLAKE3_OUT_LEN;
    }
    /* AVX-512F machines have AVX2: eight at a time, then fewer. */
    cb3_hash_many_avx2(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                       flags_start, flags_end, out);
}

#pragma clang attribute pop

#endif /* CBLAKE3_X86 */
