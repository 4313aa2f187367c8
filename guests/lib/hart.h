/* SPDX-License-Identifier: Apache-2.0 */
/* Test-guest support for SMP guests: secondary-hart entry, traps, CSR access, locked output. */
#ifndef GUEST_HART_H
#define GUEST_HART_H

#include <stdbool.h>

#include "guest.h"

#define HART_MAX 8 /* stacks for hart ids 0..HART_MAX-1 */

/* Interrupt bits of sip/sie and sstatus.SIE. */
#define IRQ_SSI 1UL
#define IRQ_STI 5UL
#define SIP_SSIP (1UL << IRQ_SSI)
#define SIP_STIP (1UL << IRQ_STI)
#define SSTATUS_SIE (1UL << 1)

#define CSR_READ(csr)                                              \
	({                                                         \
		unsigned long csr_v_;                              \
		__asm__ volatile("csrr %0, " #csr : "=r"(csr_v_)); \
		csr_v_;                                            \
	})
#define CSR_WRITE(csr, val) \
	__asm__ volatile("csrw " #csr ", %0" : : "r"((unsigned long)(val)) : "memory")
#define CSR_SET(csr, bits) \
	__asm__ volatile("csrs " #csr ", %0" : : "r"((unsigned long)(bits)) : "memory")
#define CSR_CLEAR(csr, bits) \
	__asm__ volatile("csrc " #csr ", %0" : : "r"((unsigned long)(bits)) : "memory")

/*
 * A 64-bit counter CSR (cycle, time, instret) whole: on RV32 its two halves, csr and csr##h, read
 * high, low, high until the high half held still across the low one.
 */
#define CSR_READ64(csr)                                          \
	({                                                       \
		uint64_t csr64_v_;                               \
		if (sizeof(unsigned long) >= sizeof(uint64_t)) { \
			csr64_v_ = CSR_READ(csr);                \
		} else {                                         \
			unsigned long hi_, lo_;                  \
			do {                                     \
				hi_ = CSR_READ(csr##h);          \
				lo_ = CSR_READ(csr);             \
			} while (hi_ != CSR_READ(csr##h));       \
			csr64_v_ = (uint64_t)hi_ << 32 | lo_;    \
		}                                                \
		csr64_v_;                                        \
	})

/* Shared variables between harts: sequentially consistent loads and stores. */
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

/*
 * Where HSM hart_start and a non-retentive resume send a secondary hart: it sets gp, tp = a0
 * and a stack for hart a0, then calls secondary_main(a0, a1) with both registers as it got them.
 */
void hart_secondary_entry(void);
/* Direct-mode trap vector: saves the caller-saved registers and calls hart_trap(). */
void hart_trap_vector(void);
unsigned long hart_trap(unsigned long scause, unsigned long sepc, unsigned long stval);

/* Provided by the guest where it needs them; the defaults hang and report an unexpected interrupt. */
void secondary_main(unsigned long hartid, unsigned long opaque);
void on_interrupt(unsigned long hartid, unsigned long code);
/* Reports an interrupt nobody expected and masks it in sie so it cannot storm. */
void hart_unexpected_interrupt(unsigned long hartid, unsigned long code);

/* The boot hart calls this first: tp holds the hart id on every hart. */
void hart_boot_init(unsigned long hartid);
unsigned long hart_id(void);

/*
 * Exception catching on this hart: while armed, the next exception is recorded and the
 * trapping instruction skipped instead of failing the test. Returns whether one was caught.
 */
void hart_catch_arm(void);
bool hart_catch_end(unsigned long *scause, unsigned long *sepc, unsigned long *stval);

/* Output and checks that any hart may call: one line at a time, the name is a format. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool check_ret(struct sbiret r, long error, bool check_value, long value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Failed checks so far (made through check/check_ret). */
unsigned long check_failures(void);

/*
 * The time CSR, and the timebase the tests assume (QEMU virt: 10 MHz). now() is its low XLEN
 * bits, for intervals (unsigned differences); now64() is all of it, for set_timer's deadlines.
 */
unsigned long now(void);
uint64_t now64(void);
#define TIMEBASE_HZ 10000000UL
#define MS_TICKS(ms) ((unsigned long)(ms) * (TIMEBASE_HZ / 1000))
/* Busy-waits for the given number of time ticks. */
void delay_ticks(unsigned long ticks);

#endif
