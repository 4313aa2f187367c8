/* SPDX-License-Identifier: Apache-2.0 */
/* VS-stage paging for test guests, one source for both widths: Sv39 on rv64, Sv32 on rv32. */
#ifndef GUESTS_LIB_VSPT_H
#define GUESTS_LIB_VSPT_H

#include <stdint.h>

#include "hart.h"

/*
 * The two modes differ in data only: a PTE is XLEN wide in both (Sv32: 4 bytes, Sv39: 8), so a
 * table is a page of them; Sv32 has 2 levels of 10 index bits, Sv39 3 of 9. Level 0 maps 4 KiB
 * pages, level 1 megapages (4 MiB on Sv32, 2 MiB on Sv39), Sv39's level 2 gigapages. Sv32's PTE
 * holds a 34-bit physical address, so an rv32 guest reaches guest-physical addresses past 4 GiB.
 */
typedef unsigned long vspt_pte_t;

#define PAGE 4096UL
#define VSPT_ENTRIES (PAGE / sizeof(vspt_pte_t))
#define VSPT_INDEX_BITS (sizeof(long) == 8 ? 9U : 10U)
#define VSPT_LEVELS (sizeof(long) == 8 ? 3U : 2U) /* the root is level VSPT_LEVELS - 1 */
#define VSPT_ROOT (VSPT_LEVELS - 1)
/* satp.MODE, the register's top 4 bits on rv64 (8: Sv39) and its top bit on rv32 (1: Sv32). */
#define VSPT_SATP_MODE ((sizeof(long) == 8 ? 8UL : 1UL) << (sizeof(long) == 8 ? 60 : 31))

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_RW (PTE_R | PTE_W | PTE_A | PTE_D)

/* The bytes a leaf at level maps. */
static inline unsigned long vspt_leaf_size(unsigned level)
{
	return 1UL << (12U + level * VSPT_INDEX_BITS);
}

/* A valid PTE for the page or table at guest-physical pa; flags 0 makes it point to a table. */
static inline vspt_pte_t vspt_pte(uint64_t pa, unsigned long flags)
{
	return (vspt_pte_t)((pa >> 12) << 10) | flags | PTE_V;
}

/* The entry for va in table, a table of the given level. */
static inline vspt_pte_t *vspt_entry(vspt_pte_t *table, unsigned long va, unsigned level)
{
	return &table[(va >> (12U + level * VSPT_INDEX_BITS)) & (VSPT_ENTRIES - 1)];
}

/*
 * The entry for va at level, linking the walk down to it through tables[0], tables[1], ...: one
 * table per level between the root and level (none when level is the root's).
 */
static inline vspt_pte_t *vspt_walk(vspt_pte_t *root, unsigned long va, unsigned level,
				    vspt_pte_t (*tables)[VSPT_ENTRIES])
{
	vspt_pte_t *t = root;

	/* t is the table of level l on the way down. */
	for (unsigned l = VSPT_ROOT; l > level; l--, tables++) {
		*vspt_entry(t, va, l) = vspt_pte((uintptr_t)*tables, 0);
		t = *tables;
	}
	return vspt_entry(t, va, level);
}

/*
 * The devices' first GiB (GPA 0, read/write) and RAM's (read/write/execute) identity-mapped in
 * leaves of the root: one gigapage each on Sv39, 256 megapages each on Sv32.
 */
static inline void vspt_identity(vspt_pte_t *root)
{
	for (unsigned long a = 0; a < (1UL << 30); a += vspt_leaf_size(VSPT_ROOT)) {
		*vspt_entry(root, a, VSPT_ROOT) = vspt_pte(a, PTE_RW);
		*vspt_entry(root, GUEST_RAM_BASE + a, VSPT_ROOT) =
			vspt_pte(GUEST_RAM_BASE + a, PTE_RW | PTE_X);
	}
}

/* Turns on paging on this hart with root as the table, fenced on both sides. */
static inline void vspt_enable(const vspt_pte_t *root)
{
	__asm__ volatile("sfence.vma" : : : "memory");
	CSR_WRITE(satp, VSPT_SATP_MODE | ((unsigned long)root >> 12));
	__asm__ volatile("sfence.vma" : : : "memory");
}

#endif
