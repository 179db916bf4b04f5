// Declarations shared by the CRoarTrace implementation files (not public).
#ifndef CROARTRACE_INTERNAL_H
#define CROARTRACE_INTERNAL_H

#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before including croartrace_internal.h"
#endif

#include "croartrace.h"
#include <linux/filter.h>
#include <sched.h>
#include <stdint.h>

/// The seccomp-BPF program of roar's tracer, built once, before any fork.
const struct sock_fprog *croar_seccomp_program(void);

/// Maps a syscall number of the given audit arch to a croar_syscall_kind.
int croar_classify(uint32_t arch, int64_t nr);

/// Pointer size of the ABI with the given audit arch.
int croar_word_size(uint32_t arch);

/// Dispositions the child must restore for SIGINT and SIGQUIT (1: ignore).
void croar_interrupts_child_dispositions(int *int_ignored, int *quit_ignored);

/// The CPU mask the tracer thread had before croar_pin_tracer_thread, which
/// the child restores; NULL when the thread is not pinned.
const cpu_set_t *croar_tracer_original_mask(void);

/// Shared by croar_spawn_traced and croar_probe: with probe != 0 the child
/// does one openat("/") instead of execve and exits 0 if it succeeded.
int croar_spawn_internal(const croar_spawn_spec *spec, int probe, croar_spawn_result *out);

#endif
