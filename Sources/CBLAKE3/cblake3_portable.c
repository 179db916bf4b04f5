/* Portable C kernels: the compression function word by word (BLAKE3 spec 2.2). */
#include "cblake3_internal.h"
#include "cblake3_rounds.h"

CBLAKE3_INLINE uint32_t rotr32(uint32_t w, unsigned c) {
    return (w >> c) | (w << (32 - c));
}

/* Word operations for cblake3_rounds.h. */
#define ADD(a, b) ((a) + (b))
#define XOR(a, b) ((a) ^ (b))
#define ROT16(x) rotr32((x), 16)
#define ROT12(x) rotr32((x), 12)
#define ROT8(x) rotr32((x), 8)
#define ROT7(x) rotr32((x), 7)

CBLAKE3_INLINE void compress_state(uint32_t s[16], const uint32_t cv[8], const uint8_t block[64],
                                   uint8_t block_len, uint64_t counter, uint8_t flags) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++) m[i] = cb3_load32(block + 4 * i);
    uint32_t v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3];
    uint32_t v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
    uint32_t v8 = CBLAKE3_IV[0], v9 = CBLAKE3_IV[1], v10 = CBLAKE3_IV[2], v11 = CBLAKE3_IV[3];
    uint32_t v12 = (uint32_t)counter, v13 = (uint32_t)(counter >> 32);
    uint32_t v14 = (uint32_t)block_len, v15 = (uint32_t)flags;
    CB3_ALL_ROUNDS(m);
    s[0] = v0, s[1] = v1, s[2] = v2, s[3] = v3, s[4] = v4, s[5] = v5, s[6] = v6, s[7] = v7;
    s[8] = v8, s[9] = v9, s[10] = v10, s[11] = v11;
    s[12] = v12, s[13] = v13, s[14] = v14, s[15] = v15;
}

void cb3_compress_in_place_portable(uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                                    uint64_t counter, uint8_t flags) {
    uint32_t s[16];
    compress_state(s, cv, block, block_len, counter, flags);
    for (int i = 0; i < 8; i++) cv[i] = s[i] ^ s[i + 8];
}

void cb3_compress_xof_portable(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len,
                               uint64_t counter, uint8_t flags, uint8_t out[64]) {
    uint32_t s[16];
    compress_state(s, cv, block, block_len, counter, flags);
    for (int i = 0; i < 8; i++) {
        cb3_store32(out + 4 * i, s[i] ^ s[i + 8]);
        cb3_store32(out + 32 + 4 * i, s[i + 8] ^ cv[i]);
    }
}

void cb3_hash_many_portable(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                            const uint32_t key[8], uint64_t counter, bool increment_counter,
                            uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out) {
    for (size_t i = 0; i < num_inputs; i++) {
        uint32_t cv[8];
        memcpy(cv, key, sizeof(cv));
        const uint8_t *input = inputs[i];
        uint8_t block_flags = flags | flags_start;
        for (size_t b = 0; b < blocks; b++) {
            if (b + 1 == blocks) block_flags |= flags_end;
            cb3_compress_in_place_portable(cv, input + b * CBLAKE3_BLOCK_LEN, CBLAKE3_BLOCK_LEN,
                                           counter, block_flags);
            block_flags = flags;
        }
        cb3_store_cv_words(out + i * CBLAKE3_OUT_LEN, cv);
        if (increment_counter) counter++;
    }
}
