/*
 * Chunks, parent nodes, outputs and whole subtrees (BLAKE3 spec 2.3-2.6).
 * Complete subtrees are hashed in batches: all chunks of a batch at once
 * with the SIMD kernel, then each level of parents at once, down to one CV.
 */
#include "cblake3_internal.h"

/* Chunks per batch; a power of two. 512 KiB of input, 16 KiB of CVs on the stack. */
#define BATCH_CHUNKS 512

/* ---- Chunk state ---- */

void cb3_chunk_init(cblake3_chunk_state *cs, const uint32_t key[8], uint64_t chunk_counter,
                    uint8_t flags) {
    memcpy(cs->cv, key, sizeof(cs->cv));
    cs->chunk_counter = chunk_counter;
    memset(cs->buf, 0, sizeof(cs->buf));
    cs->buf_len = 0;
    cs->blocks_compressed = 0;
    cs->flags = flags;
}

size_t cb3_chunk_len(const cblake3_chunk_state *cs) {
    return (size_t)CBLAKE3_BLOCK_LEN * cs->blocks_compressed + cs->buf_len;
}

static uint8_t start_flag(const cblake3_chunk_state *cs) {
    return cs->blocks_compressed == 0 ? CBLAKE3_CHUNK_START : 0;
}

/* Adds bytes to the chunk (it must not go past 1024). The last block stays
 * buffered: only the output knows whether it is the root. */
void cb3_chunk_update(cblake3_chunk_state *cs, const uint8_t *input, size_t len, int kernel) {
    if (cs->buf_len > 0) {
        size_t take = CBLAKE3_BLOCK_LEN - cs->buf_len;
        if (take > len) take = len;
        memcpy(cs->buf + cs->buf_len, input, take);
        cs->buf_len += (uint8_t)take;
        input += take;
        len -= take;
        if (len == 0) return;
        cb3_compress_in_place_k(kernel, cs->cv, cs->buf, CBLAKE3_BLOCK_LEN, cs->chunk_counter,
                                cs->flags | start_flag(cs));
        cs->blocks_compressed++;
        cs->buf_len = 0;
        memset(cs->buf, 0, sizeof(cs->buf));
    }
    while (len > CBLAKE3_BLOCK_LEN) {
        cb3_compress_in_place_k(kernel, cs->cv, input, CBLAKE3_BLOCK_LEN, cs->chunk_counter,
                                cs->flags | start_flag(cs));
        cs->blocks_compressed++;
        input += CBLAKE3_BLOCK_LEN;
        len -= CBLAKE3_BLOCK_LEN;
    }
    memcpy(cs->buf, input, len);
    cs->buf_len = (uint8_t)len;
}

cblake3_output cb3_chunk_output(const cblake3_chunk_state *cs, int kernel) {
    cblake3_output o;
    memcpy(o.input_cv, cs->cv, sizeof(o.input_cv));
    o.counter = cs->chunk_counter;
    memcpy(o.block, cs->buf, sizeof(o.block));
    o.block_len = cs->buf_len;
    o.flags = cs->flags | start_flag(cs) | CBLAKE3_CHUNK_END;
    o.kernel = (int8_t)kernel;
    return o;
}

/* ---- Outputs and parents ---- */

void cblake3_output_cv(const cblake3_output *o, uint8_t out[32]) {
    uint32_t cv[8];
    memcpy(cv, o->input_cv, sizeof(cv));
    cb3_compress_in_place_k(o->kernel, cv, o->block, o->block_len, o->counter, o->flags);
    cb3_store_cv_words(out, cv);
}

void cblake3_output_root_bytes(const cblake3_output *o, uint64_t seek, uint8_t *out,
                               size_t out_len) {
    uint64_t block_counter = seek / CBLAKE3_BLOCK_LEN;
    size_t offset = (size_t)(seek % CBLAKE3_BLOCK_LEN);
    uint8_t buf[CBLAKE3_BLOCK_LEN];
    while (out_len > 0) {
        cb3_compress_xof_k(o->kernel, o->input_cv, o->block, o->block_len, block_counter,
                           o->flags | CBLAKE3_ROOT, buf);
        size_t take = CBLAKE3_BLOCK_LEN - offset;
        if (take > out_len) take = out_len;
        memcpy(out, buf + offset, take);
        out += take;
        out_len -= take;
        offset = 0;
        block_counter++;
    }
}

cblake3_output cblake3_parent_output(const uint8_t left[32], const uint8_t right[32],
                                     const uint32_t key[8], uint8_t flags) {
    cblake3_output o;
    memcpy(o.input_cv, key, sizeof(o.input_cv));
    o.counter = 0;
    memcpy(o.block, left, 32);
    memcpy(o.block + 32, right, 32);
    o.block_len = CBLAKE3_BLOCK_LEN;
    o.flags = flags | CBLAKE3_PARENT;
    o.kernel = CBLAKE3_KERNEL_AUTO;
    return o;
}

void cb3_parent_cv(const uint8_t left[32], const uint8_t right[32], const uint32_t key[8],
                   uint8_t flags, int kernel, uint8_t out[32]) {
    cblake3_output o = cblake3_parent_output(left, right, key, flags);
    o.kernel = (int8_t)kernel;
    cblake3_output_cv(&o, out);
}

/* ---- Subtrees ---- */

/* Hashes `n` (a power of two <= BATCH_CHUNKS) full chunks and reduces their
 * CVs level by level until `keep` (1 or 2) remain, written to `out`. */
static void hash_batch(const uint32_t key[8], uint8_t flags, int kernel, const uint8_t *input,
                       size_t n, uint64_t chunk_counter, size_t keep, uint8_t *out) {
    const uint8_t *ptrs[BATCH_CHUNKS];
    uint8_t cvs_a[BATCH_CHUNKS * CBLAKE3_OUT_LEN];
    uint8_t cvs_b[BATCH_CHUNKS * CBLAKE3_OUT_LEN / 2];
    for (size_t i = 0; i < n; i++) ptrs[i] = input + i * CBLAKE3_CHUNK_LEN;
    cblake3_hash_many(ptrs, n, CBLAKE3_CHUNK_LEN / CBLAKE3_BLOCK_LEN, key, chunk_counter, true,
                      flags, CBLAKE3_CHUNK_START, CBLAKE3_CHUNK_END, cvs_a, kernel);
    uint8_t *src = cvs_a, *dst = cvs_b;
    while (n > keep) {
        n /= 2;
        for (size_t i = 0; i < n; i++) ptrs[i] = src + i * 2 * CBLAKE3_OUT_LEN;
        cblake3_hash_many(ptrs, n, 1, key, 0, false, flags | CBLAKE3_PARENT, 0, 0, dst, kernel);
        uint8_t *t = src;
        src = dst;
        dst = t;
    }
    memcpy(out, src, n * CBLAKE3_OUT_LEN);
}

void cb3_pow2_subtree_cv(const uint32_t key[8], uint8_t flags, int kernel, const uint8_t *input,
                         size_t n_chunks, uint64_t chunk_counter, uint8_t out[32]) {
    if (n_chunks <= BATCH_CHUNKS) {
        hash_batch(key, flags, kernel, input, n_chunks, chunk_counter, 1, out);
        return;
    }
    /* Batch CVs merge as they complete, like binary carries. */
    uint8_t stack[CBLAKE3_MAX_DEPTH * CBLAKE3_OUT_LEN];
    size_t depth = 0;
    size_t batches = n_chunks / BATCH_CHUNKS;
    for (size_t b = 0; b < batches; b++) {
        uint8_t cv[32];
        hash_batch(key, flags, kernel, input + b * BATCH_CHUNKS * CBLAKE3_CHUNK_LEN, BATCH_CHUNKS,
                   chunk_counter + b * BATCH_CHUNKS, 1, cv);
        for (size_t t = b + 1; (t & 1) == 0; t >>= 1) {
            depth--;
            cb3_parent_cv(stack + depth * CBLAKE3_OUT_LEN, cv, key, flags, kernel, cv);
        }
        memcpy(stack + depth * CBLAKE3_OUT_LEN, cv, CBLAKE3_OUT_LEN);
        depth++;
    }
    memcpy(out, stack, CBLAKE3_OUT_LEN);
}

void cb3_pow2_subtree_children(const uint32_t key[8], uint8_t flags, int kernel,
                               const uint8_t *input, size_t n_chunks, uint64_t chunk_counter,
                               uint8_t out[64]) {
    if (n_chunks <= BATCH_CHUNKS) {
        hash_batch(key, flags, kernel, input, n_chunks, chunk_counter, 2, out);
        return;
    }
    size_t half = n_chunks / 2;
    cb3_pow2_subtree_cv(key, flags, kernel, input, half, chunk_counter, out);
    cb3_pow2_subtree_cv(key, flags, kernel, input + half * CBLAKE3_CHUNK_LEN, half,
                        chunk_counter + half, out + CBLAKE3_OUT_LEN);
}

void cblake3_subtree_cv(const uint32_t key[8], uint8_t flags, int kernel, const uint8_t *input,
                        size_t len, uint64_t chunk_counter, uint8_t out[32]) {
    if (len <= CBLAKE3_CHUNK_LEN) {
        cblake3_chunk_state cs;
        cb3_chunk_init(&cs, key, chunk_counter, flags);
        cb3_chunk_update(&cs, input, len, kernel);
        cblake3_output o = cb3_chunk_output(&cs, kernel);
        cblake3_output_cv(&o, out);
        return;
    }
    size_t full = len / CBLAKE3_CHUNK_LEN;
    if (len % CBLAKE3_CHUNK_LEN == 0 && (full & (full - 1)) == 0) {
        cb3_pow2_subtree_cv(key, flags, kernel, input, full, chunk_counter, out);
        return;
    }
    /* The left child is the largest power of two of chunks leaving >= 1 byte. */
    size_t left_chunks = (size_t)cb3_round_down_pow2((len - 1) / CBLAKE3_CHUNK_LEN);
    size_t left_len = left_chunks * CBLAKE3_CHUNK_LEN;
    uint8_t children[64];
    cb3_pow2_subtree_cv(key, flags, kernel, input, left_chunks, chunk_counter, children);
    cblake3_subtree_cv(key, flags, kernel, input + left_len, len - left_len,
                       chunk_counter + left_chunks, children + 32);
    cb3_parent_cv(children, children + 32, key, flags, kernel, out);
}

static void merge_cvs(const uint32_t key[8], uint8_t flags, const uint8_t *cvs, size_t n,
                      uint8_t out[32]) {
    if (n == 1) {
        memcpy(out, cvs, CBLAKE3_OUT_LEN);
        return;
    }
    size_t left = (size_t)cb3_round_down_pow2(n - 1);
    uint8_t children[64];
    merge_cvs(key, flags, cvs, left, children);
    merge_cvs(key, flags, cvs + left * CBLAKE3_OUT_LEN, n - left, children + 32);
    cb3_parent_cv(children, children + 32, key, flags, CBLAKE3_KERNEL_AUTO, out);
}

void cblake3_root_from_cvs(const uint32_t key[8], uint8_t flags, const uint8_t *cvs, size_t n,
                           uint64_t seek, uint8_t *out, size_t out_len) {
    size_t left = (size_t)cb3_round_down_pow2(n - 1);
    uint8_t children[64];
    merge_cvs(key, flags, cvs, left, children);
    merge_cvs(key, flags, cvs + left * CBLAKE3_OUT_LEN, n - left, children + 32);
    cblake3_output o = cblake3_parent_output(children, children + 32, key, flags);
    cblake3_output_root_bytes(&o, seek, out, out_len);
}
