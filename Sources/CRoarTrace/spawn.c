// Starting the traced command: fork, a handshake so the child only proceeds
// once this thread has PTRACE_SEIZEd it, then in the child (async-signal-
// safe calls only) the CPU mask roar was given, process group, cwd,
// no_new_privs, the seccomp filter and execve. A CLOEXEC pipe carries a failure (stage, errno) back; it sees EOF
// when execve succeeds.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/// Reports a setup failure to the parent and exits; the command never ran.
static void child_fail(int error_fd, int stage, int error) {
    int message[2] = {stage, error};
    ssize_t ignored = write(error_fd, message, sizeof message);
    (void)ignored;
    _exit(127);
}

/// Handlers do not survive execve, but one could run between fork and
/// execve once signals are unblocked: reset them first, as posix_spawn does.
static void child_reset_signals(int int_ignored, int quit_ignored) {
    struct sigaction action;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        if (sigaction(sig, NULL, &action) != 0) continue;
        if (action.sa_handler == SIG_DFL || action.sa_handler == SIG_IGN) continue;
        memset(&action, 0, sizeof action);
        action.sa_handler = SIG_DFL;
        sigaction(sig, &action, NULL);
    }
    memset(&action, 0, sizeof action);
    action.sa_handler = int_ignored ? SIG_IGN : SIG_DFL;
    sigaction(SIGINT, &action, NULL);
    action.sa_handler = quit_ignored ? SIG_IGN : SIG_DFL;
    sigaction(SIGQUIT, &action, NULL);
}

static int install_filter(const struct sock_fprog *program) {
#ifdef SYS_seccomp
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, program) == 0) return 0;
    if (errno != ENOSYS) return -1;
#endif
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, program, 0, 0);
}

static void child_main(const croar_spawn_spec *spec, int probe, const struct sock_fprog *program, int sync_fd,
                       int error_fd, int int_ignored, int quit_ignored, const cpu_set_t *cpu_mask) {
    char go = 0;
    ssize_t n;
    do {
        n = read(sync_fd, &go, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) child_fail(error_fd, CROAR_STAGE_HANDSHAKE, n < 0 ? errno : EPIPE);
    close(sync_fd);

    // The command runs on every CPU roar may use, not only the tracer's.
    if (cpu_mask != NULL && sched_setaffinity(0, sizeof *cpu_mask, cpu_mask) != 0)
        child_fail(error_fd, CROAR_STAGE_AFFINITY, errno);
    if (spec->new_process_group && setpgid(0, 0) != 0) child_fail(error_fd, CROAR_STAGE_SETPGID, errno);
    if (spec->cwd != NULL && chdir(spec->cwd) != 0) child_fail(error_fd, CROAR_STAGE_CHDIR, errno);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail(error_fd, CROAR_STAGE_NO_NEW_PRIVS, errno);
    if (install_filter(program) != 0) child_fail(error_fd, CROAR_STAGE_SECCOMP, errno);

    // The command starts with no blocked signals, whatever the mask of the
    // tracer thread (thread-pool threads block most signals).
    child_reset_signals(int_ignored, quit_ignored);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    if (probe) {
        long fd = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_CLOEXEC);
        _exit(fd >= 0 ? 0 : 1);
    }
    execve(spec->path, spec->argv, spec->envp != NULL ? spec->envp : environ);
    child_fail(error_fd, CROAR_STAGE_EXEC, errno);
}

static void fail(croar_spawn_result *out, int stage, int error) {
    out->pid = -1;
    out->error_fd = -1;
    out->stage = stage;
    out->error = error;
}

int croar_spawn_internal(const croar_spawn_spec *spec, int probe, croar_spawn_result *out) {
    const struct sock_fprog *program = croar_seccomp_program();
    int sync_pair[2];
    int error_pipe[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync_pair) != 0) {
        fail(out, CROAR_STAGE_PIPE, errno);
        return -1;
    }
    if (pipe2(error_pipe, O_CLOEXEC) != 0) {
        int error = errno;
        close(sync_pair[0]);
        close(sync_pair[1]);
        fail(out, CROAR_STAGE_PIPE, error);
        return -1;
    }
    const cpu_set_t *cpu_mask = croar_tracer_original_mask();
    int int_ignored = 0, quit_ignored = 0;
    croar_interrupts_child_dispositions(&int_ignored, &quit_ignored);

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        close(sync_pair[0]);
        close(error_pipe[0]);
        child_main(spec, probe, program, sync_pair[1], error_pipe[1], int_ignored, quit_ignored, cpu_mask);
    }
    int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(sync_pair[1]);
    close(error_pipe[1]);
    if (pid < 0) {
        close(sync_pair[0]);
        close(error_pipe[0]);
        fail(out, CROAR_STAGE_FORK, fork_error);
        return -1;
    }
    if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)croar_trace_options()) != 0) {
        int error = errno;
        close(sync_pair[0]); // the child sees EOF and exits
        kill(pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
        close(error_pipe[0]);
        fail(out, CROAR_STAGE_SEIZE, error);
        return -1;
    }
    char go = 1;
    ssize_t sent;
    do {
        sent = send(sync_pair[0], &go, 1, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    int send_error = errno;
    close(sync_pair[0]);
    if (sent != 1) {
        kill(pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
        close(error_pipe[0]);
        fail(out, CROAR_STAGE_HANDSHAKE, send_error);
        return -1;
    }
    out->pid = pid;
    out->error_fd = error_pipe[0];
    out->stage = CROAR_STAGE_NONE;
    out->error = 0;
    return 0;
}

int croar_spawn_traced(const croar_spawn_spec *spec, croar_spawn_result *out) {
    return croar_spawn_internal(spec, 0, out);
}

int croar_read_launch_error(int fd, int *stage, int *error) {
    int message[2] = {0, 0};
    ssize_t n;
    do {
        n = read(fd, message, sizeof message);
    } while (n < 0 && errno == EINTR);
    if (n != (ssize_t)sizeof message) return 0;
    *stage = message[0];
    *error = message[1];
    return 1;
}
