/* SPDX-License-Identifier: Apache-2.0 */
/* Entry of every bare-metal test guest: a RISC-V Linux Image header, then stack, bss and main(). */
#include "lib/riscv_xlen.h"

	.section .text.head, "ax"
	.globl _start
_start:
	/* Image header (Documentation/arch/riscv/boot-image-header.rst): loaded like a kernel. */
	j _entry                 /* code0 */
	.balign 8
	.dword __text_offset     /* from the link script: where in RAM the image expects to run */
	.dword __image_end - _start /* image_size */
	.dword 0                 /* flags: little endian */
	.word 2                  /* version 0.2 */
	.word 0
	.dword 0
	.ascii "RISCV\0\0\0"     /* magic (deprecated) */
	.ascii "RSC\x05"         /* magic2 */
	.word 0

	.text
_entry:
	/* a0 = hart id, a1 = device tree, as the boot protocol says. */
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	REG_S zero, 0(t0)
	addi t0, t0, REGBYTES
	j 1b
2:	la sp, __stack_top
	call guest_main_entry
3:	j 3b
