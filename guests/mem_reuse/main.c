/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest for memory given back and given again (16 MiB test slot): it fills the slot with a
 * pattern, has the VMM delete the slot (the core takes its memory back) and add a new one of the
 * same size at the same place (memory the core allocates again: the same host memory, which the
 * case checks from rvkvm's lines), and reads every word of it: each must be 0, as on a machine
 * whose RAM nobody used before. Then the new slot takes and keeps writes like any RAM.
 */
#include "guest.h"
#include "hart.h"
#include "memtest.h"

#define SIZE (16UL << 20)
#define PATTERN 0xa5c3a5c3a5c3a5c3ULL

static void fill(unsigned long base, uint64_t value)
{
	for (unsigned long off = 0; off < SIZE; off += 8) {
		*(volatile uint64_t *)(base + off) = value ^ off;
	}
}

/* The first offset in the slot whose word is not value ^ offset, or SIZE. */
static unsigned long first_other(unsigned long base, uint64_t value)
{
	for (unsigned long off = 0; off < SIZE; off += 8) {
		if (*(volatile uint64_t *)(base + off) != (value ^ off)) {
			return off;
		}
	}
	return SIZE;
}

/* The first offset in the slot whose word is not 0, or SIZE; and how many words are not. */
static unsigned long first_nonzero(unsigned long base, unsigned long *count)
{
	unsigned long first = SIZE;

	*count = 0;
	for (unsigned long off = 0; off < SIZE; off += 8) {
		if (*(volatile uint64_t *)(base + off) != 0) {
			first = first == SIZE ? off : first;
			(*count)++;
		}
	}
	return first;
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long count, at;

	(void)fdt;
	hart_boot_init(hartid);
	fill(TESTMEM_BASE, PATTERN);
	check(first_other(TESTMEM_BASE, PATTERN) == SIZE, "the pattern fills the test slot");
	memtest_cmd(MEMTEST_DELETE, 0);
	memtest_cmd(MEMTEST_ADD, 0);
	at = first_nonzero(TESTMEM_BASE, &count);
	if (at != SIZE) {
		say("mem_reuse: %lu words are not 0, the first at offset 0x%lx: 0x%llx\n", count,
		    at, (unsigned long long)*(volatile uint64_t *)(TESTMEM_BASE + at));
	}
	check(at == SIZE, "every word of the slot given again reads 0");
	fill(TESTMEM_BASE, ~PATTERN);
	check(first_other(TESTMEM_BASE, ~PATTERN) == SIZE, "the new slot keeps what is written");
	return (int)check_failures();
}
