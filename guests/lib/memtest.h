/* SPDX-License-Identifier: Apache-2.0 */
/* Guest side of the VMM's memory-test hooks (vmm/memtest.h): the test slot and its commands. */
#ifndef GUESTS_LIB_MEMTEST_H
#define GUESTS_LIB_MEMTEST_H

#include <stdint.h>

/*
 * Where the VMM puts the test slot (vmm/machine.h), and where the guests have it moved: past 4 GiB
 * on rv64; on rv32 in the free GiB below RAM, within the 32 bits a guest reaches with paging off.
 */
#define TESTMEM_BASE ((unsigned long)(sizeof(long) == 8 ? 0x100000000ULL : 0x40000000ULL))
#define TESTMEM_MOVED ((unsigned long)(sizeof(long) == 8 ? 0x200000000ULL : 0x60000000ULL))
#define TESTDEV_CMD_ADDR (0x00100000UL + 0x10)

enum {
	MEMTEST_LOG_START = 1,
	MEMTEST_HARVEST = 2,
	MEMTEST_REPORT = 3,
	MEMTEST_LOG_STOP = 4,
	MEMTEST_MOVE = 5,
	MEMTEST_READONLY = 6,
	MEMTEST_DELETE = 7,
	MEMTEST_ADD = 8,
};

/* An XLEN-wide write of the command word: 8 bytes on rv64, 4 on rv32 (a page number fits). */
static inline void memtest_cmd(unsigned cmd, unsigned long arg)
{
	*(volatile unsigned long *)TESTDEV_CMD_ADDR = cmd | (arg << 8);
}

#endif
