/* SPDX-License-Identifier: Apache-2.0 */
/*
 * /bin/insn-marker of the Linux guest's initramfs: executes the instruction-count marker once and
 * exits. The marker, `slti x0, x0, 1`, is a HINT (it only writes x0) that QEMU's insn_count
 * plugin (tools/insn_count/) recognises: each time one runs, the plugin prints how many
 * instructions every hart has executed so far, so the bench step of guests/linux/io-steps can
 * count the instructions between two points. A static riscv64 Linux program without a C library,
 * like /bin/rdtime; without the plugin it does nothing.
 */
	.text
	.globl _start
_start:
	slti	x0, x0, 1
	li	a0, 0		/* exit(0) */
	li	a7, 93
	ecall
1:	j	1b
