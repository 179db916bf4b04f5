// CRoarTrace: the C side of roar's process tracer.
//
// Swift cannot safely run code between fork and exec, cannot call variadic
// functions such as ptrace(2) and syscall(2), and does not import the
// function-like wait-status macros. This shim provides exactly those pieces
// and nothing else; the tracing logic lives in the Swift target RoarTrace.
//
// Linux only. x86_64 is the primary architecture (with its i386 compat ABI);
// aarch64 is prepared for but untested.
#ifndef CROARTRACE_H
#define CROARTRACE_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __linux__
#include <sys/wait.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Launch

/// Where a launch or probe failed, reported together with an errno value.
typedef enum {
    CROAR_STAGE_NONE = 0,
    CROAR_STAGE_PIPE = 1,
    CROAR_STAGE_FORK = 2,
    CROAR_STAGE_SEIZE = 3,
    CROAR_STAGE_HANDSHAKE = 4,
    CROAR_STAGE_SETPGID = 5,
    CROAR_STAGE_CHDIR = 6,
    CROAR_STAGE_NO_NEW_PRIVS = 7,
    CROAR_STAGE_SECCOMP = 8,
    CROAR_STAGE_EXEC = 9,
    CROAR_STAGE_WAIT = 10,
    CROAR_STAGE_PROBE_EVENT = 11,
    CROAR_STAGE_PROBE_SYSCALL = 12,
    CROAR_STAGE_PROBE_MEMORY = 13,
    CROAR_STAGE_PROBE_EXIT = 14,
    CROAR_STAGE_AFFINITY = 15,
} croar_stage;

/// What to start. `path` is the executable (already resolved, no PATH
/// search happens in the child); `envp` NULL means the current environment.
typedef struct {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;          // NULL: inherit
    int new_process_group;    // setpgid(0, 0) in the child
} croar_spawn_spec;

/// Outcome of croar_spawn_traced.
typedef struct {
    pid_t pid;        // the seized child (valid when the call returns 0)
    int error_fd;     // read end of the CLOEXEC error pipe (close it when done)
    int stage;        // croar_stage on failure
    int error;        // errno on failure
} croar_spawn_result;

/// The ptrace options roar uses (seccomp stops, fork/vfork/clone/exec
/// events, SIGTRAP|0x80 syscall stops, kill the tree if the tracer dies).
unsigned long croar_trace_options(void);

/// Forks, makes the child wait until the calling thread has PTRACE_SEIZEd
/// it, then lets it set itself up (process group, cwd, no_new_privs,
/// seccomp filter) and execve. Returns 0 once the child is seized and
/// released; its first stop will be the seccomp stop of that execve.
/// Returns -1 with out->stage/out->error when nothing was started.
/// Must be called on the thread that will wait for and control the tracee.
int croar_spawn_traced(const croar_spawn_spec *spec, croar_spawn_result *out);

/// Pins the calling (tracer) thread to the CPU it runs on, when it may run on
/// several: stops and resumes then wake each side without crossing CPUs as
/// often. Commands spawned afterwards get the thread's previous mask back.
void croar_pin_tracer_thread(void);

/// Gives the calling thread back the mask it had before croar_pin_tracer_thread.
void croar_unpin_tracer_thread(void);

/// After the root tracee exited without a successful exec: reads the
/// (stage, errno) the child reported. Returns 1 if a report was read.
int croar_read_launch_error(int fd, int *stage, int *error);

/// Checks that ptrace, seccomp-BPF with SECCOMP_RET_TRACE, syscall
/// decoding and tracee memory reads all work, using a short-lived child
/// that never execs. Returns 0, or -1 with stage and errno.
int croar_probe(int *stage, int *error);

/// Ignores SIGINT and SIGQUIT in the tracer while at least one trace runs
/// (as system(3) does); children get the original dispositions back.
void croar_interrupts_hold(void);
/// Undoes one croar_interrupts_hold; the last one restores the handlers.
void croar_interrupts_release(void);

// MARK: - ptrace wrappers (return -1 and set errno on failure)

long croar_ptrace_cont(pid_t pid, int signal);
/// Resumes until the syscall-exit-stop of the current syscall.
long croar_ptrace_syscall(pid_t pid, int signal);
/// Keeps a group-stopped (seized) tracee stopped but lets it report events.
long croar_ptrace_listen(pid_t pid);
long croar_ptrace_geteventmsg(pid_t pid, unsigned long *message);
long croar_ptrace_kill(pid_t pid);

// MARK: - Syscall decoding

/// The traced syscalls, independent of architecture and ABI.
typedef enum {
    CROAR_SYS_UNKNOWN = 0,
    CROAR_SYS_OPEN,
    CROAR_SYS_OPENAT,
    CROAR_SYS_OPENAT2,
    CROAR_SYS_CREAT,
    CROAR_SYS_TRUNCATE,
    CROAR_SYS_RENAME,
    CROAR_SYS_RENAMEAT,
    CROAR_SYS_RENAMEAT2,
    CROAR_SYS_LINK,
    CROAR_SYS_LINKAT,
    CROAR_SYS_SYMLINK,
    CROAR_SYS_SYMLINKAT,
    CROAR_SYS_UNLINK,
    CROAR_SYS_UNLINKAT,
    CROAR_SYS_CHDIR,
    CROAR_SYS_FCHDIR,
    CROAR_SYS_EXECVE,
    CROAR_SYS_EXECVEAT,
} croar_syscall_kind;

/// Which stop a croar_syscall describes.
typedef enum {
    CROAR_OP_NONE = 0,
    CROAR_OP_ENTRY = 1,
    CROAR_OP_EXIT = 2,
    CROAR_OP_SECCOMP = 3,
    CROAR_OP_UNKNOWN = 255, // decoded from registers: the caller knows
} croar_syscall_op;

/// One decoded syscall stop.
typedef struct {
    int32_t op;          // croar_syscall_op
    int32_t kind;        // croar_syscall_kind
    uint32_t arch;       // AUDIT_ARCH_* of the calling ABI
    int32_t word_size;   // pointer size of the calling ABI (8 or 4)
    int64_t nr;
    uint64_t args[6];
    int64_t rval;        // exit stops: return value (-errno on error)
    int32_t is_error;
} croar_syscall;

/// Fills `out` for a tracee in a seccomp or syscall-exit stop, with
/// PTRACE_GET_SYSCALL_INFO when the kernel has it, else from registers.
int croar_get_syscall(pid_t pid, croar_syscall *out);

/// At a fork/vfork/clone event stop: the clone flags the parent passed
/// (0 for fork). Returns -1 when they cannot be determined.
int croar_get_clone_flags(pid_t pid, uint64_t *flags);

// MARK: - Tracee memory

/// Copies len bytes at addr in the tracee into buf. Returns the number of
/// bytes copied (short at an unmapped page) or -1.
ssize_t croar_read_memory(pid_t pid, uint64_t addr, void *buf, size_t len);

/// Copies the NUL-terminated string at addr into buf (always terminated).
/// Returns its length, -1 on error, -2 if longer than cap - 1.
ssize_t croar_read_string(pid_t pid, uint64_t addr, char *buf, size_t cap);

// MARK: - Wait status (the macros are not imported into Swift)

static inline int croar_wifexited(int status) { return WIFEXITED(status); }
static inline int croar_wexitstatus(int status) { return WEXITSTATUS(status); }
static inline int croar_wifsignaled(int status) { return WIFSIGNALED(status); }
static inline int croar_wtermsig(int status) { return WTERMSIG(status); }
static inline int croar_wifstopped(int status) { return WIFSTOPPED(status); }
static inline int croar_wstopsig(int status) { return WSTOPSIG(status); }
/// The PTRACE_EVENT_* of a ptrace event stop, 0 otherwise.
static inline int croar_wptrace_event(int status) { return (status >> 16) & 0xff; }

/// Waits for any tracee or child of the calling thread only (__WALL |
/// __WNOTHREAD), so other threads' children are never reaped.
pid_t croar_wait_any(int *status);

// Constants Swift cannot import as macros.
enum {
    CROAR_EVENT_FORK = 1,
    CROAR_EVENT_VFORK = 2,
    CROAR_EVENT_CLONE = 3,
    CROAR_EVENT_EXEC = 4,
    CROAR_EVENT_EXIT = 6,
    CROAR_EVENT_SECCOMP = 7,
    CROAR_EVENT_STOP = 128,
    CROAR_SYSCALL_TRAP = 0x80 | 5, // SIGTRAP | 0x80 (PTRACE_O_TRACESYSGOOD)
    CROAR_CLONE_THREAD = 0x00010000,
    CROAR_CLONE_FS = 0x00000200,
    CROAR_AT_FDCWD = -100,
    CROAR_AT_REMOVEDIR = 0x200,
    CROAR_AT_EMPTY_PATH = 0x1000,
    CROAR_RENAME_EXCHANGE = 2,
    CROAR_O_PATH = 010000000, // same value on x86_64 and aarch64
};

#ifdef __cplusplus
}
#endif

#endif // __linux__
#endif // CROARTRACE_H
