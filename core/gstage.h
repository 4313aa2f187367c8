/* SPDX-License-Identifier: Apache-2.0 */
/* G-stage (guest-physical to host-physical) page tables: Sv32x4, Sv39x4, Sv48x4 and Sv57x4 from one walker. */
#ifndef CORE_GSTAGE_H
#define CORE_GSTAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/addr.h"
#include "core/page_pool.h"

/* PTE layout (privileged spec): the low bits are the same in Sv32's 4-byte and Sv39/48/57's 8-byte PTEs. */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_BITS_32 22 /* Sv32: PPN[1] 12 bits, PPN[0] 10 bits, up to bit 31 */
#define PTE_PPN_BITS_64 44 /* Sv39/48/57: up to bit 53; 63..54 are N, PBMT and reserved */
#define PTE_LEAF_MASK (PTE_R | PTE_W | PTE_X)

_Static_assert(PTE_PPN_SHIFT + PTE_PPN_BITS_32 == 32, "Sv32 PTE PPN must end at bit 31");
_Static_assert(PTE_PPN_SHIFT + PTE_PPN_BITS_64 == 54, "Sv39 PTE PPN must end at bit 53");

/* hgatp's fields for each hart width (privileged spec, "Hypervisor Guest Address Translation"). */
#define GSTAGE_HGATP32_MODE_SHIFT 31
#define GSTAGE_HGATP32_VMID_SHIFT 22
#define GSTAGE_HGATP32_VMID_MASK 0x7fULL
#define GSTAGE_HGATP64_MODE_SHIFT 60
#define GSTAGE_HGATP64_VMID_SHIFT 44
#define GSTAGE_HGATP64_VMID_MASK 0x3fffULL

/* Access a mapping grants, in the PTE's own bit positions. */
#define GSTAGE_READ PTE_R
#define GSTAGE_WRITE PTE_W
#define GSTAGE_EXEC PTE_X
#define GSTAGE_RWX (PTE_R | PTE_W | PTE_X)

#define GSTAGE_ROOT_PAGES 4u /* every x4 root: 2^(index bits + 2) PTEs = 16 KiB, 16 KiB aligned */
#define GSTAGE_MAX_LEVELS 5
#define GSTAGE_MAX_LEAF_LEVEL 2 /* the largest leaf of any mode: Sv39/48/57's 1 GiB */

/* The width of the hart this code runs on: only modes of that width are offered. */
#define GSTAGE_HOST_XLEN (__SIZEOF_LONG__ * 8)

/*
 * A G-stage mode is data: everything in which Sv32x4 and Sv39x4/Sv48x4/Sv57x4 differ. The
 * walker reads it and has no other knowledge of a mode (Bao's page_table_dscr).
 */
struct gstage_mode {
	const char *name;
	unsigned xlen;            /* the hart width whose hgatp has this mode (32 or 64) */
	unsigned long hgatp_mode; /* hgatp.MODE on that width */
	unsigned levels;          /* tables on a walk, the root included */
	unsigned gpa_bits;        /* 12 + index_bits * levels + root_extra_bits */
	unsigned pte_bytes;       /* 4 (Sv32) or 8 */
	unsigned index_bits;      /* VPN bits a level below the root resolves: 10 (Sv32) or 9 */
	unsigned root_extra_bits; /* the "x4": the root's index is two bits wider */
	unsigned ppn_bits;        /* the PTE's PPN field, PTE_PPN_BITS_32 or _64 */
	unsigned max_leaf_level;  /* 1 (Sv32x4's 4 MiB megapages) or 2 (1 GiB gigapages) */
};

extern const struct gstage_mode gstage_sv32x4; /* rv32 harts only; tested on the host */
extern const struct gstage_mode gstage_sv39x4;
extern const struct gstage_mode gstage_sv48x4;
extern const struct gstage_mode gstage_sv57x4;
/* The mode called name that a hart of width xlen has, or NULL. */
const struct gstage_mode *gstage_mode_by_name_xlen(const char *name, unsigned xlen);
/* The mode called name that this hart's width has (an rv64 hart has no Sv32x4), or NULL. */
const struct gstage_mode *gstage_mode_by_name(const char *name);
/* The first host-physical address a mode's PTE cannot point at (2^34 or 2^56). */
uint64_t gstage_hpa_limit(const struct gstage_mode *mode);

struct gstage_stats {
	unsigned long tables;                            /* table pages in use, root included */
	unsigned long leaves[GSTAGE_MAX_LEAF_LEVEL + 1]; /* by level: 4K, 2M or 4M, 1G */
};

struct gstage {
	const struct gstage_mode *mode;
	void *root; /* GSTAGE_ROOT_PAGES pages, as aligned; PTEs of mode->pte_bytes */
	struct page_pool *pool;
	struct gstage_stats stats;
};

#define GSTAGE_OK 0
#define GSTAGE_EINVAL (-1) /* misaligned or out-of-range arguments */
#define GSTAGE_ENOMEM (-2) /* not enough table pages: nothing was changed */

/* GSTAGE_EINVAL when the pool reaches beyond what the mode's PTEs can point at (2^34 for Sv32x4). */
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
/* Looks up one address; false when it is not mapped. level: 0 = 4 KiB leaf, 1 = 2 or 4 MiB, 2 = 1 GiB. */
bool gstage_lookup(const struct gstage *g, gpa_t gpa, hpa_t *hpa, unsigned long *prot,
		   unsigned *level);
/* The hgatp value for the mode's hart width (only the low 32 bits are used for Sv32x4). */
uint64_t gstage_hgatp(const struct gstage *g, unsigned vmid);

#endif
