/* SPDX-License-Identifier: Apache-2.0 */
/* The vCPU scheduler's policy and bookkeeping: one global FIFO run queue under one lock (see sched.h). */
#include "core/sched.h"

#include <stddef.h>

/*
 * One lock for everything: with at most HART_MAX harts and a few dozen threads, a global queue
 * is simple and contention is low (the lock is held for a few list operations).
 */
static struct {
	struct sched_hart harts[HART_MAX]; /* first: sched_current, on every vCPU run, is near */
	spinlock_t lock;
	struct sched_thread *head, *tail; /* runnable threads, oldest first */
	unsigned queued;
	struct sched_thread *threads[SCHED_MAX_THREADS]; /* started and not exited */
	unsigned live;
	bool overcommit_seen; /* there were once more threads than harts: threads move freely since */
	uint64_t
		earliest; /* earliest deadline of a blocked thread (a hint; read without the lock) */
} sched = { .earliest = SCHED_NO_DEADLINE };

bool sched_overcommit;

typedef uint32_t hart_mask_t;
_Static_assert(HART_MAX <= 32, "hart_mask_t holds one bit per hart");

static void enqueue(struct sched_thread *t)
{
	t->next = NULL;
	if (sched.tail) {
		sched.tail->next = t;
	} else {
		sched.head = t;
	}
	sched.tail = t;
	sched.queued++;
}

/*
 * The hart a thread must run on, or -1 for any. Until there have ever been more threads than
 * harts, a thread given a home (hart_work_start gives each its own) stays there, as if pinned:
 * moving would gain nothing and cost fences, and under QEMU's -icount, which runs the harts in
 * turn, a guest CPU spinning on a hart that comes before the one its awaited CPU moved to can
 * starve that one for ever.
 */
static int bound_hart(const struct sched_thread *t)
{
	return sched.overcommit_seen ? -1 : t->home;
}

/* The first queued thread this hart may run (see bound_hart). */
static struct sched_thread *dequeue(unsigned hart)
{
	struct sched_thread *t, *prev = NULL;

	/* Invariant: every thread before t is bound to another hart. */
	for (t = sched.head; t; prev = t, t = t->next) {
		if (bound_hart(t) < 0 || bound_hart(t) == (int)hart) {
			break;
		}
	}
	if (!t) {
		return NULL;
	}
	if (prev) {
		prev->next = t->next;
	} else {
		sched.head = t->next;
	}
	if (sched.tail == t) {
		sched.tail = prev;
	}
	t->next = NULL;
	sched.queued--;
	return t;
}

/* An idle hart to run a thread that just became runnable: the one it last ran on if idle. */
static hart_mask_t claim_idle_hart(int prefer, int bound)
{
	unsigned n = sched_arch_nharts();

	if (prefer >= 0 && (unsigned)prefer < n && sched.harts[prefer].idle) {
		sched.harts[prefer].idle = false;
		return 1u << prefer;
	}
	if (bound >= 0) {
		return 0; /* it waits for its own hart, which takes it when it next picks */
	}
	for (unsigned i = 0; i < n; i++) {
		if (sched.harts[i].idle) {
			/* Claimed: the next runnable thread wakes another hart, not this one again. */
			sched.harts[i].idle = false;
			return 1u << i;
		}
	}
	return 0;
}

static hart_mask_t make_runnable(struct sched_thread *t)
{
	hart_mask_t kick;

	t->state = SCHED_RUNNABLE;
	enqueue(t);
	kick = claim_idle_hart(bound_hart(t) >= 0 ? bound_hart(t) : t->last_hart, bound_hart(t));
	/* The clock only for a thread whose wait is asked for, and that will wait for a hart. */
	t->queued_at = kick || !__atomic_load_n(&t->count_wait, __ATOMIC_RELAXED)
			       ? SCHED_NOT_WAITING
			       : sched_arch_now();
	return kick;
}

/* Makes runnable every blocked thread whose deadline passed; returns the harts to wake. */
static hart_mask_t expire(uint64_t now)
{
	uint64_t earliest = SCHED_NO_DEADLINE;
	hart_mask_t kicks = 0;

	/* Invariant: threads[0..i) are expired or have their deadline counted in earliest. */
	for (unsigned i = 0; i < sched.live; i++) {
		struct sched_thread *t = sched.threads[i];

		if (t->state != SCHED_BLOCKED || t->deadline == SCHED_NO_DEADLINE) {
			continue;
		}
		if (t->deadline <= now) {
			kicks |= make_runnable(t);
		} else if (t->deadline < earliest) {
			earliest = t->deadline;
		}
	}
	__atomic_store_n(&sched.earliest, earliest, __ATOMIC_RELAXED);
	return kicks;
}

static void kick_harts(hart_mask_t kicks)
{
	unsigned self = sched_arch_hart_index();

	for (unsigned i = 0; kicks; i++, kicks >>= 1) {
		if ((kicks & 1) && i != self) {
			sched_arch_kick_hart(i);
		}
	}
}

void sched_thread_setup(struct sched_thread *t, void (*fn)(void *), void *arg, void *stack_top)
{
	*t = (struct sched_thread){ .fn = fn,
				    .arg = arg,
				    .state = SCHED_NEW,
				    .hart = -1,
				    .last_hart = -1,
				    .home = -1,
				    .deadline = SCHED_NO_DEADLINE };
	sched_arch_ctx_init(&t->ctx, fn, arg, stack_top);
}

bool sched_thread_start(struct sched_thread *t)
{
	hart_mask_t kicks;

	spin_lock(&sched.lock);
	if (sched.live == SCHED_MAX_THREADS || t->state != SCHED_NEW) {
		spin_unlock(&sched.lock);
		return false;
	}
	sched.threads[sched.live++] = t;
	__atomic_store_n(&sched_overcommit, sched.live > sched_arch_nharts(), __ATOMIC_RELAXED);
	sched.overcommit_seen = sched.overcommit_seen || sched.live > sched_arch_nharts();
	kicks = make_runnable(t);
	spin_unlock(&sched.lock);
	kick_harts(kicks);
	return true;
}

struct sched_thread *sched_current(void)
{
	return sched.harts[sched_arch_hart_index()].current;
}

struct sched_thread *sched_pick(unsigned hart, uint64_t now, uint64_t *deadline)
{
	struct sched_hart *h = &sched.harts[hart];
	struct sched_thread *t;
	hart_mask_t kicks;

	spin_lock(&sched.lock);
	h->idle = false;
	kicks = expire(now);
	t = dequeue(hart);
	if (t) {
		t->state = SCHED_RUNNING;
		t->hart = (int)hart;
		t->need_resched = false;
		t->slice_end = now + sched_arch_slice_ticks();
		t->switches++;
		/* Never for SCHED_NOT_WAITING, nor for a clock read after now. */
		if (now > t->queued_at) {
			t->ready_wait += now - t->queued_at;
		}
		h->current = t;
	} else {
		/* Set under the lock: a wake after this kicks the hart out of its WFI. */
		h->idle = true;
		*deadline = sched.earliest;
	}
	spin_unlock(&sched.lock);
	kick_harts(kicks);
	return t;
}

void sched_switched_out(unsigned hart, struct sched_thread *prev)
{
	hart_mask_t kicks = 0;

	spin_lock(&sched.lock);
	sched.harts[hart].current = NULL;
	prev->hart = -1;
	prev->last_hart = (int)hart;
	switch (prev->why) {
	case SCHED_WHY_YIELD:
		kicks = make_runnable(prev);
		break;
	case SCHED_WHY_BLOCK:
		if (__atomic_load_n(&prev->wake_seq, __ATOMIC_RELAXED) != prev->block_seq) {
			/* Woken while it was switching out: it must look at its condition again. */
			kicks = make_runnable(prev);
			break;
		}
		prev->state = SCHED_BLOCKED;
		if (prev->deadline < sched.earliest) {
			__atomic_store_n(&sched.earliest, prev->deadline, __ATOMIC_RELAXED);
			/* This hart may go on with another thread: an idle one must time the deadline. */
			if (sched.queued) {
				kicks = claim_idle_hart(-1, -1);
			}
		}
		break;
	case SCHED_WHY_EXIT:
		prev->state = SCHED_EXITED;
		for (unsigned i = 0; i < sched.live; i++) {
			if (sched.threads[i] == prev) {
				sched.threads[i] = sched.threads[--sched.live];
				break;
			}
		}
		__atomic_store_n(&sched_overcommit, sched.live > sched_arch_nharts(),
				 __ATOMIC_RELAXED);
		sched.overcommit_seen = sched.overcommit_seen || sched.live > sched_arch_nharts();
		break;
	}
	spin_unlock(&sched.lock);
	kick_harts(kicks);
}

bool sched_block_prepare(struct sched_thread *t, unsigned long seq, uint64_t deadline)
{
	bool block;

	spin_lock(&sched.lock);
	block = __atomic_load_n(&t->wake_seq, __ATOMIC_RELAXED) == seq;
	if (block) {
		t->block_seq = seq;
		t->deadline = deadline;
		t->why = SCHED_WHY_BLOCK;
	}
	spin_unlock(&sched.lock);
	return block;
}

void sched_wake(struct sched_thread *t)
{
	hart_mask_t kicks = 0;

	/* What the thread waits for was changed before this: order it before the sequence bump. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	spin_lock(&sched.lock);
	__atomic_store_n(&t->wake_seq, t->wake_seq + 1, __ATOMIC_RELAXED);
	if (t->state == SCHED_BLOCKED) {
		kicks = make_runnable(t);
	}
	spin_unlock(&sched.lock);
	kick_harts(kicks);
}

bool sched_tick_thread(struct sched_thread *t, uint64_t now)
{
	hart_mask_t kicks;

	spin_lock(&sched.lock);
	kicks = expire(now);
	if (now >= t->slice_end) {
		/* Alone (nobody queued): not preempted, it just gets a new slice. */
		if (sched.queued) {
			t->need_resched = true;
		} else {
			t->slice_end = now + sched_arch_slice_ticks();
		}
	}
	spin_unlock(&sched.lock);
	kick_harts(kicks);
	return t->need_resched;
}

unsigned sched_live_threads(void)
{
	return __atomic_load_n(&sched.live, __ATOMIC_RELAXED);
}

unsigned sched_queued(void)
{
	return __atomic_load_n(&sched.queued, __ATOMIC_RELAXED);
}

void sched_reset(void)
{
	spin_lock(&sched.lock);
	sched.head = sched.tail = NULL;
	sched.queued = 0;
	sched.live = 0;
	sched_overcommit = false;
	sched.overcommit_seen = false;
	sched.earliest = SCHED_NO_DEADLINE;
	for (unsigned i = 0; i < HART_MAX; i++) {
		sched.harts[i] = (struct sched_hart){ 0 };
	}
	spin_unlock(&sched.lock);
}

/* ---- the running thread's side ----------------------------------------------------------- */

/* Back to this hart's loop; returns when some hart's loop picks the thread again. */
static void switch_out(struct sched_thread *t, enum sched_why why)
{
	t->why = why;
	sched_arch_switch(&t->ctx, &sched.harts[sched_arch_hart_index()].ctx);
}

void sched_yield(void)
{
	struct sched_thread *t = sched_current();

	if (t) {
		switch_out(t, SCHED_WHY_YIELD);
	}
}

unsigned long sched_wait_begin(void)
{
	struct sched_thread *t = sched_current();
	unsigned long seq = t ? __atomic_load_n(&t->wake_seq, __ATOMIC_RELAXED) : 0;

	/* The caller's look at its condition must not move before the sequence read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return seq;
}

void sched_block(unsigned long seq, uint64_t deadline)
{
	struct sched_thread *t = sched_current();

	/* why is set by sched_block_prepare, under the lock. */
	if (t && sched_block_prepare(t, seq, deadline)) {
		sched_arch_switch(&t->ctx, &sched.harts[sched_arch_hart_index()].ctx);
	}
}

void sched_exit(void)
{
	switch_out(sched_current(), SCHED_WHY_EXIT);
	for (;;) {
		/* Never picked again. */
	}
}

bool sched_tick(uint64_t now)
{
	struct sched_thread *t = sched_current();

	return t && sched_tick_thread(t, now);
}

bool sched_need_resched(void)
{
	struct sched_thread *t = sched_current();

	return t && t->need_resched;
}

uint64_t sched_timer_deadline(void)
{
	struct sched_thread *t = sched_current();
	uint64_t earliest;

	/*
	 * Only with more threads than harts can every hart be busy while a thread waits for
	 * one, or while a sleeper's deadline passes with no idle hart to notice it.
	 */
	if (!t || !sched_overcommitted()) {
		return SCHED_NO_DEADLINE;
	}
	earliest = __atomic_load_n(&sched.earliest, __ATOMIC_RELAXED);
	return t->slice_end < earliest ? t->slice_end : earliest;
}

/* ---- the hart's loop --------------------------------------------------------------------- */

void sched_run(bool (*done)(void *arg), void *arg)
{
	unsigned hart = sched_arch_hart_index();
	struct sched_hart *h = &sched.harts[hart];

	for (;;) {
		struct sched_thread *t;
		uint64_t deadline = SCHED_NO_DEADLINE;

		/* Consumes a pending kick first, so one sent after the checks below ends the WFI. */
		sched_arch_ack_kick();
		if (done && done(arg)) {
			break;
		}
		t = sched_pick(hart, sched_arch_now(), &deadline);
		if (!t) {
			sched_arch_idle(deadline);
			continue;
		}
		sched_arch_switch(&h->ctx, &t->ctx);
		/* t gave the hart back: put away its guest state before anyone else can take it. */
		sched_arch_unload();
		sched_switched_out(hart, t);
	}
	spin_lock(&sched.lock);
	h->idle = false;
	spin_unlock(&sched.lock);
}
