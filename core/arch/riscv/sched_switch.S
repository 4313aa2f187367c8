/* SPDX-License-Identifier: Apache-2.0 */
/* The scheduler's context switch: callee-saved registers, sp and ra; tp (the hart) and gp stay. */
#include "core/arch/riscv/asm.h"
#include "asm-offsets.h"

/*
 * void sched_arch_switch(struct sched_ctx *save, const struct sched_ctx *load)
 * Everything else a C caller expects to survive a call is already on its stack. tp is not
 * switched on purpose: it names the hart, and a thread may resume on another one.
 */
	.text
	.globl sched_arch_switch
	.align 2
sched_arch_switch:
	REG_S ra, SCHED_CTX_RA(a0)
	REG_S sp, SCHED_CTX_SP(a0)
	REG_S s0, SCHED_CTX_S + 0 * REGBYTES(a0)
	REG_S s1, SCHED_CTX_S + 1 * REGBYTES(a0)
	REG_S s2, SCHED_CTX_S + 2 * REGBYTES(a0)
	REG_S s3, SCHED_CTX_S + 3 * REGBYTES(a0)
	REG_S s4, SCHED_CTX_S + 4 * REGBYTES(a0)
	REG_S s5, SCHED_CTX_S + 5 * REGBYTES(a0)
	REG_S s6, SCHED_CTX_S + 6 * REGBYTES(a0)
	REG_S s7, SCHED_CTX_S + 7 * REGBYTES(a0)
	REG_S s8, SCHED_CTX_S + 8 * REGBYTES(a0)
	REG_S s9, SCHED_CTX_S + 9 * REGBYTES(a0)
	REG_S s10, SCHED_CTX_S + 10 * REGBYTES(a0)
	REG_S s11, SCHED_CTX_S + 11 * REGBYTES(a0)
	REG_L ra, SCHED_CTX_RA(a1)
	REG_L sp, SCHED_CTX_SP(a1)
	REG_L s0, SCHED_CTX_S + 0 * REGBYTES(a1)
	REG_L s1, SCHED_CTX_S + 1 * REGBYTES(a1)
	REG_L s2, SCHED_CTX_S + 2 * REGBYTES(a1)
	REG_L s3, SCHED_CTX_S + 3 * REGBYTES(a1)
	REG_L s4, SCHED_CTX_S + 4 * REGBYTES(a1)
	REG_L s5, SCHED_CTX_S + 5 * REGBYTES(a1)
	REG_L s6, SCHED_CTX_S + 6 * REGBYTES(a1)
	REG_L s7, SCHED_CTX_S + 7 * REGBYTES(a1)
	REG_L s8, SCHED_CTX_S + 8 * REGBYTES(a1)
	REG_L s9, SCHED_CTX_S + 9 * REGBYTES(a1)
	REG_L s10, SCHED_CTX_S + 10 * REGBYTES(a1)
	REG_L s11, SCHED_CTX_S + 11 * REGBYTES(a1)
	ret

/* Where a new thread starts (sched_arch_ctx_init): s0 = fn, s1 = arg. */
	.globl sched_thread_trampoline
	.align 2
sched_thread_trampoline:
	mv a0, s1
	jalr s0
	call sched_exit
1:	j 1b
