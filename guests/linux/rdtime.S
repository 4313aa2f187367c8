/* SPDX-License-Identifier: Apache-2.0 */
/*
 * /bin/rdtime of the Linux guest's initramfs: prints the time CSR (ticks since the machine was
 * powered on) in decimal and exits. A static riscv64 Linux program without a C library, so the
 * boot benchmark's marker costs one exec (see guests/linux/init, tools/bench.sh).
 */
	.text
	.globl _start
_start:
	rdtime	t0
	/* Digits from the end of the buffer backwards: a1 = first digit, a2 = length. */
	la	a1, buf_end
	li	t1, 10
	addi	a1, a1, -1
	li	t2, '\n'
	sb	t2, 0(a1)
1:	remu	t2, t0, t1
	divu	t0, t0, t1
	addi	t2, t2, '0'
	addi	a1, a1, -1
	sb	t2, 0(a1)
	bnez	t0, 1b
	la	a2, buf_end
	sub	a2, a2, a1
	li	a0, 1		/* write(1, a1, a2) */
	li	a7, 64
	ecall
	li	a0, 0		/* exit(0) */
	li	a7, 93
	ecall
2:	j	2b

	.bss
buf:	.space	32
buf_end:
