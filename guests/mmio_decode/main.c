/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for MMIO load/store decoding: every load and store width, sign and zero extension,
 * high and x0 registers, the compressed register and sp-based forms, against rvkvm's test device
 * (a 64-bit little-endian data register at 0x00100000), and the UART line status. 1 vCPU, 64 MiB.
 */
#include "hart.h"
#include "mmio_access.h"

/*
 * One source for rv32 and rv64: a register is XLEN bits, the device's data register 64. "X" in
 * a name is the full-register access (ld/sd/c.ld on rv64, lw/sw/c.lw on rv32, MMIO_X); lwu,
 * which RV32I does not have, is checked on rv64 only. The device's 8 bytes are written and read
 * with mmio_write64/mmio_read64 (sd/ld, or lw/sw by halves on rv32).
 */
#define DEV 0x00100000UL
#define UART_LSR 0x10000005UL
#define LSR_THRE 0x20
/* Every byte has its sign bit set, and no two bytes are equal. */
#define PATTERN 0xF1E2D3C4B5A69788ULL
#define XBYTES ((unsigned)sizeof(unsigned long))
#define TOP_BIT (1UL << (8 * sizeof(unsigned long) - 1))

/* Plain (4-byte) encodings: no compressed instruction may stand in for them. */

/* The low bits of v, sign-extended to XLEN. */
static unsigned long sext(uint64_t v, unsigned bits)
{
	uint64_t sign = 1ULL << (bits - 1);

	v &= (sign << 1) - 1;
	return (unsigned long)((v ^ sign) - sign);
}

static uint64_t field(uint64_t v, unsigned off, unsigned bytes)
{
	uint64_t f = v >> (8 * off);

	return bytes == 8 ? f : f & ((1ULL << (8 * bytes)) - 1);
}

/* The device's 8 bytes after a store of v's low n bytes at offset off. */
static uint64_t merged(uint64_t dev, unsigned off, unsigned n, uint64_t v)
{
	uint64_t mask = (n == 8 ? ~0ULL : (1ULL << (8 * n)) - 1) << (8 * off);

	return (dev & ~mask) | ((v << (8 * off)) & mask);
}

static unsigned long long dev64(void)
{
	return (unsigned long long)mmio_read64(DEV);
}

static void test_loads(void)
{
	bool ok;

	mmio_write64(DEV, PATTERN);
	check(mmio_read64(DEV) == PATTERN,
	      "8-byte write then read (s" MMIO_X " then l" MMIO_X "): 0x%llx", dev64());

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
	check(load_w(DEV) == sext(PATTERN, 32) && load_w(DEV + 4) == sext(PATTERN >> 32, 32),
	      "lw at offsets 0,4 sign-extends (0x%lx 0x%lx)", load_w(DEV), load_w(DEV + 4));
	if (sizeof(unsigned long) == 8) {
		check(load_wu(DEV) == 0xB5A69788UL && load_wu(DEV + 4) == 0xF1E2D3C4UL,
		      "lwu at offsets 0,4 zero-extends (0x%lx 0x%lx)", load_wu(DEV),
		      load_wu(DEV + 4));
	}
	check(load_x(DEV + 8) == 0 && load_w(DEV + 12) == 0 && load_b(DEV + 15) == 0,
	      "registers beyond offset 8 read 0");

	/* A value with the sign bit clear must not be extended with ones. */
	mmio_write64(DEV, 0x7f7f7f7f7f7f7f7fULL);
	check(load_b(DEV + 3) == 0x7f && load_h(DEV + 2) == 0x7f7f &&
		      load_w(DEV + 4) == 0x7f7f7f7fUL,
	      "loads of positive values are not sign-extended");
}

static void test_stores(void)
{
	uint64_t want;

	/* Each store writes only its own bytes: the high bits of the source register are dropped. */
	mmio_write64(DEV, 0);
	want = 0;
	for (unsigned off = 0; off < 8; off++) {
		store_b(DEV + off, (unsigned long)0xABCDEF0123456700ULL | (0x80 + off));
		want |= (0x80ULL + off) << (8 * off);
	}
	check(mmio_read64(DEV) == want, "sb at offsets 0..7 (0x%llx)", dev64());
	store_h(DEV + 2, (unsigned long)0x1111111111118421ULL);
	want = merged(want, 2, 2, 0x8421);
	check(mmio_read64(DEV) == want, "sh at offset 2 writes two bytes (0x%llx)", dev64());
	store_h(DEV + 6, (unsigned long)0xFFFFFFFFFFFF9ABCULL);
	want = merged(want, 6, 2, 0x9ABC);
	check(mmio_read64(DEV) == want, "sh at offset 6 writes two bytes (0x%llx)", dev64());
	store_w(DEV + 4, (unsigned long)0x22222222DEADBEEFULL);
	want = merged(want, 4, 4, 0xDEADBEEF);
	check(mmio_read64(DEV) == want, "sw at offset 4 writes four bytes (0x%llx)", dev64());
	store_w(DEV, 0x87654321UL);
	want = merged(want, 0, 4, 0x87654321);
	check(mmio_read64(DEV) == want, "sw at offset 0 writes four bytes (0x%llx)", dev64());
	store_x(DEV, ~0UL);
	want = merged(want, 0, XBYTES, ~0ULL);
	check(mmio_read64(DEV) == want, "s" MMIO_X " of all ones (0x%llx)", dev64());
}

static void test_registers(void)
{
	unsigned long v, w, diff;
	uint64_t want;

	/* x31 (t6) as the destination and source, x30 (t5) as the base. */
	mmio_write64(DEV, PATTERN);
	__asm__ volatile("mv t5, %1\n" NORVC("lw t6, 4(t5)") "mv %0, t6"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == sext(PATTERN >> 32, 32), "lw into x31 with base x30 (0x%lx)", v);
	__asm__ volatile("mv t5, %1\n" NORVC("l" MMIO_X " t6, 0(t5)") "mv %0, t6"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == (unsigned long)PATTERN, "l" MMIO_X " into x31 (0x%lx)", v);
	__asm__ volatile("mv t6, %0\nmv t5, %1\n" NORVC("s" MMIO_X " t6, 0(t5)")
			 :
			 : "r"((unsigned long)0x0123456789ABCDEFULL), "r"(DEV)
			 : "t5", "t6", "memory");
	want = merged(PATTERN, 0, XBYTES, 0x0123456789ABCDEFULL);
	check(mmio_read64(DEV) == want, "s" MMIO_X " from x31 (0x%llx)", dev64());
	__asm__ volatile("mv t6, %0\nmv t5, %1\n" NORVC("sh t6, 6(t5)")
			 :
			 : "r"(0xFFFFUL), "r"(DEV)
			 : "t5", "t6", "memory");
	want = merged(want, 6, 2, 0xFFFF);
	check(mmio_read64(DEV) == want, "sh from x31 at offset 6 (0x%llx)", dev64());
	/* x1 (ra) as a destination. */
	__asm__ volatile("mv t0, ra\n" NORVC("lhu ra, 0(%1)") "mv %0, ra\nmv ra, t0"
			 : "=r"(v)
			 : "r"(DEV)
			 : "t0", "memory");
	check(v == 0xCDEF, "lhu into x1 (0x%lx)", v);

	/* x0 as a store source writes zero. */
	__asm__ volatile(NORVC("s" MMIO_X " zero, 0(%0)") : : "r"(DEV) : "memory");
	want = merged(want, 0, XBYTES, 0);
	check(mmio_read64(DEV) == want, "s" MMIO_X " from x0 writes 0 (0x%llx)", dev64());
	__asm__ volatile(NORVC("sw zero, 4(%0)") : : "r"(DEV) : "memory");
	check(mmio_read64(DEV) == 0, "sw from x0 at offset 4 writes 0");

	/* Loads into x0 still access the device but change no register: check x1..x4 around one. */
	mmio_write64(DEV, PATTERN);
	__asm__ volatile(
		"mv t0, ra\nmv t1, sp\nmv t2, gp\nmv t3, tp\n" NORVC("l" MMIO_X " zero, 0(%1)")
			NORVC("lw zero, 4(%1)") NORVC(
				"lbu zero, 1(%1)") "xor t0, t0, ra\nxor t1, t1, sp\nxor t2, t2, "
						   "gp\nxor t3, t3, tp\n"
						   "or t0, t0, t1\nor t0, t0, t2\nor %0, t0, t3"
		: "=r"(diff)
		: "r"(DEV)
		: "t0", "t1", "t2", "t3", "memory");
	check(diff == 0, "loads into x0 leave x1..x4 alone");
	w = (unsigned long)0x1122334455667788ULL;
	v = w;
	__asm__ volatile(NORVC("l" MMIO_X " zero, 0(%1)") : "+r"(v) : "r"(DEV) : "memory");
	check(v == w && mmio_read64(DEV) == PATTERN,
	      "a load into x0 leaves the device and other registers");
}

static void test_compressed(void)
{
	unsigned long v, w;
	uint64_t want;

	/* c.lw / c.lX / c.sw / c.sX: both registers from x8..x15. */
	mmio_write64(DEV, PATTERN);
	__asm__ volatile("mv s0, %1\nc.lw s1, 4(s0)\nmv %0, s1"
			 : "=r"(v)
			 : "r"(DEV)
			 : "s0", "s1", "memory");
	check(v == sext(PATTERN >> 32, 32), "c.lw s1, 4(s0) sign-extends (0x%lx)", v);
	__asm__ volatile("mv a5, %1\nc.lw a0, 0(a5)\nmv %0, a0"
			 : "=r"(v)
			 : "r"(DEV)
			 : "a0", "a5", "memory");
	check(v == sext(PATTERN, 32), "c.lw a0, 0(a5) (0x%lx)", v);
	__asm__ volatile("mv a2, %1\nc.l" MMIO_X " a3, 0(a2)\nmv %0, a3"
			 : "=r"(v)
			 : "r"(DEV)
			 : "a2", "a3", "memory");
	check(v == (unsigned long)PATTERN, "c.l" MMIO_X " a3, 0(a2) (0x%lx)", v);
	__asm__ volatile("mv s1, %1\nc.l" MMIO_X " a5, 8(s1)\nmv %0, a5"
			 : "=r"(v)
			 : "r"(DEV)
			 : "s1", "a5", "memory");
	check(v == 0, "c.l" MMIO_X " a5, 8(s1) beyond the data register reads 0 (0x%lx)", v);
	__asm__ volatile("mv a4, %0\nmv s0, %1\nc.s" MMIO_X " a4, 0(s0)"
			 :
			 : "r"(TOP_BIT | 1), "r"(DEV)
			 : "a4", "s0", "memory");
	want = merged(PATTERN, 0, XBYTES, TOP_BIT | 1);
	check(mmio_read64(DEV) == want, "c.s" MMIO_X " a4, 0(s0) (0x%llx)", dev64());
	__asm__ volatile("mv a1, %0\nmv a0, %1\nc.sw a1, 4(a0)"
			 :
			 : "r"((unsigned long)0xFFFFFFFF90ABCDEFULL), "r"(DEV)
			 : "a0", "a1", "memory");
	want = merged(want, 4, 4, 0x90ABCDEF);
	check(mmio_read64(DEV) == want, "c.sw a1, 4(a0) writes four bytes (0x%llx)", dev64());

	/* The sp-based forms: sp points at the device inside one block, interrupts are off. */
	mmio_write64(DEV, PATTERN);
	__asm__ volatile("mv t5, sp\nmv sp, %2\n"
			 "c.lwsp t6, 4(sp)\nmv %0, t6\n"
			 "c.l" MMIO_X "sp t6, 0(sp)\nmv %1, t6\n"
			 "mv sp, t5"
			 : "=&r"(v), "=&r"(w)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == sext(PATTERN >> 32, 32), "c.lwsp t6, 4(sp) sign-extends (0x%lx)", v);
	check(w == (unsigned long)PATTERN, "c.l" MMIO_X "sp t6, 0(sp) (0x%lx)", w);
	__asm__ volatile("mv t5, sp\nmv t6, %0\nmv sp, %1\n"
			 "c.s" MMIO_X "sp t6, 0(sp)\n"
			 "mv sp, t5"
			 :
			 : "r"((unsigned long)0x0102030405060708ULL), "r"(DEV)
			 : "t5", "t6", "memory");
	want = merged(PATTERN, 0, XBYTES, 0x0102030405060708ULL);
	check(mmio_read64(DEV) == want, "c.s" MMIO_X "sp t6, 0(sp) (0x%llx)", dev64());
	__asm__ volatile("mv t5, sp\nmv t6, %0\nmv sp, %1\n"
			 "c.swsp t6, 0(sp)\n"
			 "mv sp, t5"
			 :
			 : "r"((unsigned long)0xAAAAAAAAFEDCBA98ULL), "r"(DEV)
			 : "t5", "t6", "memory");
	want = merged(want, 0, 4, 0xFEDCBA98);
	check(mmio_read64(DEV) == want, "c.swsp t6, 0(sp) writes four bytes (0x%llx)", dev64());
	__asm__ volatile("mv t5, sp\nmv sp, %1\n"
			 "c.l" MMIO_X "sp t6, 8(sp)\nmv %0, t6\n"
			 "mv sp, t5"
			 : "=&r"(v)
			 : "r"(DEV)
			 : "t5", "t6", "memory");
	check(v == 0, "c.l" MMIO_X "sp t6, 8(sp) beyond the data register reads 0");
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
