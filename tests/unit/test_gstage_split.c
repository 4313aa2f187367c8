/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the G-stage mapper's splits of large leaves and of running out of table pages (prepare before commit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gstage_check.h"

#define POOL_PAGES 64
_Static_assert(POOL_PAGES <= GC_POOL_PAGES_MAX, "the fixture holds the pool");

/* Host-physical addresses for leaves: never dereferenced, below 2^56 (t_hpa folds them for Sv32x4). */
#define HPA_A 0x00A5A5A5A5A5A000ULL
#define HPA_B 0x005A5A5A5A5A5000ULL

/* ---- splits and whole-table removal ------------------------------------------------------ */

static void test_unmap_4k_splits_2m(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		unsigned n = t_entries(t);
		const unsigned holes[] = { 0, 5, n - 1 };
		uint64_t g0 = grid_gpa(t, T_1G) + 3 * mid;
		uint64_t h0 = t_hpa(t, HPA_A) & ~(T_1G - 1);

		for (unsigned k = 0; k < sizeof(holes) / sizeof(holes[0]); k++) {
			unsigned long tables;

			snprintf(where, sizeof(where), "%s %s split, hole %u", t->name,
				 t_size_name(t, 1), holes[k]);
			fx_start(fx, t, POOL_PAGES);
			CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), mid,
					    GSTAGE_READ | GSTAGE_EXEC),
				 GSTAGE_OK);
			tables = fx->g.stats.tables;
			expect_leaves(fx, 0, 1, 0);
			CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + holes[k] * T_4K), T_4K), GSTAGE_OK);
			for (unsigned i = 0; i < n; i++) {
				if (i == holes[k]) {
					expect_unmapped(fx, g0 + i * T_4K);
					expect_unmapped(fx, g0 + i * T_4K + T_4K - 1);
				} else {
					expect_mapped(fx, g0 + i * T_4K + 8, h0 + i * T_4K + 8,
						      T_R | T_X, 0);
				}
			}
			expect_unmapped(fx, g0 - 1);
			expect_unmapped(fx, g0 + mid);
			CHECK_EQ(fx->g.stats.tables, tables + 1);
			expect_leaves(fx, n - 1, 0, 0);
		}
	}
}

static void test_unmap_splits_1g(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		uint64_t hole = 7 * T_2M + 5 * T_4K;
		unsigned long tables;

		snprintf(where, sizeof(where), "%s 1G split by a 4K hole", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G, GSTAGE_READ | GSTAGE_WRITE),
			 GSTAGE_OK);
		tables = fx->g.stats.tables;
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + hole), T_4K), GSTAGE_OK);
		for (uint64_t j = 0; j < 512; j++) {
			uint64_t c = g0 + j * T_2M;
			uint64_t hc = h0 + j * T_2M;

			if (j != 7) {
				expect_mapped(fx, c, hc, T_R | T_W, 1);
				expect_mapped(fx, c + T_2M - 1, hc + T_2M - 1, T_R | T_W, 1);
				continue;
			}
			for (uint64_t off = 0; off < T_2M; off += T_4K) {
				if (j * T_2M + off == hole) {
					expect_unmapped(fx, c + off);
				} else {
					expect_mapped(fx, c + off, hc + off, T_R | T_W, 0);
				}
			}
		}
		CHECK_EQ(fx->g.stats.tables, tables + 2);
		expect_leaves(fx, 511, 511, 0);

		snprintf(where, sizeof(where), "%s 1G split by a 2M hole", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G, GSTAGE_READ), GSTAGE_OK);
		tables = fx->g.stats.tables;
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + 9 * T_2M), T_2M), GSTAGE_OK);
		expect_unmapped(fx, g0 + 9 * T_2M);
		expect_unmapped(fx, g0 + 10 * T_2M - 1);
		expect_mapped(fx, g0 + 9 * T_2M - 1, h0 + 9 * T_2M - 1, T_R, 1);
		expect_mapped(fx, g0 + 10 * T_2M, h0 + 10 * T_2M, T_R, 1);
		CHECK_EQ(fx->g.stats.tables, tables + 1);
		expect_leaves(fx, 0, 511, 0);

		/* Mapping the whole 1G again replaces the split subtree and returns its pages. */
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G, GSTAGE_READ), GSTAGE_OK);
		CHECK_EQ(fx->g.stats.tables, tables);
		expect_mapped(fx, g0 + 9 * T_2M, h0 + 9 * T_2M, T_R, 2);
		expect_leaves(fx, 0, 0, 1);
	}
}

static void test_unmap_across_two_2m_leaves(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		unsigned n = t_entries(t);
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = t_hpa(t, HPA_A) & ~(T_1G - 1);
		unsigned long tables;

		snprintf(where, sizeof(where), "%s unmap across two %s leaves", t->name,
			 t_size_name(t, 1));
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + mid), hpa(h0), 2 * mid, GSTAGE_RWX),
			 GSTAGE_OK);
		expect_leaves(fx, 0, 2, 0);
		tables = fx->g.stats.tables;
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + 2 * mid - T_4K), 2 * T_4K), GSTAGE_OK);
		for (uint64_t off = 0; off < 2 * mid; off += T_4K) {
			if (off == mid - T_4K || off == mid) {
				expect_unmapped(fx, g0 + mid + off);
			} else {
				expect_mapped(fx, g0 + mid + off, h0 + off, T_RWX, 0);
			}
		}
		CHECK_EQ(fx->g.stats.tables, tables + 2);
		expect_leaves(fx, 2 * n - 2, 0, 0);
	}
}

static void test_whole_2m_of_4k_pages(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		unsigned n = t_entries(t);
		uint64_t g0 = grid_gpa(t, T_1G) + 5 * mid;
		uint64_t h0 = t_hpa(t, HPA_A) & ~(T_1G - 1);
		unsigned long tables;
		size_t avail;

		for (unsigned pass = 0; pass < 2; pass++) {
			snprintf(where, sizeof(where), "%s %u x 4K then %s %s", t->name, n,
				 pass ? "remap as" : "unmap", t_size_name(t, 1));
			fx_start(fx, t, POOL_PAGES);
			for (uint64_t off = 0; off < mid; off += T_4K) {
				CHECK_EQ(gstage_map(&fx->g, gpa(g0 + off), hpa(h0 + off), T_4K,
						    GSTAGE_READ),
					 GSTAGE_OK);
			}
			expect_leaves(fx, n, 0, 0);
			tables = fx->g.stats.tables;
			avail = page_pool_available(&fx->pool);
			if (pass == 0) {
				CHECK_EQ(gstage_unmap(&fx->g, gpa(g0), mid), GSTAGE_OK);
				for (uint64_t off = 0; off < mid; off += T_4K) {
					expect_unmapped(fx, g0 + off);
				}
				expect_leaves(fx, 0, 0, 0);
			} else {
				CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), mid, GSTAGE_RWX),
					 GSTAGE_OK);
				expect_mapped(fx, g0 + mid - 1, h0 + mid - 1, T_RWX, 1);
				expect_leaves(fx, 0, 1, 0);
			}
			/* The 4 KiB table went back to the pool. */
			CHECK_EQ(fx->g.stats.tables, tables - 1);
			CHECK_EQ(page_pool_available(&fx->pool), avail + 1);
		}
	}
}

static void test_remap_inside_large_leaf(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		unsigned n = t_entries(t);
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = t_hpa(t, HPA_A) & ~(T_1G - 1);

		snprintf(where, sizeof(where), "%s remap 4K inside %s", t->name, t_size_name(t, 1));
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), mid, GSTAGE_READ | GSTAGE_WRITE),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + 3 * T_4K), hpa(t_hpa(t, HPA_B)), T_4K,
				    GSTAGE_READ | GSTAGE_EXEC),
			 GSTAGE_OK);
		for (uint64_t i = 0; i < n; i++) {
			if (i == 3) {
				expect_mapped(fx, g0 + i * T_4K + 1, t_hpa(t, HPA_B) + 1, T_R | T_X,
					      0);
			} else {
				expect_mapped(fx, g0 + i * T_4K, h0 + i * T_4K, T_R | T_W, 0);
			}
		}
		expect_leaves(fx, n, 0, 0);

		/* Mapping with no permissions is a removal. */
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + 4 * T_4K), hpa(t_hpa(t, HPA_B)), T_4K, 0),
			 GSTAGE_OK);
		expect_unmapped(fx, g0 + 4 * T_4K);
		expect_mapped(fx, g0 + 5 * T_4K, h0 + 5 * T_4K, T_R | T_W, 0);
		expect_leaves(fx, n - 1, 0, 0);
	}
}

static void test_unmap_nothing_mapped(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t mid = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		uint64_t g0 = grid_gpa(t, T_1G);

		snprintf(where, sizeof(where), "%s unmap of holes", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + mid), hpa(t_hpa(t, HPA_A)), T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		snap_take(fx, &snap_before);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + 2 * mid), T_1G - 2 * mid), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + mid + T_4K), T_4K), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(0), T_4K), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(limit_of(t) - T_1G), T_1G), GSTAGE_OK);
		expect_unchanged(fx);
	}
}

static void test_unmap_mixed_region(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);

		snprintf(where, sizeof(where), "%s unmap mixed 1G", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_2M - T_4K), hpa(h0), 3 * T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + 8 * T_2M), hpa(h0), 4 * T_2M, GSTAGE_RWX),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_1G), hpa(h0), T_1G, GSTAGE_RWX), GSTAGE_OK);
		expect_leaves(fx, 3, 4, 1);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0), T_1G), GSTAGE_OK);
		expect_unmapped(fx, g0 + T_2M);
		expect_unmapped(fx, g0 + 9 * T_2M);
		expect_mapped(fx, g0 + T_1G, h0, T_RWX, 2);
		expect_leaves(fx, 0, 0, 1);
		/* Nothing below the removed 1 GiB entry may survive as a table. */
		CHECK_EQ(fx->g.stats.tables, T_ROOT_PAGES + (t->levels - 3));
	}
}

/* ---- running out of table pages --------------------------------------------------------- */

struct chunk {
	uint64_t gpa;
	unsigned level;
};

/* Table pages a tree needs for these chunks: one per level below the root per distinct prefix. */
static unsigned long tables_for(const struct tmode *t, const struct chunk *c, unsigned n)
{
	unsigned long count = 0;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned l = c[i].level; l + 1 < t->levels; l++) {
			uint64_t key = c[i].gpa >> (12 + t->vpn_bits * (l + 1));
			bool dup = false;

			for (unsigned j = 0; j < i; j++) {
				if (l >= c[j].level &&
				    (c[j].gpa >> (12 + t->vpn_bits * (l + 1))) == key) {
					dup = true;
				}
			}
			count += dup ? 0 : 1;
		}
	}
	return count;
}

static void test_oom_map_single(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];

		for (unsigned leaf = 0; leaf <= t->max_leaf; leaf++) {
			uint64_t size = t_size(t, leaf);
			uint64_t a = grid_gpa(t, size);
			uint64_t h = t_hpa(t, HPA_A) & ~(size - 1);
			unsigned long needed = t->levels - 1 - leaf;

			for (unsigned long k = 0; k <= needed; k++) {
				snprintf(where, sizeof(where), "%s OOM map %s, %lu of %lu pages",
					 t->name, t_size_name(t, leaf), k, needed);
				fx_start(fx, t, T_ROOT_PAGES + k);
				snap_take(fx, &snap_before);
				if (k < needed) {
					int err = gstage_map(&fx->g, gpa(a), hpa(h), size,
							     GSTAGE_RWX);

					CHECK_EQ(err, GSTAGE_ENOMEM);
					expect_unchanged(fx);
					expect_unmapped(fx, a);
					continue;
				}
				CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), size, GSTAGE_RWX),
					 GSTAGE_OK);
				expect_mapped(fx, a, h, T_RWX, leaf);
				CHECK_EQ(page_pool_available(&fx->pool), 0);
				check_consistent(fx);
			}
		}
	}
}

/* A map spanning several subtrees must be refused whole, not half done, when pages run short. */
static void test_oom_map_multi_chunk(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		/* 3 * 512 GiB: crossing it crosses a boundary at every level but sv57x4's top. */
		uint64_t g0 = 3ULL << 39;
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		const struct chunk pre[] = { { g0 + 4 * T_2M, 0 } };
		const struct chunk want[] = {
			{ g0 - T_4K, 0 },
			{ g0, 1 },
			{ g0 + T_2M, 0 },
			{ g0 + 4 * T_2M, 0 },
		};
		unsigned long needed_fresh = tables_for(t, want, 3);
		/* With pre mapped first, only the tables it did not create are new. */
		unsigned long pre_tables = tables_for(t, pre, 1);
		unsigned long needed_after = tables_for(t, want, 4) - pre_tables;

		for (unsigned long k = needed_fresh - 1; k <= needed_fresh; k++) {
			snprintf(where, sizeof(where), "%s OOM multi-chunk map, %lu of %lu pages",
				 t->name, k, needed_fresh);
			fx_start(fx, t, T_ROOT_PAGES + k);
			snap_take(fx, &snap_before);
			int err = gstage_map(&fx->g, gpa(g0 - T_4K), hpa(h0 - T_4K),
					     T_2M + 2 * T_4K, GSTAGE_RWX);

			if (k < needed_fresh) {
				CHECK_EQ(err, GSTAGE_ENOMEM);
				expect_unchanged(fx);
				expect_unmapped(fx, g0 - T_4K);
				expect_unmapped(fx, g0);
				continue;
			}
			CHECK_EQ(err, GSTAGE_OK);
			expect_mapped(fx, g0 - T_4K, h0 - T_4K, T_RWX, 0);
			expect_mapped(fx, g0, h0, T_RWX, 1);
			expect_mapped(fx, g0 + T_2M, h0 + T_2M, T_RWX, 0);
			expect_leaves(fx, 2, 1, 0);
		}

		for (unsigned long k = needed_after - 1; k <= needed_after; k++) {
			snprintf(where, sizeof(where), "%s OOM map near old tables, %lu of %lu",
				 t->name, k, needed_after);
			fx_start(fx, t, T_ROOT_PAGES + pre_tables + k);
			CHECK_EQ(gstage_map(&fx->g, gpa(pre[0].gpa), hpa(HPA_B), T_4K, GSTAGE_READ),
				 GSTAGE_OK);
			snap_take(fx, &snap_before);
			int err = gstage_map(&fx->g, gpa(g0 - T_4K), hpa(h0 - T_4K),
					     T_2M + 2 * T_4K, GSTAGE_RWX);

			if (k < needed_after) {
				CHECK_EQ(err, GSTAGE_ENOMEM);
				expect_unchanged(fx);
				continue;
			}
			CHECK_EQ(err, GSTAGE_OK);
			expect_mapped(fx, g0 + T_2M, h0 + T_2M, T_RWX, 0);
			expect_mapped(fx, pre[0].gpa, HPA_B, T_R, 0);
			expect_leaves(fx, 3, 1, 0);
		}
	}
}

static void test_oom_unmap_split(void **state)
{
	struct fixture *fx = *state;
	const struct {
		const char *name;
		uint64_t off, size;
		unsigned long needed;
	} cases[] = {
		{ "4K inside 1G", 7 * T_2M + 5 * T_4K, T_4K, 2 },
		{ "2M inside 1G", 7 * T_2M, T_2M, 1 },
		{ "8K across 2M inside 1G", 8 * T_2M - T_4K, 2 * T_4K, 3 },
		{ "whole 1G", 0, T_1G, 0 },
	};

	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		unsigned long map_tables = t->levels - 3;

		for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			uint64_t off = cases[i].off;
			unsigned long lo = cases[i].needed ? cases[i].needed - 1 : 0;

			for (unsigned long k = lo; k <= cases[i].needed; k++) {
				snprintf(where, sizeof(where), "%s OOM unmap %s, %lu of %lu pages",
					 t->name, cases[i].name, k, cases[i].needed);
				fx_start(fx, t, T_ROOT_PAGES + map_tables + k);
				CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_1G, GSTAGE_RWX),
					 GSTAGE_OK);
				snap_take(fx, &snap_before);
				int err = gstage_unmap(&fx->g, gpa(g0 + off), cases[i].size);

				if (k < cases[i].needed) {
					CHECK_EQ(err, GSTAGE_ENOMEM);
					expect_unchanged(fx);
					expect_mapped(fx, g0 + off, h0 + off, T_RWX, 2);
					continue;
				}
				CHECK_EQ(err, GSTAGE_OK);
				expect_unmapped(fx, g0 + off);
				expect_unmapped(fx, g0 + off + cases[i].size - 1);
				if (off) {
					expect_mapped(fx, g0, h0, T_RWX, 1);
				}
				check_consistent(fx);
			}
		}
	}
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_unmap_4k_splits_2m),         FX_TEST(test_unmap_splits_1g),
		FX_TEST(test_unmap_across_two_2m_leaves), FX_TEST(test_whole_2m_of_4k_pages),
		FX_TEST(test_remap_inside_large_leaf),    FX_TEST(test_unmap_nothing_mapped),
		FX_TEST(test_unmap_mixed_region),         FX_TEST(test_oom_map_single),
		FX_TEST(test_oom_map_multi_chunk),        FX_TEST(test_oom_unmap_split),
	};

	return cmocka_run_group_tests_name("gstage splits", tests, NULL, NULL);
}
