/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for MMIO load/store decoding: every load and store width, sign and zero extension,
 * high and x0 registers, the compressed register and sp-based forms, against rvkvm's test device
 * (a 64-bit little-endian data register at 0x00100000), and the UART line status. 1 vCPU, 64 MiB.
 */
#include "hart.h"
#include "mmio_access.h"

#define DEV 0x00100000UL
#define UART_LSR 0x10000005UL
#define LSR_THRE 0x20
/* Every byte has its sign bit set, and no two bytes are equal. */
#define PATTERN 0xF1E2D3C4B5A69788UL

/* Plain (4-byte) encodings: no compressed instruction may stand in for them. */

static unsigned long sext(unsigned long v, unsigned bits)
{
	unsigned long sign = 1UL << (bits - 1);

	v &= (sign << 1) - 1;
	return (v ^ sign) - sign;
}

static unsigned long field(unsigned long v, unsigned off, unsigned bytes)
{
	unsigned long f = v >> (8 * off);

	return bytes == 8 ? f : f & ((1UL << (8 * bytes)) - 1);
}

static void test_loads(void)
{
	bool ok;

	store_d(DEV, PATTERN);
	check(load_d(DEV) == PATTERN, "sd then ld: 0x%lx", load_d(DEV));

	ok = true;
	for (unsigned off = 0; off < 8; off++) {
		ok = ok && load_b(DEV + off) == sext(field(PATTERN, off, 1), 8);
	}
	check(ok, "lb at offsets 0..7 sign-extends");
	ok = true;
	for (unsigned off = 0; off < 8; off++) {
		ok = ok && load_bu(DEV + off) == field(PATTERN, off, 1);
	}
	check(ok, "lbu at offsets 0..7 zero-extends");
	ok = true;
	for (unsigned off = 0; off < 8; off += 2) {
		ok = ok && load_h(DEV + off) == sext(field(PATTERN, off, 2), 16);
	}
	check(ok, "lh at offsets 0,2,4,6 sign-extends");
	ok = true;
	for (unsigned off = 0; off < 8; off += 2) {
		ok = ok && load_hu(DEV + off) == field(PATTERN, off, 2);
	}
	check(ok, "lhu at offsets 0,2,4,6 zero-extends");
	check(load_w(DEV) == 0xFFFFFFFFB5A69788UL && load_w(DEV + 4) == 0xFFFFFFFFF1E2D3C4UL,
	      "lw at offsets 0,4 sign-extends (0x%lx 0x%lx)", load_w(DEV), load_w(DEV + 4));
	check(load_wu(DEV) == 0xB5A69788UL && load_wu(DEV + 4) == 0xF1E2D3C4UL,
	      "lwu at offsets 0,4 zero-extends (0x%lx 0x%lx)", load_wu(DEV), load_wu(DEV + 4));
	check(load_d(DEV + 8) == 0 && load_w(DEV + 12) == 0 && load_b(DEV + 15) == 0,
	      "registers beyond offset 8 read 0");

	/* A value with the sign bit clear must not be extended with ones. */
	store_d(DEV, 0x7f7f7f7f7f7f7f7fUL);
	check(load_b(DEV + 3) == 0x7f && load_h(DEV + 2) == 0x7f7f &&
		      load_w(DEV + 4) == 0x7f7f7f7fUL,
	      "loads of positive values are not sign-extended");
}

static void test_stores(void)
{
	unsigned long want;

	/* Each store writes only its own bytes: the high bits of the source register are dropped. */
	store_d(DEV, 0);
	want = 0;
	for (unsigned off = 0; off < 8; off++) {
		store_b(DEV + off, 0xABCDEF0123456700UL | (0x80 + off));
		want |= (0x80UL + off) << (8 * off);
	}
	check(load_d(DEV) == want, "sb at offsets 0..7 (0x%lx)", load_d(DEV));
	store_h(DEV + 2, 0x1111111111118421UL);
	want = (want & ~0xFFFF0000UL) | 0x84210000UL;
	check(load_d(DEV) == want, "sh at offset 2 writes two bytes (0x%lx)", load_d(DEV));
	store_h(DEV + 6, 0xFFFFFFFFFFFF9ABCUL);
	want = (want & 0x0000FFFFFFFFFFFFUL) | 0x9ABC000000000000UL;
	check(load_d(DEV) == want, "sh at offset 6 writes two bytes (0x%lx)", load_d(DEV));
	store_w(DEV + 4, 0x22222222DEADBEEFUL);
	want = (want & 0xFFFFFFFFUL) | 0xDEADBEEF00000000UL;
	check(load_d(DEV) == want, "sw at offset 4 writes four bytes (0x%lx)", load_d(DEV));
	store_w(DEV, 0x87654321UL);
	want = (want & ~0xFFFFFFFFUL) | 0x87654321UL;
	check(load_d(DEV) == want, "sw at offset 0 writes four bytes (0x%lx)", load_d(DEV));
	store_d(DEV, ~0UL);
	check(load_d(DEV) == ~0UL, "sd of all ones");
}

static void test_registers(void)
{
	unsigned long v, w, diff;

	/* x31 (t6) as the destination and source, x30 (t5) as the base. */
	store_d(DEV, PATTERN);
	__asm__ volatile("mv t5, %1\n" NORVC("lw t6, 4(t5)") "mv %0, t6"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == sext(PATTERN >> 32, 32), "lw into x31 with base x30 (0x%lx)", v);
	__asm__ volatile("mv t5, %1\n" NORVC("ld t6, 0(t5)") "mv %0, t6"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == PATTERN, "ld into x31 (0x%lx)", v);
	__asm__ volatile("mv t6, %0\nmv t5, %1\n" NORVC("sd t6, 0(t5)")
			 :
			 : "r"(0x0123456789ABCDEFUL), "r"(DEV)
			 : "t5", "t6", "memory");
	check(load_d(DEV) == 0x0123456789ABCDEFUL, "sd from x31");
	__asm__ volatile("mv t6, %0\nmv t5, %1\n" NORVC("sh t6, 6(t5)")
			 :
			 : "r"(0xFFFFUL), "r"(DEV)
			 : "t5", "t6", "memory");
	check(load_d(DEV) == 0xFFFF456789ABCDEFUL, "sh from x31 at offset 6");
	/* x1 (ra) as a destination. */
	__asm__ volatile("mv t0, ra\n" NORVC("lhu ra, 0(%1)") "mv %0, ra\nmv ra, t0"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t0", "memory");
	check(v == 0xCDEF, "lhu into x1 (0x%lx)", v);

	/* x0 as a store source writes zero. */
	__asm__ volatile(NORVC("sd zero, 0(%0)") : : "r"(DEV) : "memory");
	check(load_d(DEV) == 0, "sd from x0 writes 0");
	__asm__ volatile(NORVC("sw zero, 4(%0)") : : "r"(DEV) : "memory");
	check(load_d(DEV) == 0, "sw from x0 writes 0");

	/* Loads into x0 still access the device but change no register: check x1..x4 around one. */
	store_d(DEV, PATTERN);
	__asm__ volatile(
		"mv t0, ra\nmv t1, sp\nmv t2, gp\nmv t3, tp\n" NORVC("ld zero, 0(%1)")
			NORVC("lw zero, 4(%1)") NORVC(
				"lbu zero, 1(%1)") "xor t0, t0, ra\nxor t1, t1, sp\nxor t2, t2, "
						   "gp\nxor t3, t3, tp\n"
						   "or t0, t0, t1\nor t0, t0, t2\nor %0, t0, t3"
		: "=r"(diff)
		: "r"(DEV)
		: "t0", "t1", "t2", "t3", "memory");
	check(diff == 0, "loads into x0 leave x1..x4 alone");
	w = 0x1122334455667788UL;
	v = w;
	__asm__ volatile(NORVC("ld zero, 0(%1)") : "+r"(v) : "r"(DEV) : "memory");
	check(v == w && load_d(DEV) == PATTERN,
	      "a load into x0 leaves the device and other registers");
}

static void test_compressed(void)
{
	unsigned long v, w;

	/* c.lw / c.ld / c.sw / c.sd: both registers from x8..x15. */
	store_d(DEV, PATTERN);
	__asm__ volatile("mv s0, %1\nc.lw s1, 4(s0)\nmv %0, s1"
			 : "=r"(v)
			 : "r"(DEV)
			 : "s0", "s1", "memory");
	check(v == 0xFFFFFFFFF1E2D3C4UL, "c.lw s1, 4(s0) sign-extends (0x%lx)", v);
	__asm__ volatile("mv a5, %1\nc.lw a0, 0(a5)\nmv %0, a0"
			 : "=r"(v)
			 : "r"(DEV)
			 : "a0", "a5", "memory");
	check(v == 0xFFFFFFFFB5A69788UL, "c.lw a0, 0(a5) (0x%lx)", v);
	__asm__ volatile("mv a2, %1\nc.ld a3, 0(a2)\nmv %0, a3"
			 : "=r"(v)
			 : "r"(DEV)
			 : "a2", "a3", "memory");
	check(v == PATTERN, "c.ld a3, 0(a2) (0x%lx)", v);
	__asm__ volatile("mv s1, %1\nc.ld a5, 8(s1)\nmv %0, a5"
			 : "=r"(v)
			 : "r"(DEV)
			 : "s1", "a5", "memory");
	check(v == 0, "c.ld a5, 8(s1) beyond the data register reads 0 (0x%lx)", v);
	__asm__ volatile("mv a4, %0\nmv s0, %1\nc.sd a4, 0(s0)"
			 :
			 : "r"(0x8000000000000001UL), "r"(DEV)
			 : "a4", "s0", "memory");
	check(load_d(DEV) == 0x8000000000000001UL, "c.sd a4, 0(s0)");
	__asm__ volatile("mv a1, %0\nmv a0, %1\nc.sw a1, 4(a0)"
			 :
			 : "r"(0xFFFFFFFF90ABCDEFUL), "r"(DEV)
			 : "a0", "a1", "memory");
	check(load_d(DEV) == 0x90ABCDEF00000001UL, "c.sw a1, 4(a0) writes four bytes (0x%lx)",
	      load_d(DEV));

	/* The sp-based forms: sp points at the device inside one block, interrupts are off. */
	store_d(DEV, PATTERN);
	__asm__ volatile("mv t5, sp\nmv sp, %2\n"
			 "c.lwsp t6, 4(sp)\nmv %0, t6\n"
			 "c.ldsp t6, 0(sp)\nmv %1, t6\n"
			 "mv sp, t5"
			 : "=&r"(v), "=&r"(w)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == 0xFFFFFFFFF1E2D3C4UL, "c.lwsp t6, 4(sp) sign-extends (0x%lx)", v);
	check(w == PATTERN, "c.ldsp t6, 0(sp) (0x%lx)", w);
	__asm__ volatile("mv t5, sp\nmv t6, %0\nmv sp, %1\n"
			 "c.sdsp t6, 0(sp)\n"
			 "mv sp, t5"
			 :
			 : "r"(0x0102030405060708UL), "r"(DEV)
			 : "t5", "t6", "memory");
	check(load_d(DEV) == 0x0102030405060708UL, "c.sdsp t6, 0(sp)");
	__asm__ volatile("mv t5, sp\nmv t6, %0\nmv sp, %1\n"
			 "c.swsp t6, 0(sp)\n"
			 "mv sp, t5"
			 :
			 : "r"(0xAAAAAAAAFEDCBA98UL), "r"(DEV)
			 : "t5", "t6", "memory");
	check(load_d(DEV) == 0x01020304FEDCBA98UL, "c.swsp t6, 0(sp) writes four bytes (0x%lx)",
	      load_d(DEV));
	__asm__ volatile("mv t5, sp\nmv sp, %1\n"
			 "c.ldsp t6, 8(sp)\nmv %0, t6\n"
			 "mv sp, t5"
			 : "=&r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == 0, "c.ldsp t6, 8(sp) beyond the data register reads 0");
}

static void test_uart(void)
{
	unsigned long lsr = load_bu(UART_LSR);

	check((lsr & LSR_THRE) != 0, "UART LSR (0x%lx) has THRE set", lsr);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)fdt;
	hart_boot_init(hartid);
	/* Any exception is reported as a failure; sstatus.SIE stays 0 (sp points at MMIO at times). */
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	say("mmio_decode: test device at 0x%lx\n", DEV);
	test_loads();
	test_stores();
	test_registers();
	test_compressed();
	test_uart();
	return 0;
}
