/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An independent check of G-stage tables for the host tests (test_gstage, test_gstage_protect):
 * the spec's PTE and hgatp layout restated, a walker, a census of the whole tree and byte
 * snapshots. None of it reuses core/gstage.c to decide what is right.
 */
#ifndef TESTS_UNIT_GSTAGE_CHECK_H
#define TESTS_UNIT_GSTAGE_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/gstage.h"
#include "core/page_pool.h"

/* PTE and hgatp layout from the privileged spec (Sv32, Sv39/48/57, RV32's and RV64's hgatp, x4 roots). */
#define T_V (1ULL << 0)
#define T_R (1ULL << 1)
#define T_W (1ULL << 2)
#define T_X (1ULL << 3)
#define T_U (1ULL << 4)
#define T_G (1ULL << 5)
#define T_A (1ULL << 6)
#define T_D (1ULL << 7)
#define T_RW (T_R | T_W)
#define T_RX (T_R | T_X)
#define T_RWX (T_R | T_W | T_X)
#define T_PPN_SHIFT 10
#define T_PTE_HIGH_SHIFT 54 /* 8-byte PTEs: bits 63..54 are N, PBMT and reserved; all stay 0 here */
#define T_HGATP64_MODE_SHIFT 60
#define T_HGATP64_VMID_SHIFT 44
#define T_HGATP64_PPN_MASK ((1ULL << 44) - 1)
#define T_HGATP32_MODE_SHIFT 31 /* RV32: MODE is bit 31, VMID 28..22, PPN 21..0 */
#define T_HGATP32_VMID_SHIFT 22
#define T_HGATP32_PPN_MASK ((1ULL << 22) - 1)
#define T_ROOT_PAGES 4 /* every x4 root: the root index is two bits wider, 16 KiB */
#define T_4K (1ULL << 12)
#define T_2M (1ULL << 21)
#define T_4M (1ULL << 22)
#define T_1G (1ULL << 30)

/* The fixture's memory: the largest pool a test gives gstage_init (test_gstage_protect's). */
#define GC_POOL_PAGES_MAX 1088
#define GC_POOL_ALIGN 16384

/* A mode as the spec describes it, beside the descriptor under test. */
struct tmode {
	const struct gstage_mode *mode;
	const char *name;
	unsigned levels;
	unsigned gpa_bits;
	uint64_t hgatp_mode;
	unsigned xlen;      /* the hgatp layout it lives in */
	unsigned pte_bytes; /* 4 (Sv32) or 8 */
	unsigned vpn_bits;  /* VPN[i] below the root: 10 (Sv32) or 9 */
	unsigned ppn_bits;  /* the PTE's PPN field: 22 (Sv32) or 44 */
	unsigned max_leaf;  /* largest leaf level: 1 (Sv32 megapage) or 2 (gigapage) */
};

/*
 * Every mode: the three 64-bit ones first, so the tests written for their geometry (1 GiB
 * leaves, 512 entries a table) loop over the first NMODES_64.
 */
#define NMODES 4
#define NMODES_64 3
extern const struct tmode tmodes[NMODES];

struct fixture {
	void *map;    /* the mapping mem lies in */
	uint8_t *mem; /* GC_POOL_PAGES_MAX pages, 16 KiB aligned, below 2^31 (Sv32x4's reach) */
	struct page_pool pool;
	struct gstage g;
	const struct tmode *t;
	size_t avail0;    /* pool pages before gstage_init: every page missing since is a table */
	const void *cell; /* the test's initial state (test_gstage's grid cell) */
};

/* Names the grid cell or scenario a failure belongs to; tests set it with snprintf. */
extern char where[200];

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			print_error("[%s] check failed: %s\n", where, #cond); \
			fail();                                               \
		}                                                             \
	} while (0)

#define CHECK_EQ(a, b)                                                                            \
	do {                                                                                      \
		unsigned long long got_ = (unsigned long long)(a);                                \
		unsigned long long want_ = (unsigned long long)(b);                               \
		if (got_ != want_) {                                                              \
			print_error("[%s] %s is 0x%llx, expected 0x%llx (%s)\n", where, #a, got_, \
				    want_, #b);                                                   \
			fail();                                                                   \
		}                                                                                 \
	} while (0)

/* A leaf's size at level in mode t, and its name ("4K", "2M", "4M", "1G") for messages. */
uint64_t t_size(const struct tmode *t, unsigned level);
const char *t_size_name(const struct tmode *t, unsigned level);
/* Entries of a table below the root (a 4 KiB page: 1024 of 4 bytes or 512 of 8). */
unsigned t_entries(const struct tmode *t);
uint64_t limit_of(const struct tmode *t);
/* The first host-physical address a leaf cannot point at (2^34 for Sv32, 2^56 otherwise). */
uint64_t t_hpa_limit(const struct tmode *t);
/* h as it is, or folded into the lower half of the mode's host-physical reach when beyond it. */
uint64_t t_hpa(const struct tmode *t, uint64_t h);
unsigned long api_prot(uint64_t bits);
/* A guest address that uses every index bit (the root's two extra ones too), aligned to size. */
uint64_t grid_gpa(const struct tmode *t, uint64_t size);

/* cmocka setup/teardown: a fixture with its pool memory. */
int fx_setup(void **state);
int fx_teardown(void **state);
/* Garbage in the pool first, then gstage_init with a pool of npages. */
void fx_start(struct fixture *fx, const struct tmode *t, size_t npages);

/* The walker: the root as the hardware finds it (hgatp.PPN), and what a hart would use for a. */
const void *t_root(const struct tmode *t, const struct gstage *g);
uint64_t t_pte(const struct tmode *t, const void *table, unsigned index);
unsigned t_index(const struct tmode *t, uint64_t a, unsigned level);
const void *t_next(const struct tmode *t, uint64_t pte);
bool t_is_table(uint64_t pte);
uint64_t t_walk(const struct fixture *fx, uint64_t a, unsigned *level);
uint64_t t_leaf(uint64_t base, uint64_t bits);
/* a translates to h with `bits` through a leaf at `level`, for both walkers; or to nothing. */
void expect_mapped(const struct fixture *fx, uint64_t a, uint64_t h, uint64_t bits, unsigned level);
void expect_unmapped(const struct fixture *fx, uint64_t a);

/* The whole tree is well formed, its stats describe it exactly, and no pool page leaked. */
void check_consistent(const struct fixture *fx);
void expect_leaves(const struct fixture *fx, unsigned long l4k, unsigned long l2m,
		   unsigned long l1g);

/* Byte copies of every reachable table: snap_take into snap_before, then expect_unchanged. */
struct snapshot {
	unsigned n;
	const void *addr[GC_POOL_PAGES_MAX];
	uint8_t data[GC_POOL_PAGES_MAX][T_4K];
	struct gstage_stats stats;
	size_t avail;
};
extern struct snapshot snap_before;
void snap_take(const struct fixture *fx, struct snapshot *s);
void expect_unchanged(const struct fixture *fx);

#endif
