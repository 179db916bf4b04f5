// Preflight: proves, before any command runs, that this process may trace
// (ptrace permitted, seccomp filters with SECCOMP_RET_TRACE accepted,
// syscall stops decodable, tracee memory readable).
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int finish(pid_t pid, int fd, int stage, int error, int *out_stage, int *out_error) {
    if (pid > 0) {
        kill(pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, __WALL) >= 0 || errno == EINTR) {}
    }
    if (fd >= 0) close(fd);
    *out_stage = stage;
    *out_error = error;
    return stage == CROAR_STAGE_NONE ? 0 : -1;
}

int croar_probe(int *stage, int *error) {
    croar_spawn_spec spec;
    memset(&spec, 0, sizeof spec);
    croar_spawn_result started;
    if (croar_spawn_internal(&spec, 1, &started) != 0) {
        *stage = started.stage;
        *error = started.error;
        return -1;
    }
    pid_t pid = started.pid;
    int saw_seccomp_stop = 0;
    for (;;) {
        int status = 0;
        pid_t got;
        do {
            got = waitpid(pid, &status, __WALL);
        } while (got < 0 && errno == EINTR);
        if (got < 0) return finish(-1, started.error_fd, CROAR_STAGE_WAIT, errno, stage, error);
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            int child_stage = 0, child_error = 0;
            if (croar_read_launch_error(started.error_fd, &child_stage, &child_error)) {
                return finish(-1, started.error_fd, child_stage, child_error, stage, error);
            }
            if (!saw_seccomp_stop) return finish(-1, started.error_fd, CROAR_STAGE_PROBE_EVENT, 0, stage, error);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                return finish(-1, started.error_fd, CROAR_STAGE_PROBE_EXIT, 0, stage, error);
            }
            return finish(-1, started.error_fd, CROAR_STAGE_NONE, 0, stage, error);
        }
        if (!WIFSTOPPED(status)) continue;
        int event = croar_wptrace_event(status);
        int signal = 0;
        if (event == CROAR_EVENT_SECCOMP) {
            croar_syscall call;
            if (croar_get_syscall(pid, &call) != 0) {
                return finish(pid, started.error_fd, CROAR_STAGE_PROBE_SYSCALL, errno, stage, error);
            }
            if (call.kind != CROAR_SYS_OPENAT) {
                return finish(pid, started.error_fd, CROAR_STAGE_PROBE_SYSCALL, EINVAL, stage, error);
            }
            char path[8];
            ssize_t length = croar_read_string(pid, call.args[1], path, sizeof path);
            if (length != 1 || path[0] != '/') {
                return finish(pid, started.error_fd, CROAR_STAGE_PROBE_MEMORY, length < 0 ? errno : EINVAL, stage,
                              error);
            }
            saw_seccomp_stop = 1;
        } else if (event == 0 && WSTOPSIG(status) != CROAR_SYSCALL_TRAP) {
            signal = WSTOPSIG(status);
        }
        if (croar_ptrace_cont(pid, signal) != 0 && errno != ESRCH) {
            return finish(pid, started.error_fd, CROAR_STAGE_PROBE_EVENT, errno, stage, error);
        }
    }
}
