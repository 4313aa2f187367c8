/* Guest that reads a memory region's old address after the VMM moved it: the VM must be stopped (status 3). */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define MOVED_BASE 0x200000000UL

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)fdt;
	hart_boot_init(hartid);
	*(volatile uint64_t *)TESTMEM_BASE = 0x77;
	check(*(volatile uint64_t *)TESTMEM_BASE == 0x77, "test slot written at its first address");
	memtest_cmd(MEMTEST_MOVE, MOVED_BASE >> 12);
	check(*(volatile uint64_t *)MOVED_BASE == 0x77, "the value is at the new address");
	say("mem_old_gpa: reading the old address\n");
	(void)*(volatile uint64_t *)TESTMEM_BASE;
	say("FAIL: the old address still reads memory\n");
	return 1;
}
