// The seccomp-BPF filter: SECCOMP_RET_TRACE for the file and process
// syscalls roar records, SECCOMP_RET_ALLOW for everything else, so a
// tracee only stops where there is something to record.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/syscall.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef O_PATH
#define O_PATH 010000000
#endif

/// One traced syscall. flags_arg >= 0: the argument holding open(2) flags;
/// opens of directories and O_PATH opens are then allowed without a stop.
typedef struct {
    int nr;
    int kind;
    int flags_arg;
} syscall_entry;

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define COMPAT_ARCH AUDIT_ARCH_I386
#define X32_SYSCALL_BIT 0x40000000
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "CRoarTrace supports x86_64 and aarch64"
#endif

static const syscall_entry native_table[] = {
#ifdef SYS_open
    {SYS_open, CROAR_SYS_OPEN, 1},
#endif
    {SYS_openat, CROAR_SYS_OPENAT, 2},
    {SYS_openat2, CROAR_SYS_OPENAT2, -1},
#ifdef SYS_creat
    {SYS_creat, CROAR_SYS_CREAT, -1},
#endif
    {SYS_truncate, CROAR_SYS_TRUNCATE, -1},
#ifdef SYS_rename
    {SYS_rename, CROAR_SYS_RENAME, -1},
#endif
#ifdef SYS_renameat
    {SYS_renameat, CROAR_SYS_RENAMEAT, -1},
#endif
    {SYS_renameat2, CROAR_SYS_RENAMEAT2, -1},
#ifdef SYS_link
    {SYS_link, CROAR_SYS_LINK, -1},
#endif
    {SYS_linkat, CROAR_SYS_LINKAT, -1},
#ifdef SYS_symlink
    {SYS_symlink, CROAR_SYS_SYMLINK, -1},
#endif
    {SYS_symlinkat, CROAR_SYS_SYMLINKAT, -1},
#ifdef SYS_unlink
    {SYS_unlink, CROAR_SYS_UNLINK, -1},
#endif
    {SYS_unlinkat, CROAR_SYS_UNLINKAT, -1},
    {SYS_chdir, CROAR_SYS_CHDIR, -1},
    {SYS_fchdir, CROAR_SYS_FCHDIR, -1},
    {SYS_execve, CROAR_SYS_EXECVE, -1},
    {SYS_execveat, CROAR_SYS_EXECVEAT, -1},
};

#ifdef COMPAT_ARCH
// i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl): 32-bit programs
// on an x86_64 kernel.
static const syscall_entry compat_table[] = {
    {5, CROAR_SYS_OPEN, 1},
    {295, CROAR_SYS_OPENAT, 2},
    {437, CROAR_SYS_OPENAT2, -1},
    {8, CROAR_SYS_CREAT, -1},
    {92, CROAR_SYS_TRUNCATE, -1},
    {193, CROAR_SYS_TRUNCATE, -1}, // truncate64
    {38, CROAR_SYS_RENAME, -1},
    {302, CROAR_SYS_RENAMEAT, -1},
    {353, CROAR_SYS_RENAMEAT2, -1},
    {9, CROAR_SYS_LINK, -1},
    {303, CROAR_SYS_LINKAT, -1},
    {83, CROAR_SYS_SYMLINK, -1},
    {304, CROAR_SYS_SYMLINKAT, -1},
    {10, CROAR_SYS_UNLINK, -1},
    {301, CROAR_SYS_UNLINKAT, -1},
    {12, CROAR_SYS_CHDIR, -1},
    {133, CROAR_SYS_FCHDIR, -1},
    {11, CROAR_SYS_EXECVE, -1},
    {358, CROAR_SYS_EXECVEAT, -1},
};
#endif

#define TABLE_COUNT(t) (sizeof(t) / sizeof((t)[0]))

static struct sock_filter program[256];
static struct sock_fprog fprog;
static pthread_once_t program_once = PTHREAD_ONCE_INIT;
static unsigned short length;

static void emit(struct sock_filter instruction) { program[length++] = instruction; }

static uint32_t arg_low_word_offset(int index) {
    uint32_t offset = (uint32_t)(offsetof(struct seccomp_data, args) + 8 * (size_t)index);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    offset += 4;
#endif
    return offset;
}

static void emit_table(const syscall_entry *table, size_t count, int trace_x32) {
    emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
#ifdef X32_SYSCALL_BIT
    if (trace_x32) {
        // x32 programs share the x86_64 audit arch; stop on all their
        // syscalls so the tracer can at least report that it cannot decode them.
        emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, X32_SYSCALL_BIT, 0, 1));
        emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    }
#else
    (void)trace_x32;
#endif
    for (size_t i = 0; i < count; i++) {
        if (table[i].flags_arg < 0) {
            emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)table[i].nr, 0, 1));
            emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
        } else {
            emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)table[i].nr, 0, 4));
            emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, arg_low_word_offset(table[i].flags_arg)));
            emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_DIRECTORY | O_PATH, 0, 1));
            emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
            emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
        }
    }
    emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
}

static void build_program(void) {
    length = 0;
    emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 0, 1));
    unsigned short native_jump = length;
    emit((struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0));
#ifdef COMPAT_ARCH
    emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, COMPAT_ARCH, 0, 1));
    unsigned short compat_jump = length;
    emit((struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0));
#endif
    // An ABI without a table: stop on everything, the tracer reports it.
    emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
    program[native_jump].k = (uint32_t)(length - native_jump - 1);
    emit_table(native_table, TABLE_COUNT(native_table), 1);
#ifdef COMPAT_ARCH
    program[compat_jump].k = (uint32_t)(length - compat_jump - 1);
    emit_table(compat_table, TABLE_COUNT(compat_table), 0);
#endif
    fprog.len = length;
    fprog.filter = program;
}

const struct sock_fprog *croar_seccomp_program(void) {
    pthread_once(&program_once, build_program);
    return &fprog;
}

static int lookup(const syscall_entry *table, size_t count, int64_t nr) {
    for (size_t i = 0; i < count; i++) {
        if (table[i].nr == nr) return table[i].kind;
    }
    return CROAR_SYS_UNKNOWN;
}

int croar_classify(uint32_t arch, int64_t nr) {
    if (arch == NATIVE_ARCH) return lookup(native_table, TABLE_COUNT(native_table), nr);
#ifdef COMPAT_ARCH
    if (arch == COMPAT_ARCH) return lookup(compat_table, TABLE_COUNT(compat_table), nr);
#endif
    return CROAR_SYS_UNKNOWN;
}

int croar_word_size(uint32_t arch) {
    return (arch & __AUDIT_ARCH_64BIT) ? 8 : 4;
}
