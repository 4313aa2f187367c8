/* SPDX-License-Identifier: Apache-2.0 */
/* The one way the VMM's device models reach guest RAM: host addresses of ranges checked against it. */
#ifndef VMM_GUEST_MEM_H
#define VMM_GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* The blocks whose presence guest_mem remembers: 2 MiB, and at most 64 GiB of RAM's worth. */
#define GUEST_MEM_BLOCK_SHIFT 21
#define GUEST_MEM_PRESENT_BLOCKS 32768u
#define GUEST_MEM_PRESENT_WORDS (GUEST_MEM_PRESENT_BLOCKS / (8 * sizeof(unsigned long)))

/*
 * A VM's RAM: guest-physical [base, base + size) is host memory [host, host + size). The core
 * makes RAM present on first touch (rvkvm_pre_fault_memory): present, if set, is asked to make
 * a range present before its host address is handed out, and fails the access if it cannot.
 * RAM once present stays so while the VM lives (nothing deletes or moves the VM's RAM), so
 * present_bits, if set, remembers the blocks made present whole (a bit each, set atomically
 * after present succeeded on the block): an access within them asks no more. A device's
 * buffers are many small ranges, each of which would otherwise take the core's lock.
 */
struct guest_mem {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
	int (*present)(void *ctx, uint64_t gpa, uint64_t len);
	void *present_ctx;
	unsigned long *present_bits; /* NULL, or GUEST_MEM_PRESENT_WORDS words, zero at first */
};

/*
 * The host address of guest-physical [gpa, gpa + len) when all of it lies in guest RAM, else
 * NULL (also when gpa + len wraps, or the range cannot be made present). len 0 asks only that
 * gpa lie in RAM or at its end. The guest may change the bytes at any time: read each field
 * once, and check what was read, not the RAM.
 */
void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len);

#endif
