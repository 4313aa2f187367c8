/* SPDX-License-Identifier: Apache-2.0 */
/* Test hooks for guest memory: a guest drives dirty logging and region moves through the test device. */
#ifndef VMM_MEMTEST_H
#define VMM_MEMTEST_H

#include <stdint.h>

#include "lib/spinlock.h"
#include "vmm/vm_config.h"

#define MEMTEST_MAX_PAGES ((unsigned)(VM_CONFIG_TESTMEM_MAX >> 12))
#define MEMTEST_WORDS (MEMTEST_MAX_PAGES / (8 * sizeof(unsigned long)))

/* Each VM's own: harvests of one VM never mix with another's. */
struct memtest_state {
	spinlock_t lock;
	int logging;
	unsigned harvests;
	unsigned long scratch[MEMTEST_WORDS];
	unsigned long all[MEMTEST_WORDS];   /* union of every harvest */
	unsigned long since[MEMTEST_WORDS]; /* union since the last MEMTEST_HARVEST command */
};

/* Commands written to TESTDEV_CMD: the low byte is the command, the rest its argument. */
enum memtest_cmd {
	MEMTEST_LOG_START = 1, /* start dirty logging on the test slot */
	MEMTEST_HARVEST = 2,   /* harvest now, and start a new "since" set */
	MEMTEST_REPORT = 3,    /* harvest, then print the union and the "since" set */
	MEMTEST_LOG_STOP = 4,  /* stop logging: normal mapping again */
	MEMTEST_MOVE = 5,      /* move the test slot to guest-physical address arg << 12 */
	MEMTEST_READONLY = 6,  /* make the test slot read-only */
	MEMTEST_DELETE = 7,    /* delete the test slot */
	MEMTEST_ADD = 8,       /* after a delete: a new test slot, as --testmem gave the first */
};

/* FNV-1a over the 4 little-endian bytes of each set page index, as the guests compute it too. */
#define MEMTEST_HASH_INIT 14695981039346656037ULL
#define MEMTEST_HASH_PRIME 1099511628211ULL

struct vmm_vm;

void memtest_command(void *vm, uint64_t value);
/* Called on vCPU 0's periodic exits: harvests while logging, so harvests race with guest writes. */
void memtest_poll(struct vmm_vm *vm);

#endif
