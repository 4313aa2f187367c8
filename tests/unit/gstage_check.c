/* SPDX-License-Identifier: Apache-2.0 */
/* The G-stage test checker (see gstage_check.h): spec-based walker, census and snapshots. */
#include "tests/unit/gstage_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(PTE_V == T_V && PTE_R == T_R && PTE_W == T_W && PTE_X == T_X, "PTE bits");
_Static_assert(PTE_U == T_U && PTE_G == T_G && PTE_A == T_A && PTE_D == T_D, "PTE bits");
_Static_assert(PTE_PPN_SHIFT == T_PPN_SHIFT && PTE_PPN_MASK == T_PPN_MASK, "PTE PPN field");

const struct tmode tmodes[NMODES] = {
	{ &gstage_sv39x4, "sv39x4", 3, 41, 8 },
	{ &gstage_sv48x4, "sv48x4", 4, 50, 9 },
	{ &gstage_sv57x4, "sv57x4", 5, 59, 10 },
};

const char *const size_names[3] = { "4K", "2M", "1G" };
char where[200];
struct snapshot snap_before;
static struct snapshot snap_after;

uint64_t level_size(unsigned level)
{
	return 1ULL << (12 + 9 * level);
}

uint64_t limit_of(const struct tmode *t)
{
	return 1ULL << t->gpa_bits;
}

unsigned long api_prot(uint64_t bits)
{
	return ((bits & T_R) ? GSTAGE_READ : 0) | ((bits & T_W) ? GSTAGE_WRITE : 0) |
	       ((bits & T_X) ? GSTAGE_EXEC : 0);
}

uint64_t grid_gpa(const struct tmode *t, uint64_t size)
{
	uint64_t limit = limit_of(t);

	return ((limit >> 1) | (0x5A5A5A5A5A5A5A5AULL & (limit - 1))) & ~(size - 1);
}

int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx) {
		return -1;
	}
	fx->mem = aligned_alloc(GC_POOL_ALIGN, GC_POOL_PAGES_MAX * T_4K);
	if (!fx->mem) {
		free(fx);
		return -1;
	}
	fx->cell = *state;
	*state = fx;
	return 0;
}

int fx_teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->mem);
	free(fx);
	return 0;
}

/* Garbage in the pool first: a table that is not zeroed on allocation shows up as bogus PTEs. */
void fx_start(struct fixture *fx, const struct tmode *t, size_t npages)
{
	assert_true(npages <= GC_POOL_PAGES_MAX);
	memset(fx->mem, 0xA5, GC_POOL_PAGES_MAX * T_4K);
	page_pool_init(&fx->pool, fx->mem, npages);
	fx->avail0 = npages;
	fx->t = t;
	CHECK_EQ(gstage_init(&fx->g, t->mode, &fx->pool), GSTAGE_OK);
}

/* ---- an independent walker ---------------------------------------------------------------- */

const uint64_t *t_root(const struct gstage *g)
{
	return (const uint64_t *)(uintptr_t)((gstage_hgatp(g, 0) & T_HGATP_PPN_MASK) << 12);
}

unsigned t_index(const struct tmode *t, uint64_t a, unsigned level)
{
	unsigned width = level == t->levels - 1 ? 11 : 9;

	return (unsigned)((a >> (12 + 9 * level)) & ((1ULL << width) - 1));
}

const uint64_t *t_next(uint64_t pte)
{
	return (const uint64_t *)(uintptr_t)(((pte & T_PPN_MASK) >> T_PPN_SHIFT) << 12);
}

bool t_is_table(uint64_t pte)
{
	return (pte & T_V) && !(pte & T_RWX);
}

uint64_t t_walk(const struct fixture *fx, uint64_t a, unsigned *level)
{
	const struct tmode *t = fx->t;
	const uint64_t *table = t_root(&fx->g);

	if (a >> t->gpa_bits) {
		return 0;
	}
	for (unsigned l = t->levels; l-- > 0;) {
		uint64_t pte = table[t_index(t, a, l)];

		if (!(pte & T_V)) {
			return 0;
		}
		if (pte & T_RWX) {
			*level = l;
			return pte;
		}
		table = t_next(pte);
	}
	return 0;
}

uint64_t t_leaf(uint64_t base, uint64_t bits)
{
	return ((base >> 12) << T_PPN_SHIFT) | bits | T_V | T_U | T_A | T_D;
}

void expect_mapped(const struct fixture *fx, uint64_t a, uint64_t h, uint64_t bits, unsigned level)
{
	uint64_t off = a & (level_size(level) - 1);
	unsigned wl = 99;
	unsigned ll = 99;
	unsigned long prot = 0;
	hpa_t out = hpa(0);
	uint64_t pte = t_walk(fx, a, &wl);

	CHECK_EQ(pte, t_leaf(h - off, bits));
	CHECK_EQ(wl, level);
	CHECK(gstage_lookup(&fx->g, gpa(a), &out, &prot, &ll));
	CHECK_EQ(out.v, h);
	CHECK_EQ(prot, api_prot(bits));
	CHECK_EQ(ll, level);
}

void expect_unmapped(const struct fixture *fx, uint64_t a)
{
	unsigned wl = 99;
	unsigned ll = 99;
	unsigned long prot = 0;
	hpa_t out = hpa(0);

	CHECK_EQ(t_walk(fx, a, &wl), 0);
	CHECK(!gstage_lookup(&fx->g, gpa(a), &out, &prot, &ll));
}

/* ---- the whole tree: well formed, counted exactly, nothing leaked ------------------------- */

struct census {
	unsigned long tables;
	unsigned long leaves[3];
	unsigned bad;
	const char *why;
	uint8_t seen[GC_POOL_PAGES_MAX];
};

static struct census census;

static void census_bad(struct census *c, const char *why)
{
	if (c->bad++ == 0) {
		c->why = why;
	}
}

static void census_table(const struct fixture *fx, struct census *c, const uint64_t *table,
			 unsigned level, unsigned entries)
{
	/* Invariant: every table visited so far lies in the pool and was reached exactly once. */
	for (unsigned i = 0; i < entries; i++) {
		uint64_t pte = table[i];

		if (!(pte & T_V)) {
			if (pte != 0) {
				census_bad(c, "invalid PTE with stray bits");
			}
			continue;
		}
		if (pte >> T_PTE_HIGH_SHIFT) {
			census_bad(c, "PTE bits 63..54 set");
		}
		if (pte & T_RWX) {
			uint64_t ppn = (pte & T_PPN_MASK) >> T_PPN_SHIFT;

			if (level > 2) {
				census_bad(c, "leaf above 1 GiB");
				continue;
			}
			if ((pte & T_RW) == T_W) {
				census_bad(c, "write without read");
			}
			if ((pte & (T_U | T_A | T_D)) != (T_U | T_A | T_D) || (pte & T_G)) {
				census_bad(c, "leaf U/A/D/G wrong");
			}
			if (ppn & ((1ULL << (9 * level)) - 1)) {
				census_bad(c, "misaligned superpage PPN");
			}
			c->leaves[level]++;
			continue;
		}
		if (level == 0) {
			census_bad(c, "pointer PTE at level 0");
			continue;
		}
		if (pte & ~(T_PPN_MASK | T_V)) {
			census_bad(c, "pointer PTE with D/A/U/G or other bits");
		}
		const uint8_t *next = (const uint8_t *)t_next(pte);

		/* The pool is the first avail0 pages of the fixture's memory. */
		if (next < fx->mem || next >= fx->mem + fx->avail0 * T_4K) {
			census_bad(c, "table outside the pool");
			continue;
		}
		size_t page = (size_t)(next - fx->mem) / T_4K;

		if (c->seen[page]) {
			census_bad(c, "table reachable twice");
			continue;
		}
		c->seen[page] = 1;
		c->tables++;
		census_table(fx, c, (const uint64_t *)(const void *)next, level - 1, T_ENTRIES);
	}
}

void check_consistent(const struct fixture *fx)
{
	const uint8_t *root = (const uint8_t *)t_root(&fx->g);

	memset(&census, 0, sizeof(census));
	census.tables = T_ROOT_PAGES;
	for (unsigned p = 0; p < T_ROOT_PAGES; p++) {
		census.seen[(size_t)(root - fx->mem) / T_4K + p] = 1;
	}
	census_table(fx, &census, (const uint64_t *)(const void *)root, fx->t->levels - 1,
		     T_ROOT_ENTRIES);
	if (census.bad) {
		print_error("[%s] malformed tree: %s (%u problems)\n", where, census.why,
			    census.bad);
	}
	CHECK_EQ(census.bad, 0);
	CHECK_EQ(fx->g.stats.tables, census.tables);
	for (unsigned l = 0; l < 3; l++) {
		CHECK_EQ(fx->g.stats.leaves[l], census.leaves[l]);
	}
	CHECK_EQ(fx->avail0 - page_pool_available(&fx->pool), fx->g.stats.tables);
}

void expect_leaves(const struct fixture *fx, unsigned long l4k, unsigned long l2m,
		   unsigned long l1g)
{
	CHECK_EQ(fx->g.stats.leaves[0], l4k);
	CHECK_EQ(fx->g.stats.leaves[1], l2m);
	CHECK_EQ(fx->g.stats.leaves[2], l1g);
	check_consistent(fx);
}

/* ---- snapshots ---------------------------------------------------------------------------- */

static void snap_table(struct snapshot *s, const uint64_t *table, unsigned level)
{
	assert_true(s->n < GC_POOL_PAGES_MAX);
	s->addr[s->n] = table;
	memcpy(s->data[s->n], table, T_4K);
	s->n++;
	if (level == 0) {
		return;
	}
	for (unsigned i = 0; i < T_ENTRIES; i++) {
		if (t_is_table(table[i])) {
			snap_table(s, t_next(table[i]), level - 1);
		}
	}
}

void snap_take(const struct fixture *fx, struct snapshot *s)
{
	const uint64_t *root = t_root(&fx->g);

	s->n = 0;
	for (unsigned p = 0; p < T_ROOT_PAGES; p++) {
		snap_table(s, root + p * T_ENTRIES, fx->t->levels - 1);
	}
	s->stats = fx->g.stats;
	s->avail = page_pool_available(&fx->pool);
}

void expect_unchanged(const struct fixture *fx)
{
	snap_take(fx, &snap_after);
	CHECK_EQ(snap_after.n, snap_before.n);
	for (unsigned i = 0; i < snap_before.n; i++) {
		CHECK(snap_after.addr[i] == snap_before.addr[i]);
		CHECK(memcmp(snap_after.data[i], snap_before.data[i], T_4K) == 0);
	}
	CHECK(memcmp(&snap_after.stats, &snap_before.stats, sizeof(snap_before.stats)) == 0);
	CHECK_EQ(snap_after.avail, snap_before.avail);
}
