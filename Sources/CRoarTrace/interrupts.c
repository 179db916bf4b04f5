// SIGINT/SIGQUIT handling of the tracer: like system(3), the tracer ignores
// the terminal's interrupt keys while the traced command runs, so that a
// Ctrl-C reaches the command (same process group) but not the tracer, which
// must outlive the command to return its report.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>

static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static int hold_count = 0;
static struct sigaction saved_int;
static struct sigaction saved_quit;

void croar_interrupts_hold(void) {
    pthread_mutex_lock(&hold_lock);
    if (hold_count++ == 0) {
        struct sigaction ignore;
        memset(&ignore, 0, sizeof ignore);
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        sigaction(SIGINT, &ignore, &saved_int);
        sigaction(SIGQUIT, &ignore, &saved_quit);
    }
    pthread_mutex_unlock(&hold_lock);
}

void croar_interrupts_release(void) {
    pthread_mutex_lock(&hold_lock);
    if (hold_count > 0 && --hold_count == 0) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGQUIT, &saved_quit, NULL);
    }
    pthread_mutex_unlock(&hold_lock);
}

void croar_interrupts_child_dispositions(int *int_ignored, int *quit_ignored) {
    pthread_mutex_lock(&hold_lock);
    if (hold_count > 0) {
        *int_ignored = saved_int.sa_handler == SIG_IGN;
        *quit_ignored = saved_quit.sa_handler == SIG_IGN;
    } else {
        struct sigaction current;
        *int_ignored = sigaction(SIGINT, NULL, &current) == 0 && current.sa_handler == SIG_IGN;
        *quit_ignored = sigaction(SIGQUIT, NULL, &current) == 0 && current.sa_handler == SIG_IGN;
    }
    pthread_mutex_unlock(&hold_lock);
}
