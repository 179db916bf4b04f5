/*
 * cblake3 — the project's own BLAKE3 implementation, written from the BLAKE3
 * specification: compression function, SIMD kernels hashing many chunks or
 * parents at once (SSE4.1: 4, AVX2: 8) with run-time CPU dispatch, a portable
 * C fallback, the chunk/tree logic and an incremental hasher. There is no
 * AVX-512 kernel: AVX-512 CPUs use the AVX2 one.
 */
#ifndef CBLAKE3_H
#define CBLAKE3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CBLAKE3_KEY_LEN 32
#define CBLAKE3_OUT_LEN 32
#define CBLAKE3_BLOCK_LEN 64
#define CBLAKE3_CHUNK_LEN 1024
/* 2^64 bytes are at most 2^54 chunks: a tree is at most 54 levels deep. */
#define CBLAKE3_MAX_DEPTH 54

/* Domain-separation flags (BLAKE3 spec, section 2.1). */
enum {
    CBLAKE3_CHUNK_START = 1 << 0,
    CBLAKE3_CHUNK_END = 1 << 1,
    CBLAKE3_PARENT = 1 << 2,
    CBLAKE3_ROOT = 1 << 3,
    CBLAKE3_KEYED_HASH = 1 << 4,
    CBLAKE3_DERIVE_KEY_CONTEXT = 1 << 5,
    CBLAKE3_DERIVE_KEY_MATERIAL = 1 << 6,
};

/*
 * Kernel levels. CBLAKE3_KERNEL_AUTO picks the best one the CPU supports;
 * asking for a level the CPU lacks falls back to the best supported one
 * below it.
 */
enum {
    CBLAKE3_KERNEL_AUTO = 0,
    CBLAKE3_KERNEL_PORTABLE = 1,
    CBLAKE3_KERNEL_SSE41 = 2,
    CBLAKE3_KERNEL_AVX2 = 3,
    CBLAKE3_KERNEL_AVX512 = 4,
};

/* The best kernel level this CPU (and OS) supports. */
int cblake3_detected_kernel(void);
/* The level that `requested` resolves to on this CPU. */
int cblake3_resolve_kernel(int requested);
/* How many inputs the kernel of `level` hashes in parallel. */
size_t cblake3_simd_degree(int level);

/* One compression; keeps the first 8 output words as the new CV. */
void cblake3_compress_in_place(uint32_t cv[8], const uint8_t block[CBLAKE3_BLOCK_LEN],
                               uint8_t block_len, uint64_t counter, uint8_t flags);
/* One compression; writes all 16 output words (64 bytes, little-endian). */
void cblake3_compress_xof(const uint32_t cv[8], const uint8_t block[CBLAKE3_BLOCK_LEN],
                          uint8_t block_len, uint64_t counter, uint8_t flags,
                          uint8_t out[64]);

/*
 * Hashes `num_inputs` inputs of `blocks` full 64-byte blocks each, all
 * starting from `key`, and writes one 32-byte CV per input to `out`.
 * Input i uses counter `counter + i` when `increment_counter`, else `counter`.
 * The first block gets `flags | flags_start`, the last `flags | flags_end`.
 * Chunks: blocks = 16, flags_start = CHUNK_START, flags_end = CHUNK_END.
 * Parents: blocks = 1, flags including PARENT, counter 0, no increment.
 */
void cblake3_hash_many(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                       const uint32_t key[8], uint64_t counter, bool increment_counter,
                       uint8_t flags, uint8_t flags_start, uint8_t flags_end,
                       uint8_t *out, int kernel);

/* A node whose compression has not been done yet: the root, or any node. */
typedef struct {
    uint32_t input_cv[8];
    uint64_t counter;
    uint8_t block[CBLAKE3_BLOCK_LEN];
    uint8_t block_len;
    uint8_t flags;
    int8_t kernel; /* kernel level used for its compressions */
} cblake3_output;

/* The node's 32-byte chaining value (non-root). */
void cblake3_output_cv(const cblake3_output *output, uint8_t out[32]);
/* Extended root output: `out_len` bytes starting at byte `seek` of the stream. */
void cblake3_output_root_bytes(const cblake3_output *output, uint64_t seek,
                               uint8_t *out, size_t out_len);
/* The parent node over two child CVs. */
cblake3_output cblake3_parent_output(const uint8_t left[32], const uint8_t right[32],
                                     const uint32_t key[8], uint8_t flags);

/*
 * The CV of `len` (>= 1) bytes hashed as a non-root subtree whose first chunk
 * has index `chunk_counter`, shaped like a whole BLAKE3 tree of that input.
 * Aligned power-of-two subtrees and the last, partial one of a message split
 * on power-of-two chunk boundaries are such subtrees.
 */
void cblake3_subtree_cv(const uint32_t key[8], uint8_t flags, int kernel,
                        const uint8_t *input, size_t len, uint64_t chunk_counter,
                        uint8_t out[32]);

/*
 * The root over `n` (>= 2) subtree CVs in message order, each subtree but the
 * last complete and of one power-of-two chunk count: writes `out_len` bytes
 * of the root output starting at `seek`.
 */
void cblake3_root_from_cvs(const uint32_t key[8], uint8_t flags, const uint8_t *cvs,
                           size_t n, uint64_t seek, uint8_t *out, size_t out_len);

typedef struct {
    uint32_t cv[8];
    uint64_t chunk_counter;
    uint8_t buf[CBLAKE3_BLOCK_LEN];
    uint8_t buf_len;
    uint8_t blocks_compressed;
    uint8_t flags;
} cblake3_chunk_state;

/* Incremental hasher. Plain data: copying it forks the hash state. */
typedef struct {
    uint32_t key[8];
    cblake3_chunk_state chunk;
    uint8_t cv_stack_len;
    uint8_t flags;
    int8_t kernel;
    /* Subtree CVs, merged lazily: one more than the depth can be pending. */
    uint8_t cv_stack[(CBLAKE3_MAX_DEPTH + 1) * CBLAKE3_OUT_LEN];
} cblake3_hasher;

void cblake3_hasher_init(cblake3_hasher *self);
void cblake3_hasher_init_keyed(cblake3_hasher *self, const uint8_t key[CBLAKE3_KEY_LEN]);
/* derive_key mode: the context string is hashed first, as the spec says. */
void cblake3_hasher_init_derive_key_raw(cblake3_hasher *self, const void *context,
                                        size_t context_len);
/* Chooses the kernel level the hasher uses (CBLAKE3_KERNEL_AUTO by default). */
void cblake3_hasher_set_kernel(cblake3_hasher *self, int kernel);
void cblake3_hasher_update(cblake3_hasher *self, const void *input, size_t input_len);
/* Writes `out_len` output bytes from byte `seek` on; the hasher is unchanged. */
void cblake3_hasher_finalize_seek(const cblake3_hasher *self, uint64_t seek, uint8_t *out,
                                  size_t out_len);
/* The pending root node (see cblake3_output_root_bytes). */
cblake3_output cblake3_hasher_output(const cblake3_hasher *self);
/* Forgets all input; keeps key, mode and kernel. */
void cblake3_hasher_reset(cblake3_hasher *self);
/* Total bytes hashed so far. */
uint64_t cblake3_hasher_count(const cblake3_hasher *self);

#ifdef __cplusplus
}
#endif

#endif /* CBLAKE3_H */
