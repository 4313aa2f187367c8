/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest RAM that the core allocates is made present when it is first touched, not when the
 * region is added: a chunk of it is zeroed and mapped in the G-stage the first time the guest
 * faults on it, or the core or the VMM reaches it through its host address. So creating a VM
 * costs nothing for the RAM it has not touched, and no VM ever reads what an earlier owner of
 * the memory left there: a chunk is zeroed before anything can see it.
 *
 * Every function but ram_populate_has runs under the VM's mmu_lock.
 */
#ifndef CORE_RAM_POPULATE_H
#define CORE_RAM_POPULATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/memslot.h"

#define RAM_POPULATE_MIN_SHIFT 21 /* 2 MiB chunks: one large G-stage leaf each */
#define RAM_POPULATE_MAX_CHUNKS 4096
#define RAM_POPULATE_WORDS (RAM_POPULATE_MAX_CHUNKS / (8 * sizeof(unsigned long)))

/* Which chunks of one memslot are present. */
struct ram_populate {
	unsigned chunk_shift; /* 0: all of the slot is present (not populated on touch) */
	uint64_t size;        /* the slot's size */
	uint64_t absent;      /* chunks not present yet */
	unsigned long present[RAM_POPULATE_WORDS];
};

struct rvkvm_vm;

/* A region just added: present from the start (eager), or chunk by chunk on first touch. */
void ram_populate_init(struct ram_populate *p, uint64_t size, bool on_touch);

/* True when all of [off, off + len) of the slot is present. Lock-free (acquire loads). */
bool ram_populate_has(const struct ram_populate *p, uint64_t off, uint64_t len);

/*
 * Makes [off, off + len) of slot idx present: each absent chunk in it is zeroed, marked, and,
 * if map is set, mapped in the G-stage with prot. Returns a GSTAGE_* code.
 */
int ram_populate_range(struct rvkvm_vm *vm, unsigned idx, uint64_t off, uint64_t len, bool map,
		       unsigned long prot);

/*
 * Maps the present runs of slot s (index idx) with prot: all of it when all is present, with
 * the largest leaves the alignment allows. Returns a GSTAGE_* code.
 */
int ram_populate_map(struct rvkvm_vm *vm, unsigned idx, const struct memslot *s,
		     unsigned long prot);

#endif
