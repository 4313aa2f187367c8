/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The boot benchmark's native kernel-entry marker: OpenSBI starts this as its S-mode payload in
 * place of Linux; it prints the time CSR on the virt machine's 16550 and jumps to the unmodified
 * kernel Image, which QEMU's loader put at KERNEL_ADDR (see tools/bench.sh, docs/bench.md). On
 * rv32 the CSR is the time's low half, which is all of it this early (tools/bench_rv32.sh).
 */
#define UART 0x10000000
#define UART_LSR 5
#define LSR_THRE 0x20
/*
 * One large page above this payload: Linux on riscv64 runs from any 2 MiB-aligned address, on
 * riscv32 from any 4 MiB-aligned one; the rv32 build (rv32.mk), linked 4 MiB up, passes its own.
 */
#ifndef KERNEL_ADDR
#define KERNEL_ADDR 0x80400000
#endif

	.text
	.globl _start
_start:
	rdtime	s2		/* first: before it is the firmware's, after it Linux's */
	mv	s0, a0		/* hart id and device tree, as OpenSBI hands them over */
	mv	s1, a1
	li	s3, UART
	la	a0, prefix
	call	puts
	/* Digits from the end of the buffer backwards, then the line. */
	la	a0, buf_end
	addi	a0, a0, -1
	sb	zero, 0(a0)
	li	t1, 10
1:	remu	t2, s2, t1
	divu	s2, s2, t1
	addi	t2, t2, '0'
	addi	a0, a0, -1
	sb	t2, 0(a0)
	bnez	s2, 1b
	call	puts
	la	a0, eol
	call	puts
	mv	a0, s0
	mv	a1, s1
	li	t0, KERNEL_ADDR
	jr	t0

/* puts(a0): a NUL-terminated string to the UART at s3, waiting for THRE before each byte. */
puts:
	lbu	t0, 0(a0)
	beqz	t0, 3f
2:	lbu	t1, UART_LSR(s3)
	andi	t1, t1, LSR_THRE
	beqz	t1, 2b
	sb	t0, 0(s3)
	addi	a0, a0, 1
	j	puts
3:	ret

	.section .rodata
prefix:	.asciz	"rvkvm-bench-kernel-entry ticks="
eol:	.asciz	"\r\n"

	.bss
buf:	.space	32
buf_end:
