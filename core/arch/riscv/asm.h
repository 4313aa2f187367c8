/* SPDX-License-Identifier: Apache-2.0 */
/* What the hypervisor's assembly needs to be the same source on rv32 and rv64. */
#ifndef CORE_ARCH_RISCV_ASM_H
#define CORE_ARCH_RISCV_ASM_H

#include "lib/riscv_xlen.h" /* REG_L, REG_S, REGBYTES, LOG_REGBYTES */

/* The hypervisor load of an unsigned long of the guest: hlv.d on RV64, hlv.w on RV32. */
#if __riscv_xlen == 64
#define HLV_ULONG_FUNCT7 0x36
#else
#define HLV_ULONG_FUNCT7 0x34
#endif

#ifdef __ASSEMBLER__
/*
 * Adds the unsigned long in register delta to the uint64_t at off(base), through tmp; delta is
 * lost. RV32 adds to the low word and carries into the high one. off is one assembler argument:
 * an expression without spaces.
 */
/* clang-format off */
#if __riscv_xlen == 64
.macro ADD_U64 delta, off, base, tmp
	ld \tmp, \off(\base)
	add \tmp, \tmp, \delta
	sd \tmp, \off(\base)
.endm
#else
.macro ADD_U64 delta, off, base, tmp
	lw \tmp, \off(\base)
	add \tmp, \tmp, \delta
	sw \tmp, \off(\base)
	sltu \delta, \tmp, \delta /* the carry out of the low word */
	lw \tmp, \off+4(\base)
	add \tmp, \tmp, \delta
	sw \tmp, \off+4(\base)
.endm
#endif
/* clang-format on */
#endif

#endif
