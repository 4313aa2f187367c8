/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Exception routing and SBI FWFT, seen from a guest. --append picks what the case configured:
 *   "vmm"    --exc-route illegal:vmm,breakpoint:vmm: the VMM emulates rvkvm's custom-0
 *            instruction (rd = rs1 + rs2 + 1) and its scratch CSR 0x8c0, steps over ebreak,
 *            and hands any other illegal instruction back to the guest (cause 2, sepc on it).
 *   "guest"  no routing (or illegal:guest): the guest gets its own illegal-instruction and
 *            breakpoint exceptions for all of them, straight from the hardware.
 *   "pinned" "vmm" plus misaligned_load:vmm: FWFT MISALIGNED_EXC_DELEG is the VMM's, so a
 *            guest set is DENIED and get reports 0 (misaligned loads are not the guest's).
 * Each mode also checks FWFT's errors, LOCK and values.
 */
#include "hostile.h"
#include "lib/sbi_spec.h"

#define EXC_ILLEGAL 2UL
#define EXC_BREAKPOINT 3UL
#define SCRATCH_CSR "0x8c0"

static __attribute__((noinline)) unsigned long add1(unsigned long a, unsigned long b)
{
	unsigned long r = 0xdead;

	__asm__ volatile(NORVC(".insn r 0x0b, 0, 0, %0, %1, %2")
			 : "+r"(r)
			 : "r"(a), "r"(b)
			 : "memory");
	return r;
}

/* custom-0 with funct3 1: not the instruction the VMM emulates. */
static __attribute__((noinline)) void not_ours(void)
{
	__asm__ volatile(NORVC(".insn r 0x0b, 1, 0, x0, x0, x0")::: "memory");
}

static struct hostile_trap caught(void (*fn)(void))
{
	hart_catch_arm();
	fn();
	return hostile_catch_end();
}

static void do_add1(void)
{
	(void)add1(1, 2);
}

static void do_ebreak(void)
{
	__asm__ volatile(NORVC("ebreak")::: "memory");
}

static void do_scratch(void)
{
	unsigned long v;

	__asm__ volatile("csrr %0, " SCRATCH_CSR : "=r"(v)::"memory");
}

static void do_cycle_write(void)
{
	__asm__ volatile("csrw cycle, %0" ::"r"(1UL) : "memory"); /* read-only CSR: illegal */
}

/* The exception reached the guest itself, with the trapping instruction's address. */
static void expect_trap(void (*fn)(void), unsigned long cause, const char *what)
{
	struct hostile_trap t = caught(fn);

	check(t.caught && t.scause == cause, "%s: the guest takes cause %lu (caught %d, cause %lu)",
	      what, cause, t.caught, t.scause);
}

static void expect_no_trap(void (*fn)(void), const char *what)
{
	struct hostile_trap t = caught(fn);

	check(!t.caught, "%s: no exception reaches the guest (cause %lu)", what, t.scause);
}

static void vmm_emulates(void)
{
	static const unsigned long pairs[][2] = { { 1, 2 },
						  { 0, 0 },
						  { ~0UL, 0 },
						  { ~0UL >> 1, 5 }, /* LONG_MAX */
						  { 123456789, 987654321 } };
	unsigned long v, old;

	for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		unsigned long a = pairs[i][0], b = pairs[i][1];

		check(add1(a, b) == a + b + 1, "custom add1(0x%lx, 0x%lx) = 0x%lx (VMM-emulated)",
		      a, b, a + b + 1);
	}
	expect_no_trap(do_add1, "add1");
	__asm__ volatile("csrw " SCRATCH_CSR ", %0" ::"r"(0x1234UL) : "memory");
	__asm__ volatile("csrr %0, " SCRATCH_CSR : "=r"(v)::"memory");
	check(v == 0x1234, "scratch CSR write then read: 0x%lx", v);
	__asm__ volatile("csrrs %0, " SCRATCH_CSR ", %1" : "=r"(old) : "r"(0xf0000UL) : "memory");
	__asm__ volatile("csrr %0, " SCRATCH_CSR : "=r"(v)::"memory");
	check(old == 0x1234 && v == 0xf1234, "csrrs sets bits (old 0x%lx, new 0x%lx)", old, v);
	__asm__ volatile("csrrc %0, " SCRATCH_CSR ", %1" : "=r"(old) : "r"(0x1200UL) : "memory");
	__asm__ volatile("csrr %0, " SCRATCH_CSR : "=r"(v)::"memory");
	check(old == 0xf1234 && v == 0xf0034, "csrrc clears bits (old 0x%lx, new 0x%lx)", old, v);
	__asm__ volatile("csrrwi %0, " SCRATCH_CSR ", 21" : "=r"(old)::"memory");
	__asm__ volatile("csrr %0, " SCRATCH_CSR : "=r"(v)::"memory");
	check(old == 0xf0034 && v == 21, "csrrwi writes the immediate (old 0x%lx, new 0x%lx)", old,
	      v);
	expect_no_trap(do_ebreak, "ebreak (the VMM steps over it)");
	/* What the VMM does not emulate comes back to the guest as the exception it was. */
	expect_trap(not_ours, EXC_ILLEGAL, "custom-0 funct3 1");
	expect_trap(do_cycle_write, EXC_ILLEGAL, "csrw cycle");
}

static void guest_handles(void)
{
	expect_trap(do_add1, EXC_ILLEGAL, "add1 without the VMM");
	expect_trap(not_ours, EXC_ILLEGAL, "custom-0 funct3 1");
	expect_trap(do_ebreak, EXC_BREAKPOINT, "ebreak");
	expect_trap(do_scratch, EXC_ILLEGAL, "scratch CSR without the VMM");
	expect_trap(do_cycle_write, EXC_ILLEGAL, "csrw cycle");
}

static struct sbiret fwft_set(unsigned long feature, unsigned long value, unsigned long flags)
{
	return sbi_call(SBI_EID_FWFT, SBI_FWFT_SET, feature, value, flags, 0, 0, 0);
}

static struct sbiret fwft_get(unsigned long feature)
{
	return sbi_call(SBI_EID_FWFT, SBI_FWFT_GET, feature, 0, 0, 0, 0, 0);
}

static void fwft_common(void)
{
	static const unsigned long reserved[] = {
		6, 0x3fffffffUL, 0x40000000UL, 0x80000000UL, 0xc0000000UL, 0xffffffffUL
	};

	check(sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_FWFT, 0, 0, 0, 0, 0).value ==
		      1,
	      "FWFT is probed present");
	for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		check_ret(fwft_get(reserved[i]), SBI_ERR_DENIED, true, 0, "fwft get 0x%lx: DENIED",
			  reserved[i]);
		check_ret(fwft_set(reserved[i], 1, 0), SBI_ERR_DENIED, false, 0,
			  "fwft set 0x%lx: DENIED", reserved[i]);
	}
	check_ret(fwft_get(SBI_FWFT_LANDING_PAD), SBI_ERR_NOT_SUPPORTED, true, 0,
		  "fwft LANDING_PAD: NOT_SUPPORTED");
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 2), SBI_ERR_INVALID_PARAM, false, 0,
		  "fwft set with a reserved flag: INVALID_PARAM");
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 2, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "fwft set of value 2: INVALID_PARAM");
}

static void fwft_guest_owns_misaligned(void)
{
	check_ret(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG), SBI_SUCCESS, true, 0,
		  "MISALIGNED_EXC_DELEG starts at 0");
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_SUCCESS, false, 0,
		  "set it to 1");
	check_ret(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG), SBI_SUCCESS, true, 1, "get gives 1");
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 0, SBI_FWFT_SET_FLAG_LOCK), SBI_SUCCESS,
		  false, 0, "set it to 0 with LOCK");
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_DENIED_LOCKED, false, 0,
		  "a locked feature: DENIED_LOCKED");
	check_ret(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG), SBI_SUCCESS, true, 0, "and stays 0");
}

static void mode_vmm(void)
{
	vmm_emulates();
	fwft_common();
	fwft_guest_owns_misaligned();
}

static void mode_guest(void)
{
	guest_handles();
	fwft_common();
	fwft_guest_owns_misaligned();
}

static void mode_pinned(void)
{
	vmm_emulates();
	fwft_common();
	check_ret(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_DENIED, false, 0,
		  "the VMM routes misaligned loads: set is DENIED");
	check_ret(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG), SBI_SUCCESS, true, 0,
		  "and get reports them not delegated");
}

static const struct hostile_attack modes[] = {
	{ "vmm", mode_vmm },
	{ "guest", mode_guest },
	{ "pinned", mode_pinned },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	hostile_run("exc_route", modes, sizeof(modes) / sizeof(modes[0]), fdt);
	return 0;
}
