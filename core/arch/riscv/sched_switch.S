/* SPDX-License-Identifier: Apache-2.0 */
/* The scheduler's context switch: callee-saved registers, sp and ra; tp (the hart) and gp stay. */
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
	sd ra, SCHED_CTX_RA(a0)
	sd sp, SCHED_CTX_SP(a0)
	sd s0, SCHED_CTX_S + 0 * 8(a0)
	sd s1, SCHED_CTX_S + 1 * 8(a0)
	sd s2, SCHED_CTX_S + 2 * 8(a0)
	sd s3, SCHED_CTX_S + 3 * 8(a0)
	sd s4, SCHED_CTX_S + 4 * 8(a0)
	sd s5, SCHED_CTX_S + 5 * 8(a0)
	sd s6, SCHED_CTX_S + 6 * 8(a0)
	sd s7, SCHED_CTX_S + 7 * 8(a0)
	sd s8, SCHED_CTX_S + 8 * 8(a0)
	sd s9, SCHED_CTX_S + 9 * 8(a0)
	sd s10, SCHED_CTX_S + 10 * 8(a0)
	sd s11, SCHED_CTX_S + 11 * 8(a0)
	ld ra, SCHED_CTX_RA(a1)
	ld sp, SCHED_CTX_SP(a1)
	ld s0, SCHED_CTX_S + 0 * 8(a1)
	ld s1, SCHED_CTX_S + 1 * 8(a1)
	ld s2, SCHED_CTX_S + 2 * 8(a1)
	ld s3, SCHED_CTX_S + 3 * 8(a1)
	ld s4, SCHED_CTX_S + 4 * 8(a1)
	ld s5, SCHED_CTX_S + 5 * 8(a1)
	ld s6, SCHED_CTX_S + 6 * 8(a1)
	ld s7, SCHED_CTX_S + 7 * 8(a1)
	ld s8, SCHED_CTX_S + 8 * 8(a1)
	ld s9, SCHED_CTX_S + 9 * 8(a1)
	ld s10, SCHED_CTX_S + 10 * 8(a1)
	ld s11, SCHED_CTX_S + 11 * 8(a1)
	ret

/* Where a new thread starts (sched_arch_ctx_init): s0 = fn, s1 = arg. */
	.globl sched_thread_trampoline
	.align 2
sched_thread_trampoline:
	mv a0, s1
	jalr s0
	call sched_exit
1:	j 1b
