/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dirty-logging test guest (2 vCPUs, 16 MiB test slot): hart 1 writes known sets of pages in
 * passes while the VMM harvests the dirty log, on request and on vCPU 0's periodic exits. It
 * prints the pages it wrote (all passes, and the last pass alone, which re-dirties pages that
 * were harvested before) in the same form the VMM prints what it harvested; the runner checks
 * both are equal. Then logging stops and writes must work without faults.
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define PAGES 4096UL
#define PASSES 4
#define LAST (PASSES - 1)
#define WAIT_LIMIT MS_TICKS(20000)

static unsigned long phase; /* passes hart 1 has finished */
static unsigned long go;    /* passes hart 1 may start */

/* Which pages pass k writes; the last pass re-dirties every page of pass 0. */
static bool writes(unsigned pass, unsigned long p)
{
	switch (pass) {
	case 0:
		return p % 3 == 0;
	case 1:
		return p % 5 == 1;
	case 2:
		return p % 7 == 2 || p < 8;
	default:
		return p % 11 == 3 || p % 3 == 0;
	}
}

static void write_pass(unsigned pass)
{
	for (unsigned long p = 0; p < PAGES; p++) {
		if (writes(pass, p)) {
			volatile uint64_t *w =
				(volatile uint64_t *)(TESTMEM_BASE + p * 4096 + (p % 512) * 8);

			*w = (pass << 24) | p;
		}
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	for (unsigned pass = 0; pass < PASSES; pass++) {
		while (LOAD(go) <= pass) {
		}
		write_pass(pass);
		STORE(phase, pass + 1);
	}
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static bool wait_phase(unsigned long want)
{
	unsigned long start = now();

	while (LOAD(phase) < want) {
		if (now() - start > WAIT_LIMIT) {
			return false;
		}
	}
	return true;
}

static void print_set(const char *what, unsigned first, unsigned last)
{
	uint64_t hash = 14695981039346656037ULL;
	unsigned count = 0;

	for (unsigned long p = 0; p < PAGES; p++) {
		bool hit = false;

		for (unsigned k = first; k <= last; k++) {
			hit = hit || writes(k, p);
		}
		if (!hit) {
			continue;
		}
		count++;
		for (unsigned b = 0; b < 4; b++) {
			hash = (hash ^ ((p >> (8 * b)) & 0xff)) * 1099511628211ULL;
		}
	}
	say("guest dirty-log %s pages=%u hash=0x%016llx\n", what, count, (unsigned long long)hash);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	bool ok = true;

	(void)fdt;
	hart_boot_init(hartid);
	memtest_cmd(MEMTEST_LOG_START, 0);
	check_ret(sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry,
			   0, 0, 0, 0),
		  SBI_SUCCESS, false, 0, "start the writer hart");
	for (unsigned pass = 0; pass < LAST && ok; pass++) {
		STORE(go, pass + 1);
		ok = check(wait_phase(pass + 1), "writer finished pass %u", pass);
		/* Harvest mid-way too; the VMM also harvests on its own every 10 ms. */
		if (pass == 1) {
			memtest_cmd(MEMTEST_HARVEST, 0);
		}
	}
	/* Everything so far is harvested now; the last pass must be seen again (re-protection). */
	memtest_cmd(MEMTEST_HARVEST, 0);
	STORE(go, PASSES);
	check(wait_phase(PASSES), "writer finished the last pass");
	memtest_cmd(MEMTEST_REPORT, 0);
	print_set("since", LAST, LAST);
	print_set("union", 0, LAST);

	memtest_cmd(MEMTEST_LOG_STOP, 0);
	volatile uint64_t *w = (volatile uint64_t *)(TESTMEM_BASE + 5 * 4096);

	*w = 0x1234abcd;
	check(*w == 0x1234abcd, "writes work after logging stops");
	check(*(volatile uint64_t *)(TESTMEM_BASE + 3 * 4096 + 3 * 8) == ((3UL << 24) | 3),
	      "the last pass's data is in memory");
	return (int)check_failures();
}
