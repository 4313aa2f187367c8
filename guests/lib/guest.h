/* SPDX-License-Identifier: Apache-2.0 */
/* What every bare-metal test guest has: SBI calls, console output, PASS/FAIL reporting, the end. */
#ifndef GUESTS_LIB_GUEST_H
#define GUESTS_LIB_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/sbi_spec.h"

struct sbiret {
	long error;
	long value;
};

/*
 * An SBI call's registers set up around insn: "ecall" for a call; the benchmark's baseline puts
 * "nop" there to count what the guest spends on a call by itself.
 */
#define SBI_CALL_AROUND(insn, eid, fid, a0, a1, a2, a3, a4, a5)                               \
	({                                                                                    \
		register unsigned long r0_ __asm__("a0") = (a0);                              \
		register unsigned long r1_ __asm__("a1") = (a1);                              \
		register unsigned long r2_ __asm__("a2") = (a2);                              \
		register unsigned long r3_ __asm__("a3") = (a3);                              \
		register unsigned long r4_ __asm__("a4") = (a4);                              \
		register unsigned long r5_ __asm__("a5") = (a5);                              \
		register unsigned long r6_ __asm__("a6") = (fid);                             \
		register unsigned long r7_ __asm__("a7") = (eid);                             \
		__asm__ volatile(insn                                                         \
				 : "+r"(r0_), "+r"(r1_)                                       \
				 : "r"(r2_), "r"(r3_), "r"(r4_), "r"(r5_), "r"(r6_), "r"(r7_) \
				 : "memory");                                                 \
		(struct sbiret){ (long)r0_, (long)r1_ };                                      \
	})

/* Inline: the ecall with its arguments already in place, as the benchmarks want to time it. */
static inline struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0,
				     unsigned long a1, unsigned long a2, unsigned long a3,
				     unsigned long a4, unsigned long a5)
{
	return SBI_CALL_AROUND("ecall", eid, fid, a0, a1, a2, a3, a4, a5);
}
/*
 * A 64-bit argument of an SBI call (set_timer's stime_value, the PMU's initial_value): the whole
 * value in its register on RV64; on RV32 the low half there and the high half in the next one.
 */
#define SBI_ARG64_LO(x) ((unsigned long)(uint64_t)(x))
#define SBI_ARG64_HI(x) \
	(sizeof(unsigned long) < sizeof(uint64_t) ? (unsigned long)((uint64_t)(x) >> 32) : 0UL)

/* SBI TIME set_timer with all 64 bits of stime_value: UINT64_MAX is no timer on either width. */
static inline struct sbiret sbi_set_timer(uint64_t when)
{
	return sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, SBI_ARG64_LO(when), SBI_ARG64_HI(when), 0,
			0, 0, 0);
}

/* v0.1 calls return one value in a0. */
long sbi_legacy_call(unsigned long eid, unsigned long a0);

void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "PASS: name" or "FAIL: name" and counts failures. */
bool guest_check(bool ok, const char *name);
/* Like guest_check for an SBI result: the expected error (and value when check_value). */
bool guest_check_ret(struct sbiret r, long error, bool check_value, long value, const char *name);

/* Each guest provides this; the return value is the number of failures. */
int guest_main(unsigned long hartid, unsigned long fdt);

/* Ends the VM through SRST: reason none when no check failed, system failure otherwise. */
void guest_exit(void) __attribute__((noreturn));

#define GUEST_RAM_BASE 0x80000000UL

#endif
