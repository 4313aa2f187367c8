/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest for moving and protecting a memory region (16 MiB test slot): it writes a pattern, has
 * the VMM move the slot and checks the data at the new address, has it made read-only and reads
 * it, then writes to it: rvkvm must stop the VM (status 3) saying the guest wrote to read-only
 * memory. (mem_old_gpa reads the old address after a move instead.)
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define MOVED_BASE TESTMEM_MOVED
#define SIZE (16UL << 20)
#define STEP 4096UL

static bool pattern_ok(unsigned long base)
{
	for (unsigned long off = 0; off < SIZE; off += STEP) {
		if (*(volatile uint64_t *)(base + off) != (off ^ 0x5a5a5a5a5a5aUL)) {
			return false;
		}
	}
	return true;
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)fdt;
	hart_boot_init(hartid);
	for (unsigned long off = 0; off < SIZE; off += STEP) {
		*(volatile uint64_t *)(TESTMEM_BASE + off) = off ^ 0x5a5a5a5a5a5aUL;
	}
	check(pattern_ok(TESTMEM_BASE), "pattern written to the test slot");
	memtest_cmd(MEMTEST_MOVE, MOVED_BASE >> 12);
	check(pattern_ok(MOVED_BASE), "the moved slot has the same contents at its new address");
	memtest_cmd(MEMTEST_READONLY, 0);
	check(pattern_ok(MOVED_BASE), "a read-only slot can be read");
	if (check_failures()) {
		return (int)check_failures();
	}
	say("mem_move: writing to the read-only slot\n");
	*(volatile uint64_t *)(MOVED_BASE + 8 * STEP) = 1;
	say("FAIL: the write to read-only memory went through\n");
	return 1;
}
