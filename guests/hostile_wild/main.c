/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: one wild load, store, fetch or atomic per run (picked by --append) that rvkvm must answer by stopping the VM. */
#include "hostile.h"
#include "mmio_access.h"
#include "wild.h"

/*
 * Every attack here ends the VM from the hypervisor's side (exit status 3): when the access
 * comes back, or the guest takes an exception instead, the guest prints FAIL and powers off
 * with reason system-failure (status 1), so the case fails. The expected stop message of each
 * attack is in its case file (tests/guest/cases/hostile_wild_*.case).
 * One source for rv32 and rv64: the wide accesses are a full register's (ld/sd on rv64, lw/sw
 * on rv32: MMIO_X), the top page is the last of the register's range; the attacks on rv32's
 * guest-physical addresses above 4 GiB and on its compressed FP encodings are in rv32.c.
 */

#define NOWHERE 0x40000000UL /* between the devices and RAM: nothing there */
#define TOP_PAGE (~0xFFFUL)
#define HOST_CLINT 0x02000000UL /* the host's CLINT (msip of hart 0) on QEMU virt */
#define HOST_MTIMECMP 0x02004000UL
#define HOST_PCIE_ECAM 0x30000000UL
#define HOST_RAM_HIGH 0x8F000000UL /* host RAM beyond a 64 MiB guest */
#define HV_IMAGE 0x80200000UL      /* where rvkvm itself is loaded on the host */
#define TESTDEV 0x00100000UL
#define TESTDEV_WINDOW_END (TESTDEV + 0x1000UL)
#define UART 0x10000000UL
#define INSN_NOP 0x00000013U
#define XBYTES ((unsigned)sizeof(unsigned long))

unsigned long ram_end;

/* a1 points at the test device, for the code run at the end of RAM. */
static void jump_to(unsigned long addr)
{
	register unsigned long a1 __asm__("a1") = TESTDEV;

	__asm__ volatile("jalr ra, 0(%0)" : : "r"(addr), "r"(a1) : "ra", "a0", "memory");
}

static void wild_load_x(unsigned long addr)
{
	say("hostile_wild: l" MMIO_X " from 0x%lx\n", addr);
	check(false, "the %u-byte load from 0x%lx returned 0x%lx", XBYTES, addr, load_x(addr));
}

static void wild_load_w(unsigned long addr)
{
	say("hostile_wild: lw from 0x%lx\n", addr);
	check(false, "the 4-byte load from 0x%lx returned 0x%lx", addr, load_w(addr));
}

static void wild_store_x(unsigned long addr)
{
	say("hostile_wild: s" MMIO_X " to 0x%lx\n", addr);
	store_x(addr, (unsigned long)0x5a5a5a5a5a5a5a5aULL);
	check(false, "the %u-byte store to 0x%lx returned", XBYTES, addr);
}

void wild_jump(unsigned long addr)
{
	say("hostile_wild: jump to 0x%lx\n", addr);
	jump_to(addr);
	check(false, "the jump to 0x%lx returned", addr);
}

/* Writes instructions (as halfwords, none beyond RAM) at the end of RAM, then runs them. */
static void run_at_ram_end(unsigned long from, const uint16_t *code, unsigned halves)
{
	for (unsigned i = 0; i < halves; i++) {
		((volatile uint16_t *)from)[i] = code[i];
	}
	__asm__ volatile("fence.i" : : : "memory");
	wild_jump(from);
}

static void load_zero(void)
{
	wild_load_x(0);
}

static void store_zero(void)
{
	wild_store_x(0);
}

static void load_top(void)
{
	wild_load_x(TOP_PAGE);
}

static void store_top(void)
{
	say("hostile_wild: sb to 0x%lx\n", ~0UL);
	store_b(~0UL, 0x5a);
	check(false, "the 1-byte store to 0x%lx returned", ~0UL);
}

static void load_host_clint(void)
{
	wild_load_w(HOST_CLINT);
}

static void store_host_mtimecmp(void)
{
	wild_store_x(HOST_MTIMECMP);
}

static void load_host_pcie(void)
{
	wild_load_w(HOST_PCIE_ECAM);
}

static void load_host_ram(void)
{
	wild_load_x(HOST_RAM_HIGH);
}

static void load_hv_image(void)
{
	wild_load_x(HV_IMAGE);
}

static void store_hv_image(void)
{
	wild_store_x(HV_IMAGE);
}

/* One byte past the UART's 256-byte window: nothing is there. */
static void load_after_uart(void)
{
	unsigned long v;

	say("hostile_wild: lbu from 0x%lx\n", UART + 0x100);
	__asm__ volatile(NORVC("lbu %0, 0(%1)") : "=r"(v) : "r"(UART + 0x100) : "memory");
	check(false, "the 1-byte load from 0x%lx returned 0x%lx", UART + 0x100, v);
}

static void load_below_ram(void)
{
	wild_load_w(GUEST_RAM_BASE - 4);
}

/* The first byte past RAM: no G-stage leaf may reach beyond the end (try odd RAM sizes). */
static void load_ram_end(void)
{
	wild_load_x(ram_end);
}

/* A full-register load whose first half is the last bytes of RAM (4 on rv64, 2 on rv32). */
static void load_straddle(void)
{
	wild_load_x(ram_end - XBYTES / 2);
}

static void store_straddle(void)
{
	wild_store_x(ram_end - XBYTES / 2);
}

static void load_testdev_straddle(void)
{
	wild_load_w(TESTDEV_WINDOW_END - 2);
}

static void jump_unmapped(void)
{
	wild_jump(NOWHERE);
}

static void jump_zero(void)
{
	wild_jump(0);
}

static void jump_top(void)
{
	wild_jump(TOP_PAGE);
}

static void fetch_testdev(void)
{
	wild_jump(TESTDEV);
}

static void fetch_uart(void)
{
	wild_jump(UART);
}

/* A 4-byte instruction whose second half would be the first 2 bytes past RAM. */
static void fetch_straddle(void)
{
	static const uint16_t code[] = { INSN_NOP & 0xffff };

	run_at_ram_end(ram_end - 2, code, 1);
}

/* Two nops and then nothing: execution runs off the end of RAM. */
static void fall_off_ram(void)
{
	static const uint16_t code[] = { INSN_NOP & 0xffff, INSN_NOP >> 16, INSN_NOP & 0xffff,
					 INSN_NOP >> 16 };

	run_at_ram_end(ram_end - 8, code, 4);
}

/*
 * c.lw a0, 0(a1) (a1 = the test device) in the last halfword of RAM: rvkvm decodes it reading
 * 2 bytes, emulates the load, and the VM stops only at the fetch from the end of RAM.
 */
static void mmio_last_halfword(void)
{
	static const uint16_t code[] = { 0x4188 };

	run_at_ram_end(ram_end - 2, code, 1);
}

static void amo_testdev(void)
{
	unsigned long old;

	say("hostile_wild: amoadd.w on the test device at 0x%lx\n", TESTDEV);
	__asm__ volatile("amoadd.w %0, %1, (%2)" : "=r"(old) : "r"(1UL), "r"(TESTDEV) : "memory");
	check(false, "amoadd.w on MMIO returned 0x%lx", old);
}

/* A floating-point load from MMIO: not a load rvkvm emulates (KVM does not either). */
static void fld_testdev(void)
{
	say("hostile_wild: fld from the test device at 0x%lx\n", TESTDEV);
	CSR_SET(sstatus, SSTATUS_FS_INITIAL);
	__asm__ volatile(".insn i 0x07, 3, x0, %0, 0" : : "r"(TESTDEV) : "memory");
	check(false, "fld on MMIO returned");
}

static void lr_testdev(void)
{
	unsigned long v;

	say("hostile_wild: lr.w on the test device at 0x%lx\n", TESTDEV);
	__asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(TESTDEV) : "memory");
	check(false, "lr.w on MMIO returned 0x%lx", v);
}

/* The guest's trap vector points at nothing, then an instruction traps to it. */
static void bad_stvec(void)
{
	say("hostile_wild: stvec = 0x%lx, then unimp\n", NOWHERE);
	CSR_WRITE(stvec, NOWHERE);
	__asm__ volatile(".4byte 0xc0001073" : : : "memory");
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	check(false, "unimp with stvec 0x%lx returned", NOWHERE);
}

/* The same through rvkvm's own injection: hfence.vvma traps to HS, rvkvm sends it to vstvec. */
static void bad_stvec_injected(void)
{
	say("hostile_wild: stvec = 0x%lx, then hfence.vvma\n", TOP_PAGE);
	CSR_WRITE(stvec, TOP_PAGE);
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	check(false, "hfence.vvma with stvec 0x%lx returned", TOP_PAGE);
}

static unsigned long second_started;

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	STORE(second_started, 1);
	say("hostile_wild: hart %lu loads from 0x0\n", hartid);
	check(false, "hart %lu: the load from 0x0 returned 0x%lx", hartid, load_x(0));
	guest_exit();
}

/* vCPU 1 makes the wild access while vCPU 0 runs on: the whole VM stops, named after vCPU 1. */
static void load_zero_vcpu1(void)
{
	struct sbiret r;

	r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry, 0, 0,
		     0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "hart_start of hart 1");
	/*
	 * Runs until rvkvm stops the VM, with no time limit of its own: how soon hart 1 gets to
	 * its load depends on the host. A load that returns fails on hart 1, which ends the run; a
	 * VM never stopped runs into the case's time limit (status 124, not 3).
	 */
	for (;;) {
	}
}

static const struct hostile_attack attacks[] = {
	{ "load_zero", load_zero },
	{ "store_zero", store_zero },
	{ "load_top", load_top },
	{ "store_top", store_top },
	{ "load_host_clint", load_host_clint },
	{ "store_host_mtimecmp", store_host_mtimecmp },
	{ "load_host_pcie", load_host_pcie },
	{ "load_host_ram", load_host_ram },
	{ "load_hv_image", load_hv_image },
	{ "store_hv_image", store_hv_image },
	{ "load_after_uart", load_after_uart },
	{ "load_below_ram", load_below_ram },
	{ "load_ram_end", load_ram_end },
	{ "load_straddle", load_straddle },
	{ "store_straddle", store_straddle },
	{ "load_testdev_straddle", load_testdev_straddle },
	{ "jump_unmapped", jump_unmapped },
	{ "jump_zero", jump_zero },
	{ "jump_top", jump_top },
	{ "fetch_testdev", fetch_testdev },
	{ "fetch_uart", fetch_uart },
	{ "fetch_straddle", fetch_straddle },
	{ "fall_off_ram", fall_off_ram },
	{ "mmio_last_halfword", mmio_last_halfword },
	{ "amo_testdev", amo_testdev },
	{ "lr_testdev", lr_testdev },
	{ "fld_testdev", fld_testdev },
	{ "bad_stvec", bad_stvec },
	{ "bad_stvec_injected", bad_stvec_injected },
	{ "load_zero_vcpu1", load_zero_vcpu1 },
	/* rv32 only (rv32.c). */
	{ "load_high_top", load_high_top },
	{ "load_high_testdev", load_high_testdev },
	{ "store_high_ram", store_high_ram },
	{ "jump_high_ram", jump_high_ram },
	{ "c_flw_testdev", c_flw_testdev },
	{ "c_fswsp_testdev", c_fswsp_testdev },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	/* Any exception the guest itself takes is a failure (the access must stop the VM). */
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	ram_end = hostile_ram_end(fdt);
	say("hostile_wild: guest RAM 0x%lx..0x%lx\n", GUEST_RAM_BASE, ram_end);
	if (!check(ram_end > GUEST_RAM_BASE, "guest RAM size from the device tree")) {
		return 1;
	}
	hostile_run("hostile_wild", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	return 0; /* check() already counted every failure */
}
