/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vCPU scheduler: threads (each VMM vCPU thread is one) scheduled on the physical harts
 * from one global run queue, with a time slice, blocking and wake-ups.
 *
 * A thread runs until it yields, blocks or returns; the hypervisor is never preempted in
 * HS-mode, only a guest is (the host timer ends its time slice, see sched_tick). Every
 * switch goes through the hart's own scheduler context (the stack sched_run was called
 * on): the thread saves itself into its sched_ctx and resumes the hart's loop, which puts
 * away what the thread left on the hart (sched_arch_unload: the vCPU's state) and only
 * then makes the thread visible to other harts again. So a thread's stack and its vCPU are
 * never in use on two harts at once.
 *
 * Blocking without lost wake-ups: a thread reads its wake sequence (sched_wait_begin), then
 * looks at whatever it waits for, then calls sched_block with that sequence. A waker first
 * changes what the thread waits for, then calls sched_wake, which bumps the sequence: if
 * that happened anywhere after sched_wait_begin, the block does not happen (or is undone
 * when the hart's loop finishes the switch), so the thread looks again.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/hart.h"
#include "lib/spinlock.h"

#define SCHED_NO_DEADLINE UINT64_MAX
#define SCHED_SLICE_US 4000 /* how long a guest runs before another runnable thread gets the hart */
#define SCHED_MAX_THREADS 256
#define SCHED_NOT_WAITING UINT64_MAX /* queued_at: this stay in the queue is no ready_wait */

/* What the context switch saves: the callee-saved registers, sp and the return address. */
struct sched_ctx {
	unsigned long ra, sp;
	unsigned long s[12];
};

enum sched_state {
	SCHED_NEW,      /* set up, never started */
	SCHED_RUNNABLE, /* in the run queue */
	SCHED_RUNNING,  /* on a hart (including the moment it switches out) */
	SCHED_BLOCKED,  /* off the queue until sched_wake or its deadline */
	SCHED_EXITED,
};

/* Why a running thread gave the hart back (read by the hart's loop after the switch). */
enum sched_why {
	SCHED_WHY_YIELD,
	SCHED_WHY_BLOCK,
	SCHED_WHY_EXIT,
};

struct sched_thread {
	struct sched_ctx ctx;
	void (*fn)(void *arg);
	void *arg;
	/* Under the scheduler lock. */
	enum sched_state state;
	enum sched_why why;
	unsigned long wake_seq;    /* bumped by every sched_wake (read without the lock too) */
	unsigned long block_seq;   /* wake_seq the thread saw when it decided to block */
	uint64_t deadline;         /* blocked: made runnable at this time, if no wake comes first */
	struct sched_thread *next; /* run queue link */
	int hart;                  /* index of the hart running it, -1 when not running */
	int last_hart;             /* index of the hart it last ran on, -1 if it never ran */
	int home; /* its own hart while nothing is overcommitted, or -1: any hart */
	/*
	 * Steal time (SBI STA): ticks spent runnable in the queue while no idle hart was free for
	 * it, summed, from when the thread first set count_wait (the clock is read for no other
	 * thread); it reads them while it runs. Waiting for an idle hart to wake is not counted
	 * (SCHED_NOT_WAITING): no other thread took that time.
	 */
	uint64_t ready_wait;
	uint64_t queued_at; /* when it last became runnable, or SCHED_NOT_WAITING */
	bool count_wait;
	/* Owned by the thread while it runs. */
	uint64_t slice_end;
	bool need_resched;      /* its slice is over and another thread waits for a hart */
	unsigned long switches; /* times it was switched in */
};

/* Per-hart scheduler state, indexed like harts[]. */
struct sched_hart {
	struct sched_ctx ctx; /* the hart's scheduler loop while a thread runs */
	struct sched_thread *current;
	bool idle; /* asleep in the loop with nothing to run (under the lock) */
};

/* ---- threads ---------------------------------------------------------------------------- */

/* Prepares t to run fn(arg) on the stack ending at stack_top (16-byte aligned). */
void sched_thread_setup(struct sched_thread *t, void (*fn)(void *), void *arg, void *stack_top);
/* Makes t runnable and wakes a hart for it; false if the thread table is full. */
bool sched_thread_start(struct sched_thread *t);
/* The thread running on this hart, or NULL in the hart's own loop. */
struct sched_thread *sched_current(void);

/* ---- from a running thread ---------------------------------------------------------------- */

/* Gives the hart to the next runnable thread, if any; returns when this one runs again. */
void sched_yield(void);
/* Starts a wait: returns the sequence to pass to sched_block after looking at the condition. */
unsigned long sched_wait_begin(void);
/*
 * Sleeps until sched_wake(this thread) or the deadline (host time, SCHED_NO_DEADLINE for
 * none), unless a wake came after the sched_wait_begin that returned seq. Callers re-check
 * their condition after it returns: a return does not mean the condition holds.
 */
void sched_block(unsigned long seq, uint64_t deadline);
/* Ends the running thread. */
void sched_exit(void) __attribute__((noreturn));
/*
 * The host timer rang while this thread's guest ran: wakes blocked threads whose deadline
 * passed, ends the time slice if it is over and a thread waits for a hart (renews it if not).
 * Returns true if the thread should yield (sched_need_resched).
 */
bool sched_tick(uint64_t now);
bool sched_need_resched(void);
/* When the running thread's host timer must ring for the scheduler (slice end, deadlines). */
uint64_t sched_timer_deadline(void);
/*
 * More live threads than harts: only then can a thread wait for a hart, so only then do the
 * running threads need the timer for slices (a cheap test for the guest-entry path).
 */
extern bool sched_overcommit;
static inline bool sched_overcommitted(void)
{
	return __atomic_load_n(&sched_overcommit, __ATOMIC_RELAXED);
}

/* ---- from anywhere ------------------------------------------------------------------------ */

/* Makes t runnable if it is blocked; in any case, its next sched_block after this returns at once. */
void sched_wake(struct sched_thread *t);

/* ---- the hart's loop ---------------------------------------------------------------------- */

/*
 * Runs threads on this hart until done(arg) holds (never, if done is NULL), sleeping in WFI
 * when there is nothing to run. Whoever makes done true must kick this hart (an IPI).
 */
void sched_run(bool (*done)(void *arg), void *arg);

/* ---- the steps of the above, exposed for the unit tests -------------------------------- */

/* Takes the next thread for hart `hart` (waking expired sleepers first); NULL: idle until *deadline. */
struct sched_thread *sched_pick(unsigned hart, uint64_t now, uint64_t *deadline);
/* After prev switched out on `hart`: requeues, blocks or retires it. */
void sched_switched_out(unsigned hart, struct sched_thread *prev);
/* The locked part of sched_block: false (stay running) if a wake came after seq was read. */
bool sched_block_prepare(struct sched_thread *t, unsigned long seq, uint64_t deadline);
/* The locked part of sched_tick for thread t. */
bool sched_tick_thread(struct sched_thread *t, uint64_t now);
/* Threads started and not exited; threads in the run queue. */
unsigned sched_live_threads(void);
unsigned sched_queued(void);
/* Forgets every thread (unit tests only). */
void sched_reset(void);

/* ---- what the scheduler needs from the hardware (core/arch/riscv/sched_arch.c) ----------- */

/* Saves the running context into save and resumes load (core/arch/riscv/sched_switch.S). */
void sched_arch_switch(struct sched_ctx *save, const struct sched_ctx *load);
/* Sets ctx so that switching to it calls fn(arg) on the stack, then sched_exit. */
void sched_arch_ctx_init(struct sched_ctx *ctx, void (*fn)(void *), void *arg, void *stack_top);
unsigned sched_arch_hart_index(void);
unsigned sched_arch_nharts(void);
uint64_t sched_arch_now(void);
/* Timebase ticks in one time slice. */
uint64_t sched_arch_slice_ticks(void);
/* Wakes hart `index` from its idle WFI. */
void sched_arch_kick_hart(unsigned index);
/* Clears a pending kick (IPI) of this hart: one sent after this still ends the next WFI. */
void sched_arch_ack_kick(void);
/* Sleeps in WFI until an interrupt (an IPI, or the host timer set for deadline). */
void sched_arch_idle(uint64_t deadline);
/*
 * This hart spins, waiting for another (a lock's holder): once the spin has lasted a while, its
 * timer is kept near (core/arch/riscv/sched_arch.c says how near). On hardware a pending timer interrupt changes nothing while the hart spins (the
 * hypervisor takes none), and whoever waits or enters a guest next arms the timer again. Under
 * QEMU 7.2's -icount, which runs the harts in turn, each until the next timer deadline of any
 * of them, it bounds the spinner's turn, so the holder's hart gets to run.
 */
void sched_arch_spinning(void);
/* A thread left this hart: save and unload whatever guest state it had loaded here (vcpu_put). */
void sched_arch_unload(void);

#endif
