/* SPDX-License-Identifier: Apache-2.0 */
/* A VM's guest RAM regions (memslots) and checked access to guest memory by guest-physical address. */
#ifndef CORE_MEMSLOT_H
#define CORE_MEMSLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/addr.h"

#define MEMSLOT_MAX 8

struct memslot {
	bool used;
	gpa_t base;
	uint64_t size;
	hpa_t host;
	uint32_t flags;
	bool core_owned; /* the core allocated the backing memory and takes it back on delete */
};

struct memslots {
	struct memslot slot[MEMSLOT_MAX];
};

/* The G-stage permissions a slot's RAM is mapped with (GSTAGE_*), from its RVKVM_MEM_* flags. */
unsigned long memslot_prot(uint32_t flags);
/* The slot that holds all of [a, a+len), or NULL; len 0 asks about a single byte. */
const struct memslot *memslot_find(const struct memslots *s, gpa_t a, uint64_t len);
/* A host pointer to [a, a+len) when the whole range is guest RAM in one slot, else NULL. */
void *memslot_host_ptr(const struct memslots *s, gpa_t a, uint64_t len);
/* True when [base, base+size) overlaps a used slot other than skip (or -1 for none). */
bool memslot_overlaps(const struct memslots *s, gpa_t base, uint64_t size, int skip);

#endif
