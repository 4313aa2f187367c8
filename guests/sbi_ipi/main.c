/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI IPI (spec v2.0, "IPI Extension" and the hart mask of "Binary Encoding"):
 * every hart counts the supervisor software interrupts it takes, and each send_ipi must reach
 * exactly the harts its hart_mask and hart_mask_base name. Runs with 4 vCPUs and 64 MiB of RAM.
 */
#include "hart.h"

#define NCPUS 4UL
#define ALL_HARTS ((1UL << NCPUS) - 1)
#define WAIT_TICKS MS_TICKS(10000) /* bound of every wait for an interrupt */
#define SETTLE_TICKS MS_TICKS(50)  /* time given to an extra (wrong) interrupt to show up */

#define EID_IPI 0x735049UL
#define EID_HSM 0x48534DUL
#define FID_SEND_IPI 0
#define FID_HART_START 0

static unsigned long ipis[NCPUS]; /* software interrupts each hart took */
static unsigned long ready[NCPUS];

static struct sbiret send_ipi(unsigned long mask, unsigned long base)
{
	return sbi_call(EID_IPI, FID_SEND_IPI, mask, base, 0, 0, 0, 0);
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (code != IRQ_SSI || hartid >= NCPUS) {
		hart_unexpected_interrupt(hartid, code);
		return;
	}
	CSR_CLEAR(sip, SIP_SSIP);
	__atomic_fetch_add(&ipis[hartid], 1, __ATOMIC_SEQ_CST);
}

static void enable_ipis(void)
{
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	CSR_SET(sie, SIP_SSIP);
	CSR_SET(sstatus, SSTATUS_SIE);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	if (hartid < NCPUS) {
		enable_ipis();
		STORE(ready[hartid], 1);
	}
	/* Sleeps between interrupts: each IPI must also end a WFI. */
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static void snapshot(unsigned long *counts)
{
	for (unsigned long h = 0; h < NCPUS; h++) {
		counts[h] = LOAD(ipis[h]);
	}
}

/* Waits until every hart in targets took one more IPI than in before, then lets extras show up. */
static void settle(const unsigned long *before, unsigned long targets)
{
	unsigned long t0 = now();
	bool all;

	do {
		all = true;
		for (unsigned long h = 0; h < NCPUS; h++) {
			if ((targets >> h & 1) && LOAD(ipis[h]) <= before[h]) {
				all = false;
			}
		}
	} while (!all && now() - t0 <= WAIT_TICKS);
	delay_ticks(SETTLE_TICKS);
}

/* One send_ipi: the expected error, and exactly one IPI on each hart of targets, none elsewhere. */
static void ipi_case(unsigned long mask, unsigned long base, long error, unsigned long targets,
		     const char *what)
{
	unsigned long before[NCPUS], after[NCPUS];
	struct sbiret r;
	bool exact = true;

	snapshot(before);
	r = send_ipi(mask, base);
	check_ret(r, error, false, 0, "send_ipi %s (mask 0x%lx base %ld): error %ld", what, mask,
		  (long)base, error);
	settle(before, targets);
	snapshot(after);
	for (unsigned long h = 0; h < NCPUS; h++) {
		unsigned long want = before[h] + (targets >> h & 1);

		if (after[h] != want) {
			say("  hart %lu took %lu IPI(s), expected %lu\n", h, after[h] - before[h],
			    want - before[h]);
			exact = false;
		}
	}
	check(exact, "send_ipi %s reaches exactly harts mask 0x%lx", what, targets);
}

static void test_self_masked(void)
{
	unsigned long before = LOAD(ipis[0]);
	unsigned long t0;
	struct sbiret r;

	/* With sstatus.SIE clear the IPI stays pending in sip.SSIP until interrupts are enabled. */
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	r = send_ipi(1UL << 0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "send_ipi to self with interrupts disabled");
	t0 = now();
	while (!(CSR_READ(sip) & SIP_SSIP) && now() - t0 <= WAIT_TICKS) {
	}
	check((CSR_READ(sip) & SIP_SSIP) != 0, "the IPI to self is pending in sip.SSIP");
	check(LOAD(ipis[0]) == before, "and is not taken while sstatus.SIE is clear");
	CSR_SET(sstatus, SSTATUS_SIE);
	delay_ticks(SETTLE_TICKS);
	check(LOAD(ipis[0]) == before + 1, "it is taken once sstatus.SIE is set");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long before[NCPUS];
	struct sbiret r;
	bool up = true;

	(void)fdt;
	hart_boot_init(hartid);
	say("sbi_ipi: boot hart %lu, %lu vCPUs expected\n", hartid, NCPUS);
	check(hartid == 0, "boot hart id is 0");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, EID_IPI, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 1, "probe IPI is 1");

	enable_ipis();
	for (unsigned long h = 1; h < NCPUS; h++) {
		r = sbi_call(EID_HSM, FID_HART_START, h, (unsigned long)hart_secondary_entry, 0, 0,
			     0, 0);
		if (r.error != SBI_SUCCESS) {
			up = false;
		}
	}
	for (unsigned long h = 1; h < NCPUS; h++) {
		unsigned long t0 = now();

		while (!LOAD(ready[h]) && now() - t0 <= WAIT_TICKS) {
		}
		up = up && LOAD(ready[h]);
	}
	if (!check(up, "harts 1..%lu started with HSM and waiting for IPIs", NCPUS - 1)) {
		return 1;
	}

	ipi_case(1UL << 1, 0, SBI_SUCCESS, 1UL << 1, "to hart 1");
	ipi_case(1UL << 2 | 1UL << 3, 0, SBI_SUCCESS, 1UL << 2 | 1UL << 3, "to harts 2 and 3");
	ipi_case(ALL_HARTS & ~1UL, 0, SBI_SUCCESS, ALL_HARTS & ~1UL, "to every other hart");
	ipi_case(1UL << 0, 0, SBI_SUCCESS, 1UL << 0, "to self");
	ipi_case(ALL_HARTS, 0, SBI_SUCCESS, ALL_HARTS, "to all harts by mask");
	ipi_case(1UL, 2, SBI_SUCCESS, 1UL << 2, "with base 2 (hart 2)");
	ipi_case(1UL << 1, 2, SBI_SUCCESS, 1UL << 3, "with base 2 (hart 3)");
	ipi_case(3UL, 1, SBI_SUCCESS, 1UL << 1 | 1UL << 2, "with base 1 (harts 1 and 2)");
	ipi_case(1UL, 3, SBI_SUCCESS, 1UL << 3, "with base 3 (the last hart)");
	ipi_case(0, ~0UL, SBI_SUCCESS, ALL_HARTS, "with base -1 and mask 0 (mask ignored)");
	ipi_case(~0UL, ~0UL, SBI_SUCCESS, ALL_HARTS, "with base -1 and mask ~0 (mask ignored)");

	ipi_case(1UL << 7, 0, SBI_ERR_INVALID_PARAM, 0, "to hart 7 of 4");
	ipi_case(1UL << (sizeof(long) * 8 - 1), 0, SBI_ERR_INVALID_PARAM, 0,
		 sizeof(long) == 8 ? "to hart 63 of 4" : "to hart 31 of 4");
	ipi_case(1UL, NCPUS, SBI_ERR_INVALID_PARAM, 0, "with base 4 (past the last hart)");
	ipi_case(1UL, 99, SBI_ERR_INVALID_PARAM, 0, "with base 99");
	ipi_case(1UL << 1, 3, SBI_ERR_INVALID_PARAM, 0, "with base 3 to hart 4");

	/*
	 * A mask naming valid and invalid harts: the spec only fixes the error, not who got an IPI.
	 * The valid hart is this one, which takes an IPI it got at once (interrupts are on): none
	 * is left pending on another hart, to be taken late on a busy host and counted by the
	 * next case.
	 */
	snapshot(before);
	r = send_ipi(1UL << 0 | 1UL << 4, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "send_ipi to harts 0 and 4 (of 4)");
	delay_ticks(SETTLE_TICKS);
	check(LOAD(ipis[0]) - before[0] <= 1 && LOAD(ipis[1]) == before[1] &&
		      LOAD(ipis[2]) == before[2] && LOAD(ipis[3]) == before[3],
	      "no hart but hart 0 took an IPI from it");
	ipi_case(1UL << 1, 0, SBI_SUCCESS, 1UL << 1, "to hart 1 after the bad masks");

	test_self_masked();
	return 0;
}
