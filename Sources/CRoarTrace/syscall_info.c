// ptrace requests with fixed signatures, and decoding of syscall stops:
// PTRACE_GET_SYSCALL_INFO (Linux 5.3+) or the registers as a fallback.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#if defined(__aarch64__)
#include <elf.h>
#include <asm/ptrace.h>
#endif

#define CROAR_PTRACE_GET_SYSCALL_INFO 0x420e

// The kernel's struct ptrace_syscall_info, declared here so that older C
// libraries without it still build.
struct croar_ptrace_syscall_info {
    uint8_t op;
    uint8_t pad[3];
    uint32_t arch;
    uint64_t instruction_pointer;
    uint64_t stack_pointer;
    union {
        struct {
            uint64_t nr;
            uint64_t args[6];
        } entry;
        struct {
            int64_t rval;
            uint8_t is_error;
        } exit;
        struct {
            uint64_t nr;
            uint64_t args[6];
            uint32_t ret_data;
        } seccomp;
    };
};

unsigned long croar_trace_options(void) {
    return PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
           PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;
}

long croar_ptrace_cont(pid_t pid, int signal) {
    return ptrace(PTRACE_CONT, pid, NULL, (void *)(intptr_t)signal);
}

long croar_ptrace_syscall(pid_t pid, int signal) {
    return ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(intptr_t)signal);
}

long croar_ptrace_listen(pid_t pid) {
    return ptrace(PTRACE_LISTEN, pid, NULL, NULL);
}

long croar_ptrace_geteventmsg(pid_t pid, unsigned long *message) {
    return ptrace(PTRACE_GETEVENTMSG, pid, NULL, message);
}

long croar_ptrace_kill(pid_t pid) {
    return kill(pid, SIGKILL);
}

pid_t croar_wait_any(int *status) {
    pid_t pid;
    do {
        pid = waitpid(-1, status, __WALL | __WNOTHREAD);
    } while (pid < 0 && errno == EINTR);
    return pid;
}

static atomic_int syscall_info_unsupported = 0;

static int from_registers(pid_t pid, croar_syscall *out) {
    out->op = CROAR_OP_UNKNOWN;
#if defined(__x86_64__)
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0) return -1;
    if (regs.cs == 0x23) { // 32-bit user code segment: the i386 ABI
        out->arch = AUDIT_ARCH_I386;
        out->nr = (int32_t)regs.orig_rax;
        uint64_t args[6] = {regs.rbx, regs.rcx, regs.rdx, regs.rsi, regs.rdi, regs.rbp};
        for (int i = 0; i < 6; i++) out->args[i] = (uint32_t)args[i];
        out->rval = (int32_t)regs.rax;
    } else {
        out->arch = AUDIT_ARCH_X86_64;
        out->nr = (int64_t)regs.orig_rax;
        uint64_t args[6] = {regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9};
        memcpy(out->args, args, sizeof args);
        out->rval = (int64_t)regs.rax;
    }
#elif defined(__aarch64__)
    struct user_pt_regs regs;
    struct iovec iov = {&regs, sizeof regs};
    if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) != 0) return -1;
    out->arch = AUDIT_ARCH_AARCH64;
    out->nr = (int64_t)regs.regs[8];
    for (int i = 0; i < 6; i++) out->args[i] = regs.regs[i];
    out->rval = (int64_t)regs.regs[0];
#endif
    out->is_error = out->rval < 0 && out->rval >= -4095;
    out->word_size = croar_word_size(out->arch);
    out->kind = croar_classify(out->arch, out->nr);
    return 0;
}

int croar_get_syscall(pid_t pid, croar_syscall *out) {
    memset(out, 0, sizeof *out);
    if (!atomic_load_explicit(&syscall_info_unsupported, memory_order_relaxed)) {
        struct croar_ptrace_syscall_info info;
        memset(&info, 0, sizeof info);
        long size = ptrace((enum __ptrace_request)CROAR_PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof info, &info);
        if (size > 0) {
            out->op = info.op;
            out->arch = info.arch;
            out->word_size = croar_word_size(info.arch);
            switch (info.op) {
            case CROAR_OP_ENTRY:
                out->nr = (int64_t)info.entry.nr;
                memcpy(out->args, info.entry.args, sizeof out->args);
                break;
            case CROAR_OP_SECCOMP:
                out->nr = (int64_t)info.seccomp.nr;
                memcpy(out->args, info.seccomp.args, sizeof out->args);
                break;
            case CROAR_OP_EXIT:
                out->rval = info.exit.rval;
                out->is_error = info.exit.is_error;
                return 0;
            default:
                return 0;
            }
            out->kind = croar_classify(out->arch, out->nr);
            return 0;
        }
        if (errno != EIO) return -1;
        atomic_store_explicit(&syscall_info_unsupported, 1, memory_order_relaxed);
    }
    return from_registers(pid, out);
}

int croar_get_clone_flags(pid_t pid, uint64_t *flags) {
#if defined(__x86_64__)
    struct user_regs_struct regs;
    if (ptrace(PTRACE_GETREGS, pid, NULL, &regs) != 0) return -1;
    int compat = regs.cs == 0x23;
    long nr = compat ? (int32_t)regs.orig_rax : (long)regs.orig_rax;
    uint64_t first = compat ? (uint32_t)regs.rbx : regs.rdi;
    long nr_clone = compat ? 120 : SYS_clone;
    long nr_fork = compat ? 2 : SYS_fork;
    long nr_vfork = compat ? 190 : SYS_vfork;
#elif defined(__aarch64__)
    struct user_pt_regs regs;
    struct iovec iov = {&regs, sizeof regs};
    if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &iov) != 0) return -1;
    long nr = (long)regs.regs[8];
    uint64_t first = regs.regs[0];
    long nr_clone = SYS_clone, nr_fork = -1, nr_vfork = -1;
#endif
    if (nr == nr_clone) {
        *flags = first;
        return 0;
    }
    if (nr == 435) { // clone3: flags are the first field of struct clone_args
        uint64_t value = 0;
        if (croar_read_memory(pid, first, &value, sizeof value) != (ssize_t)sizeof value) return -1;
        *flags = value;
        return 0;
    }
    if (nr == nr_fork) {
        *flags = 0;
        return 0;
    }
    if (nr == nr_vfork) {
        *flags = 0x00000100 | 0x00004000; // CLONE_VM | CLONE_VFORK
        return 0;
    }
    return -1;
}
