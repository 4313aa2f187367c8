/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Benchmarks of interrupts: timer delivery and WFI wake-up on one vCPU, and IPIs between two
 * vCPUs on two harts. Every wait is a WFI, never a spin: under -icount QEMU runs the harts
 * one after the other in one thread, and a hart that spins for another keeps the thread.
 */
#include "bench.h"

#include <stddef.h>

/* Far enough ahead that the vCPU is asleep (in WFI) when the deadline comes. */
#define TIMER_LEAD_TICKS 50
#define NS_PER_TICK \
	100 /* QEMU virt: 10 MHz timebase; at -icount shift=0 one ns is one instruction */
#define SECONDARY 1UL

static unsigned long timer_at;                /* instret in the timer handler, 0 before */
static unsigned long recv_at, replies, ready; /* set on the harts that take an IPI */
static unsigned long reply_at;
static unsigned long secondary_wfi_mode; /* 1: the secondary times its WFI return, no handler */

static void send_ipi(unsigned long hart)
{
	sbi_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, 1UL << hart, 0, 0, 0, 0, 0);
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	unsigned long t = rdinstret();

	if (code == IRQ_STI) {
		bench_set_timer(UINT64_MAX);
		STORE(timer_at, t);
	} else if (code == IRQ_SSI) {
		CSR_CLEAR(sip, SIP_SSIP);
		if (hartid == SECONDARY) {
			STORE(recv_at, t);
			send_ipi(0);
		} else {
			STORE(reply_at, t);
			STORE(replies, LOAD(replies) + 1);
		}
	} else {
		hart_unexpected_interrupt(hartid, code);
	}
}

/* Sleeps until *flag differs from old, taking interrupts only between WFIs. */
static void sleep_until_changed(const unsigned long *flag, unsigned long old)
{
	while (__atomic_load_n(flag, __ATOMIC_SEQ_CST) == old) {
		__asm__ volatile("wfi");
		CSR_SET(sstatus, SSTATUS_SIE);
		CSR_CLEAR(sstatus, SSTATUS_SIE);
	}
}

/* Instructions from the deadline (in ticks) to instret t, both modulo 2^XLEN; 0 if t came first. */
static unsigned long since_deadline(unsigned long t, uint64_t deadline)
{
	unsigned long late = t - (unsigned long)(deadline * NS_PER_TICK);

	return (long)late > 0 ? late : 0;
}

/*
 * From the programmed deadline to the guest's timer handler (timer-delivery), and to the
 * instruction after WFI with interrupts masked (wfi-wakeup), the vCPU asleep in WFI both times.
 */
void bench_timer(void)
{
	unsigned long n = bench_reps(300);
	struct bench_stat handler = { 0 }, wake = { 0 };

	CSR_SET(sie, SIP_STIP);
	for (unsigned long i = 0; i < n; i++) {
		uint64_t deadline = bench_time() + TIMER_LEAD_TICKS;

		STORE(timer_at, 0);
		bench_set_timer(deadline);
		sleep_until_changed(&timer_at, 0);
		bench_stat_add(&handler, since_deadline(timer_at, deadline));
	}
	for (unsigned long i = 0; i < n; i++) {
		uint64_t deadline = bench_time() + TIMER_LEAD_TICKS;
		unsigned long t;

		bench_set_timer(deadline);
		/* The clock says when the deadline passed: QEMU 7.2 hides STIP from a VS-mode sip read. */
		do {
			__asm__ volatile("wfi");
			t = rdinstret();
		} while (bench_time() < deadline);
		bench_set_timer(UINT64_MAX);
		bench_stat_add(&wake, since_deadline(t, deadline));
	}
	CSR_CLEAR(sie, SIP_STIP);
	bench_stat_report("timer-delivery", &handler);
	bench_stat_report("wfi-wakeup", &wake);
}

/*
 * The second hart sleeps in WFI with interrupts masked. In handler mode it takes the IPI in
 * its handler, which notes the time and answers; in WFI mode it notes when WFI returned.
 */
void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	CSR_SET(sie, SIP_SSIP);
	STORE(ready, 1);
	send_ipi(0);
	for (;;) {
		unsigned long t;

		__asm__ volatile("wfi");
		t = rdinstret();
		if (!LOAD(secondary_wfi_mode)) {
			CSR_SET(sstatus, SSTATUS_SIE);
			CSR_CLEAR(sstatus, SSTATUS_SIE);
		} else if (CSR_READ(sip) & SIP_SSIP) {
			CSR_CLEAR(sip, SIP_SSIP);
			STORE(recv_at, t);
			send_ipi(0);
		}
	}
}

/* One ping: the time from the send to the secondary's note, and to the answer's handler here. */
static void ping(struct bench_stat *one_way, struct bench_stat *round_trip)
{
	unsigned long before = LOAD(replies), t0 = rdinstret();

	send_ipi(SECONDARY);
	sleep_until_changed(&replies, before);
	bench_stat_add(one_way, LOAD(recv_at) - t0);
	if (round_trip) {
		bench_stat_add(round_trip, LOAD(reply_at) - t0);
	}
}

void bench_two_harts(void)
{
	unsigned long n = bench_reps(300);
	struct bench_stat one_way = { 0 }, round_trip = { 0 }, wake = { 0 };
	struct sbiret r;

	CSR_SET(sie, SIP_SSIP);
	r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, SECONDARY,
		     (unsigned long)hart_secondary_entry, 0, 0, 0, 0);
	if (r.error != SBI_SUCCESS) {
		say("bench: no second hart (HSM start: %ld), IPI rows skipped\n", r.error);
		CSR_CLEAR(sie, SIP_SSIP);
		return;
	}
	sleep_until_changed(&ready, 0);
	for (unsigned long i = 0; i < n; i++) {
		ping(&one_way, &round_trip);
	}
	STORE(secondary_wfi_mode, 1);
	for (unsigned long i = 0; i < n; i++) {
		ping(&wake, NULL);
	}
	CSR_CLEAR(sie, SIP_SSIP);
	bench_stat_report("ipi-round-trip", &round_trip);
	bench_stat_report("ipi-one-way", &one_way);
	bench_stat_report("wfi-wakeup-ipi", &wake);
}
