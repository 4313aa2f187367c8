/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI RFENCE (spec v2.0, "RFENCE Extension" and the hart mask of "Binary
 * Encoding"): remote FENCE.I and SFENCE.VMA calls to each hart and both, over the whole address
 * space and a range, bad hart masks, the hypervisor-only fences, and code rewritten then run
 * after a remote FENCE.I. Runs with 2 vCPUs and 64 MiB of RAM.
 */
#include "hart.h"

#define NCPUS 2UL
#define WAIT_TICKS MS_TICKS(10000)

#define EID_RFENCE 0x52464E43UL
#define EID_HSM 0x48534DUL
#define FID_FENCE_I 0
#define FID_SFENCE_VMA 1
#define FID_SFENCE_VMA_ASID 2
#define FID_HFENCE_GVMA_VMID 3
#define FID_HFENCE_VVMA 6
#define FID_HART_START 0

/* The code the harts run: "addi a0, x0, imm; jalr x0, 0(ra)", rewritten between runs. */
static unsigned int code[2] __attribute__((aligned(16)));

/* Hart 1's state: a command counter, the value its last run of code returned, IPIs taken. */
static unsigned long run_seq, done_seq, run_result;
static unsigned long ready, ssi_taken;

static struct sbiret rfence(unsigned long fid, unsigned long mask, unsigned long base,
			    unsigned long start, unsigned long size, unsigned long asid)
{
	return sbi_call(EID_RFENCE, fid, mask, base, start, size, asid, 0);
}

static void write_code(unsigned value)
{
	STORE(code[0], (value & 0xfffU) << 20 | 10U << 7 | 0x13U);
	STORE(code[1], 0x00008067U);
}

static unsigned long run_code(void)
{
	unsigned long (*fn)(void) = (unsigned long (*)(void))(unsigned long)code;

	return fn();
}

void on_interrupt(unsigned long hartid, unsigned long code_)
{
	if (code_ != IRQ_SSI) {
		hart_unexpected_interrupt(hartid, code_);
		return;
	}
	CSR_CLEAR(sip, SIP_SSIP);
	__atomic_fetch_add(&ssi_taken, 1, __ATOMIC_SEQ_CST);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	if (hartid != 1) {
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	/* Software interrupts are counted: a remote fence must not show up as one. */
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	CSR_SET(sie, SIP_SSIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	STORE(ready, 1);
	for (;;) {
		while (LOAD(run_seq) == LOAD(done_seq)) {
		}
		/* No local FENCE.I here: the boot hart's remote FENCE.I must be what makes it coherent. */
		run_result = run_code();
		STORE(done_seq, LOAD(run_seq));
	}
}

static bool hart1_runs(unsigned long *result)
{
	unsigned long t0 = now();

	STORE(run_seq, run_seq + 1);
	while (LOAD(done_seq) != LOAD(run_seq)) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	*result = run_result;
	return true;
}

static const struct {
	unsigned long mask, base;
	const char *who;
} targets[] = {
	{ 1UL << 0, 0, "self" },      { 1UL << 1, 0, "hart 1" },          { 3UL, 0, "both harts" },
	{ 1UL, 1, "hart 1 by base" }, { 0, ~0UL, "all harts (base -1)" },
};

static const struct {
	unsigned long mask, base;
	const char *who;
} bad_targets[] = {
	{ 1UL << 2, 0, "hart 2 of 2" }, { 1UL << (sizeof(long) * 8 - 1), 0, "hart XLEN - 1" },
	{ 1UL, 2, "base 2" },           { 1UL, 99, "base 99" },
	{ 3UL, 1, "harts 1 and 2" },
};

static const struct {
	unsigned long start, size;
	const char *what;
} ranges[] = {
	{ 0, 0, "whole space (0/0)" },
	{ 0, ~0UL, "whole space (size -1)" },
	{ GUEST_RAM_BASE, 0x3000, "3 pages at RAM base" },
	{ 0x1000, 0x1000, "one page at 0x1000" },
};

static void test_calls(void)
{
	struct sbiret r;

	for (unsigned t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		r = rfence(FID_FENCE_I, targets[t].mask, targets[t].base, 0, 0, 0);
		check_ret(r, SBI_SUCCESS, false, 0, "remote_fence_i to %s", targets[t].who);
		for (unsigned g = 0; g < sizeof(ranges) / sizeof(ranges[0]); g++) {
			r = rfence(FID_SFENCE_VMA, targets[t].mask, targets[t].base,
				   ranges[g].start, ranges[g].size, 0);
			check_ret(r, SBI_SUCCESS, false, 0, "remote_sfence_vma to %s, %s",
				  targets[t].who, ranges[g].what);
			r = rfence(FID_SFENCE_VMA_ASID, targets[t].mask, targets[t].base,
				   ranges[g].start, ranges[g].size, g);
			check_ret(r, SBI_SUCCESS, false, 0, "remote_sfence_vma_asid %u to %s, %s",
				  g, targets[t].who, ranges[g].what);
		}
	}
	for (unsigned t = 0; t < sizeof(bad_targets) / sizeof(bad_targets[0]); t++) {
		for (unsigned long fid = FID_FENCE_I; fid <= FID_SFENCE_VMA_ASID; fid++) {
			r = rfence(fid, bad_targets[t].mask, bad_targets[t].base, 0, 0, 0);
			check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "rfence function %lu to %s",
				  fid, bad_targets[t].who);
		}
	}
	/* The guest has no H extension: the HFENCE functions are not supported for it. */
	for (unsigned long fid = FID_HFENCE_GVMA_VMID; fid <= FID_HFENCE_VVMA; fid++) {
		r = rfence(fid, 1UL, 0, 0, 0, 0);
		check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0,
			  "rfence function %lu (HFENCE) on a guest", fid);
	}
	r = rfence(FID_HFENCE_VVMA + 1, 1UL, 0, 0, 0, 0);
	check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "rfence unknown function 7");
}

static void test_code(void)
{
	unsigned long got = 0;
	struct sbiret r;

	write_code(1);
	__asm__ volatile("fence.i" ::: "memory");
	check(run_code() == 1, "the first code runs on hart 0");
	check(hart1_runs(&got) && got == 1, "the first code runs on hart 1 (got %lu)", got);

	write_code(2);
	r = rfence(FID_FENCE_I, 1UL << 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "remote_fence_i to self after rewriting the code");
	check(run_code() == 2, "hart 0 runs the rewritten code");

	write_code(3);
	r = rfence(FID_FENCE_I, 1UL << 1, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "remote_fence_i to hart 1 after rewriting the code");
	check(hart1_runs(&got) && got == 3, "hart 1 runs the rewritten code (got %lu)", got);

	write_code(4);
	r = rfence(FID_FENCE_I, 0, ~0UL, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "remote_fence_i to all harts after rewriting the code");
	check(run_code() == 4, "hart 0 runs the code rewritten again");
	check(hart1_runs(&got) && got == 4, "hart 1 runs the code rewritten again (got %lu)", got);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long t0;
	struct sbiret r;

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	say("sbi_rfence: boot hart %lu, %lu vCPUs expected\n", hartid, NCPUS);
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, EID_RFENCE, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 1, "probe RFENCE is 1");

	r = sbi_call(EID_HSM, FID_HART_START, 1, (unsigned long)hart_secondary_entry, 0, 0, 0, 0);
	t0 = now();
	while (r.error == SBI_SUCCESS && !LOAD(ready) && now() - t0 <= WAIT_TICKS) {
	}
	if (!check(LOAD(ready) != 0, "hart 1 started with HSM")) {
		return 1;
	}
	test_calls();
	test_code();
	delay_ticks(MS_TICKS(20));
	check(LOAD(ssi_taken) == 0, "remote fences raised no software interrupt on hart 1 (%lu)",
	      LOAD(ssi_taken));
	return 0;
}
