/* SPDX-License-Identifier: Apache-2.0 */
/* Threads for the VMM on top of the scheduler (core/sched.c): start one, wait for a flag, idle. */
#include "core/hart_work.h"

#include "core/hart.h"
#include "core/host_mem.h"
#include "core/sched.h"

#define THREAD_STACK_SIZE HART_STACK_SIZE
#define THREAD_ALIGN 64
/* A thread and its stack come in one block: the thread first, the stack above it. */
#define THREAD_HEAD_SIZE \
	((sizeof(struct sched_thread) + THREAD_ALIGN - 1) & ~(size_t)(THREAD_ALIGN - 1))

unsigned hart_work_harts(void)
{
	return hart_count;
}

bool hart_work_start(unsigned index, void (*fn)(void *), void *arg)
{
	void *block = core_alloc_zeroed(THREAD_HEAD_SIZE + THREAD_STACK_SIZE, THREAD_ALIGN);
	struct sched_thread *t = block;

	if (!block || hart_count == 0) {
		return false;
	}
	sched_thread_setup(t, fn, arg, (uint8_t *)block + THREAD_HEAD_SIZE + THREAD_STACK_SIZE);
	/* Only a preference: the first idle hart takes it if this one is busy. */
	t->last_hart = (int)(index % hart_count);
	t->home = t->last_hart; /* where it stays while the harts are not overcommitted */
	return sched_thread_start(t);
}

struct flag_wait {
	const unsigned *flag;
	unsigned want;
};

static bool flag_reached(void *arg)
{
	const struct flag_wait *w = arg;

	return __atomic_load_n(w->flag, __ATOMIC_ACQUIRE) >= w->want;
}

/*
 * The hart runs threads meanwhile (the boot hart's share of the vCPUs); with none to run it
 * sleeps in WFI, never spins: under QEMU's -icount all harts share one host thread.
 */
void hart_work_wait(const unsigned *flag, unsigned want)
{
	struct flag_wait w = { flag, want };

	sched_run(flag_reached, &w);
}

void hart_work_wake_boot(void)
{
	if (hart_self() != &harts[0]) {
		sched_arch_kick_hart(0);
	}
}

void hart_work_idle(void)
{
	sched_run(NULL, NULL);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
