/* SPDX-License-Identifier: Apache-2.0 */
/* G-stage (guest-physical to host-physical) page tables: Sv39x4, Sv48x4 and Sv57x4 from one walker. */
#ifndef CORE_GSTAGE_H
#define CORE_GSTAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/page_pool.h"

/* PTE layout (privileged spec, Sv39/48/57 and their x4 G-stage forms). */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_BITS 44
#define PTE_PPN_MASK (((1UL << PTE_PPN_BITS) - 1) << PTE_PPN_SHIFT)
#define PTE_LEAF_MASK (PTE_R | PTE_W | PTE_X)
/* A PTE's 44-bit PPN reaches host-physical addresses below 2^56. */
#define GSTAGE_HPA_LIMIT (1ULL << (PTE_PPN_BITS + PAGE_SHIFT))
#define GSTAGE_VMID_MASK 0x3fffULL

/* Access a mapping grants, in the PTE's own bit positions. */
#define GSTAGE_READ PTE_R
#define GSTAGE_WRITE PTE_W
#define GSTAGE_EXEC PTE_X
#define GSTAGE_RWX (PTE_R | PTE_W | PTE_X)

#define GSTAGE_LEVEL_BITS 9
#define GSTAGE_ROOT_EXTRA_BITS 2 /* the "x4": the root index is two bits wider */
#define GSTAGE_ROOT_PAGES (1u << GSTAGE_ROOT_EXTRA_BITS)
#define GSTAGE_MAX_LEVELS 5
#define GSTAGE_MAX_LEAF_LEVEL 2 /* 1 GiB leaves at most */

_Static_assert(PTE_PPN_SHIFT + PTE_PPN_BITS == 54, "PTE PPN must end at bit 53");

/* A G-stage mode is data: how many levels and how wide the guest-physical address is. */
struct gstage_mode {
	const char *name;
	unsigned long hgatp_mode;
	unsigned levels;
	unsigned gpa_bits;
};

extern const struct gstage_mode gstage_sv39x4;
extern const struct gstage_mode gstage_sv48x4;
extern const struct gstage_mode gstage_sv57x4;
const struct gstage_mode *gstage_mode_by_name(const char *name);

struct gstage_stats {
	unsigned long tables;                            /* table pages in use, root included */
	unsigned long leaves[GSTAGE_MAX_LEAF_LEVEL + 1]; /* 4K, 2M, 1G */
};

struct gstage {
	const struct gstage_mode *mode;
	uint64_t *root; /* 16 KiB, 16 KiB aligned */
	struct page_pool *pool;
	struct gstage_stats stats;
};

#define GSTAGE_OK 0
#define GSTAGE_EINVAL (-1) /* misaligned or out-of-range arguments */
#define GSTAGE_ENOMEM (-2) /* not enough table pages: nothing was changed */

int gstage_init(struct gstage *g, const struct gstage_mode *mode, struct page_pool *pool);
/* Maps [gpa, gpa+size) to [hpa, hpa+size) with the largest leaves alignment allows; replaces what was there. */
int gstage_map(struct gstage *g, gpa_t gpa, hpa_t hpa, uint64_t size, unsigned long prot);
/* Removes translations for [gpa, gpa+size), splitting large leaves at the edges. */
int gstage_unmap(struct gstage *g, gpa_t gpa, uint64_t size);
/* gstage_protect flag: split every leaf in the range down to 4 KiB pages. */
#define GSTAGE_SPLIT_4K 1u
/*
 * Sets the permission of every mapped page in [gpa, gpa+size) to prot (GSTAGE_READ/WRITE/EXEC
 * combination, non-zero, not write-only); unmapped parts stay unmapped. A leaf the range covers
 * only partly is split so pages outside the range keep their permission; with GSTAGE_SPLIT_4K
 * every leaf in the range is split down to 4 KiB (what dirty logging needs so that a later
 * 4 KiB protect never has to allocate). Returns GSTAGE_OK, GSTAGE_EINVAL (also for unknown
 * flags), or GSTAGE_ENOMEM when the pool cannot hold the tables the splits need (then nothing
 * was changed). Like map and unmap, it leaves fencing the G-stage TLB to the caller.
 */
int gstage_protect(struct gstage *g, gpa_t gpa, uint64_t size, unsigned long prot, unsigned flags);
/* Looks up one address; returns false when it is not mapped. level: 0 = 4 KiB leaf, 1 = 2 MiB, 2 = 1 GiB. */
bool gstage_lookup(const struct gstage *g, gpa_t gpa, hpa_t *hpa, unsigned long *prot,
		   unsigned *level);
uint64_t gstage_hgatp(const struct gstage *g, unsigned vmid);

#endif
