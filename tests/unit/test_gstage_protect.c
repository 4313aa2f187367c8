/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of gstage_protect: permission changes, minimal splits, SPLIT_4K, holes, OOM. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gstage_check.h"
#include "tests/unit/xlen.h"

/* Enough for two 1 GiB leaves split to 4 KiB (2 * 513) plus the root and the path to them. */
#define POOL_PAGES 1088
_Static_assert(POOL_PAGES <= GC_POOL_PAGES_MAX, "the fixture holds the pool");

/* Host-physical bases for leaves: never dereferenced, 1 GiB aligned, below 2^56 (t_hpa folds them for Sv32x4). */
#define HPA_A 0x00A5A5A540000000ULL
#define HPA_B 0x005A5A5A40000000ULL

_Static_assert(GSTAGE_SPLIT_4K == 1u, "flag value is part of the interface");

/* ---- whole leaves: only the permission changes --------------------------------------------- */

static void test_protect_whole_leaves(void **state)
{
	struct fixture *fx = *state;
	const struct {
		const char *name;
		uint64_t from, to;
	} tr[] = {
		{ "RW->R", T_RW, T_R },
		{ "R->RW", T_R, T_RW },
		{ "RWX->RX", T_RWX, T_RX },
	};

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];

		const uint64_t hb = t_hpa(t, HPA_B);

		for (unsigned l = 0; l <= t->max_leaf; l++) {
			uint64_t size = t_size(t, l);
			uint64_t a = grid_gpa(t, T_1G) + 2 * size;
			uint64_t h = t_hpa(t, HPA_A);
			const uint64_t probes[] = { 0, 8, size / 2 + 0x123, size - T_4K, size - 1 };

			for (unsigned k = 0; k < sizeof(tr) / sizeof(tr[0]); k++) {
				size_t avail;
				struct gstage_stats before;

				snprintf(where, sizeof(where), "%s whole %s leaves %s", t->name,
					 t_size_name(t, l), tr[k].name);
				fx_start(fx, t, POOL_PAGES);
				/* Three leaves in range, one on each side that must not change. */
				CHECK_EQ(gstage_map(&fx->g, gpa(a - size), hpa(hb), size,
						    api_prot(tr[k].from)),
					 GSTAGE_OK);
				CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), 3 * size,
						    api_prot(tr[k].from)),
					 GSTAGE_OK);
				CHECK_EQ(gstage_map(&fx->g, gpa(a + 3 * size), hpa(hb + size), size,
						    api_prot(tr[k].from)),
					 GSTAGE_OK);
				avail = page_pool_available(&fx->pool);
				before = fx->g.stats;
				CHECK_EQ(gstage_protect(&fx->g, gpa(a), 3 * size,
							api_prot(tr[k].to), 0),
					 GSTAGE_OK);
				for (unsigned i = 0; i < 3; i++) {
					for (unsigned p = 0; p < sizeof(probes) / sizeof(probes[0]);
					     p++) {
						uint64_t off = i * size + probes[p];

						expect_mapped(fx, a + off, h + off, tr[k].to, l);
					}
				}
				expect_mapped(fx, a - 1, hb + size - 1, tr[k].from, l);
				expect_mapped(fx, a - size, hb, tr[k].from, l);
				expect_mapped(fx, a + 3 * size, hb + size, tr[k].from, l);
				expect_mapped(fx, a + 4 * size - 1, hb + 2 * size - 1, tr[k].from,
					      l);
				CHECK_EQ(page_pool_available(&fx->pool), avail);
				CHECK(memcmp(&fx->g.stats, &before, sizeof(before)) == 0);
				check_consistent(fx);
			}
		}
	}
}

/* ---- partial and SPLIT_4K protects, with the exact number of pages they need ---------------- */

struct split_case {
	const char *name;
	unsigned outer;  /* level of the leaves mapped first */
	unsigned nouter; /* how many of them, from a 1 GiB aligned base */
	uint64_t off;    /* protected range, relative to the base */
	uint64_t size;
	unsigned flags;
	unsigned long tables; /* table pages the protect must take */
	uint64_t hoff;        /* added to the 1 GiB aligned hpa: keeps the map from larger leaves */
};

static const struct split_case split_cases[] = {
	{ "4K in 2M", 1, 1, 5 * T_4K, T_4K, 0, 1, 0 },
	{ "4K in 1G", 2, 1, 7 * T_2M + 5 * T_4K, T_4K, 0, 2, 0 },
	{ "2M in 1G", 2, 1, 7 * T_2M, T_2M, 0, 1, 0 },
	{ "8K across 2M in 1G", 2, 1, 8 * T_2M - T_4K, 2 * T_4K, 0, 3, 0 },
	{ "2M+4K in 1G", 2, 1, 6 * T_2M, T_2M + T_4K, 0, 2, 0 },
	{ "8K across two 2M", 1, 2, T_2M - T_4K, 2 * T_4K, 0, 2, 0 },
	{ "4M across two 1G", 2, 2, T_1G - T_2M, 2 * T_2M, 0, 2, 0 },
	{ "whole 1G", 2, 1, 0, T_1G, 0, 0, 0 },
	{ "SPLIT_4K 4K in 2M", 1, 1, 5 * T_4K, T_4K, GSTAGE_SPLIT_4K, 1, 0 },
	{ "SPLIT_4K 4K in 1G", 2, 1, 7 * T_2M + 5 * T_4K, T_4K, GSTAGE_SPLIT_4K, 2, 0 },
	{ "SPLIT_4K 2M in 1G", 2, 1, 7 * T_2M, T_2M, GSTAGE_SPLIT_4K, 2, 0 },
	{ "SPLIT_4K across three 2M", 1, 3, T_2M - T_4K, T_2M + 2 * T_4K, GSTAGE_SPLIT_4K, 3, 0 },
	{ "SPLIT_4K whole 2M", 1, 1, 0, T_2M, GSTAGE_SPLIT_4K, 1, 0 },
	{ "SPLIT_4K whole 1G", 2, 1, 0, T_1G, GSTAGE_SPLIT_4K, 513, 0 },
	{ "SPLIT_4K two whole 1G", 2, 2, 0, 2 * T_1G, GSTAGE_SPLIT_4K, 1026, 0 },
	{ "SPLIT_4K 4M across two 1G", 2, 2, T_1G - T_2M, 2 * T_2M, GSTAGE_SPLIT_4K, 4, 0 },
	{ "SPLIT_4K 1G of 2M leaves", 1, 512, 0, T_1G, GSTAGE_SPLIT_4K, 512, T_2M },
	{ "SPLIT_4K 4M of 4K leaves", 0, 1024, 0, 2 * T_2M, GSTAGE_SPLIT_4K, 0, T_4K },
	{ "1G of 2M leaves, 4K cut", 1, 512, T_2M, T_1G - 2 * T_2M - T_4K, 0, 1, T_2M },
};

/* The same kinds of cut for Sv32x4: 4 MiB megapages of 1024 4 KiB pages, no larger leaf. */
static const struct split_case split_cases_sv32[] = {
	{ "4K in 4M", 1, 1, 5 * T_4K, T_4K, 0, 1, 0 },
	{ "4M in 4M", 1, 1, 0, T_4M, 0, 0, 0 },
	{ "8K across two 4M", 1, 2, T_4M - T_4K, 2 * T_4K, 0, 2, 0 },
	{ "4M+4K across two 4M", 1, 2, 0, T_4M + T_4K, 0, 1, 0 },
	{ "last 4K of 4M", 1, 3, 2 * T_4M - T_4K, T_4K, 0, 1, 0 },
	{ "SPLIT_4K 4K in 4M", 1, 1, 5 * T_4K, T_4K, GSTAGE_SPLIT_4K, 1, 0 },
	{ "SPLIT_4K across three 4M", 1, 3, T_4M - T_4K, T_4M + 2 * T_4K, GSTAGE_SPLIT_4K, 3, 0 },
	{ "SPLIT_4K whole 4M", 1, 1, 0, T_4M, GSTAGE_SPLIT_4K, 1, 0 },
	{ "SPLIT_4K 64M of 4M leaves", 1, 16, 0, 16 * T_4M, GSTAGE_SPLIT_4K, 16, 0 },
	{ "SPLIT_4K 8M of 4K leaves", 0, 2048, 0, 2 * T_4M, GSTAGE_SPLIT_4K, 0, T_4K },
	{ "64M of 4M leaves, 4K cut", 1, 16, T_4M, 14 * T_4M - T_4K, 0, 1, 0 },
};

/*
 * The level a page of an `outer` leaf must end at: the largest block around it that the range
 * does not cut, or 4 KiB inside the range when SPLIT_4K was asked for.
 */
static unsigned expected_level(const struct tmode *t, uint64_t off, const struct split_case *c)
{
	bool inside = off >= c->off && off < c->off + c->size;

	if (inside && (c->flags & GSTAGE_SPLIT_4K)) {
		return 0;
	}
	for (unsigned l = c->outer; l > 0; l--) {
		uint64_t lo = off & ~(t_size(t, l) - 1);
		uint64_t hi = lo + t_size(t, l);

		/* The block is cut when the range starts or ends strictly inside it. */
		bool cut = (c->off > lo && c->off < hi) ||
			   (c->off + c->size > lo && c->off + c->size < hi);

		if (!cut) {
			return l;
		}
	}
	return 0;
}

static void check_split_case(const struct fixture *fx, const struct split_case *c, uint64_t a,
			     uint64_t h)
{
	const struct tmode *t = fx->t;
	uint64_t span = c->nouter * t_size(t, c->outer);
	unsigned long want[3] = { 0, 0, 0 };

	for (uint64_t off = 0; off < span; off += T_4K) {
		bool inside = off >= c->off && off < c->off + c->size;
		unsigned l = expected_level(t, off, c);

		/* A different byte of each page, so offsets within pages are checked too. */
		uint64_t in = ((off >> 12) * 8) & (T_4K - 1);

		expect_mapped(fx, a + off + in, h + off + in, inside ? T_R : T_RW, l);
		if ((off & (t_size(t, l) - 1)) == 0) {
			want[l]++;
		}
	}
	expect_unmapped(fx, a - 1);
	expect_unmapped(fx, a + span);
	expect_leaves(fx, want[0], want[1], want[2]);
}

static void test_protect_splits(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t a = grid_gpa(t, T_1G);
		bool sv32 = t->vpn_bits == 10;
		const struct split_case *cases = sv32 ? split_cases_sv32 : split_cases;
		unsigned ncases = sv32 ? sizeof(split_cases_sv32) / sizeof(split_cases_sv32[0])
				       : sizeof(split_cases) / sizeof(split_cases[0]);

		for (unsigned i = 0; i < ncases; i++) {
			const struct split_case *c = &cases[i];
			uint64_t h = t_hpa(t, HPA_A) + c->hoff;
			uint64_t span = c->nouter * t_size(t, c->outer);
			size_t map_pages;
			unsigned long need = c->tables;
			const unsigned long tries[] = { 0, need ? need - 1 : 0, need };

			/* The pages the mapping itself takes, to size the pools below exactly. */
			fx_start(fx, t, POOL_PAGES);
			CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), span,
					    GSTAGE_READ | GSTAGE_WRITE),
				 GSTAGE_OK);
			map_pages = fx->g.stats.tables;

			for (unsigned k = 0; k < 3; k++) {
				unsigned long give = tries[k];
				int err;

				snprintf(where, sizeof(where), "%s %s, %lu of %lu pages", t->name,
					 c->name, give, need);
				fx_start(fx, t, map_pages + give);
				CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), span,
						    GSTAGE_READ | GSTAGE_WRITE),
					 GSTAGE_OK);
				CHECK_EQ(fx->g.stats.leaves[c->outer], c->nouter);
				snap_take(fx, &snap_before);
				err = gstage_protect(&fx->g, gpa(a + c->off), c->size, GSTAGE_READ,
						     c->flags);
				if (give < need) {
					CHECK_EQ(err, GSTAGE_ENOMEM);
					expect_unchanged(fx);
					expect_mapped(fx, a + c->off, h + c->off, T_RW, c->outer);
					continue;
				}
				CHECK_EQ(err, GSTAGE_OK);
				CHECK_EQ(fx->g.stats.tables, map_pages + need);
				CHECK_EQ(page_pool_available(&fx->pool), 0);
				check_split_case(fx, c, a, h);
			}
		}
	}
}

/*
 * After SPLIT_4K, changing one 4 KiB page back and forth must not allocate: the pool is left
 * with no page at all, so any allocation would fail the call.
 */
static void test_split_4k_then_4k_protect_allocates_nothing(void **state)
{
	struct fixture *fx = *state;

	/* A 1 GiB leaf: the 64-bit modes (Sv32x4's megapage split is in test_protect_splits). */
	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t a = grid_gpa(t, T_1G);
		uint64_t h = HPA_A;
		size_t map_pages;
		const uint64_t pages[] = { 0, 1, 511, 512, 12345, 262143 };

		snprintf(where, sizeof(where), "%s SPLIT_4K 1G then 4K protects", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), T_1G, GSTAGE_RWX), GSTAGE_OK);
		map_pages = fx->g.stats.tables;
		fx_start(fx, t, map_pages + 513);
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), T_1G, GSTAGE_RWX), GSTAGE_OK);
		expect_leaves(fx, 0, 0, 1);

		CHECK_EQ(gstage_protect(&fx->g, gpa(a), T_1G, GSTAGE_READ | GSTAGE_EXEC,
					GSTAGE_SPLIT_4K),
			 GSTAGE_OK);
		expect_leaves(fx, 262144, 0, 0);
		CHECK_EQ(fx->g.stats.tables, map_pages + 513);
		CHECK_EQ(page_pool_available(&fx->pool), 0);
		for (uint64_t off = 0; off < T_1G; off += T_4K) {
			expect_mapped(fx, a + off, h + off, T_RX, 0);
		}

		for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			uint64_t off = pages[i] * T_4K;

			CHECK_EQ(gstage_protect(&fx->g, gpa(a + off), T_4K, GSTAGE_RWX, 0),
				 GSTAGE_OK);
			expect_mapped(fx, a + off, h + off, T_RWX, 0);
			if (off) {
				expect_mapped(fx, a + off - T_4K, h + off - T_4K,
					      i && pages[i - 1] == pages[i] - 1 ? T_R : T_RX, 0);
			}
			CHECK_EQ(gstage_protect(&fx->g, gpa(a + off), T_4K, GSTAGE_READ,
						GSTAGE_SPLIT_4K),
				 GSTAGE_OK);
			expect_mapped(fx, a + off, h + off, T_R, 0);
			CHECK_EQ(page_pool_available(&fx->pool), 0);
		}
		/* Protecting 2 MiB of 4 KiB leaves keeps them 4 KiB and allocates nothing. */
		CHECK_EQ(gstage_protect(&fx->g, gpa(a + 3 * T_2M), T_2M, GSTAGE_READ | GSTAGE_WRITE,
					0),
			 GSTAGE_OK);
		for (uint64_t off = 3 * T_2M; off < 4 * T_2M; off += T_4K) {
			expect_mapped(fx, a + off, h + off, T_RW, 0);
		}
		expect_mapped(fx, a + 4 * T_2M, h + 4 * T_2M, T_RX, 0);
		CHECK_EQ(page_pool_available(&fx->pool), 0);
		expect_leaves(fx, 262144, 0, 0);
	}
}

/* ---- holes stay holes -------------------------------------------------------------------- */

static void test_holes_stay_unmapped(void **state)
{
	struct fixture *fx = *state;

	/* Holes beside 4 KiB, 2 MiB and 1 GiB leaves: the 64-bit modes. */
	for (unsigned m = 0; m < NMODES_64; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t a = grid_gpa(t, T_1G);
		uint64_t h = HPA_A;
		const uint64_t holes[] = { T_4K,     T_2M / 2, T_2M - T_4K,
					   2 * T_2M, T_1G / 2, T_1G - T_4K,
					   T_1G - 1, 2 * T_1G, 2 * T_1G + T_2M };

		for (unsigned s = 0; s < 2; s++) {
			unsigned flags = s ? GSTAGE_SPLIT_4K : 0;
			unsigned long tables;

			snprintf(where, sizeof(where), "%s holes, flags %u", t->name, flags);
			fx_start(fx, t, POOL_PAGES);
			CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(h), T_4K, GSTAGE_RWX), GSTAGE_OK);
			CHECK_EQ(gstage_map(&fx->g, gpa(a + T_2M), hpa(h + T_2M), T_2M, GSTAGE_RWX),
				 GSTAGE_OK);
			CHECK_EQ(gstage_map(&fx->g, gpa(a + T_1G), hpa(h + T_1G), T_1G, GSTAGE_RWX),
				 GSTAGE_OK);
			expect_leaves(fx, 1, 1, 1);
			tables = fx->g.stats.tables;
			CHECK_EQ(gstage_protect(&fx->g, gpa(a), 2 * T_1G + 4 * T_2M, GSTAGE_READ,
						flags),
				 GSTAGE_OK);
			for (unsigned i = 0; i < sizeof(holes) / sizeof(holes[0]); i++) {
				expect_unmapped(fx, a + holes[i]);
			}
			expect_mapped(fx, a + 5, h + 5, T_R, 0);
			expect_mapped(fx, a + T_2M + T_4K, h + T_2M + T_4K, T_R, s ? 0 : 1);
			expect_mapped(fx, a + 2 * T_1G - 1, h + 2 * T_1G - 1, T_R, s ? 0 : 2);
			if (s) {
				CHECK_EQ(fx->g.stats.tables, tables + 1 + 513);
				expect_leaves(fx, 1 + 512 + 262144, 0, 0);
			} else {
				CHECK_EQ(fx->g.stats.tables, tables);
				expect_leaves(fx, 1, 1, 1);
			}

			/* A range with nothing mapped at all changes not a byte. */
			snprintf(where, sizeof(where), "%s empty range, flags %u", t->name, flags);
			snap_take(fx, &snap_before);
			CHECK_EQ(gstage_protect(&fx->g, gpa(a + 2 * T_1G), 3 * T_1G + T_4K,
						GSTAGE_RWX, flags),
				 GSTAGE_OK);
			CHECK_EQ(gstage_protect(&fx->g, gpa(a + T_4K), T_2M - T_4K, GSTAGE_RWX,
						flags),
				 GSTAGE_OK);
			expect_unchanged(fx);
		}
	}
}

/* The whole guest-physical space at once: the walk skips empty subtrees instead of crawling. */
static void test_whole_space(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);
		uint64_t big = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		uint64_t mid = grid_gpa(t, big);
		uint64_t ha = t_hpa(t, HPA_A);
		uint64_t hb = t_hpa(t, HPA_B);

		for (unsigned s = 0; s < 2; s++) {
			unsigned flags = s ? GSTAGE_SPLIT_4K : 0;

			snprintf(where, sizeof(where), "%s whole space, flags %u", t->name, flags);
			fx_start(fx, t, POOL_PAGES);
			CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(ha), T_4K, GSTAGE_RWX), GSTAGE_OK);
			CHECK_EQ(gstage_map(&fx->g, gpa(mid), hpa(hb), big, GSTAGE_RWX), GSTAGE_OK);
			CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(hb), T_4K, GSTAGE_RWX),
				 GSTAGE_OK);
			CHECK_EQ(gstage_protect(&fx->g, gpa(0), lim, GSTAGE_READ, flags),
				 GSTAGE_OK);
			expect_mapped(fx, 0, ha, T_R, 0);
			expect_mapped(fx, mid + big - 1, hb + big - 1, T_R, s ? 0 : 1);
			expect_mapped(fx, lim - 1, hb + T_4K - 1, T_R, 0);
			expect_unmapped(fx, T_4K);
			expect_unmapped(fx, mid - 1);
			expect_unmapped(fx, mid + big);
			expect_unmapped(fx, lim - T_4K - 1);
			expect_leaves(fx, s ? 2 + t_entries(t) : 2, s ? 0 : 1, 0);
		}
	}
}

/* ---- arguments ------------------------------------------------------------------------------ */

static void test_invalid_arguments(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t lim = limit_of(t);
		uint64_t a = grid_gpa(t, T_1G);
		uint64_t big = t_size(t, 1); /* 2 MiB, Sv32x4's 4 MiB */
		uint64_t ha = t_hpa(t, HPA_A);
		uint64_t hb = t_hpa(t, HPA_B);
		const unsigned long rw = GSTAGE_READ | GSTAGE_WRITE;
		const struct {
			uint64_t gpa, size;
			unsigned long prot;
			unsigned flags;
		} bad[] = {
			{ a + 1, T_4K, GSTAGE_READ, 0 },          /* gpa unaligned */
			{ a + 0x800, T_4K, GSTAGE_READ, 0 },      /* gpa unaligned */
			{ a, T_4K + 1, GSTAGE_READ, 0 },          /* size unaligned */
			{ a, T_4K - 1, GSTAGE_READ, 0 },          /* size unaligned */
			{ a, 0, GSTAGE_READ, 0 },                 /* size 0 */
			{ a, 0, GSTAGE_READ, GSTAGE_SPLIT_4K },   /* size 0 */
			{ lim, T_4K, GSTAGE_READ, 0 },            /* first byte beyond 2^bits */
			{ lim - T_4K, 2 * T_4K, GSTAGE_READ, 0 }, /* crosses 2^bits */
			{ 0, lim + T_4K, GSTAGE_READ, 0 },        /* longer than the space */
			{ 1ULL << 63, T_4K, GSTAGE_READ, 0 },     /* far beyond */
			{ ~0xfffULL, T_4K, GSTAGE_READ, 0 },      /* last page of 2^64 */
			{ T_4K, 0 - T_4K, GSTAGE_READ, 0 },       /* gpa + size wraps to 0 */
			{ 2 * T_4K, 0 - T_4K, GSTAGE_READ, 0 },   /* gpa + size wraps past 0 */
			{ a, T_1G, 0, 0 },                        /* no permission at all */
			{ a, T_1G, 0, GSTAGE_SPLIT_4K },
			{ a, T_4K, GSTAGE_WRITE, 0 },               /* write-only */
			{ a, T_4K, GSTAGE_WRITE | GSTAGE_EXEC, 0 }, /* write without read */
			{ a, T_4K, GSTAGE_READ | PTE_V, 0 },        /* not permissions */
			{ a, T_4K, GSTAGE_READ | PTE_U, 0 },
			{ a, T_4K, rw | PTE_A | PTE_D, 0 },
			{ a, T_4K, GSTAGE_READ | PTE_G, 0 },
			{ a, T_4K, GSTAGE_READ | (1UL << 8), 0 },
			{ a, T_4K, GSTAGE_READ | XLEN_MSB, 0 },
			{ a, T_4K, GSTAGE_READ, 2u }, /* unknown flags */
			{ a, T_4K, GSTAGE_READ, GSTAGE_SPLIT_4K | 0x80000000u },
			{ a, T_1G, GSTAGE_READ, ~0u },
		};

		fx_start(fx, t, POOL_PAGES);
		/* Mappings where a wrongly accepted call would land, and a leaf it would split. */
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa(ha), T_1G, GSTAGE_RWX), GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(0), hpa(hb), big, rw), GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(lim - T_4K), hpa(hb), T_4K, rw), GSTAGE_OK);
		snap_take(fx, &snap_before);
		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			snprintf(where, sizeof(where), "%s bad protect #%u", t->name, i);
			CHECK_EQ(gstage_protect(&fx->g, gpa(bad[i].gpa), bad[i].size, bad[i].prot,
						bad[i].flags),
				 GSTAGE_EINVAL);
			expect_unchanged(fx);
		}
		/* Every valid permission set is accepted, execute-only included. */
		const unsigned long good[] = { GSTAGE_READ, rw, GSTAGE_READ | GSTAGE_EXEC,
					       GSTAGE_RWX, GSTAGE_EXEC };

		for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
			snprintf(where, sizeof(where), "%s good protect #%u", t->name, i);
			CHECK_EQ(gstage_protect(&fx->g, gpa(0), big, good[i], 0), GSTAGE_OK);
			expect_mapped(fx, big - 1, hb + big - 1,
				      ((good[i] & GSTAGE_READ) ? T_R : 0) |
					      ((good[i] & GSTAGE_WRITE) ? T_W : 0) |
					      ((good[i] & GSTAGE_EXEC) ? T_X : 0),
				      1);
		}
	}
}

/* ---- random operations against a per-page model ------------------------------------------- */

/* The model covers 2 GiB from a 1 GiB boundary: room for 1 GiB leaves and everything smaller. */
#define MODEL_PAGES (2 * (T_1G / T_4K))
#define RANDOM_OPS 80
#define RANDOM_POOL_PAGES 640

struct model_page {
	uint64_t hpa;
	uint8_t bits; /* 0: unmapped */
};

static struct model_page model[MODEL_PAGES];
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void model_check_page(const struct fixture *fx, uint64_t base, uint64_t page)
{
	const struct model_page *mp = &model[page];
	uint64_t a = base + page * T_4K;
	unsigned wl = 99;
	unsigned ll = 99;
	unsigned long prot = 0;
	hpa_t out = hpa(0);
	uint64_t pte = t_walk(fx, a, &wl);
	bool mapped = gstage_lookup(&fx->g, gpa(a), &out, &prot, &ll);

	if (!mp->bits) {
		CHECK_EQ(pte, 0);
		CHECK(!mapped);
		return;
	}
	CHECK(wl <= fx->t->max_leaf);
	CHECK_EQ(pte, t_leaf(mp->hpa - (a & (t_size(fx->t, wl) - 1)), mp->bits));
	CHECK(mapped);
	CHECK_EQ(out.v, mp->hpa);
	CHECK_EQ(prot, api_prot(mp->bits));
	CHECK_EQ(ll, wl);
}

static const uint64_t model_bits[] = { T_R, T_RW, T_RX, T_RWX, T_X };

static void test_random_against_model(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t base = grid_gpa(t, T_1G);
		unsigned enomem = 0;

		rng_state = 0x9E3779B97F4A7C15ULL + m;
		memset(model, 0, sizeof(model));
		/* Room for one 1 GiB leaf split to 4 KiB but not two, so some calls are refused. */
		fx_start(fx, t, RANDOM_POOL_PAGES);
		for (unsigned op = 0; op < RANDOM_OPS; op++) {
			unsigned kind = (unsigned)(rng() % 10);
			unsigned level = (unsigned)(rng() % (t->max_leaf + 1));
			uint64_t first;
			uint64_t npages;
			uint64_t bits = model_bits[rng() % 5];
			unsigned flags = (rng() & 1) ? GSTAGE_SPLIT_4K : 0;
			uint64_t hbase =
				t_hpa(t, HPA_A + ((uint64_t)op << 31)) + ((rng() % 8) ? 0 : T_4K);
			int err;

			if (rng() % 3 == 0) {
				/* Any page-aligned range: cuts leaves anywhere. */
				first = rng() % MODEL_PAGES;
				npages = 1 + rng() % (1ULL << (rng() % 20));
				if (npages > MODEL_PAGES - first) {
					npages = MODEL_PAGES - first;
				}
			} else {
				uint64_t lp = t_size(t, level) / T_4K;
				uint64_t count = 1 + rng() % (level == 2 ? 2 : 3);
				uint64_t slots = MODEL_PAGES / lp - count + 1;

				first = (rng() % slots) * lp;
				npages = count * lp;
			}
			snprintf(where, sizeof(where), "%s random op %u: kind %u pages %llu+%llu",
				 t->name, op, kind, (unsigned long long)first,
				 (unsigned long long)npages);
			snap_take(fx, &snap_before);
			if (kind < 4) {
				err = gstage_map(&fx->g, gpa(base + first * T_4K),
						 hpa(hbase + first * T_4K), npages * T_4K,
						 api_prot(bits));
			} else if (kind < 5) {
				err = gstage_unmap(&fx->g, gpa(base + first * T_4K), npages * T_4K);
			} else {
				err = gstage_protect(&fx->g, gpa(base + first * T_4K),
						     npages * T_4K, api_prot(bits), flags);
			}
			if (err == GSTAGE_ENOMEM) {
				enomem++;
				expect_unchanged(fx);
				continue;
			}
			CHECK_EQ(err, GSTAGE_OK);
			for (uint64_t p = first; p < first + npages; p++) {
				if (kind < 4) {
					model[p].hpa = hbase + p * T_4K;
					model[p].bits = (uint8_t)bits;
				} else if (kind < 5) {
					model[p].bits = 0;
				} else if (model[p].bits) {
					model[p].bits = (uint8_t)bits;
				}
			}
			if (kind >= 5 && flags) {
				/* SPLIT_4K: every mapped page in the range now has its own leaf. */
				for (uint64_t p = first; p < first + npages; p++) {
					unsigned wl = 99;

					if (model[p].bits) {
						CHECK(t_walk(fx, base + p * T_4K, &wl) != 0);
						CHECK_EQ(wl, 0);
					}
				}
			}
			/* The edges of the range, then a sample; everything every tenth op. */
			if (first > 0) {
				model_check_page(fx, base, first - 1);
			}
			model_check_page(fx, base, first);
			model_check_page(fx, base, first + npages - 1);
			if (first + npages < MODEL_PAGES) {
				model_check_page(fx, base, first + npages);
			}
			for (unsigned s = 0; s < 2048; s++) {
				model_check_page(fx, base, rng() % MODEL_PAGES);
			}
			if (op % 10 == 9 || op + 1 == RANDOM_OPS) {
				for (uint64_t p = 0; p < MODEL_PAGES; p++) {
					model_check_page(fx, base, p);
				}
			}
			check_consistent(fx);
		}
		expect_unmapped(fx, base - 1);
		expect_unmapped(fx, base + MODEL_PAGES * T_4K);
		print_message("%s: %u random ops, %u refused for lack of pages\n", t->name,
			      RANDOM_OPS, enomem);
	}
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_protect_whole_leaves),
		FX_TEST(test_protect_splits),
		FX_TEST(test_split_4k_then_4k_protect_allocates_nothing),
		FX_TEST(test_holes_stay_unmapped),
		FX_TEST(test_whole_space),
		FX_TEST(test_invalid_arguments),
		FX_TEST(test_random_against_model),
	};

	return cmocka_run_group_tests_name("gstage_protect", tests, NULL, NULL);
}
