/* Entry points of the hypervisor image: the boot hart from the firmware, the others from SBI HSM. */
#include "core/arch/riscv/csr.h"

#define HART_STACK_SIZE (16 * 1024)

	.section .text.entry, "ax"
	.globl _start
_start:
	/* a0 = hart id, a1 = device tree, as fw_dynamic/fw_jump hand them over. */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	csrw CSR_SIE, zero
	csrw CSR_SSCRATCH, zero
	la t0, hs_trap_vector
	csrw CSR_STVEC, t0
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	la sp, hart_stacks
	li t0, HART_STACK_SIZE
	add sp, sp, t0
	call boot_main
3:	wfi
	j 3b

	.globl secondary_start
	.align 2
secondary_start:
	/* a0 = hart id, a1 = this hart's stack top (the opaque of HSM hart_start). */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	csrw CSR_SIE, zero
	csrw CSR_SSCRATCH, zero
	la t0, hs_trap_vector
	csrw CSR_STVEC, t0
	mv sp, a1
	call secondary_main
4:	wfi
	j 4b
