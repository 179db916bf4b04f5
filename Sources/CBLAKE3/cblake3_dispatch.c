/* Run-time CPU dispatch between the portable, SSE4.1, AVX2 and AVX-512 kernels. */
#include "cblake3_internal.h"

#include <stdatomic.h>

/* -1: not detected yet. Racing first calls compute the same value. */
static _Atomic int detected_level = -1;

static int detect(void) {
#if CBLAKE3_X86
    __builtin_cpu_init();
    /* The runtime's checks include the OS saving the wider registers (XGETBV). */
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("sse4.1"))
        return CBLAKE3_KERNEL_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("sse4.1")) return CBLAKE3_KERNEL_AVX2;
    if (__builtin_cpu_supports("sse4.1")) return CBLAKE3_KERNEL_SSE41;
#endif
    return CBLAKE3_KERNEL_PORTABLE;
}

int cblake3_detected_kernel(void) {
    int level = atomic_load_explicit(&detected_level, memory_order_relaxed);
    if (level < 0) {
        level = detect();
        atomic_store_explicit(&detected_level, level, memory_order_relaxed);
    }
    return level;
}

int cblake3_resolve_kernel(int requested) {
    int best = cblake3_detected_kernel();
    if (requested <= CBLAKE3_KERNEL_AUTO || requested > best) return best;
    return requested;
}

size_t cblake3_simd_degree(int level) {
    switch (cblake3_resolve_kernel(level)) {
    case CBLAKE3_KERNEL_AVX512: return 16;
    case CBLAKE3_KERNEL_AVX2: return 8;
    case CBLAKE3_KERNEL_SSE41: return 4;
    default: return 1;
    }
}

void cb3_compress_in_place_k(int kernel, uint32_t cv[8], const uint8_t block[64],
                             uint8_t block_len, uint64_t counter, uint8_t flags) {
#if CBLAKE3_X86
    if (cblake3_resolve_kernel(kernel) >= CBLAKE3_KERNEL_SSE41) {
        cb3_compress_in_place_sse41(cv, block, block_len, counter, flags);
        return;
    }
#endif
    cb3_compress_in_place_portable(cv, block, block_len, counter, flags);
}

void cb3_compress_xof_k(int kernel, const uint32_t cv[8], const uint8_t block[64],
                        uint8_t block_len, uint64_t counter, uint8_t flags, uint8_t out[64]) {
#if CBLAKE3_X86
    if (cblake3_resolve_kernel(kernel) >= CBLAKE3_KERNEL_SSE41) {
        cb3_compress_xof_sse41(cv, block, block_len, counter, flags, out);
        return;
    }
#endif
    cb3_compress_xof_portable(cv, block, block_len, counter, flags, out);
}

void cblake3_compress_in_place(uint32_t cv[8], const uint8_t block[CBLAKE3_BLOCK_LEN],
                               uint8_t block_len, uint64_t counter, uint8_t flags) {
    cb3_compress_in_place_k(CBLAKE3_KERNEL_AUTO, cv, block, block_len, counter, flags);
}

void cblake3_compress_xof(const uint32_t cv[8], const uint8_t block[CBLAKE3_BLOCK_LEN],
                          uint8_t block_len, uint64_t counter, uint8_t flags, uint8_t out[64]) {
    cb3_compress_xof_k(CBLAKE3_KERNEL_AUTO, cv, block, block_len, counter, flags, out);
}

void cblake3_hash_many(const uint8_t *const *inputs, size_t num_inputs, size_t blocks,
                       const uint32_t key[8], uint64_t counter, bool increment_counter,
                       uint8_t flags, uint8_t flags_start, uint8_t flags_end, uint8_t *out,
                       int kernel) {
    switch (cblake3_resolve_kernel(kernel)) {
#if CBLAKE3_X86
    case CBLAKE3_KERNEL_AVX512:
        cb3_hash_many_avx512(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                             flags_start, flags_end, out);
        return;
    case CBLAKE3_KERNEL_AVX2:
        cb3_hash_many_avx2(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                           flags_start, flags_end, out);
        return;
    case CBLAKE3_KERNEL_SSE41:
        cb3_hash_many_sse41(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                            flags_start, flags_end, out);
        return;
#endif
    default:
        cb3_hash_many_portable(inputs, num_inputs, blocks, key, counter, increment_counter, flags,
                               flags_start, flags_end, out);
        return;
    }
}
