/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 64-bit atomics GCC calls on RV32, which has no 64-bit AMO (libatomic's __atomic_*_8, which a
 * freestanding image does not have): every one under a single lock, taken with amoswap.w. The
 * hypervisor runs with interrupts off in HS-mode, so a hart never re-enters one. On RV64 the
 * compiler emits AMOs itself and this file assembles to nothing.
 */
#include "core/arch/riscv/asm.h"

#if __riscv_xlen == 32

	.bss
	.balign 4
atomic64_lock:
	.word 0

	.text
.macro LOCK
	la t6, atomic64_lock
1:	li t0, 1
	amoswap.w.aq t0, t0, (t6)
	bnez t0, 1b
.endm
.macro UNLOCK
	amoswap.w.rl zero, zero, (t6)
.endm

/* uint64_t __atomic_load_8(const volatile void *mem, int model) */
	.globl __atomic_load_8
	.balign 4
__atomic_load_8:
	LOCK
	lw t1, 0(a0)
	lw t2, 4(a0)
	UNLOCK
	mv a0, t1
	mv a1, t2
	ret

/* void __atomic_store_8(volatile void *mem, uint64_t val (a1 low, a2 high), int model) */
	.globl __atomic_store_8
	.balign 4
__atomic_store_8:
	LOCK
	sw a1, 0(a0)
	sw a2, 4(a0)
	UNLOCK
	ret

/* uint64_t __atomic_exchange_8(volatile void *mem, uint64_t val, int model) */
	.globl __atomic_exchange_8
	.balign 4
__atomic_exchange_8:
	LOCK
	lw t1, 0(a0)
	lw t2, 4(a0)
	sw a1, 0(a0)
	sw a2, 4(a0)
	UNLOCK
	mv a0, t1
	mv a1, t2
	ret

/* uint64_t __atomic_fetch_add_8(volatile void *mem, uint64_t val, int model) */
	.globl __atomic_fetch_add_8
	.balign 4
__atomic_fetch_add_8:
	LOCK
	lw t1, 0(a0)
	lw t2, 4(a0)
	add t3, t1, a1
	sltu t4, t3, t1 /* the carry out of the low half */
	add t5, t2, a2
	add t5, t5, t4
	sw t3, 0(a0)
	sw t5, 4(a0)
	UNLOCK
	mv a0, t1
	mv a1, t2
	ret

/*
 * bool __atomic_compare_exchange_8(volatile void *mem, void *expected, uint64_t desired
 * (a2 low, a3 high), bool weak, int success, int failure)
 */
	.globl __atomic_compare_exchange_8
	.balign 4
__atomic_compare_exchange_8:
	LOCK
	lw t1, 0(a0)
	lw t2, 4(a0)
	lw t3, 0(a1)
	lw t4, 4(a1)
	bne t1, t3, 2f
	bne t2, t4, 2f
	sw a2, 0(a0)
	sw a3, 4(a0)
	UNLOCK
	li a0, 1
	ret
2:	sw t1, 0(a1)
	sw t2, 4(a1)
	UNLOCK
	li a0, 0
	ret

#endif
