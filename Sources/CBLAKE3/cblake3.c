/*
 * The incremental hasher. Input is split into aligned power-of-two subtrees
 * (hashed wide, see cblake3_tree.c) whose CVs go on a stack. Merging is
 * lazy: entries are combined only once more input proves they are not the
 * root, so an update may consume its whole input.
 */
#include "cblake3_internal.h"

static void hasher_init_base(cblake3_hasher *self, const uint32_t key[8], uint8_t flags) {
    memcpy(self->key, key, sizeof(self->key));
    cb3_chunk_init(&self->chunk, key, 0, flags);
    self->cv_stack_len = 0;
    self->flags = flags;
    self->kernel = CBLAKE3_KERNEL_AUTO;
}

void cblake3_hasher_init(cblake3_hasher *self) {
    hasher_init_base(self, CBLAKE3_IV, 0);
}

void cblake3_hasher_init_keyed(cblake3_hasher *self, const uint8_t key[CBLAKE3_KEY_LEN]) {
    uint32_t words[8];
    cb3_load_key_words(key, words);
    hasher_init_base(self, words, CBLAKE3_KEYED_HASH);
}

void cblake3_hasher_init_derive_key_raw(cblake3_hasher *self, const void *context,
                                        size_t context_len) {
    cblake3_hasher context_hasher;
    hasher_init_base(&context_hasher, CBLAKE3_IV, CBLAKE3_DERIVE_KEY_CONTEXT);
    cblake3_hasher_update(&context_hasher, context, context_len);
    uint8_t context_key[CBLAKE3_KEY_LEN];
    cblake3_hasher_finalize_seek(&context_hasher, 0, context_key, sizeof(context_key));
    uint32_t words[8];
    cb3_load_key_words(context_key, words);
    hasher_init_base(self, words, CBLAKE3_DERIVE_KEY_MATERIAL);
}

void cblake3_hasher_set_kernel(cblake3_hasher *self, int kernel) {
    self->kernel = (int8_t)kernel;
}

void cblake3_hasher_reset(cblake3_hasher *self) {
    cb3_chunk_init(&self->chunk, self->key, 0, self->flags);
    self->cv_stack_len = 0;
}

uint64_t cblake3_hasher_count(const cblake3_hasher *self) {
    return self->chunk.chunk_counter * CBLAKE3_CHUNK_LEN + cb3_chunk_len(&self->chunk);
}

/* With `total_chunks` chunks known to be followed by more input, merges
 * pending pairs until one entry per 1-bit of the count is left. */
static void merge_stack(cblake3_hasher *self, uint64_t total_chunks) {
    size_t target = (size_t)__builtin_popcountll(total_chunks);
    while (self->cv_stack_len > target) {
        uint8_t *left = self->cv_stack + (self->cv_stack_len - 2) * CBLAKE3_OUT_LEN;
        cb3_parent_cv(left, left + CBLAKE3_OUT_LEN, self->key, self->flags, self->kernel, left);
        self->cv_stack_len--;
    }
}

/* Pushes the CV of a subtree that starts at chunk `chunk_counter`. */
static void push_cv(cblake3_hasher *self, const uint8_t cv[32], uint64_t chunk_counter) {
    merge_stack(self, chunk_counter);
    memcpy(self->cv_stack + self->cv_stack_len * CBLAKE3_OUT_LEN, cv, CBLAKE3_OUT_LEN);
    self->cv_stack_len++;
}

void cblake3_hasher_update(cblake3_hasher *self, const void *input_bytes, size_t len) {
    const uint8_t *input = (const uint8_t *)input_bytes;
    if (len == 0) return;
    int kernel = self->kernel;

    /* Finish a chunk begun by an earlier update; push it once more input shows it is not last. */
    size_t have = cb3_chunk_len(&self->chunk);
    if (have > 0) {
        size_t take = CBLAKE3_CHUNK_LEN - have;
        if (take > len) take = len;
        cb3_chunk_update(&self->chunk, input, take, kernel);
        input += take;
        len -= take;
        if (len == 0) return;
        cblake3_output o = cb3_chunk_output(&self->chunk, kernel);
        uint8_t cv[32];
        cblake3_output_cv(&o, cv);
        push_cv(self, cv, self->chunk.chunk_counter);
        cb3_chunk_init(&self->chunk, self->key, self->chunk.chunk_counter + 1, self->flags);
    }

    /* Whole subtrees: the largest power of two that fits and is aligned to the count. */
    while (len > CBLAKE3_CHUNK_LEN) {
        uint64_t counter = self->chunk.chunk_counter;
        uint64_t n = cb3_round_down_pow2(len / CBLAKE3_CHUNK_LEN);
        if (counter != 0) {
            uint64_t align = counter & (~counter + 1);
            if (n > align) n = align;
        }
        if (n == 1) {
            /* One chunk, and more input after it: not the root. */
            uint8_t cv[32];
            cb3_pow2_subtree_cv(self->key, self->flags, kernel, input, 1, counter, cv);
            push_cv(self, cv, counter);
        } else {
            /* Its top node could be the root: keep its two children apart. */
            uint8_t children[64];
            cb3_pow2_subtree_children(self->key, self->flags, kernel, input, (size_t)n, counter,
                                      children);
            push_cv(self, children, counter);
            push_cv(self, children + 32, counter + n / 2);
        }
        cb3_chunk_init(&self->chunk, self->key, counter + n, self->flags);
        input += n * CBLAKE3_CHUNK_LEN;
        len -= n * CBLAKE3_CHUNK_LEN;
    }

    /* The rest starts a chunk; everything before it is then known not to be the root. */
    if (len > 0) {
        cb3_chunk_update(&self->chunk, input, len, kernel);
        merge_stack(self, self->chunk.chunk_counter);
    }
}

cblake3_output cblake3_hasher_output(const cblake3_hasher *self) {
    if (self->cv_stack_len == 0) return cb3_chunk_output(&self->chunk, self->kernel);
    cblake3_output o;
    size_t remaining;
    if (cb3_chunk_len(&self->chunk) > 0) {
        /* The stack is fully merged (see update): fold it onto the open chunk. */
        o = cb3_chunk_output(&self->chunk, self->kernel);
        remaining = self->cv_stack_len;
    } else {
        /* The input ended on a subtree: its two children are the top entries. */
        remaining = self->cv_stack_len - 2u;
        const uint8_t *left = self->cv_stack + remaining * CBLAKE3_OUT_LEN;
        o = cblake3_parent_output(left, left + CBLAKE3_OUT_LEN, self->key, self->flags);
        o.kernel = self->kernel;
    }
    while (remaining > 0) {
        remaining--;
        uint8_t cv[32];
        cblake3_output_cv(&o, cv);
        o = cblake3_parent_output(self->cv_stack + remaining * CBLAKE3_OUT_LEN, cv, self->key,
                                  self->flags);
        o.kernel = self->kernel;
    }
    return o;
}

void cblake3_hasher_finalize_seek(const cblake3_hasher *self, uint64_t seek, uint8_t *out,
                                  size_t out_len) {
    cblake3_output o = cblake3_hasher_output(self);
    cblake3_output_root_bytes(&o, seek, out, out_len);
}
