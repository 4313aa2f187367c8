/* Host unit tests of the G-stage mapper and its page pool, checked by an independent walker. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/gstage.h"
#include "core/page_pool.h"

/*
 * PTE and hgatp layout restated from the privileged spec (Sv39/48/57, hgatp, "x4" roots),
 * so the checks below never reuse the code under test to decide what is right.
 */
#define T_V (1ULL << 0)
#define T_R (1ULL << 1)
#define T_W (1ULL << 2)
#define T_X (1ULL << 3)
#define T_U (1ULL << 4)
#define T_G (1ULL << 5)
#define T_A (1ULL << 6)
#define T_D (1ULL << 7)
#define T_RWX (T_R | T_W | T_X)
#define T_PPN_SHIFT 10
#define T_PPN_MASK (((1ULL << 44) - 1) << T_PPN_SHIFT)
#define T_PTE_HIGH_SHIFT 54 /* bits 63..54: N, PBMT and reserved; all must stay 0 here */
#define T_HGATP_MODE_SHIFT 60
#define T_HGATP_VMID_SHIFT 44
#define T_HGATP_PPN_MASK ((1ULL << 44) - 1)
#define T_ENTRIES 512
#define T_ROOT_PAGES 4
#define T_ROOT_ENTRIES (T_ENTRIES * T_ROOT_PAGES) /* the root index is 9 + 2 bits wide */
#define T_4K (1ULL << 12)
#define T_2M (1ULL << 21)
#define T_1G (1ULL << 30)

#define POOL_PAGES 64
#define POOL_ALIGN 16384

/* Host-physical addresses for leaves: never dereferenced, below 2^56 so they fit a PPN. */
#define HPA_A 0x00A5A5A5A5A5A000ULL
#define HPA_B 0x005A5A5A5A5A5000ULL

_Static_assert(PTE_V == T_V && PTE_R == T_R && PTE_W == T_W && PTE_X == T_X, "PTE bits");
_Static_assert(PTE_U == T_U && PTE_G == T_G && PTE_A == T_A && PTE_D == T_D, "PTE bits");
_Static_assert(PTE_PPN_SHIFT == T_PPN_SHIFT && PTE_PPN_MASK == T_PPN_MASK, "PTE PPN field");

struct tmode {
	const struct gstage_mode *mode;
	const char *name;
	unsigned levels;
	unsigned gpa_bits;
	uint64_t hgatp_mode;
};

static const struct tmode tmodes[] = {
	{ &gstage_sv39x4, "sv39x4", 3, 41, 8 },
	{ &gstage_sv48x4, "sv48x4", 4, 50, 9 },
	{ &gstage_sv57x4, "sv57x4", 5, 59, 10 },
};
#define NMODES (sizeof(tmodes) / sizeof(tmodes[0]))

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

struct fixture {
	uint8_t *mem; /* POOL_PAGES pages, 16 KiB aligned */
	struct page_pool pool;
	struct gstage g;
	const struct tmode *t;
	size_t avail0; /* pool pages before gstage_init: every page missing since is a table */
	const void *cell;
};

/* Names the grid cell or scenario a failure belongs to. */
static char where[160];

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			print_error("[%s] check failed: %s\n", where, #cond);            \
			fail();                                                          \
		}                                                                        \
	} while (0)

#define CHECK_EQ(a, b)                                                                   \
	do {                                                                             \
		unsigned long long got_ = (unsigned long long)(a);                       \
		unsigned long long want_ = (unsigned long long)(b);                      \
		if (got_ != want_) {                                                     \
			print_error("[%s] %s is 0x%llx, expected 0x%llx (%s)\n", where, #a, \
				    got_, want_, #b);                                    \
			fail();                                                          \
		}                                                                        \
	} while (0)

static uint64_t level_size(unsigned level)
{
	return 1ULL << (12 + 9 * level);
}

static uint64_t limit_of(const struct tmode *t)
{
	return 1ULL << t->gpa_bits;
}

static unsigned long api_prot(uint64_t bits)
{
	return ((bits & T_R) ? GSTAGE_READ : 0) | ((bits & T_W) ? GSTAGE_WRITE : 0) |
	       ((bits & T_X) ? GSTAGE_EXEC : 0);
}

static int fx_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx) {
		return -1;
	}
	fx->mem = aligned_alloc(POOL_ALIGN, POOL_PAGES * T_4K);
	if (!fx->mem) {
		free(fx);
		return -1;
	}
	fx->cell = *state;
	*state = fx;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->mem);
	free(fx);
	return 0;
}

/* Garbage in the pool first: a table that is not zeroed on allocation shows up as bogus PTEs. */
static void fx_start(struct fixture *fx, const struct tmode *t, size_t npages)
{
	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&fx->pool, fx->mem, npages);
	fx->avail0 = npages;
	fx->t = t;
	CHECK_EQ(gstage_init(&fx->g, t->mode, &fx->pool), GSTAGE_OK);
}

/* The root as the hardware finds it: through hgatp.PPN. */
static const uint64_t *t_root(const struct gstage *g)
{
	return (const uint64_t *)(uintptr_t)((gstage_hgatp(g, 0) & T_HGATP_PPN_MASK) << 12);
}

static unsigned t_index(const struct tmode *t, uint64_t a, unsigned level)
{
	unsigned width = level == t->levels - 1 ? 11 : 9;

	return (unsigned)((a >> (12 + 9 * level)) & ((1ULL << width) - 1));
}

static const uint64_t *t_next(uint64_t pte)
{
	return (const uint64_t *)(uintptr_t)(((pte & T_PPN_MASK) >> T_PPN_SHIFT) << 12);
}

static bool t_is_table(uint64_t pte)
{
	return (pte & T_V) && !(pte & T_RWX);
}

/* What a hart would use for a: the leaf PTE and its level, or 0 for a guest-page fault. */
static uint64_t t_walk(const struct fixture *fx, uint64_t a, unsigned *level)
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

static uint64_t t_leaf(uint64_t base, uint64_t bits)
{
	return ((base >> 12) << T_PPN_SHIFT) | bits | T_V | T_U | T_A | T_D;
}

/* a must translate to h with `bits`, through a leaf at `level`, for both walkers. */
static void expect_mapped(const struct fixture *fx, uint64_t a, uint64_t h, uint64_t bits,
			  unsigned level)
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

static void expect_unmapped(const struct fixture *fx, uint64_t a)
{
	unsigned wl = 99;
	unsigned ll = 99;
	unsigned long prot = 0;
	hpa_t out = hpa(0);

	CHECK_EQ(t_walk(fx, a, &wl), 0);
	CHECK(!gstage_lookup(&fx->g, gpa(a), &out, &prot, &ll));
}

/* Everything reachable from the root, checked against the spec's encoding rules. */
struct census {
	unsigned long tables;
	unsigned long leaves[3];
	unsigned bad;
	const char *why;
	const void *seen[POOL_PAGES];
	unsigned nseen;
};

static void census_bad(struct census *c, const char *why)
{
	if (c->bad++ == 0) {
		c->why = why;
	}
}

static void census_table(const struct fixture *fx, struct census *c, const uint64_t *table,
			 unsigned level, unsigned entries)
{
	/* Invariant: every table visited so far lies in the pool and was seen exactly once. */
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
			if ((pte & (T_R | T_W)) == T_W) {
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

		if (next < fx->mem || next >= fx->mem + POOL_PAGES * T_4K) {
			census_bad(c, "table outside the pool");
			continue;
		}
		for (unsigned s = 0; s < c->nseen; s++) {
			if (c->seen[s] == next) {
				census_bad(c, "table reachable twice");
				return;
			}
		}
		if (c->nseen < POOL_PAGES) {
			c->seen[c->nseen++] = next;
		}
		c->tables++;
		census_table(fx, c, (const uint64_t *)next, level - 1, T_ENTRIES);
	}
}

/* The tree is well formed, stats describe it exactly, and no pool page leaked. */
static void check_consistent(const struct fixture *fx)
{
	struct census c;

	memset(&c, 0, sizeof(c));
	c.tables = T_ROOT_PAGES;
	c.seen[c.nseen++] = t_root(&fx->g);
	census_table(fx, &c, t_root(&fx->g), fx->t->levels - 1, T_ROOT_ENTRIES);
	if (c.bad) {
		print_error("[%s] malformed tree: %s (%u problems)\n", where, c.why, c.bad);
	}
	CHECK_EQ(c.bad, 0);
	CHECK_EQ(fx->g.stats.tables, c.tables);
	for (unsigned l = 0; l < 3; l++) {
		CHECK_EQ(fx->g.stats.leaves[l], c.leaves[l]);
	}
	CHECK_EQ(fx->avail0 - page_pool_available(&fx->pool), fx->g.stats.tables);
}

static void expect_leaves(const struct fixture *fx, unsigned long l4k, unsigned long l2m,
			  unsigned long l1g)
{
	CHECK_EQ(fx->g.stats.leaves[0], l4k);
	CHECK_EQ(fx->g.stats.leaves[1], l2m);
	CHECK_EQ(fx->g.stats.leaves[2], l1g);
	check_consistent(fx);
}

/* Byte copies of every reachable table, to prove a refused operation changed nothing. */
struct snapshot {
	unsigned n;
	const uint64_t *addr[POOL_PAGES];
	uint64_t data[POOL_PAGES][T_ENTRIES];
	struct gstage_stats stats;
	size_t avail;
};

static struct snapshot snap_before;
static struct snapshot snap_after;

static void snap_table(struct snapshot *s, const uint64_t *table, unsigned level)
{
	assert_true(s->n < POOL_PAGES);
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

static void snap_take(const struct fixture *fx, struct snapshot *s)
{
	const uint64_t *root = t_root(&fx->g);

	s->n = 0;
	for (unsigned p = 0; p < T_ROOT_PAGES; p++) {
		snap_table(s, root + p * T_ENTRIES, fx->t->levels - 1);
	}
	s->stats = fx->g.stats;
	s->avail = page_pool_available(&fx->pool);
}

static void expect_unchanged(const struct fixture *fx)
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

/* A guest address that uses every index bit (the root's two extra ones too), aligned to size. */
static uint64_t grid_gpa(const struct tmode *t, uint64_t size)
{
	uint64_t limit = limit_of(t);

	return ((limit >> 1) | (0x5A5A5A5A5A5A5A5AULL & (limit - 1))) & ~(size - 1);
}

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

static const char *const size_names[] = { "4K", "2M", "1G" };

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
					grid_tests[n] = (struct CMUnitTest){
						c->name, test_grid_cell, fx_setup, fx_teardown, c
					};
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
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_V },      /* not a permission */
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_U },
			{ a, HPA_A, T_4K, GSTAGE_READ | PTE_A | PTE_D },
			{ a, HPA_A, T_4K, GSTAGE_READ | (1UL << 8) },
			{ a, HPA_A, T_4K, GSTAGE_READ | (1UL << 63) },
		};
		const struct {
			uint64_t gpa, size;
		} bad_unmap[] = {
			{ a + 1, T_4K }, { a, T_4K + 1 }, { a, 0 },         { lim, T_4K },
			{ lim - T_4K, 2 * T_4K }, { 0, lim + T_4K }, { T_4K, 0 - T_4K },
			{ ~0xfffULL, T_4K }, { 1ULL << 63, T_2M },
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
		CHECK_EQ(gstage_map(&fx->g, gpa(a), hpa((1ULL << 56) - T_4K), 2 * T_4K,
				    GSTAGE_READ),
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

/* ---- splits and whole-table removal ------------------------------------------------------ */

static void test_unmap_4k_splits_2m(void **state)
{
	struct fixture *fx = *state;
	const unsigned holes[] = { 0, 5, 511 };

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G) + 3 * T_2M;
		uint64_t h0 = HPA_A & ~(T_1G - 1);

		for (unsigned k = 0; k < sizeof(holes) / sizeof(holes[0]); k++) {
			unsigned long tables;

			snprintf(where, sizeof(where), "%s 2M split, hole %u", t->name, holes[k]);
			fx_start(fx, t, POOL_PAGES);
			CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_2M,
					    GSTAGE_READ | GSTAGE_EXEC),
				 GSTAGE_OK);
			tables = fx->g.stats.tables;
			expect_leaves(fx, 0, 1, 0);
			CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + holes[k] * T_4K), T_4K), GSTAGE_OK);
			for (unsigned i = 0; i < 512; i++) {
				if (i == holes[k]) {
					expect_unmapped(fx, g0 + i * T_4K);
					expect_unmapped(fx, g0 + i * T_4K + T_4K - 1);
				} else {
					expect_mapped(fx, g0 + i * T_4K + 8, h0 + i * T_4K + 8,
						      T_R | T_X, 0);
				}
			}
			expect_unmapped(fx, g0 - 1);
			expect_unmapped(fx, g0 + T_2M);
			CHECK_EQ(fx->g.stats.tables, tables + 1);
			expect_leaves(fx, 511, 0, 0);
		}
	}
}

static void test_unmap_splits_1g(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
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
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		unsigned long tables;

		snprintf(where, sizeof(where), "%s unmap across two 2M leaves", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_2M), hpa(h0), 2 * T_2M, GSTAGE_RWX),
			 GSTAGE_OK);
		expect_leaves(fx, 0, 2, 0);
		tables = fx->g.stats.tables;
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + 2 * T_2M - T_4K), 2 * T_4K), GSTAGE_OK);
		for (uint64_t off = 0; off < 2 * T_2M; off += T_4K) {
			if (off == T_2M - T_4K || off == T_2M) {
				expect_unmapped(fx, g0 + T_2M + off);
			} else {
				expect_mapped(fx, g0 + T_2M + off, h0 + off, T_RWX, 0);
			}
		}
		CHECK_EQ(fx->g.stats.tables, tables + 2);
		expect_leaves(fx, 1022, 0, 0);
	}
}

static void test_whole_2m_of_4k_pages(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G) + 5 * T_2M;
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		unsigned long tables;
		size_t avail;

		for (unsigned pass = 0; pass < 2; pass++) {
			snprintf(where, sizeof(where), "%s 512 x 4K then %s 2M", t->name,
				 pass ? "remap as" : "unmap");
			fx_start(fx, t, POOL_PAGES);
			for (uint64_t off = 0; off < T_2M; off += T_4K) {
				CHECK_EQ(gstage_map(&fx->g, gpa(g0 + off), hpa(h0 + off), T_4K,
						    GSTAGE_READ),
					 GSTAGE_OK);
			}
			expect_leaves(fx, 512, 0, 0);
			tables = fx->g.stats.tables;
			avail = page_pool_available(&fx->pool);
			if (pass == 0) {
				CHECK_EQ(gstage_unmap(&fx->g, gpa(g0), T_2M), GSTAGE_OK);
				for (uint64_t off = 0; off < T_2M; off += T_4K) {
					expect_unmapped(fx, g0 + off);
				}
				expect_leaves(fx, 0, 0, 0);
			} else {
				CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_2M, GSTAGE_RWX),
					 GSTAGE_OK);
				expect_mapped(fx, g0 + T_2M - 1, h0 + T_2M - 1, T_RWX, 1);
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
		uint64_t g0 = grid_gpa(t, T_1G);
		uint64_t h0 = HPA_A & ~(T_1G - 1);

		snprintf(where, sizeof(where), "%s remap 4K inside 2M", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0), hpa(h0), T_2M, GSTAGE_READ | GSTAGE_WRITE),
			 GSTAGE_OK);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + 3 * T_4K), hpa(HPA_B), T_4K,
				    GSTAGE_READ | GSTAGE_EXEC),
			 GSTAGE_OK);
		for (uint64_t i = 0; i < 512; i++) {
			if (i == 3) {
				expect_mapped(fx, g0 + i * T_4K + 1, HPA_B + 1, T_R | T_X, 0);
			} else {
				expect_mapped(fx, g0 + i * T_4K, h0 + i * T_4K, T_R | T_W, 0);
			}
		}
		expect_leaves(fx, 512, 0, 0);

		/* Mapping with no permissions is a removal. */
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + 4 * T_4K), hpa(HPA_B), T_4K, 0), GSTAGE_OK);
		expect_unmapped(fx, g0 + 4 * T_4K);
		expect_mapped(fx, g0 + 5 * T_4K, h0 + 5 * T_4K, T_R | T_W, 0);
		expect_leaves(fx, 511, 0, 0);
	}
}

static void test_unmap_nothing_mapped(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		uint64_t g0 = grid_gpa(t, T_1G);

		snprintf(where, sizeof(where), "%s unmap of holes", t->name);
		fx_start(fx, t, POOL_PAGES);
		CHECK_EQ(gstage_map(&fx->g, gpa(g0 + T_2M), hpa(HPA_A), T_4K, GSTAGE_READ),
			 GSTAGE_OK);
		snap_take(fx, &snap_before);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + 2 * T_2M), T_1G - 2 * T_2M), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(g0 + T_2M + T_4K), T_4K), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(0), T_4K), GSTAGE_OK);
		CHECK_EQ(gstage_unmap(&fx->g, gpa(limit_of(t) - T_1G), T_1G), GSTAGE_OK);
		expect_unchanged(fx);
	}
}

static void test_unmap_mixed_region(void **state)
{
	struct fixture *fx = *state;

	for (unsigned m = 0; m < NMODES; m++) {
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
			uint64_t key = c[i].gpa >> (12 + 9 * (l + 1));
			bool dup = false;

			for (unsigned j = 0; j < i; j++) {
				if (l >= c[j].level && (c[j].gpa >> (12 + 9 * (l + 1))) == key) {
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

		for (unsigned leaf = 0; leaf < 3; leaf++) {
			uint64_t size = level_size(leaf);
			uint64_t a = grid_gpa(t, size);
			uint64_t h = HPA_A & ~(size - 1);
			unsigned long needed = t->levels - 1 - leaf;

			for (unsigned long k = 0; k <= needed; k++) {
				snprintf(where, sizeof(where), "%s OOM map %s, %lu of %lu pages",
					 t->name, size_names[leaf], k, needed);
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

	for (unsigned m = 0; m < NMODES; m++) {
		const struct tmode *t = &tmodes[m];
		/* 3 * 512 GiB: crossing it crosses a boundary at every level but sv57x4's top. */
		uint64_t g0 = 3ULL << 39;
		uint64_t h0 = HPA_A & ~(T_1G - 1);
		const struct chunk pre[] = { { g0 + 4 * T_2M, 0 } };
		const struct chunk want[] = {
			{ g0 - T_4K, 0 }, { g0, 1 }, { g0 + T_2M, 0 }, { g0 + 4 * T_2M, 0 },
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

	for (unsigned m = 0; m < NMODES; m++) {
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

/* ---- page pool ----------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i]) {
			return false;
		}
	}
	return true;
}

static void test_pool_alloc_exhaust(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *pages[8];

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, fx->mem, 8);
	assert_int_equal(page_pool_available(&pool), 8);
	for (unsigned i = 0; i < 8; i++) {
		pages[i] = page_pool_alloc(&pool);
		assert_non_null(pages[i]);
		assert_true((uint8_t *)pages[i] >= fx->mem);
		assert_true((uint8_t *)pages[i] < fx->mem + 8 * T_4K);
		assert_int_equal((uintptr_t)pages[i] % T_4K, 0);
		assert_true(all_zero(pages[i], T_4K));
		for (unsigned j = 0; j < i; j++) {
			assert_ptr_not_equal(pages[i], pages[j]);
		}
		memset(pages[i], 0x5A, T_4K);
		assert_int_equal(page_pool_available(&pool), 7 - i);
	}
	assert_null(page_pool_alloc(&pool));
	assert_null(page_pool_alloc(&pool));
	assert_int_equal(page_pool_available(&pool), 0);
	/* The page after the pool was never touched. */
	assert_int_equal(fx->mem[8 * T_4K], 0xA5);

	page_pool_free(&pool, pages[6]);
	assert_int_equal(page_pool_available(&pool), 1);
	assert_ptr_equal(page_pool_alloc(&pool), pages[6]);
	assert_true(all_zero(pages[6], T_4K));
	assert_null(page_pool_alloc(&pool));
}

static void test_pool_free_list_reuse(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *a;
	void *b;
	void *c;

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, fx->mem, 4);
	a = page_pool_alloc(&pool);
	b = page_pool_alloc(&pool);
	memset(a, 0x11, T_4K);
	memset(b, 0x22, T_4K);
	page_pool_free(&pool, a);
	page_pool_free(&pool, b);
	assert_int_equal(page_pool_available(&pool), 4);
	/* Freed pages come back before fresh ones, last freed first, zeroed (link word too). */
	assert_ptr_equal(page_pool_alloc(&pool), b);
	assert_true(all_zero(b, T_4K));
	assert_ptr_equal(page_pool_alloc(&pool), a);
	assert_true(all_zero(a, T_4K));
	c = page_pool_alloc(&pool);
	assert_ptr_equal(c, fx->mem + 2 * T_4K);
	assert_int_equal(page_pool_available(&pool), 1);
}

static void test_pool_contig(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	uint8_t *base = fx->mem + T_4K; /* page aligned, not 16 KiB aligned */
	uint8_t *root;
	uint8_t *pair;
	void *skipped[3];

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, base, 12);
	assert_null(page_pool_alloc_contig(&pool, 0));
	assert_null(page_pool_alloc_contig(&pool, 3));
	assert_null(page_pool_alloc_contig(&pool, 6));
	assert_null(page_pool_alloc_contig(&pool, 16)); /* more than the pool */
	assert_int_equal(page_pool_available(&pool), 12);

	root = page_pool_alloc_contig(&pool, 4);
	assert_ptr_equal(root, fx->mem + 4 * T_4K);
	assert_true(all_zero(root, 4 * T_4K));
	/* The three pages skipped to align the block are still available. */
	assert_int_equal(page_pool_available(&pool), 8);

	pair = page_pool_alloc_contig(&pool, 2);
	assert_non_null(pair);
	assert_int_equal((uintptr_t)pair % (2 * T_4K), 0);
	assert_true(pair >= root + 4 * T_4K);
	assert_true(pair + 2 * T_4K <= base + 12 * T_4K);
	assert_true(all_zero(pair, 2 * T_4K));

	for (unsigned i = 0; i < 3; i++) {
		skipped[i] = page_pool_alloc(&pool);
		assert_true((uint8_t *)skipped[i] >= base);
		assert_true((uint8_t *)skipped[i] < root);
		assert_true(all_zero(skipped[i], T_4K));
	}
	assert_ptr_not_equal(skipped[0], skipped[1]);
	assert_ptr_not_equal(skipped[1], skipped[2]);
	assert_ptr_not_equal(skipped[0], skipped[2]);

	/* A block larger than what is left fails without losing pages. */
	size_t left = page_pool_available(&pool);

	assert_null(page_pool_alloc_contig(&pool, 8));
	assert_int_equal(page_pool_available(&pool), left);
}

static void test_pool_contig_only_from_fresh(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *pages[4];

	page_pool_init(&pool, fx->mem, 4);
	for (unsigned i = 0; i < 4; i++) {
		pages[i] = page_pool_alloc(&pool);
	}
	for (unsigned i = 0; i < 4; i++) {
		page_pool_free(&pool, pages[i]);
	}
	/* Contiguous runs come only from the fresh part (page_pool.h): free pages do not count. */
	assert_int_equal(page_pool_available(&pool), 4);
	assert_null(page_pool_alloc_contig(&pool, 1));
	assert_null(page_pool_alloc_contig(&pool, 4));
	assert_int_equal(page_pool_available(&pool), 4);
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
		FX_TEST(test_unmap_4k_splits_2m),
		FX_TEST(test_unmap_splits_1g),
		FX_TEST(test_unmap_across_two_2m_leaves),
		FX_TEST(test_whole_2m_of_4k_pages),
		FX_TEST(test_remap_inside_large_leaf),
		FX_TEST(test_unmap_nothing_mapped),
		FX_TEST(test_unmap_mixed_region),
		FX_TEST(test_oom_map_single),
		FX_TEST(test_oom_map_multi_chunk),
		FX_TEST(test_oom_unmap_split),
		FX_TEST(test_pool_alloc_exhaust),
		FX_TEST(test_pool_free_list_reuse),
		FX_TEST(test_pool_contig),
		FX_TEST(test_pool_contig_only_from_fresh),
	};
	int failed;

	build_grid();
	failed = _cmocka_run_group_tests("gstage grid", grid_tests, NCELLS, NULL, NULL);
	failed += cmocka_run_group_tests_name("gstage", tests, NULL, NULL);
	return failed ? 1 : 0;
}
