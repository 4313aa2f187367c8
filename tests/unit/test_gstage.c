/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the G-stage mapper (the map/remap/unmap grid, hgatp, arguments, leaf sizes), checked by an independent walker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gstage_check.h"
#include "tests/unit/xlen.h"

#define POOL_PAGES 64
_Static_assert(POOL_PAGES <= GC_POOL_PAGES_MAX, "the fixture holds the pool");

/* Host-physical addresses for leaves: never dereferenced, below 2^56 (t_hpa folds them for Sv32x4). */
#define HPA_A_ANY 0x00A5A5A5A5A5A000ULL
#define HPA_B_ANY 0x005A5A5A5A5A5000ULL

struct tprot {
	const char *name;
	unsigned long prot; /* what the API is given */
	uint64_t bits;      /* what the leaf PTE must hold */
};

static const struct tprot tprots[] = {
	{ "RW", GSTAGE_READ | GSTAGE_WRITE, T_R | T_W },
	{ "RO", GSTAGE_READ, T_R },
	{ "RX", GSTAGE_READ | GSTAGE_EXEC, T_R | T_X },
	{ "RWX", GSTAGE_RWX, T_RWX },
	{ "XO", GSTAGE_EXEC, T_X },
	{ "none", 0, 0 },
};
#define NPROTS (sizeof(tprots) / sizeof(tprots[0]))

/* ---- the map/remap/unmap grid ---------------------------------------------------------- */

enum op { OP_MAP, OP_REMAP, OP_UNMAP };
static const char *const op_names[] = { "map", "remap", "unmap" };

struct cell {
	const struct tmode *t;
	unsigned level;
	const struct tprot *p;
	enum op op;
	char name[48];
};

/* At most 3 leaf sizes a mode (Sv32x4 has 2: 4 KiB and 4 MiB). */
#define NCELLS_MAX (NMODES * 3 * NPROTS * 3)
static struct cell cells[NCELLS_MAX];
static struct CMUnitTest grid_tests[NCELLS_MAX];

/* After every step: probes inside the region, both neighbours, leaf counts, tree consistency. */
static void check_region(const struct fixture *fx, uint64_t a, uint64_t size, unsigned level,
			 uint64_t h, uint64_t bits)
{
	const uint64_t probes[] = { 0, T_4K - 1, size / 2 + 0x123, size - T_4K, size - 1 };

	for (unsigned i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (bits) {
			expect_mapped(fx, a + probes[i], h + probes[i], bits, level);
		} else {
			expect_unmapped(fx, a + probes[i]);
		}
	}
	expect_unmapped(fx, a - 1);
	if (a + size < limit_of(fx->t)) {
		expect_unmapped(fx, a + size);
	}
	for (unsigned l = 0; l < 3; l++) {
		CHECK_EQ(fx->g.stats.leaves[l], (bits && l == level) ? 1 : 0);
	}
	check_consistent(fx);
}

static void test_grid_cell(void **state)
{
	struct fixture *fx = *state;
	const struct cell *c = fx->cell;
	uint64_t size = t_size(c->t, c->level);
	uint64_t a = grid_gpa(c->t, size);
	uint64_t h1 = t_hpa(c->t, HPA_A_ANY) & ~(size - 1);
	uint64_t h2 = t_hpa(c->t, HPA_B_ANY) & ~(size - 1);
	/* The first mapping of a remap differs from the second in both address and permissions. */
	unsigned long other = c->p->prot == GSTAGE_RWX ? GSTAGE_READ : GSTAGE_RWX;
	uint64_t other_bits = c->p->prot == GSTAGE_RWX ? T_R : T_RWX;

	snprintf(where, sizeof(where), "%s", c->name);
	fx_start(fx, c->t, POOL_PAGES);
	switch (c->op) {
	case OP_MAP:
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h1), size, c->p->prot), GSTAGE_OK);
		check_region(fx, a, size, c->level, h1, c->p->bits);
		break;
	case OP_REMAP:
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h1), size, other), GSTAGE_OK);
		check_region(fx, a, size, c->level, h1, other_bits);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h2), size, c->p->prot), GSTAGE_OK);
		check_region(fx, a, size, c->level, h2, c->p->bits);
		break;
	case OP_UNMAP:
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h1), size, c->p->prot), GSTAGE_OK);
		check_region(fx, a, size, c->level, h1, c->p->bits);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(a), size), GSTAGE_OK);
		check_region(fx, a, size, c->level, h1, 0);
		break;
	}
}

/* Every mode with each of its leaf sizes: 4K, 2M, 1G; Sv32x4's 4K and 4M. */
static unsigned build_grid(void)
{
	unsigned n = 0;

	for (unsigned m = 0; m < NMODES; m++) {
		for (unsigned l = 0; l <= tmodes[m].max_leaf; l++) {
			for (unsigned p = 0; p < NPROTS; p++) {
				for (unsigned o = 0; o < 3; o++) {
					struct cell *c = &cells[n];

					c->t = &tmodes[m];
					c->level = l;
					c->p = &tprots[p];
					c->op = (enum op)o;
					snprintf(c->name, sizeof(c->name), "grid %s/%s/%s/%s",
						 tmodes[m].name, t_size_name(&tmodes[m], l),
						 tprots[p].name, op_names[o]);
					grid_tests[n] =
						(struct CMUnitTest){ c->name, test_grid_cell,
								     fx_setup, fx_teardown, c };
					n++;
				}
			}
		}
	}
	return n;
}

/* ---- hgatp, modes, init ------------------------------------------------------------------ */

static void test_hgatp(void **state)
{
	struct fixture *fx = *state;
	const unsigned vmids[] = { 0, 1, 0x155, 0x2aaa, 0x3fff };

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t root;

		snprintf(where, sizeof(where), "hgatp %s", t->name);
		fx_start(fx, t, POOL_PAGES);
		root = (uint64_t)(uintptr_t)fx->g.root;
		CHECK_EQ(root % (4 * T_4K), 0);
		CHECK(fx->g.root != NULL);
		for (unsigned i = 0; i < sizeof(vmids) / sizeof(vmids[0]); i++) {
			/* RV32's hgatp has 7 VMID bits, RV64's 14; the rest of the id is dropped. */
			uint64_t want = t->xlen == 32 ? (t->hgatp_mode << T_HGATP32_MODE_SHIFT) |
								((uint64_t)(vmids[i] & 0x7f)
								 << T_HGATP32_VMID_SHIFT) |
								(root >> 12)
						      : (t->hgatp_mode << T_HGATP64_MODE_SHIFT) |
								((uint64_t)vmids[i]
								 << T_HGATP64_VMID_SHIFT) |
								(root >> 12);

			CHECK_EQ(gstage_hgatp(&fx->g, vmids[i]), want);
			if (t->xlen == 32) {
				CHECK_EQ(gstage_hgatp(&fx->g, vmids[i]) >> 32, 0);
			}
		}
		/* A fresh root is four zeroed pages even though the pool held garbage. */
		for (unsigned i = 0; i < t_entries(t) * T_ROOT_PAGES; i++) {
			CHECK_EQ(t_pte(t, fx->g.root, i), 0);
		}
		CHECK_EQ(fx->g.stats.tables, T_ROOT_PAGES);
		expect_leaves(fx, 0, 0, 0);
	}
}

static void test_mode_by_name(void **state)
{
	(void)state;
	/* By name alone, the modes of a hart of the host's XLEN: RV64's three, or RV32's one. */
	assert_ptr_equal(gstage_mode_by_name("sv39x4"), XLEN == 64 ? &gstage_sv39x4 : NULL);
	assert_ptr_equal(gstage_mode_by_name("sv48x4"), XLEN == 64 ? &gstage_sv48x4 : NULL);
	assert_ptr_equal(gstage_mode_by_name("sv57x4"), XLEN == 64 ? &gstage_sv57x4 : NULL);
	assert_ptr_equal(gstage_mode_by_name("sv32x4"), XLEN == 32 ? &gstage_sv32x4 : NULL);
	assert_null(gstage_mode_by_name("sv39"));
	assert_null(gstage_mode_by_name("sv39x4 "));
	assert_null(gstage_mode_by_name(""));
	/* Sv32x4 is an RV32 hart's mode only, and the 64-bit modes are RV64's only. */
	assert_ptr_equal(gstage_mode_by_name_xlen("sv32x4", 32), &gstage_sv32x4);
	assert_null(gstage_mode_by_name_xlen("sv32x4", 64));
	assert_null(gstage_mode_by_name_xlen("sv39x4", 32));
	assert_null(gstage_mode_by_name_xlen("sv57x4", 32));
	assert_ptr_equal(gstage_mode_by_name_xlen("sv48x4", 64), &gstage_sv48x4);
	assert_ptr_equal(gstage_mode_by_name("sv32x4"), gstage_mode_by_name_xlen("sv32x4", XLEN));
	assert_ptr_equal(gstage_mode_by_name("sv39x4"), gstage_mode_by_name_xlen("sv39x4", XLEN));
	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		const struct gstage_mode *d = t->mode;

		assert_string_equal(d->name, t->name);
		assert_int_equal(d->levels, t->levels);
		assert_int_equal(d->gpa_bits, t->gpa_bits);
		assert_int_equal(d->hgatp_mode, t->hgatp_mode);
		assert_int_equal(d->xlen, t->xlen);
		assert_int_equal(d->pte_bytes, t->pte_bytes);
		assert_int_equal(d->index_bits, t->vpn_bits);
		assert_int_equal(d->root_extra_bits, 2);
		assert_int_equal(d->ppn_bits, t->ppn_bits);
		assert_int_equal(d->max_leaf_level, t->max_leaf);
		/* A table below the root fills one page; the root's index covers the rest. */
		assert_int_equal((uint64_t)d->pte_bytes << d->index_bits, T_4K);
		assert_int_equal(12 + d->index_bits * d->levels + d->root_extra_bits, d->gpa_bits);
		assert_int_equal(gstage_hpa_limit(d), t_hpa_limit(t));
	}
}

static void test_init_needs_aligned_root(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	struct gstage g;

	snprintf(where, sizeof(where), "init");
	page_pool_init(&pool, fx->mem, 3);
	CHECK_EQ(gstage_init(&g, &gstage_sv39x4, &pool), GSTAGE_ENOMEM);
	CHECK_EQ(page_pool_available(&pool), 3);

	/* Starting one page past a 16 KiB boundary, four pages cannot hold an aligned root... */
	page_pool_init(&pool, fx->mem + T_4K, 4);
	CHECK_EQ(gstage_init(&g, &gstage_sv39x4, &pool), GSTAGE_ENOMEM);
	CHECK_EQ(page_pool_available(&pool), 4);

	/* ...seven can, and the three skipped pages stay available. */
	page_pool_init(&pool, fx->mem + T_4K, 7);
	CHECK_EQ(gstage_init(&g, &gstage_sv39x4, &pool), GSTAGE_OK);
	CHECK(g.root == (void *)(fx->mem + 4 * T_4K));
	CHECK_EQ(page_pool_available(&pool), 3);
	CHECK_EQ(g.stats.tables, T_ROOT_PAGES);

	/*
	 * Sv32x4's PTEs point below 2^34: a pool reaching past that is refused before any page is
	 * taken (nor touched: the pool's pages here are only addresses).
	 */
	if (sizeof(void *) == 8) {
		snprintf(where, sizeof(where), "init sv32x4 pool beyond 2^34");
		page_pool_init(&pool, (void *)(uintptr_t)((1ULL << 34) - 4 * T_4K), 8);
		CHECK_EQ(gstage_init(&g, &gstage_sv32x4, &pool), GSTAGE_EINVAL);
		CHECK_EQ(page_pool_available(&pool), 8);
	}
}

/* ---- argument checking -------------------------------------------------------------------- */

static void test_invalid_arguments(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);
		uint64_t a = grid_gpa(t, T_2M);
		const uint64_t ha = t_hpa(t, HPA_A_ANY);
		const uint64_t hb = t_hpa(t, HPA_B_ANY);
		const struct {
			uint64_t gpa, hpa, size;
			unsigned long prot;
		} bad[] = {
			{ a + 1, ha, T_4K, GSTAGE_READ },            /* gpa unaligned */
			{ a + 0x800, ha, T_4K, GSTAGE_READ },        /* gpa unaligned */
			{ a, ha + 8, T_4K, GSTAGE_READ },            /* hpa unaligned */
			{ a, ha, T_4K + 1, GSTAGE_READ },            /* size unaligned */
			{ a, ha, T_4K - 1, GSTAGE_READ },            /* size unaligned */
			{ a, ha, 0, GSTAGE_READ },                   /* size 0 */
			{ lim, ha, T_4K, GSTAGE_READ },              /* first byte beyond 2^bits */
			{ lim - T_4K, ha, 2 * T_4K, GSTAGE_READ },   /* crosses 2^bits */
			{ 0, ha, lim + T_4K, GSTAGE_READ },          /* longer than the space */
			{ 1ULL << 63, ha, T_4K, GSTAGE_READ },       /* far beyond */
			{ ~0xfffULL, ha, T_4K, GSTAGE_READ },        /* last page of 2^64 */
			{ T_4K, ha, 0 - T_4K, GSTAGE_READ },         /* gpa + size wraps to 0 */
			{ 2 * T_4K, ha, 0 - T_4K, GSTAGE_READ },     /* gpa + size wraps past 0 */
			{ a, 0 - T_4K, 2 * T_4K, GSTAGE_READ },      /* hpa + size wraps */
			{ a, 0 - T_4K, T_4K, GSTAGE_READ },          /* hpa + size wraps to 0 */
			{ a, ha, T_4K, GSTAGE_WRITE },               /* write-only */
			{ a, ha, T_4K, GSTAGE_WRITE | GSTAGE_EXEC }, /* write without read */
			{ a, ha, T_4K, GSTAGE_READ | PTE_V },        /* not a permission */
			{ a, ha, T_4K, GSTAGE_READ | PTE_U },
			{ a, ha, T_4K, GSTAGE_READ | PTE_A | PTE_D },
			{ a, ha, T_4K, GSTAGE_READ | (1UL << 8) },
			{ a, ha, T_4K, GSTAGE_READ | XLEN_MSB },
		};
		const struct {
			uint64_t gpa, size;
		} bad_unmap[] = {
			{ a + 1, T_4K },    { a, T_4K + 1 },          { a, 0 },
			{ lim, T_4K },      { lim - T_4K, 2 * T_4K }, { 0, lim + T_4K },
			{ T_4K, 0 - T_4K }, { ~0xfffULL, T_4K },      { 1ULL << 63, T_2M },
		};

		fx_start(fx, t, POOL_PAGES);
		/* Mappings at both ends of the space give a wrongly accepted call a target. */
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(ha & ~(T_2M - 1)), T_2M, GSTAGE_RWX),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(hb), T_4K, GSTAGE_READ), GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(hb), T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		snap_take(fx, &snap_before);
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(where, sizeof(where), "%s bad map #%u", t->name, i);
			CHECK_EQ(gstage_map(&fx->g, gpa(bad[i].gpa), hpa(bad[i].hpa), bad[i].size,
					    bad[i].prot),
				 GSTAGE_EINVAL);
			expect_unchanged(fx);
		}
		for (unsigned i = 0; i < sizeof(bad_unmap) / sizeof(bad_unmap[0]); i++) {
			snprintf(where, sizeof(where), "%s bad unmap #%u", t->name, i);
			CHECK_EQ(gstage_unmap(&fx->g, gpa(bad_unmap[i].gpa), bad_unmap[i].size),
				 GSTAGE_EINVAL);
			expect_unchanged(fx);
		}
	}
}

/*
 * Regression: an hpa whose page number does not fit the PTE's PPN field (44 bits, Sv32's 22)
 * must be refused (it used to be shifted into the reserved and PBMT bits 54..61).
 */
static void test_hpa_beyond_ppn_range_rejected(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t a = grid_gpa(t, T_2M);
		uint64_t lim = t_hpa_limit(t);

		snprintf(where, sizeof(where), "%s hpa >= 2^%u", t->name, t->ppn_bits + 12);
		fx_start(fx, t, POOL_PAGES);
		snap_take(fx, &snap_before);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(lim), T_4K, GSTAGE_READ), GSTAGE_EINVAL);
		expect_unchanged(fx);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(lim - T_4K), 2 * T_4K, GSTAGE_READ),
			 GSTAGE_EINVAL);
		expect_unchanged(fx);
		/* The last page below the limit is fine. */
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(lim - T_4K), T_4K, GSTAGE_READ), GSTAGE_OK);
		expect_mapped(fx, a + 7, lim - T_4K + 7, T_R, 0);
	}
}

static void test_lookup_beyond_space(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);

		uint64_t top = t_size(t, t->max_leaf);

		snprintf(where, sizeof(where), "%s lookup beyond 2^%u", t->name, t->gpa_bits);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(0), top, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, 0, 0, T_RWX, t->max_leaf);
		/* Addresses whose index bits alias page 0 must not translate. */
		expect_unmapped(fx, lim);
		expect_unmapped(fx, lim | 0x1234);
		expect_unmapped(fx, 1ULL << 63);
		expect_unmapped(fx, ~0ULL);
		expect_unmapped(fx, lim - 1);
	}
}

static void test_top_of_space(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);

		uint64_t h = t_hpa(t, HPA_A_ANY);
		unsigned tl = t->max_leaf;
		uint64_t top = t_size(t, tl);

		snprintf(where, sizeof(where), "%s top of space", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(t_index(t, lim - 1, t->levels - 1), t_entries(t) * T_ROOT_PAGES - 1);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(h), T_4K, GSTAGE_READ), GSTAGE_OK);
		expect_mapped(fx, lim - 1, h + T_4K - 1, T_R, 0);
		expect_unmapped(fx, lim - T_4K - 1);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - top), hpa(0), top, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, lim - 1, top - 1, T_RWX, tl);
		expect_mapped(fx, lim - top, 0, T_RWX, tl);
		expect_leaves(fx, 0, tl == 1, tl == 2);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(lim - top), top), GSTAGE_OK);
		expect_unmapped(fx, lim - 1);
		expect_leaves(fx, 0, 0, 0);
	}
}

/* ---- leaf sizes chosen by alignment ------------------------------------------------------- */

/* Counts of leaves by level, for expect_leaves: n leaves at level l. */
static void expect_leaves_at(const struct fixture *fx, unsigned long n, unsigned l,
			     unsigned long n4k)
{
	expect_leaves(fx, l == 0 ? n : n4k, l == 1 ? n : 0, l == 2 ? n : 0);
}

static void test_mixed_sizes(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = t_hpa(t, HPA_A_ANY) & ~(T_1G - 1);
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		unsigned tl = t->max_leaf;
		uint64_t top = t_size(t, tl);
		uint64_t sub = t_size(t, tl - 1); /* the leaf below the largest */
		const char *mn = t_size_name(t, 1);
		const char *tn = t_size_name(t, tl);
		const char *sn = t_size_name(t, tl - 1);

		snprintf(where, sizeof(where), "%s %s+4K", t->name, mn);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), mid + T_4K, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, g0, h0, T_RWX, 1);
		expect_mapped(fx, g0 + mid - 1, h0 + mid - 1, T_RWX, 1);
		expect_mapped(fx, g0 + mid, h0 + mid, T_RWX, 0);
		expect_unmapped(fx, g0 + mid + T_4K);
		expect_leaves(fx, 1, 1, 0);

		snprintf(where, sizeof(where), "%s 4K+%s+4K", t->name, mn);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + mid - T_4K), hpa(h0 + mid - T_4K),
				    mid + 2 * T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		expect_unmapped(fx, g0 + mid - T_4K - 1);
		expect_mapped(fx, g0 + mid - T_4K, h0 + mid - T_4K, T_R, 0);
		expect_mapped(fx, g0 + mid, h0 + mid, T_R, 1);
		expect_mapped(fx, g0 + 2 * mid, h0 + 2 * mid, T_R, 0);
		expect_unmapped(fx, g0 + 2 * mid + T_4K);
		expect_leaves(fx, 2, 1, 0);

		/* hpa only page aligned: alignment of both sides decides, so 4 KiB leaves only. */
		snprintf(where, sizeof(where), "%s %s at 4K-aligned hpa", t->name, mn);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0 + T_4K), mid, GSTAGE_RWX), GSTAGE_OK);
		for (uint64_t off = 0; off < mid; off += T_4K) {
			expect_mapped(fx, g0 + off, h0 + T_4K + off, T_RWX, 0);
		}
		expect_leaves(fx, t_entries(t), 0, 0);

		/* The largest leaf's size at an hpa aligned only to the next smaller leaf. */
		snprintf(where, sizeof(where), "%s %s at %s-aligned hpa", t->name, tn, sn);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0 + sub), top, GSTAGE_READ), GSTAGE_OK);
		for (uint64_t off = 0; off < top; off += sub) {
			expect_mapped(fx, g0 + off + 8, h0 + sub + off + 8, T_R, tl - 1);
		}
		expect_leaves_at(fx, t_entries(t), tl - 1, 0);

		/* gpa only aligned to the smaller leaf within a range the size of the largest. */
		snprintf(where, sizeof(where), "%s %s at %s-aligned gpa", t->name, tn, sn);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + sub), hpa(h0 + sub), top, GSTAGE_READ),
			 GSTAGE_OK);
		expect_leaves_at(fx, t_entries(t), tl - 1, 0);
		expect_unmapped(fx, g0 + sub - 1);
		expect_mapped(fx, g0 + sub, h0 + sub, T_R, tl - 1);
		expect_mapped(fx, g0 + top + sub - 1, h0 + top + sub - 1, T_R, tl - 1);
		expect_unmapped(fx, g0 + top + sub);

		if (tl < 2) {
			continue; /* Sv32x4: no level above the 4 MiB megapage */
		}
		snprintf(where, sizeof(where), "%s 1G+2M+4K", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G + T_2M + T_4K, GSTAGE_RWX),
			 GSTAGE_OK);
		expect_mapped(fx, g0 + 12345, h0 + 12345, T_RWX, 2);
		expect_mapped(fx, g0 + T_1G + 77, h0 + T_1G + 77, T_RWX, 1);
		expect_mapped(fx, g0 + T_1G + T_2M + 5, h0 + T_1G + T_2M + 5, T_RWX, 0);
		expect_leaves(fx, 1, 1, 1);
	}
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_hgatp),
		cmocka_unit_test(test_mode_by_name),
		FX_TEST(test_init_needs_aligned_root),
		FX_TEST(test_invalid_arguments),
		FX_TEST(test_hpa_beyond_ppn_range_rejected),
		FX_TEST(test_lookup_beyond_space),
		FX_TEST(test_top_of_space),
		FX_TEST(test_mixed_sizes),
	};
	int failed;

	failed = _cmocka_run_group_tests("gstage grid", grid_tests, build_grid(), NULL, NULL);
	failed += cmocka_run_group_tests_name("gstage", tests, NULL, NULL);
	return failed ? 1 : 0;
}
