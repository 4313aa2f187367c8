/* SPDX-License-Identifier: Apache-2.0 */
/* What the benchmark guest's files share: the run's settings, the counters, and the report line. */
#ifndef GUESTS_BENCH_BENCH_H
#define GUESTS_BENCH_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "hart.h"

/* True under rvkvm (its SBI implementation id), false on the firmware directly. */
extern bool bench_rvkvm;

/* "bench.n=N" in /chosen/bootargs caps every repetition count (small N for smoke tests). */
void bench_args_parse(unsigned long fdt);
/* The repetitions for an operation whose full-run count is full. */
unsigned long bench_reps(unsigned long full);

/*
 * Under QEMU -icount shift=0 (QEMU 7.2), instret reads QEMU's instruction clock: the
 * instructions every hart executed, plus virtual time that passed while all of them slept,
 * in the same unit as ns. It is the same counter on every hart, so it can time a path
 * from one hart to another.
 */
static inline unsigned long rdinstret(void)
{
	unsigned long v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/*
 * The widths (one source for rv64 and rv32): a register-wide count wraps at 2^32 instructions on
 * rv32, so intervals are differences modulo 2^XLEN, never compared as absolute values; times
 * the SBI sees are 64 bits, which rv32 reads from timeh and passes in a register pair.
 */
#define XLEN_IS_32 (sizeof(unsigned long) < sizeof(uint64_t))
#define CSR_TIMEH 0xc81 /* rv32 only: the time CSR's upper half */

/* The time CSR's 64 bits: on rv32 its high half read until it held still across the low half. */
static inline uint64_t bench_time(void)
{
	unsigned long hi, lo, hi2;

	if (!XLEN_IS_32) {
		return now();
	}
	do {
		__asm__ volatile("csrr %0, %1" : "=r"(hi) : "i"(CSR_TIMEH));
		lo = now();
		__asm__ volatile("csrr %0, %1" : "=r"(hi2) : "i"(CSR_TIMEH));
	} while (hi != hi2);
	return (uint64_t)hi << 32 | lo;
}

/* SBI set_timer: stime_value in a0 on rv64, in a0 (low half) and a1 (high half) on rv32. */
static inline void bench_set_timer(uint64_t when)
{
	unsigned long high = XLEN_IS_32 ? (unsigned long)(when >> 32) : 0;

	sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, (unsigned long)when, high, 0, 0, 0, 0);
}

/* A running mean with its extremes, reported as "BENCH op n=N instr=MEAN min=MIN max=MAX". */
struct bench_stat {
	unsigned long n, total, min, max;
};

void bench_stat_add(struct bench_stat *s, unsigned long sample);
void bench_stat_report(const char *op, const struct bench_stat *s);
/* A total over n repetitions timed as one block (no extremes). */
void bench_report_total(const char *op, unsigned long n, unsigned long total);

/* The groups of measurements (local.c: on one vCPU; cross.c: interrupts, two vCPUs). */
void bench_calls(void);
void bench_mmio(void);
void bench_memory(void);
void bench_timer(void);
void bench_two_harts(void);

#endif
