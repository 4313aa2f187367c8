/* SPDX-License-Identifier: Apache-2.0 */
/* The platform's clock: the time CSR, 64 bits on either width. */
#ifndef PLATFORM_TIME_H
#define PLATFORM_TIME_H

#include <stdint.h>

/* Timebase ticks since reset; on rv32 the high half is read again until the low one did not wrap. */
static inline uint64_t platform_time(void)
{
#if __riscv_xlen == 64
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
#else
	unsigned long hi = 0, lo = 0, again = 0; /* set by the asm: for cppcheck */

	do {
		__asm__ volatile("rdtimeh %0" : "=r"(hi));
		__asm__ volatile("rdtime %0" : "=r"(lo));
		__asm__ volatile("rdtimeh %0" : "=r"(again));
	} while (hi != again);
	return ((uint64_t)hi << 32) | lo;
#endif
}

#endif
