/* SPDX-License-Identifier: Apache-2.0 */
/* Allocator of host-physical memory for the core: free ranges from the platform, carved with alignment. */
#ifndef CORE_HOST_MEM_H
#define CORE_HOST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"
#include "lib/spinlock.h"
#include "core/core.h" /* core_alloc_zeroed, which the platform's drivers use too */

#define HOST_MEM_MAX_RANGES 32

struct host_mem_range {
	uint64_t base;
	uint64_t end; /* exclusive */
};

/* Every call takes lock: VMM threads of several VMs add, move and delete regions at once. */
struct host_mem {
	spinlock_t lock;
	struct host_mem_range ranges[HOST_MEM_MAX_RANGES];
	unsigned count;
};

void host_mem_init(struct host_mem *m);
/* Adds usable memory; returns false when the range table is full. */
bool host_mem_add(struct host_mem *m, uint64_t base, uint64_t size);
/* Removes [base, base+size) from the usable memory (firmware, our image, boot data). */
bool host_mem_reserve(struct host_mem *m, uint64_t base, uint64_t size);
/* Allocates size bytes aligned to align (a power of two); returns false when nothing fits. */
bool host_mem_alloc(struct host_mem *m, uint64_t size, uint64_t align, hpa_t *out);
uint64_t host_mem_free_bytes(struct host_mem *m);

/*
 * The core's own allocator instance, and allocations from it. core_alloc leaves the memory as it
 * was, bytes of a destroyed VM included: only for a user that clears each part before it hands
 * it on (the G-stage page pool zeroes a page when it gives it out).
 */
extern struct host_mem core_host_mem;
void *core_alloc(size_t size, size_t align);

#endif
