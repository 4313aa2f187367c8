/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the vCPU scheduler (core/sched.c): the run queue and its round-robin order,
 * time slices, blocking and wake-ups with deadlines, idle-hart kicks, and every interleaving of
 * a wake with a block (no wake-up is ever lost).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/sched.h"
#include "tests/fakes/fake_sched_arch.h"

#define NSIM 4

/* A simulated thread: switching to it runs one step of its script, which ends in a switch back. */
struct sim {
	struct sched_thread t;
	void (*step)(struct sim *s);
	unsigned runs;
	unsigned aborted_blocks; /* sched_block calls that returned without blocking */
	uint64_t block_for;      /* for step_block_timed */
};

static struct sim sims[NSIM];
static unsigned switch_backs; /* switches from a thread to the hart's loop */
static int run_log[1024];
static unsigned run_log_len;

static struct sim *sim_of_ctx(const struct sched_ctx *ctx)
{
	for (unsigned i = 0; i < NSIM; i++) {
		if (ctx == &sims[i].t.ctx) {
			return &sims[i];
		}
	}
	return NULL;
}

/* The hart's loop switched to a thread: run its step (a thread switching back lands here too). */
static void sim_switch(struct sched_ctx *save, const struct sched_ctx *load)
{
	struct sim *s = sim_of_ctx(load);

	(void)save;
	if (!s) {
		switch_backs++;
		return; /* a thread giving the hart back: the step goes on, then returns */
	}
	s->runs++;
	if (run_log_len < sizeof(run_log) / sizeof(run_log[0])) {
		run_log[run_log_len++] = (int)(s - sims);
	}
	s->step(s);
}

static void dummy_fn(void *arg)
{
	(void)arg;
}

static uint8_t stacks[NSIM][64];

static void setup_sims(unsigned n, void (*step)(struct sim *s))
{
	memset(sims, 0, sizeof(sims));
	run_log_len = 0;
	switch_backs = 0;
	for (unsigned i = 0; i < n; i++) {
		sched_thread_setup(&sims[i].t, dummy_fn, &sims[i], stacks[i] + sizeof(stacks[i]));
		sims[i].step = step;
	}
}

static int reset(void **state)
{
	(void)state;
	fake_sched_reset(1);
	return 0;
}

static void step_yield(struct sim *s)
{
	(void)s;
	sched_yield();
}

static void step_exit(struct sim *s)
{
	/* What sched_exit does before it switches away for good (sched_exit itself never returns). */
	s->t.why = SCHED_WHY_EXIT;
}

static unsigned stop_after;

static bool enough_runs(void *arg)
{
	unsigned sum = 0;

	(void)arg;
	for (unsigned i = 0; i < NSIM; i++) {
		sum += sims[i].runs;
	}
	return sum >= stop_after || fake_sched.stuck;
}

/* ---- the run queue ------------------------------------------------------------------------ */

static void test_fifo_order(void **state)
{
	uint64_t deadline = 0;

	(void)state;
	setup_sims(3, step_yield);
	for (unsigned i = 0; i < 3; i++) {
		assert_true(sched_thread_start(&sims[i].t));
		assert_int_equal(sims[i].t.state, SCHED_RUNNABLE);
	}
	assert_false(sched_thread_start(&sims[0].t)); /* started twice */
	assert_int_equal(sched_queued(), 3);
	assert_int_equal(sched_live_threads(), 3);
	for (unsigned i = 0; i < 3; i++) {
		struct sched_thread *t = sched_pick(0, 0, &deadline);

		assert_ptr_equal(t, &sims[i].t);
		assert_int_equal(t->state, SCHED_RUNNING);
		assert_int_equal(t->hart, 0);
		assert_int_equal(t->slice_end, FAKE_SLICE);
		/* Back in the queue behind the others. */
		t->why = SCHED_WHY_YIELD;
		sched_switched_out(0, t);
		assert_int_equal(t->state, SCHED_RUNNABLE);
		assert_int_equal(t->last_hart, 0);
	}
	assert_ptr_equal(sched_pick(0, 0, &deadline), &sims[0].t);
	assert_int_equal(sched_queued(), 2);
}

static void test_round_robin_is_fair(void **state)
{
	(void)state;
	setup_sims(3, step_yield);
	for (unsigned i = 0; i < 3; i++) {
		assert_true(sched_thread_start(&sims[i].t));
	}
	fake_sched.on_switch = sim_switch;
	stop_after = 300;
	sched_run(enough_runs, NULL);
	assert_false(fake_sched.stuck);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(sims[i].runs, 100);
	}
	/* Strictly in turn, and each switch-out put away the thread's state. */
	for (unsigned i = 0; i < 300; i++) {
		assert_int_equal(run_log[i], (int)(i % 3));
	}
	assert_int_equal(fake_sched.unloads, 300);
	assert_int_equal(fake_sched.idles, 0);
}

static void test_alone_it_runs_again(void **state)
{
	(void)state;
	setup_sims(1, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	fake_sched.on_switch = sim_switch;
	stop_after = 5;
	sched_run(enough_runs, NULL);
	assert_int_equal(sims[0].runs, 5);
	assert_int_equal(fake_sched.idles, 0);
}

static void test_exit_retires_thread(void **state)
{
	(void)state;
	setup_sims(2, step_exit);
	assert_true(sched_thread_start(&sims[0].t));
	assert_true(sched_thread_start(&sims[1].t));
	fake_sched.on_switch = sim_switch;
	stop_after = 100;
	sched_run(enough_runs, NULL);
	/* Each ran once; then nothing was left and the hart went to sleep for good. */
	assert_true(fake_sched.stuck);
	assert_int_equal(sims[0].runs, 1);
	assert_int_equal(sims[1].runs, 1);
	assert_int_equal(sims[0].t.state, SCHED_EXITED);
	assert_int_equal(sched_live_threads(), 0);
	assert_int_equal(sched_queued(), 0);
}

static void test_thread_table_full(void **state)
{
	static struct sched_thread many[SCHED_MAX_THREADS + 1];
	uint64_t deadline;

	(void)state;
	for (unsigned i = 0; i < SCHED_MAX_THREADS; i++) {
		sched_thread_setup(&many[i], dummy_fn, NULL, stacks[0]);
		assert_true(sched_thread_start(&many[i]));
	}
	sched_thread_setup(&many[SCHED_MAX_THREADS], dummy_fn, NULL, stacks[0]);
	assert_false(sched_thread_start(&many[SCHED_MAX_THREADS]));
	assert_int_equal(many[SCHED_MAX_THREADS].state, SCHED_NEW);
	/* One exits: there is room again. */
	many[0].why = SCHED_WHY_EXIT;
	assert_ptr_equal(sched_pick(0, 0, &deadline), &many[0]);
	sched_switched_out(0, &many[0]);
	assert_true(sched_thread_start(&many[SCHED_MAX_THREADS]));
}

/* ---- time slices -------------------------------------------------------------------------- */

static void test_slice_alone_is_renewed(void **state)
{
	uint64_t deadline;
	struct sched_thread *t;

	(void)state;
	setup_sims(2, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	t = sched_pick(0, 1000, &deadline);
	assert_ptr_equal(t, &sims[0].t);
	assert_ptr_equal(sched_current(), t);
	assert_int_equal(t->slice_end, 1000 + FAKE_SLICE);
	assert_false(sched_tick(1050));
	/* The slice ends with nobody waiting: a new one, no preemption. */
	assert_false(sched_tick(1000 + FAKE_SLICE));
	assert_false(sched_need_resched());
	assert_int_equal(t->slice_end, 1000 + 2 * FAKE_SLICE);
	/* Another thread waits now: it gets the hart when the slice is over, not before. */
	assert_true(sched_thread_start(&sims[1].t));
	assert_false(sched_tick(1000 + 2 * FAKE_SLICE - 1));
	assert_true(sched_tick(1000 + 2 * FAKE_SLICE));
	assert_true(sched_need_resched());
}

static void test_timer_deadline_only_when_overcommitted(void **state)
{
	uint64_t deadline;
	struct sched_thread *t;

	(void)state;
	fake_sched_reset(2);
	setup_sims(3, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	assert_true(sched_thread_start(&sims[1].t));
	t = sched_pick(0, 0, &deadline);
	assert_ptr_equal(t, &sims[0].t);
	/* Two threads on two harts: never preempted, no timer needed. */
	assert_true(sched_timer_deadline() == SCHED_NO_DEADLINE);
	assert_true(sched_thread_start(&sims[2].t));
	assert_true(sched_timer_deadline() == FAKE_SLICE);
	/* Not running a thread (the hart's loop): nothing. */
	fake_sched.hart = 1;
	assert_true(sched_timer_deadline() == SCHED_NO_DEADLINE);
}

/* ---- blocking, wake-ups and deadlines ---------------------------------------------------- */

/* Makes t (running on hart `hart`) block with a deadline, as sched_block and the hart's loop do. */
static void block(struct sched_thread *t, unsigned hart, uint64_t deadline)
{
	unsigned long seq;

	fake_sched.hart = hart;
	seq = sched_wait_begin();
	assert_true(sched_block_prepare(t, seq, deadline));
	sched_switched_out(hart, t);
}

/*
 * Steal time: a thread's time in the queue while the hart ran another thread counts; time
 * blocked does not, nor does an idle hart's wake-up for it.
 */
static void test_ready_wait(void **state)
{
	uint64_t deadline;
	struct sched_thread *a, *b;

	(void)state;
	setup_sims(2, step_yield);
	sims[0].t.count_wait = sims[1].t.count_wait = true;
	fake_sched.now = 5;
	assert_true(sched_thread_start(&sims[0].t));
	assert_true(sched_thread_start(&sims[1].t));
	/* Hart 0 was never idle: both wait from 5. */
	a = sched_pick(0, 15, &deadline);
	assert_ptr_equal(a, &sims[0].t);
	assert_int_equal(a->ready_wait, 10);
	/* a's slice ends at 115 and b gets the hart: b waited from 5. */
	fake_sched.now = 115;
	a->why = SCHED_WHY_YIELD;
	sched_switched_out(0, a);
	b = sched_pick(0, 115, &deadline);
	assert_ptr_equal(b, &sims[1].t);
	assert_int_equal(b->ready_wait, 110);
	/* b runs until 215 meanwhile: a waited 100 more. */
	fake_sched.now = 215;
	b->why = SCHED_WHY_YIELD;
	sched_switched_out(0, b);
	assert_ptr_equal(sched_pick(0, 215, &deadline), a);
	assert_int_equal(a->ready_wait, 110);
	/* Both block, and the hart goes idle. */
	block(a, 0, SCHED_NO_DEADLINE);
	assert_ptr_equal(sched_pick(0, 215, &deadline), b);
	assert_int_equal(b->ready_wait, 110);
	block(b, 0, SCHED_NO_DEADLINE);
	assert_null(sched_pick(0, 220, &deadline));
	/* Woken at 300 with the hart idle, picked at 340: no wait. */
	fake_sched.now = 300;
	sched_wake(a);
	assert_ptr_equal(sched_pick(0, 340, &deadline), a);
	assert_int_equal(a->ready_wait, 110);
	/* b is woken at 350 while a has the hart, and gets it at 400: 50 more. */
	fake_sched.now = 350;
	sched_wake(b);
	fake_sched.now = 400;
	a->why = SCHED_WHY_YIELD;
	sched_switched_out(0, a);
	assert_ptr_equal(sched_pick(0, 400, &deadline), b);
	assert_int_equal(b->ready_wait, 160);
	/* A deadline that passes while b runs: a waits from b's tick (450) to the pick (500). */
	block(b, 0, SCHED_NO_DEADLINE);
	assert_ptr_equal(sched_pick(0, 400, &deadline), a);
	block(a, 0, 450);
	assert_null(sched_pick(0, 410, &deadline));
	sched_wake(b);
	assert_ptr_equal(sched_pick(0, 420, &deadline), b);
	fake_sched.now = 450;
	assert_false(sched_tick_thread(b, 450));
	b->why = SCHED_WHY_YIELD;
	fake_sched.now = 500;
	sched_switched_out(0, b);
	assert_ptr_equal(sched_pick(0, 500, &deadline), a);
	assert_int_equal(a->ready_wait, 160);
	/* b, queued since 500, runs at 600; from then on nobody asks about its waits. */
	fake_sched.now = 600;
	a->why = SCHED_WHY_YIELD;
	sched_switched_out(0, a);
	assert_ptr_equal(sched_pick(0, 600, &deadline), b);
	assert_int_equal(b->ready_wait, 260);
	b->count_wait = false;
	fake_sched.now = 700;
	b->why = SCHED_WHY_YIELD;
	sched_switched_out(0, b);
	assert_ptr_equal(sched_pick(0, 700, &deadline), a);
	assert_int_equal(a->ready_wait, 260);
	fake_sched.now = 800;
	a->why = SCHED_WHY_YIELD;
	sched_switched_out(0, a);
	assert_ptr_equal(sched_pick(0, 800, &deadline), b);
	assert_int_equal(b->ready_wait, 260); /* not timed: the clock is not even read for it */
}

static void test_block_then_wake(void **state)
{
	uint64_t deadline = 0;
	struct sched_thread *t;

	(void)state;
	fake_sched_reset(2);
	setup_sims(1, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	t = sched_pick(0, 0, &deadline);
	block(t, 0, SCHED_NO_DEADLINE);
	assert_int_equal(t->state, SCHED_BLOCKED);
	/* Hart 0 finds nothing: it sleeps with no deadline. */
	assert_null(sched_pick(0, 10, &deadline));
	assert_true(deadline == SCHED_NO_DEADLINE);
	/* A wake from hart 1 makes it runnable and kicks the hart it last ran on. */
	fake_sched.hart = 1;
	sched_wake(t);
	assert_int_equal(t->state, SCHED_RUNNABLE);
	assert_int_equal(fake_sched.kicked, 1u << 0);
	fake_sched.hart = 0;
	assert_ptr_equal(sched_pick(0, 20, &deadline), t);
	/* A wake of a thread that is not blocked only makes its next block return at once. */
	fake_sched.kicked = 0;
	sched_wake(t);
	assert_int_equal(t->state, SCHED_RUNNING);
	assert_int_equal(fake_sched.kicked, 0);
}

static void test_deadline_wakes(void **state)
{
	uint64_t deadline = 0;
	struct sched_thread *a, *b;

	(void)state;
	setup_sims(2, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	assert_true(sched_thread_start(&sims[1].t));
	a = sched_pick(0, 100, &deadline);
	block(a, 0, 500);
	b = sched_pick(0, 100, &deadline);
	block(b, 0, 300);
	/* The hart sleeps until the earlier of the two. */
	assert_null(sched_pick(0, 100, &deadline));
	assert_int_equal(deadline, 300);
	assert_null(sched_pick(0, 299, &deadline));
	assert_ptr_equal(sched_pick(0, 300, &deadline), b);
	assert_int_equal(a->state, SCHED_BLOCKED);
	block(b, 0, SCHED_NO_DEADLINE);
	assert_null(sched_pick(0, 301, &deadline));
	assert_int_equal(deadline, 500);
	assert_ptr_equal(sched_pick(0, 600, &deadline), a);
	/* Woken by hand before its deadline: the deadline no longer counts. */
	block(a, 0, 900);
	sched_wake(a);
	assert_ptr_equal(sched_pick(0, 700, &deadline), a);
	assert_null(sched_pick(0, 1000, &deadline));
	assert_true(deadline == SCHED_NO_DEADLINE);
}

static void test_tick_expires_sleepers_and_kicks_idle_hart(void **state)
{
	uint64_t deadline;
	struct sched_thread *a, *b;

	(void)state;
	fake_sched_reset(2);
	setup_sims(2, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	assert_true(sched_thread_start(&sims[1].t));
	a = sched_pick(0, 0, &deadline);
	block(a, 0, 300);
	b = sched_pick(0, 250, &deadline); /* b runs on hart 0 now, its slice until 350 */
	assert_ptr_equal(b, &sims[1].t);
	fake_sched.hart = 1;
	assert_null(sched_pick(1, 250, &deadline)); /* hart 1 idle */
	assert_int_equal(deadline, 300);
	/* b's timer rings at a's deadline: a is woken and the idle hart kicked; b keeps its slice. */
	fake_sched.hart = 0;
	fake_sched.kicked = 0;
	assert_false(sched_tick_thread(b, 300));
	assert_int_equal(a->state, SCHED_RUNNABLE);
	assert_int_equal(fake_sched.kicked, 1u << 1);
	/* If a is still waiting when b's slice ends, b gives way. */
	assert_true(sched_tick_thread(b, 350));
}

static void test_idle_hart_choice(void **state)
{
	uint64_t deadline;
	struct sched_thread *t[4];

	(void)state;
	fake_sched_reset(3);
	setup_sims(4, step_yield);
	for (unsigned i = 0; i < 4; i++) {
		assert_true(sched_thread_start(&sims[i].t));
	}
	/* Each ran on one hart and blocked; thread 3 ran on hart 2 too. */
	for (unsigned i = 0; i < 4; i++) {
		unsigned hart = i < 3 ? i : 2;

		fake_sched.hart = hart;
		t[i] = sched_pick(hart, 0, &deadline);
		assert_ptr_equal(t[i], &sims[i].t);
		block(t[i], hart, SCHED_NO_DEADLINE);
	}
	for (unsigned h = 0; h < 3; h++) {
		fake_sched.hart = h;
		assert_null(sched_pick(h, 0, &deadline));
	}
	/* Wakes from a hart that runs no thread (kicks of oneself are skipped, so use hart 3). */
	fake_sched.nharts = 3;
	fake_sched.hart = 3;
	fake_sched.kicked = 0;
	sched_wake(t[3]);
	assert_int_equal(fake_sched.kicked, 1u << 2); /* the hart it last ran on */
	fake_sched.kicked = 0;
	sched_wake(t[2]);
	assert_int_equal(fake_sched.kicked, 1u << 0); /* its own is claimed: the first idle one */
	fake_sched.kicked = 0;
	sched_wake(t[1]);
	assert_int_equal(fake_sched.kicked, 1u << 1);
	fake_sched.kicked = 0;
	sched_wake(t[0]);
	assert_int_equal(fake_sched.kicked, 0); /* no idle hart left: it waits in the queue */
	assert_int_equal(sched_queued(), 4);
}

/*
 * A thread blocks with a deadline while its hart goes on with another thread: some idle hart
 * must learn the deadline (be kicked, or be on its way already) so the sleeper is woken on time.
 */
static void test_block_deadline_while_hart_stays_busy(void **state)
{
	uint64_t deadline;
	struct sched_thread *a;

	(void)state;
	fake_sched_reset(3);
	setup_sims(2, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	fake_sched.hart = 1;
	a = sched_pick(1, 0, &deadline);
	assert_ptr_equal(a, &sims[0].t);
	for (unsigned h = 0; h < 3; h += 2) {
		fake_sched.hart = h;
		assert_null(sched_pick(h, 0, &deadline));
	}
	/* b becomes runnable: idle hart 0 is claimed and kicked for it. */
	fake_sched.hart = 1;
	assert_true(sched_thread_start(&sims[1].t));
	assert_int_equal(fake_sched.kicked, 1u << 0);
	/* a blocks with a deadline and hart 1 will run b: the other idle hart is kicked to time it. */
	fake_sched.kicked = 0;
	block(a, 1, 400);
	assert_int_equal(fake_sched.kicked, 1u << 2);
	assert_ptr_equal(sched_pick(1, 0, &deadline), &sims[1].t);
	/* Both harts, once awake, find nothing to run and sleep until the deadline. */
	for (unsigned h = 0; h < 3; h += 2) {
		fake_sched.hart = h;
		deadline = 0;
		assert_null(sched_pick(h, 10, &deadline));
		assert_int_equal(deadline, 400);
	}
	fake_sched.hart = 2;
	assert_ptr_equal(sched_pick(2, 400, &deadline), a);
}

/*
 * Threads given a home (hart_work_start does) stay on it while the harts were never
 * overcommitted: another idle hart neither takes them nor is kicked for them. Once a thread
 * more than the harts has lived, they run anywhere.
 */
static void test_home_binds_until_overcommit(void **state)
{
	uint64_t deadline;

	(void)state;
	fake_sched_reset(2);
	setup_sims(3, step_yield);
	sims[0].t.home = sims[0].t.last_hart = 1;
	fake_sched.hart = 0;
	assert_true(sched_thread_start(&sims[0].t));
	assert_null(sched_pick(0, 0, &deadline)); /* hart 0 may not run hart 1's thread */
	fake_sched.kicked = 0;
	fake_sched.hart = 1;
	assert_ptr_equal(sched_pick(1, 0, &deadline), &sims[0].t);
	/* A third thread on two harts: from now on they move freely. */
	sims[1].t.home = sims[1].t.last_hart = 0;
	sims[2].t.home = sims[2].t.last_hart = 1;
	assert_true(sched_thread_start(&sims[1].t));
	assert_true(sched_thread_start(&sims[2].t));
	fake_sched.hart = 0;
	assert_ptr_equal(sched_pick(0, 0, &deadline), &sims[1].t);
	assert_ptr_equal(sched_pick(0, 0, &deadline), &sims[2].t); /* homed on hart 1, run on 0 */
}

/*
 * Every interleaving of a thread that waits for a condition (read the wake sequence, look,
 * block if false, the hart's loop finishing the switch) with a waker (set the condition,
 * wake): in none may the thread end blocked with the condition true.
 */
enum { B_BEGIN, B_LOOK, B_PREPARE, B_SWITCHED, W_SET, W_WAKE };

static void run_interleaving(const int *steps, unsigned n, bool *lost)
{
	uint64_t deadline;
	struct sched_thread *t;
	unsigned long seq = 0;
	bool cond = false, saw = false, prepared = false, stopped = false;

	fake_sched_reset(2);
	setup_sims(1, step_yield);
	assert_true(sched_thread_start(&sims[0].t));
	t = sched_pick(0, 0, &deadline);
	for (unsigned i = 0; i < n; i++) {
		switch (steps[i]) {
		case B_BEGIN:
			fake_sched.hart = 0;
			seq = sched_wait_begin();
			break;
		case B_LOOK:
			saw = cond;
			stopped = saw; /* the condition holds: no block */
			break;
		case B_PREPARE:
			if (!stopped) {
				fake_sched.hart = 0;
				prepared = sched_block_prepare(t, seq, SCHED_NO_DEADLINE);
				stopped = !prepared; /* a wake came: it looks again */
			}
			break;
		case B_SWITCHED:
			if (prepared) {
				sched_switched_out(0, t);
			}
			break;
		case W_SET:
			cond = true;
			break;
		case W_WAKE:
			fake_sched.hart = 1;
			sched_wake(t);
			break;
		}
	}
	/* Blocked with the condition true and nobody left to wake it: a lost wake-up. */
	*lost = t->state == SCHED_BLOCKED && cond;
	if (prepared) {
		assert_int_equal(t->state, SCHED_RUNNABLE);
		fake_sched.hart = 0;
		assert_ptr_equal(sched_pick(0, 0, &deadline), t);
	} else {
		assert_int_equal(t->state, SCHED_RUNNING);
	}
}

static void test_no_lost_wakeup_any_interleaving(void **state)
{
	const int blocker[4] = { B_BEGIN, B_LOOK, B_PREPARE, B_SWITCHED };
	const int waker[2] = { W_SET, W_WAKE };
	unsigned tried = 0;

	(void)state;
	/* The waker's two steps go at positions p < q among the six. */
	for (unsigned p = 0; p < 6; p++) {
		for (unsigned q = p + 1; q < 6; q++) {
			int steps[6];
			unsigned bi = 0;
			bool lost;

			for (unsigned i = 0; i < 6; i++) {
				steps[i] = i == p ? waker[0] : i == q ? waker[1] : blocker[bi++];
			}
			run_interleaving(steps, 6, &lost);
			assert_false(lost);
			tried++;
		}
	}
	assert_int_equal(tried, 15);
}

/* A thread that blocks with a deadline each time it runs: the hart sleeps until then. */
static void step_block_timed(struct sim *s)
{
	unsigned long seq = sched_wait_begin();

	sched_block(seq, fake_sched.now + s->block_for);
}

static void test_hart_loop_sleeps_until_deadline(void **state)
{
	(void)state;
	setup_sims(1, step_block_timed);
	sims[0].block_for = 250;
	assert_true(sched_thread_start(&sims[0].t));
	fake_sched.on_switch = sim_switch;
	stop_after = 4;
	sched_run(enough_runs, NULL);
	assert_int_equal(sims[0].runs, 4);
	/* Between runs, the hart slept in WFI with the timer for the deadline: time moved on. */
	assert_int_equal(fake_sched.idles, 3);
	assert_int_equal(fake_sched.now, 750);
	assert_false(fake_sched.stuck);
}

/* A thread woken while it is still switching out to block: it must run again, not sleep. */
static void step_block_woken_during_switch(struct sim *s)
{
	unsigned long seq = sched_wait_begin();
	unsigned hart = fake_sched.hart;

	if (!sched_block_prepare(&s->t, seq, SCHED_NO_DEADLINE)) {
		s->aborted_blocks++;
		return;
	}
	/* Between the decision and the hart's loop: a wake from hart 1. */
	fake_sched.hart = 1;
	sched_wake(&s->t);
	fake_sched.hart = hart;
}

static void test_wake_during_switch_runs_again(void **state)
{
	(void)state;
	setup_sims(1, step_block_woken_during_switch);
	assert_true(sched_thread_start(&sims[0].t));
	fake_sched.on_switch = sim_switch;
	stop_after = 3;
	sched_run(enough_runs, NULL);
	assert_int_equal(sims[0].runs, 3);
	assert_false(fake_sched.stuck);
	assert_int_equal(fake_sched.idles, 0);
}

/* sched_block after a wake that followed sched_wait_begin: returns without switching. */
static void step_block_after_wake(struct sim *s)
{
	unsigned long seq = sched_wait_begin();
	unsigned before = switch_backs;

	sched_wake(&s->t);
	sched_block(seq, SCHED_NO_DEADLINE);
	if (switch_backs == before) {
		s->aborted_blocks++;
	}
	sched_yield();
}

static void test_block_after_wake_returns_at_once(void **state)
{
	(void)state;
	setup_sims(1, step_block_after_wake);
	assert_true(sched_thread_start(&sims[0].t));
	fake_sched.on_switch = sim_switch;
	stop_after = 2;
	sched_run(enough_runs, NULL);
	assert_int_equal(sims[0].aborted_blocks, 2);
	assert_int_equal(sims[0].t.state, SCHED_RUNNABLE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fifo_order, reset),
		cmocka_unit_test_setup(test_round_robin_is_fair, reset),
		cmocka_unit_test_setup(test_alone_it_runs_again, reset),
		cmocka_unit_test_setup(test_exit_retires_thread, reset),
		cmocka_unit_test_setup(test_thread_table_full, reset),
		cmocka_unit_test_setup(test_slice_alone_is_renewed, reset),
		cmocka_unit_test_setup(test_timer_deadline_only_when_overcommitted, reset),
		cmocka_unit_test_setup(test_ready_wait, reset),
		cmocka_unit_test_setup(test_block_then_wake, reset),
		cmocka_unit_test_setup(test_deadline_wakes, reset),
		cmocka_unit_test_setup(test_tick_expires_sleepers_and_kicks_idle_hart, reset),
		cmocka_unit_test_setup(test_idle_hart_choice, reset),
		cmocka_unit_test_setup(test_block_deadline_while_hart_stays_busy, reset),
		cmocka_unit_test_setup(test_home_binds_until_overcommit, reset),
		cmocka_unit_test_setup(test_no_lost_wakeup_any_interleaving, reset),
		cmocka_unit_test_setup(test_hart_loop_sleeps_until_deadline, reset),
		cmocka_unit_test_setup(test_wake_during_switch_runs_again, reset),
		cmocka_unit_test_setup(test_block_after_wake_returns_at_once, reset),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
