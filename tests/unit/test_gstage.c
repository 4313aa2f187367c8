/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the G-stage mapper (the map/remap/unmap grid, hgatp, arguments, leaf sizes), checked by an independent walker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gstage_check.h"

#define POOL_PAGES 64
_Static_assert(POOL_PAGES <= GC_POOL_PAGES_MAX, "the fixture holds the pool");

/* Host-physical addresses for leaves: never dereferenced, below 2^56 so they fit a PPN. */
#define HPA_A 0x00A5A5A5A5A5A000ULL
#define HPA_B 0x005A5A5A5A5A5000ULL

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

#define NCELLS (NMODES * 3 * NPROTS * 3)
static struct cell cells[NCELLS];
static struct CMUnitTest grid_tests[NCELLS];

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
	uint64_t size = level_size(c->level);
	uint64_t a = grid_gpa(c->t, size);
	uint64_t h1 = HPA_A & ~(size - 1);
	uint64_t h2 = HPA_B & ~(size - 1);
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

static void build_grid(void)
{
	unsigned n = 0;

	for (unsigned m = 0; m < NMODES; m++) {
		for (unsigned l = 0; l < 3; l++) {
			for (unsigned p = 0; p < NPROTS; p++) {
				for (unsigned o = 0; o < 3; o++) {
					struct cell *c = &cells[n];

					c->t = &tmodes[m];
					c->level = l;
					c->p = &tprots[p];
					c->op = (enum op)o;
					snprintf(c->name, sizeof(c->name), "grid %s/%s/%s/%s",
						 tmodes[m].name, size_names[l], tprots[p].name,
						 op_names[o]);
					grid_tests[n] =
						(struct CMUnitTest){ c->name, test_grid_cell,
								     fx_setup, fx_teardown, c };
					n++;
				}
			}
		}
	}
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
			uint64_t want = (t->hgatp_mode << T_HGATP_MODE_SHIFT) |
					((uint64_t)vmids[i] << T_HGATP_VMID_SHIFT) | (root >> 12);

			CHECK_EQ(gstage_hgatp(&fx->g, vmids[i]), want);
		}
		/* A fresh root is four zeroed pages even though the pool held garbage. */
		for (unsigned i = 0; i < T_ROOT_ENTRIES; i++) {
			CHECK_EQ(fx->g.root[i], 0);
		}
		CHECK_EQ(fx->g.stats.tables, T_ROOT_PAGES);
		expect_leaves(fx, 0, 0, 0);
	}
}

static void test_mode_by_name(void **state)
{
	(void)state;
	assert_ptr_equal(gstage_mode_by_name("sv39x4"), &gstage_sv39x4);
	assert_ptr_equal(gstage_mode_by_name("sv48x4"), &gstage_sv48x4);
	assert_ptr_equal(gstage_mode_by_name("sv57x4"), &gstage_sv57x4);
	assert_null(gstage_mode_by_name("sv39"));
	assert_null(gstage_mode_by_name("sv39x4 "));
	assert_null(gstage_mode_by_name(""));
	for (unsigned m = 0; m < NMODES; m++) {
		assert_int_equal(tmodes[m].mode->levels, tmodes[m].levels);
		assert_int_equal(tmodes[m].mode->gpa_bits, tmodes[m].gpa_bits);
		assert_int_equal(tmodes[m].mode->hgatp_mode, tmodes[m].hgatp_mode);
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
	CHECK(g.root == (uint64_t *)(void *)(fx->mem + 4 * T_4K));
	CHECK_EQ(page_pool_available(&pool), 3);
	CHECK_EQ(g.stats.tables, T_ROOT_PAGES);
}

/* ---- argument checking -------------------------------------------------------------------- */

static void test_invalid_arguments(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);
		uint64_t a = grid_gpa(t, T_2M);
		const struct {
			uint64_t gpa, hpa, size;
			unsigned long prot;
		} bad[] = {
			{ a + 1, HPA_A, T_4K, GSTAGE_READ },          /* gpa unaligned */
			{ a + 0x800, HPA_A, T_4K, GSTAGE_READ },      /* gpa unaligned */
			{ a, HPA_A + 8, T_4K, GSTAGE_READ },          /* hpa unaligned */
			{ a, HPA_A, T_4K + 1, GSTAGE_READ },          /* size unaligned */
			{ a, HPA_A, T_4K - 1, GSTAGE_READ },          /* size unaligned */
			{ a, HPA_A, 0, GSTAGE_READ },                 /* size 0 */
			{ lim, HPA_A, T_4K, GSTAGE_READ },            /* first byte beyond 2^bits */
			{ lim - T_4K, HPA_A, 2 * T_4K, GSTAGE_READ }, /* crosses 2^bits */
			{ 0, HPA_A, lim + T_4K, GSTAGE_READ },        /* longer than the space */
			{ 1ULL << 63, HPA_A, T_4K, GSTAGE_READ },     /* far beyond */
			{ ~0xfffULL, HPA_A, T_4K, GSTAGE_READ },      /* last page of 2^64 */
			{ T_4K, HPA_A, 0 - T_4K, GSTAGE_READ },       /* gpa + size wraps to 0 */
			{ 2 * T_4K, HPA_A, 0 - T_4K, GSTAGE_READ },   /* gpa + size wraps past 0 */
			{ a, 0 - T_4K, 2 * T_4K, GSTAGE_READ },       /* hpa + size wraps */
			{ a, 0 - T_4K, T_4K, GSTAGE_READ },           /* hpa + size wraps to 0 */
			{ a, HPA_A, T_4K, GSTAGE_WRITE },             /* write-only */
			{ a, HPA_A, T_4K, GSTAGE_WRITE | GSTAGE_EXEC }, /* write without read */
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_V },        /* not a permission */
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_U },
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_A | PTE_D },
			{ a, HPA_A, T_4K, GSTAGE_READ | (1UL << 8) },
			{ a, HPA_A, T_4K, GSTAGE_READ | (1UL << 63) },
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
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(HPA_A & ~(T_2M - 1)), T_2M, GSTAGE_RWX),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(HPA_B), T_4K, GSTAGE_READ), GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(HPA_B), T_4K, GSTAGE_READ),
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
 * Regression: an hpa whose page number does not fit the PTE's 44-bit PPN field must be refused
 * (it used to be shifted into the reserved and PBMT bits 54..61).
 */
static void test_hpa_beyond_ppn_range_rejected(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t a = grid_gpa(t, T_2M);

		snprintf(where, sizeof(where), "%s hpa >= 2^56", t->name);
		fx_start(fx, t, POOL_PAGES);
		snap_take(fx, &snap_before);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(1ULL << 56), T_4K, GSTAGE_READ),
			 GSTAGE_EINVAL);
		expect_unchanged(fx);
		CHECK_EQ(
			gstage_map(&fx->g, gpa(a), hpa((1ULL << 56) - T_4K), 2 * T_4K, GSTAGE_READ),
			GSTAGE_EINVAL);
		expect_unchanged(fx);
	}
}

static void test_lookup_beyond_space(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);

		snprintf(where, sizeof(where), "%s lookup beyond 2^%u", t->name, t->gpa_bits);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(0), T_1G, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, 0, 0, T_RWX, 2);
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

		snprintf(where, sizeof(where), "%s top of space", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(t_index(t, lim - 1, t->levels - 1), T_ROOT_ENTRIES - 1);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(HPA_A), T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		expect_mapped(fx, lim - 1, HPA_A + T_4K - 1, T_R, 0);
		expect_unmapped(fx, lim - T_4K - 1);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_1G), hpa(0), T_1G, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, lim - 1, T_1G - 1, T_RWX, 2);
		expect_mapped(fx, lim - T_1G, 0, T_RWX, 2);
		expect_leaves(fx, 0, 0, 1);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(lim - T_1G), T_1G), GSTAGE_OK);
		expect_unmapped(fx, lim - 1);
		expect_leaves(fx, 0, 0, 0);
	}
}

/* ---- leaf sizes chosen by alignment ------------------------------------------------------- */

static void test_mixed_sizes(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);

		snprintf(where, sizeof(where), "%s 2M+4K", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_2M + T_4K, GSTAGE_RWX), GSTAGE_OK);
		expect_mapped(fx, g0, h0, T_RWX, 1);
		expect_mapped(fx, g0 + T_2M - 1, h0 + T_2M - 1, T_RWX, 1);
		expect_mapped(fx, g0 + T_2M, h0 + T_2M, T_RWX, 0);
		expect_unmapped(fx, g0 + T_2M + T_4K);
		expect_leaves(fx, 1, 1, 0);

		snprintf(where, sizeof(where), "%s 4K+2M+4K", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_2M - T_4K), hpa(h0 + T_2M - T_4K),
				    T_2M + 2 * T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		expect_unmapped(fx, g0 + T_2M - T_4K - 1);
		expect_mapped(fx, g0 + T_2M - T_4K, h0 + T_2M - T_4K, T_R, 0);
		expect_mapped(fx, g0 + T_2M, h0 + T_2M, T_R, 1);
		expect_mapped(fx, g0 + 2 * T_2M, h0 + 2 * T_2M, T_R, 0);
		expect_unmapped(fx, g0 + 2 * T_2M + T_4K);
		expect_leaves(fx, 2, 1, 0);

		snprintf(where, sizeof(where), "%s 1G+2M+4K", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G + T_2M + T_4K, GSTAGE_RWX),
			 GSTAGE_OK);
		expect_mapped(fx, g0 + 12345, h0 + 12345, T_RWX, 2);
		expect_mapped(fx, g0 + T_1G + 77, h0 + T_1G + 77, T_RWX, 1);
		expect_mapped(fx, g0 + T_1G + T_2M + 5, h0 + T_1G + T_2M + 5, T_RWX, 0);
		expect_leaves(fx, 1, 1, 1);

		/* hpa only page aligned: alignment of both sides decides, so 4 KiB leaves only. */
		snprintf(where, sizeof(where), "%s 2M at 4K-aligned hpa", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0 + T_4K), T_2M, GSTAGE_RWX), GSTAGE_OK);
		for (uint64_t off = 0; off < T_2M; off += T_4K) {
			expect_mapped(fx, g0 + off, h0 + T_4K + off, T_RWX, 0);
		}
		expect_leaves(fx, 512, 0, 0);

		snprintf(where, sizeof(where), "%s 1G at 2M-aligned hpa", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0 + T_2M), T_1G, GSTAGE_READ), GSTAGE_OK);
		for (uint64_t off = 0; off < T_1G; off += T_2M) {
			expect_mapped(fx, g0 + off + T_4K, h0 + T_2M + off + T_4K, T_R, 1);
		}
		expect_leaves(fx, 0, 512, 0);

		/* gpa only 2M aligned within a 1G-sized range: no 1G leaf may be used. */
		snprintf(where, sizeof(where), "%s 1G at 2M-aligned gpa", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_2M), hpa(h0 + T_2M), T_1G, GSTAGE_READ),
			 GSTAGE_OK);
		expect_leaves(fx, 0, 512, 0);
		expect_unmapped(fx, g0 + T_2M - 1);
		expect_mapped(fx, g0 + T_2M, h0 + T_2M, T_R, 1);
		expect_mapped(fx, g0 + T_1G + T_2M - 1, h0 + T_1G + T_2M - 1, T_R, 1);
		expect_unmapped(fx, g0 + T_1G + T_2M);
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

	build_grid();
	failed = _cmocka_run_group_tests("gstage grid", grid_tests, NCELLS, NULL, NULL);
	failed += cmocka_run_group_tests_name("gstage", tests, NULL, NULL);
	return failed ? 1 : 0;
}
