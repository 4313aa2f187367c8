/* SPDX-License-Identifier: Apache-2.0 */
/* The G-stage test checker (see gstage_check.h): spec-based walker, census and snapshots. */
#define _GNU_SOURCE /* MAP_32BIT */
#include "tests/unit/gstage_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

_Static_assert(PTE_V == T_V && PTE_R == T_R && PTE_W == T_W && PTE_X == T_X, "PTE bits");
_Static_assert(PTE_U == T_U && PTE_G == T_G && PTE_A == T_A && PTE_D == T_D, "PTE bits");
_Static_assert(PTE_PPN_SHIFT == T_PPN_SHIFT, "PTE PPN field");
_Static_assert(GSTAGE_ROOT_PAGES == T_ROOT_PAGES, "x4 root size");

/* The spec's numbers for each mode, written out rather than taken from the descriptors. */
const struct tmode tmodes[NMODES] = {
	{ &gstage_sv39x4, "sv39x4", 3, 41, 8, 64, 8, 9, 44, 2 },
	{ &gstage_sv48x4, "sv48x4", 4, 50, 9, 64, 8, 9, 44, 2 },
	{ &gstage_sv57x4, "sv57x4", 5, 59, 10, 64, 8, 9, 44, 2 },
	{ &gstage_sv32x4, "sv32x4", 2, 34, 1, 32, 4, 10, 22, 1 },
};

char where[200];
struct snapshot snap_before;
static struct snapshot snap_after;

uint64_t t_size(const struct tmode *t, unsigned level)
{
	return 1ULL << (12 + t->vpn_bits * level);
}

const char *t_size_name(const struct tmode *t, unsigned level)
{
	static const char *const names64[] = { "4K", "2M", "1G" };
	static const char *const names32[] = { "4K", "4M" };

	if (t->vpn_bits == 10) {
		return level < 2 ? names32[level] : "?";
	}
	return level < 3 ? names64[level] : "?";
}

unsigned t_entries(const struct tmode *t)
{
	return 1u << t->vpn_bits;
}

uint64_t limit_of(const struct tmode *t)
{
	return 1ULL << t->gpa_bits;
}

uint64_t t_hpa_limit(const struct tmode *t)
{
	return 1ULL << (t->ppn_bits + 12);
}

uint64_t t_hpa(const struct tmode *t, uint64_t h)
{
	uint64_t lim = t_hpa_limit(t);

	return h < lim ? h : h & (lim / 2 - 1);
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

#define FX_MAP_BYTES (GC_POOL_PAGES_MAX * T_4K + GC_POOL_ALIGN)

int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	void *m;

	if (!fx) {
		return -1;
	}
	/* Below 2^31, so that Sv32x4's 22-bit PPNs can point at every table the pool holds. */
	m = mmap(NULL, FX_MAP_BYTES, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (m == MAP_FAILED) {
		free(fx);
		return -1;
	}
	fx->map = m;
	fx->mem = (uint8_t *)(((uintptr_t)m + GC_POOL_ALIGN - 1) & ~(uintptr_t)(GC_POOL_ALIGN - 1));
	assert_true((uint64_t)(uintptr_t)fx->mem + GC_POOL_PAGES_MAX * T_4K <= (1ULL << 34));
	fx->cell = *state;
	*state = fx;
	return 0;
}

int fx_teardown(void **state)
{
	struct fixture *fx = *state;

	munmap(fx->map, FX_MAP_BYTES);
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

const void *t_root(const struct tmode *t, const struct gstage *g)
{
	uint64_t h = gstage_hgatp(g, 0);
	uint64_t ppn = t->xlen == 32 ? h & T_HGATP32_PPN_MASK : h & T_HGATP64_PPN_MASK;

	return (const void *)(uintptr_t)(ppn << 12);
}

uint64_t t_pte(const struct tmode *t, const void *table, unsigned index)
{
	uint64_t pte = 0;

	memcpy(&pte, (const uint8_t *)table + (size_t)index * t->pte_bytes, t->pte_bytes);
	return pte; /* little-endian host, like RISC-V */
}

unsigned t_index(const struct tmode *t, uint64_t a, unsigned level)
{
	unsigned width = level == t->levels - 1 ? t->vpn_bits + 2 : t->vpn_bits;

	return (unsigned)((a >> (12 + t->vpn_bits * level)) & ((1ULL << width) - 1));
}

const void *t_next(const struct tmode *t, uint64_t pte)
{
	uint64_t ppn = (pte >> T_PPN_SHIFT) & ((1ULL << t->ppn_bits) - 1);

	return (const void *)(uintptr_t)(ppn << 12);
}

bool t_is_table(uint64_t pte)
{
	return (pte & T_V) && !(pte & T_RWX);
}

uint64_t t_walk(const struct fixture *fx, uint64_t a, unsigned *level)
{
	const struct tmode *t = fx->t;
	const void *table = t_root(t, &fx->g);

	if (a >> t->gpa_bits) {
		return 0;
	}
	for (unsigned l = t->levels; l-- > 0;) {
		uint64_t pte = t_pte(t, table, t_index(t, a, l));

		if (!(pte & T_V)) {
			return 0;
		}
		if (pte & T_RWX) {
			*level = l;
			return pte;
		}
		table = t_next(t, pte);
	}
	return 0;
}

uint64_t t_leaf(uint64_t base, uint64_t bits)
{
	return ((base >> 12) << T_PPN_SHIFT) | bits | T_V | T_U | T_A | T_D;
}

void expect_mapped(const struct fixture *fx, uint64_t a, uint64_t h, uint64_t bits, unsigned level)
{
	uint64_t off = a & (t_size(fx->t, level) - 1);
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

static void census_table(const struct fixture *fx, struct census *c, const void *table,
			 unsigned level, unsigned entries)
{
	const struct tmode *t = fx->t;

	/* Invariant: every table visited so far lies in the pool and was reached exactly once. */
	for (unsigned i = 0; i < entries; i++) {
		uint64_t pte = t_pte(t, table, i);

		if (!(pte & T_V)) {
			if (pte != 0) {
				census_bad(c, "invalid PTE with stray bits");
			}
			continue;
		}
		if (t->pte_bytes == 8 && (pte >> T_PTE_HIGH_SHIFT)) {
			census_bad(c, "PTE bits 63..54 set");
		}
		if (pte & T_RWX) {
			uint64_t ppn = (pte >> T_PPN_SHIFT) & ((1ULL << t->ppn_bits) - 1);

			if (level > t->max_leaf) {
				census_bad(c, "leaf above the mode's largest");
				continue;
			}
			if ((pte & T_RW) == T_W) {
				census_bad(c, "write without read");
			}
			if ((pte & (T_U | T_A | T_D)) != (T_U | T_A | T_D) || (pte & T_G)) {
				census_bad(c, "leaf U/A/D/G wrong");
			}
			/* A superpage's low PPN fields must be 0 (Sv32: a megapage's PPN[0]). */
			if (ppn & ((1ULL << (t->vpn_bits * level)) - 1)) {
				census_bad(c, "misaligned superpage PPN");
			}
			c->leaves[level]++;
			continue;
		}
		if (level == 0) {
			census_bad(c, "pointer PTE at level 0");
			continue;
		}
		if (pte & ~((((1ULL << t->ppn_bits) - 1) << T_PPN_SHIFT) | T_V)) {
			census_bad(c, "pointer PTE with D/A/U/G or other bits");
		}
		const uint8_t *next = t_next(t, pte);

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
		census_table(fx, c, next, level - 1, t_entries(t));
	}
}

void check_consistent(const struct fixture *fx)
{
	const uint8_t *root = t_root(fx->t, &fx->g);

	memset(&census, 0, sizeof(census));
	census.tables = T_ROOT_PAGES;
	for (unsigned p = 0; p < T_ROOT_PAGES; p++) {
		census.seen[(size_t)(root - fx->mem) / T_4K + p] = 1;
	}
	/* The root: 2^(VPN bits + 2) entries filling its four pages, whatever the PTE width. */
	census_table(fx, &census, root, fx->t->levels - 1, t_entries(fx->t) * T_ROOT_PAGES);
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

static void snap_table(const struct tmode *t, struct snapshot *s, const void *table, unsigned level)
{
	assert_true(s->n < GC_POOL_PAGES_MAX);
	s->addr[s->n] = table;
	memcpy(s->data[s->n], table, T_4K);
	s->n++;
	if (level == 0) {
		return;
	}
	for (unsigned i = 0; i < t_entries(t); i++) {
		uint64_t pte = t_pte(t, table, i);

		if (t_is_table(pte)) {
			snap_table(t, s, t_next(t, pte), level - 1);
		}
	}
}

void snap_take(const struct fixture *fx, struct snapshot *s)
{
	const uint8_t *root = t_root(fx->t, &fx->g);

	s->n = 0;
	for (unsigned p = 0; p < T_ROOT_PAGES; p++) {
		snap_table(fx->t, s, root + p * T_4K, fx->t->levels - 1);
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
