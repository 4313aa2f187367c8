/* SPDX-License-Identifier: Apache-2.0 */
/* Guest side of the VMM's memory-test hooks (vmm/memtest.h): the test slot and its commands. */
#ifndef GUESTS_LIB_MEMTEST_H
#define GUESTS_LIB_MEMTEST_H

#include <stdint.h>

#define TESTMEM_BASE 0x100000000UL
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

static inline void memtest_cmd(unsigned cmd, uint64_t arg)
{
	*(volatile uint64_t *)TESTDEV_CMD_ADDR = (uint64_t)cmd | (arg << 8);
}

#endif
