/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: misaligned loads/stores to RAM and MMIO, MMIO widths and offsets a device does not serve, SC on MMIO. */
#include "hostile.h"
#include "mmio_access.h"

/*
 * --append "misaligned": every misaligned width/offset in RAM (and across a page boundary)
 *   must give the right bytes, whether the hart does it or a handler emulates it; a
 *   misaligned exception reaching the guest (cause 4/6) is also allowed. The output says
 *   which happened. Then misaligned accesses to the test device: rvkvm must survive; the
 *   load gives 0 or the exact bytes, the store changes nothing or writes the exact bytes,
 *   or the guest gets a misaligned/access-fault exception (4-7).
 * --append "widths": accesses a device does not take (2/4/8-byte UART, 1/2/8-byte PLIC,
 *   offsets naming no register): reads give 0, writes change nothing, the VM keeps running.
 * --append "sc": sc.w/sc.X on the test device with no reservation there: the SC fails
 *   (rd != 0) and the device is unchanged, or the guest gets a store access fault (7).
 * One source for rv32 and rv64: lwu, ld and sd are RV64I's and are left out on rv32; "X" is the
 * full-register access (MMIO_X: d on rv64, w on rv32), the device's 8 bytes are written and read
 * by mmio_write64/mmio_read64.
 */

#define TESTDEV 0x00100000UL
#define UART 0x10000000UL
#define UART_MCR (UART + 4)
#define UART_LSR (UART + 5)
#define UART_SCR (UART + 7)
#define LSR_THRE 0x20
#define PLIC 0x0c000000UL
#define PLIC_WINDOW 0x04000000UL
#define PATTERN 0xF1E2D3C4B5A69788ULL
#define XBYTES ((unsigned)sizeof(unsigned long))
#define PAGE 4096UL

#define EXC_LOAD_MISALIGNED 4UL
#define EXC_LOAD_ACCESS 5UL
#define EXC_STORE_MISALIGNED 6UL
#define EXC_STORE_ACCESS 7UL

typedef unsigned long (*load_fn)(unsigned long addr);
typedef void (*store_fn)(unsigned long addr, unsigned long v);

static const struct {
	const char *name;
	load_fn fn;
	unsigned width;
	bool sign;
} loads[] = {
	{ "lh", load_h, 2, true },    { "lhu", load_hu, 2, false }, { "lw", load_w, 4, true },
#if __riscv_xlen == 64 /* RV64I's */
	{ "lwu", load_wu, 4, false }, { "ld", load_d, 8, false },
#endif
};

static const struct {
	const char *name;
	store_fn fn;
	unsigned width;
} stores[] = {
	{ "sh", store_h, 2 },
	{ "sw", store_w, 4 },
#if __riscv_xlen == 64
	{ "sd", store_d, 8 },
#endif
};

static uint8_t pages[2 * PAGE] __attribute__((aligned(4096)));

/* What a load of width bytes at p gives: the little-endian bytes, extended as asked. */
static unsigned long expected_load(const volatile uint8_t *p, unsigned width, bool sign)
{
	unsigned long v = 0;

	for (unsigned i = 0; i < width; i++) {
		v |= (unsigned long)p[i] << (8 * i);
	}
	if (sign && width < XBYTES && (v >> (8 * width - 1)) & 1) {
		v |= ~0UL << (8 * width);
	}
	return v;
}

static void fill(volatile uint8_t *p, unsigned n, unsigned seed)
{
	for (unsigned i = 0; i < n; i++) {
		p[i] = (uint8_t)(0x81 + 37 * (i + seed));
	}
}

static unsigned hw_done, trapped;

/* One misaligned RAM load: the right value, or a load-misaligned exception. */
static void ram_load(unsigned long addr, unsigned i)
{
	unsigned long want =
		expected_load((const volatile uint8_t *)addr, loads[i].width, loads[i].sign);
	unsigned long v;
	struct hostile_trap t;

	hart_catch_arm();
	v = loads[i].fn(addr);
	t = hostile_catch_end();
	if (t.caught) {
		trapped++;
		check(t.scause == EXC_LOAD_MISALIGNED,
		      "%s at 0x%lx: misaligned exception (cause %lu)", loads[i].name, addr,
		      t.scause);
	} else {
		hw_done++;
		check(v == want, "%s at 0x%lx gives 0x%lx (want 0x%lx)", loads[i].name, addr, v,
		      want);
	}
}

/* One misaligned RAM store: exactly its bytes change, or a store-misaligned exception. */
static void ram_store(unsigned long addr, unsigned i)
{
	volatile uint8_t *p = (volatile uint8_t *)addr;
	unsigned long val = (unsigned long)0x0123456789abcdefULL ^ addr;
	uint8_t before_lo = p[-1], before_hi = p[stores[i].width];
	struct hostile_trap t;
	bool ok = true;

	hart_catch_arm();
	stores[i].fn(addr, val);
	t = hostile_catch_end();
	if (t.caught) {
		trapped++;
		check(t.scause == EXC_STORE_MISALIGNED,
		      "%s at 0x%lx: misaligned exception (cause %lu)", stores[i].name, addr,
		      t.scause);
		return;
	}
	hw_done++;
	for (unsigned b = 0; b < stores[i].width; b++) {
		ok = ok && p[b] == (uint8_t)(val >> (8 * b));
	}
	check(ok && p[-1] == before_lo && p[stores[i].width] == before_hi,
	      "%s at 0x%lx writes exactly its %u bytes", stores[i].name, addr, stores[i].width);
}

static void misaligned_ram(void)
{
	unsigned long base = (unsigned long)pages + 64;
	unsigned long cross = (unsigned long)pages + PAGE;

	fill(pages, sizeof(pages), 0);
	for (unsigned i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		for (unsigned off = 1; off < loads[i].width; off++) {
			ram_load(base + off, i);
		}
		/* Across the page boundary: the first byte on one page, the rest on the next. */
		ram_load(cross - 1, i);
	}
	for (unsigned i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
		for (unsigned off = 1; off < stores[i].width; off++) {
			ram_store(base + 16 * i + off, i);
		}
		ram_store(cross - stores[i].width + 1, i);
	}
	say("hostile_mem: misaligned RAM accesses: %u done without a trap, %u trapped to the "
	    "guest\n",
	    hw_done, trapped);
}

/* A misaligned load from the test device: 0 or the exact bytes, or an exception; never a crash. */
static void mmio_load(unsigned long off, unsigned i)
{
	uint8_t bytes[16] = { 0 };
	unsigned long v, exact;
	struct hostile_trap t;

	for (unsigned b = 0; b < 8; b++) {
		bytes[b] = (uint8_t)(PATTERN >> (8 * b));
	}
	exact = expected_load(bytes + off, loads[i].width, loads[i].sign);
	mmio_write64(TESTDEV, PATTERN);
	hart_catch_arm();
	v = loads[i].fn(TESTDEV + off);
	t = hostile_catch_end();
	if (t.caught) {
		check(t.scause == EXC_LOAD_MISALIGNED || t.scause == EXC_LOAD_ACCESS,
		      "MMIO %s at +%lu: misaligned or access fault (cause %lu)", loads[i].name, off,
		      t.scause);
	} else {
		check(v == 0 || v == exact, "MMIO %s at +%lu: %s (0x%lx)", loads[i].name, off,
		      v == 0 ? "reads 0" : "the exact bytes", v);
	}
}

static void mmio_store(unsigned long off, unsigned i)
{
	uint8_t bytes[16] = { 0 };
	unsigned long val = (unsigned long)0x1122334455667788ULL;
	uint64_t after, exact = 0;
	struct hostile_trap t;

	for (unsigned b = 0; b < 8; b++) {
		bytes[b] = (uint8_t)(PATTERN >> (8 * b));
	}
	for (unsigned b = 0; b < stores[i].width; b++) {
		bytes[off + b] = (uint8_t)(val >> (8 * b));
	}
	for (unsigned b = 0; b < 8; b++) {
		exact |= (uint64_t)bytes[b] << (8 * b);
	}
	mmio_write64(TESTDEV, PATTERN);
	hart_catch_arm();
	stores[i].fn(TESTDEV + off, val);
	t = hostile_catch_end();
	after = mmio_read64(TESTDEV);
	if (t.caught) {
		check((t.scause == EXC_STORE_MISALIGNED || t.scause == EXC_STORE_ACCESS) &&
			      after == PATTERN,
		      "MMIO %s at +%lu: misaligned or access fault (cause %lu), device unchanged",
		      stores[i].name, off, t.scause);
	} else {
		check(after == PATTERN || after == exact, "MMIO %s at +%lu: %s (0x%llx)",
		      stores[i].name, off, after == PATTERN ? "ignored" : "the exact bytes written",
		      (unsigned long long)after);
	}
}

static void misaligned_mmio(void)
{
	for (unsigned i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		mmio_load(1, i);
		mmio_load(loads[i].width == 8 ? 4 : 8 - loads[i].width - 1, i);
	}
	for (unsigned i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
		mmio_store(1, i);
		mmio_store(stores[i].width == 8 ? 4 : 8 - stores[i].width - 1, i);
	}
	mmio_write64(TESTDEV, PATTERN);
	check(mmio_read64(TESTDEV) == PATTERN, "aligned accesses to the test device still work");
}

static void misaligned(void)
{
	misaligned_ram();
	misaligned_mmio();
}

static void widths(void)
{
	unsigned long lsr = load_bu(UART_LSR);

	/* UART: registers are bytes; wider accesses read 0 and write nothing. */
	check(load_hu(UART) == 0, "UART: 2-byte read at +0 gives 0");
	check(load_w(UART + 4) == 0, "UART: 4-byte read at +4 gives 0");
	check(load_x(UART) == 0, "UART: %u-byte read at +0 gives 0", XBYTES);
	store_w(UART_MCR, 0x10); /* loopback, if it were taken */
	check(load_bu(UART_MCR) == 0, "UART: 4-byte write of MCR is ignored");
	store_h(UART + 6, 0xab00);
	check(load_bu(UART_SCR) == 0, "UART: 2-byte write over SCR is ignored");
	store_x(UART, (unsigned long)0x2121212121212121ULL);
	check((load_bu(UART_LSR) & LSR_THRE) == (lsr & LSR_THRE),
	      "UART: %u-byte write to THR changes no status", XBYTES);
	check(load_bu(UART + 0x80) == 0 && load_bu(UART + 0xff) == 0,
	      "UART: offsets past the registers read 0");
	store_b(UART + 0xff, 0x55);
	store_b(UART_SCR, 0x5a);
	check(load_bu(UART_SCR) == 0x5a, "UART: a byte write of SCR still works");
	store_b(UART_SCR, 0);

	/* PLIC: registers are 4 bytes wide (rv32 has no 8-byte access to try). */
	check(load_bu(PLIC + 4) == 0 && load_hu(PLIC + 4) == 0 &&
		      (sizeof(unsigned long) < 8 || load_d(PLIC) == 0),
	      "PLIC: %s-byte reads give 0", sizeof(unsigned long) < 8 ? "1 and 2" : "1, 2 and 8");
	store_b(PLIC + 4, 7);
	store_h(PLIC + 4, 7);
	if (sizeof(unsigned long) == 8) {
		store_d(PLIC, (unsigned long)0x0000000700000007ULL);
	}
	check(load_w(PLIC + 4) == 0, "PLIC: %s-byte writes of priority 1 are ignored",
	      sizeof(unsigned long) < 8 ? "1 and 2" : "1, 2 and 8");
	store_w(PLIC + 4, 7);
	check(load_w(PLIC + 4) == 7, "PLIC: a 4-byte write of priority 1 works");
	store_w(PLIC + 4, 0);
	check(load_w(PLIC + 0x2000000) == 0 && load_w(PLIC + PLIC_WINDOW - 4) == 0,
	      "PLIC: offsets 0x2000000 and the window's last word (no register) read 0");
	store_w(PLIC + 0x2000000, ~0UL);
	store_w(PLIC + PLIC_WINDOW - 4, ~0UL);
	check(load_w(PLIC + 0x2000000) == 0, "PLIC: writes there are dropped");

	/* Test device: only offsets 0..7 hold data. */
	mmio_write64(TESTDEV, PATTERN);
	check(load_x(TESTDEV + 8) == 0 && load_x(TESTDEV + 0xff8) == 0 &&
		      load_w(TESTDEV + 0x804) == 0,
	      "test device: offsets past its register read 0");
	store_b(TESTDEV + 0x800, 0x55);
	store_x(TESTDEV + 0xff8, ~0UL);
	check(mmio_read64(TESTDEV) == PATTERN,
	      "test device: writes past its register change nothing");
}

/* SC to MMIO: no reservation can be held there. */
static void sc(void)
{
	unsigned long rd = 0;
	static unsigned long ram_word;
	struct hostile_trap t;
	uint64_t v;

	mmio_write64(TESTDEV, PATTERN);
	hart_catch_arm();
	__asm__ volatile("sc.w %0, %1, (%2)" : "=r"(rd) : "r"(0x1234UL), "r"(TESTDEV) : "memory");
	t = hostile_catch_end();
	v = mmio_read64(TESTDEV);
	check((t.caught ? t.scause == EXC_STORE_ACCESS : rd != 0) && v == PATTERN,
	      "sc.w on MMIO without a reservation: fails (rd %lu, trap %d cause %lu), device "
	      "0x%llx",
	      rd, t.caught, t.scause, (unsigned long long)v);
	/* A reservation on RAM does not cover MMIO. */
	hart_catch_arm();
	__asm__ volatile("lr." MMIO_X " %0, (%1)" : "=r"(rd) : "r"(&ram_word) : "memory");
	__asm__ volatile("sc." MMIO_X " %0, %1, (%2)"
			 : "=r"(rd)
			 : "r"(0x1234UL), "r"(TESTDEV)
			 : "memory");
	t = hostile_catch_end();
	v = mmio_read64(TESTDEV);
	check((t.caught ? t.scause == EXC_STORE_ACCESS : rd != 0) && v == PATTERN,
	      "sc." MMIO_X " on MMIO after lr." MMIO_X
	      " on RAM: fails (rd %lu, trap %d cause %lu), device 0x%llx",
	      rd, t.caught, t.scause, (unsigned long long)v);
}

static const struct hostile_attack attacks[] = {
	{ "misaligned", misaligned },
	{ "widths", widths },
	{ "sc", sc },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	hostile_run("hostile_mem", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	say("hostile_mem: the guest still runs\n");
	return 0;
}
