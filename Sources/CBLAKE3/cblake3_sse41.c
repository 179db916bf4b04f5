/*
 * SSE4.1 kernels: one block with the state held as four rows, and four
 * inputs at once with the state transposed (one vector per state word,
 * one lane per input). Compiled for SSE4.1 per function; only called when
 * the CPU has it.
 */
#include "cblake3_internal.h"
#include "cblake3_rounds.h"

#if CBLAKE3_X86

#include <immintrin.h>

#pragma clang attribute push(__attribute__((target("sse4.1"))), apply_to = function)

#define SSE_INLINE static inline __attribute__((always_inline, target("sse4.1")))

SSE_INLINE __m128i add(__m128i a, __m128i b) { return _mm_add_epi32(a, b); }
SSE_INLINE __m128i xor(__m128i a, __m128i b) { return _mm_xor_si128(a, b); }
SSE_INLINE __m128i rot16(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
}
SSE_INLINE __m128i rot12(__m128i x) { return _mm_or_si128(_mm_srli_epi32(x, 12), _mm_slli_epi32(x, 20)); }
SSE_INLINE __m128i rot8(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12));
}
SSE_INLINE __m128i rot7(__m128i x) { return _mm_or_si128(_mm_srli_epi32(x, 7), _mm_slli_epi32(x, 25)); }

/* ---- One block, row-wise. ---- */

SSE_INLINE void g_half(__m128i *r0, __m128i *r1, __m128i *r2, __m128i *r3, __m128i m, int first) {
    *r0 = add(add(*r0, *r1), m);
    *r3 = xor(*r3, *r0);
    *r3 = first ? rot16(*r3) : rot8(*r3);
    *r2 = add(*r2, *r3);
    *r1 = xor(*r1, *r2);
    *r1 = first ? rot12(*r1) : rot7(*r1);
}

SSE_INLINE void row_round(__m128i rows[4], const uint32_t m[16], int r) {
    const uint8_t *k = CBLAKE3_SCHEDULE[r];
    __m128i mx = _mm_setr_epi32((int)m[k[0]], (int)m[k[2]], (int)m[k[4]], (int)m[k[6]]);
    __m128i my = _mm_setr_epi32((int)m[k[1]], (int)m[k[3]], (int)m[k[5]], (int)m[k[7]]);
    g_half(&rows[0], &rows[1], &rows[2], &rows[3], mx, 1);
    g_half(&rows[0], &rows[1], &rows[2], &rows[3], my, 0);
    /* Diagonalize: lane j of rows 1..3 takes words 4+(j+1)%4, 8+(j+2)%4, 12+(j+3)%4. */
    rows[1] = _mm_shuffle_epi32(rows[1], _MM_SHUFFLE(0, 3, 2, 1));
    rows[2] = _mm_shuffle_epi32(rows[2], _MM_SHUFFLE(1, 0, 3, 2));
    rows[3] = _mm_shuffle_epi32(rows[3], _MM_SHUFFLE(2, 1, 0, 3));
    mx = _mm_setr_epi32((int)m[k[8]], (int)m[k[10]], (int)m[k[12]], (int)m[k[14]]);
    my = _mm_setr_epi32((int)m[k[9]], (int)m[k[11]], (int)m[k[13]], (int)m[k[15]]);
    g_half(&rows[0], &rows[1], &rows[2], &rows[3], mx, 1);
    g_half(&rows[0], &rows[1], &rows[2], &rows[3], my, 0);
    rows[1] = _mm_shuffle_epi32(rows[1], _MM_SHUFFLE(2, 1, 0, 3));
    rows[2] = _mm_shuffle_epi32(rows[2], _MM_SHUFFLE(1, 0, 3, 2));
    rows[3] = _mm_shuffle_epi32(rows[3], _MM_SHUFFLE(0, 3, 2, 1));
}

SSE_INLINE void compress_rows(__m128i rows[4], const uint32_t cv[8], const uint8_t block[64],
                              uint8_t block_len, uint64_t counter, uint8_t flags) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++) m[i] = cb3_load32(block + 4 * i);
    rows[0] = _mm_loadu_si128((const __m128i *)&cv[0]);
    rows[1] = _mm_loadu_si128((const __m128i *)&cv[4]);
    rows[2] = _mm_loadu_si128((const __m128i *)&CBLAKE3_IV[0]);
    rows[3] = _mm_setr_epi32((int)(uint32_t)counter, (int)(uint32_t)(counter >> 32),
                             (int)block_len, (int)flags);
    row_round(rows, m, 0);
    row_round(rows, m, 1);
    row_round(rows, m, 2);
    row_round(rows, m, 3);
    row_round(rows, m, 4);
    row_round(rows, m, 5);
    row_round(rows, m, 6);
}

__attribute__((target("sse4.1")))
void cb3_compress_in_place_sse41(uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                                 uint64_t counter, uint8_t flags) {
    __m128i rows[4];
    compress_rows(rows, cv, block, block_len, counter, flags);
    _mm_storeu_si128((__m128i *)&cv[0], xor(rows[0], rows[2]));
    _mm_storeu_si128((__m128i *)&cv[4], xor(rows[1], rows[3]));
}

__attribute__((target("sse4.1")))
void cb3_compress_xof_sse41(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                            uint64_t counter, uint8_t flags, uint8_t out[64]) {
    __m128i rows[4];
    compress_rows(rows, cv, block, block_len, counter, flags);
    /* x86 is little-endian: the words store as the spec's byte order. */
    _mm_storeu_si128((__m128i *)&out[0], xor(rows[0], rows[2]));
    _mm_storeu_si128((__m128i *)&out[16], xor(rows[1], rows[3]));
    _mm_storeu_si128((__m128i *)&out[32], xor(rows[2], _mm_loadu_si128((const __m128i *)&cv[0])));
    _mm_storeu_si128((__m128i *)&out[48], xor(rows[3], _mm_loadu_si128((const __m128i *)&cv[4])));
}

/* ---- Four inputs, transposed. ---- */

/* Vector operations for cblake3_rounds.h. */
#define ADD(a, b) _mm_add_epi32(a, b)
#define XOR(a, b) _mm_xor_si128(a, b)
#define ROT16 rot16
#define ROT12 rot12
#define ROT8 rot8
#define ROT7 rot7

/* Transposes a 4x4 matrix of 32-bit words held in four vectors. */
SSE_INLINE void transpose4(__m128i *a, __m128i *b, __m128i *c, __m128i *d) {
    __m128i ab_01 = _mm_unpacklo_epi32(*a, *b);
    __m128i ab_23 = _mm_unpackhi_epi32(*a, *b);
    __m128i cd_01 = _mm_unpacklo_epi32(*c, *d);
    __m128i cd_23 = _mm_unpackhi_epi32(*c, *d);
    *a = _mm_unpacklo_epi64(ab_01, cd_01);
    *b = _mm_unpackhi_epi64(ab_01, cd_01);
    *c = _mm_unpacklo_epi64(ab_23, cd_23);
    *d = _mm_unpackhi_epi64(ab_23, cd_23);
}

/* Message words 0..15 of block `offset` of four inputs, one vector per word. */
SSE_INLINE void load_msg4(const uint8_t *const *in, size_t offset, __m128i m[16]) {
    for (int q = 0; q < 4; q++) {
        for (int i = 0; i < 4; i++)
            m[4 * q + i] = _mm_loadu_si128((const __m128i *)(in[i] + offset + 16 * q));
        transpose4(&m[4 * q], &m[4 * q + 1], &m[4 * q + 2], &m[4 * q + 3]);
    }
}

SSE_INLINE void hash4(const uint8_t *const *inputs, size_t blocks, const uint32_t key[8],
                      uint64_t counter, bool inc, uint8_t flags, uint8_t flags_start,
                      uint8_t flags_end, uint8_t *out) {
    __m128i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm_set1_epi32((int)key[i]);
    uint32_t lo[4], hi[4];
    for (int i = 0; i < 4; i++) {
        uint64_t c = counter + (inc ? (uint64_t)i : 0);
        lo[i] = (uint32_t)c;
        hi[i] = (uint32_t)(c >> 32);
    }
    const __m128i ctr_lo = _mm_loadu_si128((const __m128i *)lo);
    const __m128i ctr_hi = _mm_loadu_si128((const __m128i *)hi);
    uint8_t block_flags = flags | flags_start;
    for (size_t b = 0; b < blocks; b++) {
        if (b + 1 == blocks) block_flags |= flags_end;
        __m128i m[16];
        load_msg4(inputs, b * CBLAKE3_BLOCK_LEN, m);
        __m128i v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3];
        __m128i v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        __m128i v8 = _mm_set1_epi32((int)CBLAKE3_IV[0]), v9 = _mm_set1_epi32((int)CBLAKE3_IV[1]);
        __m128i v10 = _mm_set1_epi32((int)CBLAKE3_IV[2]), v11 = _mm_set1_epi32((int)CBLAKE3_IV[3]);
        __m128i v12 = ctr_lo, v13 = ctr_hi, v14 = _mm_set1_epi32(CBLAKE3_BLOCK_LEN);
        __m128i v15 = _mm_set1_epi32((int)block_flags);
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
    transpose4(&h[0], &h[1], &h[2], &h[3]);
    transpose4(&h[4], &h[5], &h[6], &h[7]);
    for (int i = 0; i < 4; i++) {
        _mm_storeu_si128((__m128i *)(out + 32 * i), h[i]);
        _mm_storeu_si128((__m128i *)(out + 32 * i + 16), h[4 + i]);
    }
}

__attribute__((target("sse4.1")))
void cb3_hash_many_sse41(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                         const uint32_t key[8], uint64_t counter, bool increment_counter,
                         uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
    while (num_inputs >= 4) {
        hash4(inputs, blocks, key, counter, increment_counter, flags, flags_start, flags_end, out);
        if (increment_counter) counter += 4;
        inputs += 4;
        num_inputs -= 4;
        out += 4 * CBLAKE3_OUT_LEN;
    }
    /* Fewer than four left: one at a time, row-wise. */
    for (size_t i = 0; i < num_inputs; i++) {
        uint32_t cv[8];
        memcpy(cv, key, sizeof(cv));
        uint8_t block_flags = flags | flags_start;
        for (size_t b = 0; b < blocks; b++) {
            if (b + 1 == blocks) block_flags |= flags_end;
            cb3_compress_in_place_sse41(cv, inputs[i] + b * CBLAKE3_BLOCK_LEN, CBLAKE3_BLOCK_LEN,
                                        counter, block_flags);
            block_flags = flags;
        }
        memcpy(out + i * CBLAKE3_OUT_LEN, cv, CBLAKE3_OUT_LEN);
        if (increment_counter) counter++;
    }
}

#pragma clang attribute pop

#endif /* CBLAKE3_X86 */
