// Reading the tracee's memory (path strings, argv arrays, open_how) with
// process_vm_readv, falling back to PTRACE_PEEKDATA where it is unavailable.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_int vm_readv_unsupported = 0;
static size_t page_size_cache = 0;

static size_t page_size(void) {
    if (page_size_cache == 0) {
        long size = sysconf(_SC_PAGESIZE);
        page_size_cache = size > 0 ? (size_t)size : 4096;
    }
    return page_size_cache;
}

static ssize_t peek_memory(pid_t pid, uint64_t addr, void *buf, size_t len) {
    size_t done = 0;
    unsigned char *out = buf;
    while (done < len) {
        uint64_t at = addr + done;
        uint64_t aligned = at & ~(uint64_t)(sizeof(long) - 1);
        errno = 0;
        long word = ptrace(PTRACE_PEEKDATA, pid, (void *)aligned, NULL);
        if (errno != 0) return done > 0 ? (ssize_t)done : -1;
        size_t skip = (size_t)(at - aligned);
        size_t take = sizeof(long) - skip;
        if (take > len - done) take = len - done;
        memcpy(out + done, (unsigned char *)&word + skip, take);
        done += take;
    }
    return (ssize_t)done;
}

ssize_t croar_read_memory(pid_t pid, uint64_t addr, void *buf, size_t len) {
    if (len == 0) return 0;
    if (!atomic_load_explicit(&vm_readv_unsupported, memory_order_relaxed)) {
        struct iovec local = {buf, len};
        struct iovec remote = {(void *)(uintptr_t)addr, len};
        ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
        if (n >= 0) return n;
        if (errno == ENOSYS) {
            atomic_store_explicit(&vm_readv_unsupported, 1, memory_order_relaxed);
        } else if (errno != EPERM) {
            return -1;
        }
    }
    return peek_memory(pid, addr, buf, len);
}

ssize_t croar_read_string(pid_t pid, uint64_t addr, char *buf, size_t cap) {
    if (cap == 0) return -2;
    size_t done = 0;
    size_t page = page_size();
    while (done < cap - 1) {
        uint64_t at = addr + done;
        // Never cross a page boundary in one read: the string may end just
        // before an unmapped page.
        size_t chunk = page - (size_t)(at % page);
        if (chunk > cap - 1 - done) chunk = cap - 1 - done;
        ssize_t n = croar_read_memory(pid, at, buf + done, chunk);
        if (n <= 0) {
            buf[done] = 0;
            return -1;
        }
        char *nul = memchr(buf + done, 0, (size_t)n);
        if (nul != NULL) return (ssize_t)(nul - buf);
        done += (size_t)n;
    }
    buf[cap - 1] = 0;
    return -2;
}
