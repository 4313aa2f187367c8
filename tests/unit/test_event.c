/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of events (core/event.c): the count a signal adds and a read takes, the wake a
 * signal gives a blocked waiter, and rvkvm_event_wait's answers: at once when an event is up,
 * after a signal that comes while it sleeps, 0 after its time-out; the waiter is forgotten after.
 * Threads run on the scheduler's fake hardware (tests/fakes/fake_sched_arch.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/doorbell.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/sched.h"
#include "tests/fakes/fake_sched_arch.h"

void *core_alloc_zeroed(size_t size, size_t align)
{
	(void)align;
	return calloc(1, size);
}

static struct rvkvm_event *ev[2];
static struct sched_thread thread;
static uint8_t stack[256];
static uint32_t got;               /* what the thread's wait returned */
static uint64_t timeout_us;        /* what it waits with */
static unsigned sleeps;            /* times it gave the hart back while waiting */
static void (*while_asleep)(void); /* what happens on another hart while it sleeps */

/* The thread: one wait, then it ends. */
static void waiter(void *arg)
{
	(void)arg;
	got = rvkvm_event_wait(ev, 2, timeout_us);
	thread.why = SCHED_WHY_EXIT;
}

/* The fake switch: into the thread runs it; out of it (a block) runs while_asleep. */
static void on_switch(struct sched_ctx *save, const struct sched_ctx *load)
{
	(void)save;
	if (load == &thread.ctx) {
		waiter(NULL);
		return;
	}
	sleeps++;
	if (while_asleep) {
		while_asleep();
	}
}

static bool thread_done(void *arg)
{
	(void)arg;
	return thread.state == SCHED_EXITED || thread.why == SCHED_WHY_EXIT || fake_sched.stuck;
}

static void run_waiter(uint64_t us)
{
	timeout_us = us;
	sched_thread_setup(&thread, waiter, NULL, stack + sizeof(stack));
	assert_true(sched_thread_start(&thread));
	fake_sched.on_switch = on_switch;
	sched_run(thread_done, NULL);
}

static int setup(void **state)
{
	(void)state;
	fake_sched_reset(1);
	memset(&thread, 0, sizeof(thread));
	host_caps.timebase_freq = 1000000; /* 1 tick per microsecond */
	for (unsigned i = 0; i < 2; i++) {
		free(ev[i]);
		assert_int_equal(rvkvm_event_create(&ev[i]), 0);
	}
	got = 0xdead;
	sleeps = 0;
	while_asleep = NULL;
	return 0;
}

static void test_signal_counts_and_read_takes(void **state)
{
	(void)state;
	rvkvm_event_signal(ev[0]);
	rvkvm_event_signal(ev[0]);
	assert_int_equal(rvkvm_event_read(ev[0]), 2);
	assert_int_equal(rvkvm_event_read(ev[0]), 0);
	assert_int_equal(rvkvm_event_read(ev[1]), 0);
}

static void test_signal_wakes_blocked_waiter(void **state)
{
	struct sched_thread t;
	uint8_t st[64];
	unsigned long seq;

	(void)state;
	sched_thread_setup(&t, waiter, NULL, st + sizeof(st));
	assert_true(sched_thread_start(&t));
	assert_ptr_equal(sched_pick(0, 0, &(uint64_t){ 0 }), &t);
	seq = sched_wait_begin();
	assert_true(sched_block_prepare(&t, seq, SCHED_NO_DEADLINE));
	sched_switched_out(0, &t);
	assert_int_equal(t.state, SCHED_BLOCKED);
	ev[1]->waiter = &t;
	rvkvm_event_signal(ev[1]);
	assert_int_equal(t.state, SCHED_RUNNABLE);
	assert_int_equal(rvkvm_event_read(ev[1]), 1);
}

static void test_wait_returns_at_once_when_up(void **state)
{
	(void)state;
	rvkvm_event_signal(ev[1]);
	run_waiter(RVKVM_WAIT_FOREVER);
	assert_int_equal(got, 2);
	assert_int_equal(sleeps, 0);
	/* The wait reads nothing, and forgets its waiter. */
	assert_int_equal(rvkvm_event_read(ev[1]), 1);
	assert_null(ev[0]->waiter);
	assert_null(ev[1]->waiter);
}

static void signal_first(void)
{
	rvkvm_event_signal(ev[0]);
}

static void test_wait_wakes_on_signal(void **state)
{
	(void)state;
	while_asleep = signal_first;
	run_waiter(RVKVM_WAIT_FOREVER);
	assert_int_equal(got, 1);
	assert_int_equal(sleeps, 1);
	assert_null(ev[0]->waiter);
}

static void time_passes(void)
{
	fake_sched.now += 400;
}

static void test_wait_times_out(void **state)
{
	(void)state;
	while_asleep = time_passes;
	run_waiter(1000);
	assert_int_equal(got, 0);
	/* It slept until the deadline (1000 ticks), looking again each time it was woken. */
	assert_true(fake_sched.now >= 1000);
	assert_int_equal(sleeps, 3);
	assert_null(ev[0]->waiter);
}

static void test_wait_needs_a_thread_and_sane_count(void **state)
{
	(void)state;
	rvkvm_event_signal(ev[0]);
	/* Not a scheduler thread (the hart's own loop): nothing to block, so no answer. */
	assert_int_equal(rvkvm_event_wait(ev, 2, 0), 0);
	assert_int_equal(rvkvm_event_wait(ev, 0, 0), 0);
	assert_int_equal(rvkvm_event_wait(ev, 33, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_signal_counts_and_read_takes, setup),
		cmocka_unit_test_setup(test_signal_wakes_blocked_waiter, setup),
		cmocka_unit_test_setup(test_wait_returns_at_once_when_up, setup),
		cmocka_unit_test_setup(test_wait_wakes_on_signal, setup),
		cmocka_unit_test_setup(test_wait_times_out, setup),
		cmocka_unit_test_setup(test_wait_needs_a_thread_and_sane_count, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
