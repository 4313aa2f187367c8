/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The register width of the host unit tests. The portable code takes XLEN from the host's unsigned
 * long, so the tests do too: 64 bits, or 32 in the -m32 build (make unit32), where the code runs
 * as on an RV32 hart. A value with bits above 31 exists only in an RV64 register: a test writes it
 * with REG_BIT()/REG_BITS_FROM() or as a cast constant, and checks it inside RV64_ONLY().
 */
#ifndef TESTS_UNIT_XLEN_H
#define TESTS_UNIT_XLEN_H

#include <stdint.h>

/* The compiler's own constant, so it also works in #if. */
#define XLEN (__SIZEOF_LONG__ * 8)

/* The register's top bit, bit XLEN - 1. */
#define XLEN_MSB (1UL << (XLEN - 1))
/* Bit n (n < 64) of a register, and bits n and up: 0 where the register has no bit n. */
#define REG_BIT(n) ((unsigned long)(1ULL << (n)))
#define REG_BITS_FROM(n) ((unsigned long)(~0ULL << (n)))

/*
 * What is there only on RV64: list entries and statements with values above 32 bits, kept out of
 * the 32-bit build. A uint64_t SBI parameter as its registers carry it: one register on RV64, the
 * low half and the high half on RV32 (the spec's binary encoding), for an .args initialiser. A
 * physical address as SBI's lo and hi registers carry it: hi has its bits from XLEN up.
 */
#if XLEN == 64
#define RV64_ONLY(...) __VA_ARGS__
#define U64_ARGS(v) ((unsigned long)(v))
#define PHYS_ARGS(a) ((unsigned long)(a)), 0UL
#elif XLEN == 32
#define RV64_ONLY(...)
#define U64_ARGS(v) ((unsigned long)(v)), ((unsigned long)((uint64_t)(v) >> 32))
#define PHYS_ARGS(a) U64_ARGS(a)
#else
#error "the unit tests build with 64- or 32-bit longs"
#endif

/* The uint64_t parameter that U64_ARGS put at a[n] (and a[n + 1] on RV32). */
static inline uint64_t u64_arg(const unsigned long *a, unsigned n)
{
	return XLEN == 64 ? a[n] : (uint64_t)a[n] | (uint64_t)a[n + 1] << (XLEN % 64);
}

#endif
