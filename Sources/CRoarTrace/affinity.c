// The tracer thread's CPU: every stop of a tracee wakes the tracer and every
// resume wakes the tracee. A tracer free to move lets the scheduler put it on
// whichever CPU is idle, and each wake-up then crosses CPUs (an interrupt to
// an idle CPU, costly in a virtual machine). Pinned to one CPU, the tracer is
// always woken where it last ran. Tracees keep the mask roar was given: the
// child restores it before execve, so a command sees (and may use) every CPU
// it would see untraced.
#define _GNU_SOURCE
#include "croartrace_internal.h"
#include <sched.h>

static _Thread_local cpu_set_t original_mask;
static _Thread_local int pinned;

void croar_pin_tracer_thread(void) {
    if (pinned) return;
    if (sched_getaffinity(0, sizeof original_mask, &original_mask) != 0) return;
    int cpu = sched_getcpu();
    if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &original_mask)) return;
    if (CPU_COUNT(&original_mask) < 2) return;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pinned = sched_setaffinity(0, sizeof one, &one) == 0;
}

void croar_unpin_tracer_thread(void) {
    if (!pinned) return;
    if (sched_setaffinity(0, sizeof original_mask, &original_mask) == 0) pinned = 0;
}

const cpu_set_t *croar_tracer_original_mask(void) {
    return pinned ? &original_mask : NULL;
}
