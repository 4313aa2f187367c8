/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest that checks a moved region's old address is gone on every hart: hart 1 keeps reading
 * the test slot (so its TLB holds the translation) while vCPU 0 has the VMM move the slot; then
 * hart 1 reads the old address once more, and the VM must be stopped (status 3); if hart 1 still
 * read memory there it would print FAIL.
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define MOVED_BASE TESTMEM_MOVED

static unsigned long reading; /* hart 1 is looping over the old address */
static unsigned long moved;   /* vCPU 0 has moved the slot */

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
	while (!LOAD(moved)) {
		(void)*(volatile uint64_t *)TESTMEM_BASE;
		STORE(reading, 1);
	}
	say("mem_old_gpa: hart 1 reads the old address\n");
	(void)*(volatile uint64_t *)TESTMEM_BASE;
	say("FAIL: hart 1 still reads memory at the old address\n");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long start;

	(void)fdt;
	hart_boot_init(hartid);
	*(volatile uint64_t *)TESTMEM_BASE = 0x77;
	check(*(volatile uint64_t *)TESTMEM_BASE == 0x77, "test slot written at its first address");
	check_ret(sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry,
			   0, 0, 0, 0),
		  SBI_SUCCESS, false, 0, "start the reader hart");
	start = now();
	while (!LOAD(reading) && now() - start < MS_TICKS(20000)) {
	}
	check(LOAD(reading), "hart 1 is reading the slot");
	memtest_cmd(MEMTEST_MOVE, MOVED_BASE >> 12);
	check(*(volatile uint64_t *)MOVED_BASE == 0x77, "the value is at the new address");
	STORE(moved, 1);
	/*
	 * Hart 1's access stops the VM. No time limit here: how soon hart 1 gets there depends on
	 * the host; if its read returns it prints FAIL, and a VM never stopped runs into the case's
	 * time limit (status 124, not 3).
	 */
	for (;;) {
		__asm__ volatile("wfi");
	}
}
