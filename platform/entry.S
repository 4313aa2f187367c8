/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry points of the hypervisor image: the boot hart from the firmware, the others from SBI
 * HSM. Each gets the core's trap vector and its stack, then goes to boot (platform/boot.c).
 */
#include "core/arch/riscv/asm.h"
#include "core/core.h"
#include "platform/boot.h"

	/*
	 * Set by the first hart through _start. It must live in .data: the first hart clears
	 * .bss right after claiming it.
	 */
	.section .data
	.balign 4
boot_claimed:
	.word 0

	.section .text.entry, "ax"
	.globl _start
_start:
	/* a0 = hart id, a1 = device tree, as fw_dynamic/fw_jump hand them over. */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la t0, boot_claimed
	li t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez t1, late_secondary
	csrw sie, zero
	csrw sscratch, zero
	la t0, hs_trap_vector
	csrw stvec, t0
	/* .bss, 8 registers a store run (rvkvm.ld aligns both ends to 64): the NICs' buffers. */
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	REG_S zero, 0 * REGBYTES(t0)
	REG_S zero, 1 * REGBYTES(t0)
	REG_S zero, 2 * REGBYTES(t0)
	REG_S zero, 3 * REGBYTES(t0)
	REG_S zero, 4 * REGBYTES(t0)
	REG_S zero, 5 * REGBYTES(t0)
	REG_S zero, 6 * REGBYTES(t0)
	REG_S zero, 7 * REGBYTES(t0)
	addi t0, t0, 8 * REGBYTES
	j 1b
2:	la sp, hart_stacks
	li t0, BOOT_STACK_SIZE
	add sp, sp, t0
	call boot_main
3:	wfi
	j 3b

	/*
	 * A secondary hart that OpenSBI (1.1) sent here instead of to secondary_start: its HSM
	 * hart_start marks the hart START_PENDING before it stores the start address and opaque,
	 * so a hart that reaches its HSM wait loop late (a busy host) can leave with the stale
	 * ones, the firmware's next stage (_start) and the device tree. platform/boot.c stores
	 * each hart's stack top in boot_hart_stack[hart id] before starting it: wait for it (the
	 * store comes before the hart_start call that let this hart go) and start as asked.
	 */
late_secondary:
	li t0, CORE_HARTID_LIMIT
	bgeu a0, t0, 6f
	la t0, boot_hart_stack
	slli t1, a0, LOG_REGBYTES
	add t0, t0, t1
5:	REG_L a1, 0(t0)
	fence r, rw
	beqz a1, 5b
	j secondary_start
6:	wfi
	j 6b

	.globl secondary_start
	.align 2
secondary_start:
	/* a0 = hart id, a1 = this hart's stack top (the opaque of HSM hart_start). */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	csrw sie, zero
	csrw sscratch, zero
	la t0, hs_trap_vector
	csrw stvec, t0
	mv sp, a1
	call secondary_main
4:	wfi
	j 4b
