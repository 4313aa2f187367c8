/* SPDX-License-Identifier: Apache-2.0 */
/* G-stage page-table mapper: one walker for every mode, driven by struct gstage_mode. */
#include "core/gstage.h"

#include "lib/string.h"

const struct gstage_mode gstage_sv39x4 = { "sv39x4", 8, 3, 41 };
const struct gstage_mode gstage_sv48x4 = { "sv48x4", 9, 4, 50 };
const struct gstage_mode gstage_sv57x4 = { "sv57x4", 10, 5, 59 };

static const struct gstage_mode *const modes[] = { &gstage_sv39x4, &gstage_sv48x4, &gstage_sv57x4 };

const struct gstage_mode *gstage_mode_by_name(const char *name)
{
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (lib_strcmp(modes[i]->name, name) == 0) {
			return modes[i];
		}
	}
	return NULL;
}

static unsigned level_shift(unsigned level)
{
	return PAGE_SHIFT + GSTAGE_LEVEL_BITS * level;
}

static uint64_t level_size(unsigned level)
{
	return 1ULL << level_shift(level);
}

static unsigned level_index(const struct gstage *g, uint64_t a, unsigned level)
{
	unsigned bits = GSTAGE_LEVEL_BITS;

	if (level == g->mode->levels - 1) {
		bits += GSTAGE_ROOT_EXTRA_BITS;
	}
	return (unsigned)((a >> level_shift(level)) & ((1ULL << bits) - 1));
}

static bool pte_is_table(uint64_t pte)
{
	return (pte & PTE_V) && !(pte & PTE_LEAF_MASK);
}

static bool pte_is_leaf(uint64_t pte)
{
	return (pte & PTE_V) && (pte & PTE_LEAF_MASK);
}

static uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)(((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

static uint64_t pte_addr(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static uint64_t make_table_pte(const uint64_t *table)
{
	return (((uint64_t)(uintptr_t)table >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
}

/* Guest accesses are user accesses to the G-stage, and without Svadu A/D must already be set. */
static uint64_t make_leaf_pte(uint64_t addr, unsigned long prot)
{
	return ((addr >> PAGE_SHIFT) << PTE_PPN_SHIFT) | (prot & GSTAGE_RWX) | PTE_V | PTE_U |
	       PTE_A | PTE_D;
}

int gstage_init(struct gstage *g, const struct gstage_mode *mode, struct page_pool *pool)
{
	g->mode = mode;
	g->pool = pool;
	lib_memset(&g->stats, 0, sizeof(g->stats));
	g->root = page_pool_alloc_contig(pool, GSTAGE_ROOT_PAGES);
	if (!g->root) {
		return GSTAGE_ENOMEM;
	}
	g->stats.tables = GSTAGE_ROOT_PAGES;
	return GSTAGE_OK;
}

uint64_t gstage_hgatp(const struct gstage *g, unsigned vmid)
{
	return (g->mode->hgatp_mode << 60) | (((uint64_t)vmid & GSTAGE_VMID_MASK) << 44) |
	       ((uint64_t)(uintptr_t)g->root >> PAGE_SHIFT);
}

static bool range_ok(const struct gstage *g, uint64_t a, uint64_t size)
{
	uint64_t limit = 1ULL << g->mode->gpa_bits;

	return size != 0 && (a % PAGE_SIZE) == 0 && (size % PAGE_SIZE) == 0 && a < limit &&
	       size <= limit - a;
}

/* The leaf level for the next chunk of a map: the largest one both addresses are aligned to. */
static unsigned map_level(uint64_t ga, uint64_t ha, uint64_t left)
{
	unsigned level = GSTAGE_MAX_LEAF_LEVEL;

	while (level > 0 && ((ga | ha) % level_size(level) != 0 || left < level_size(level))) {
		level--;
	}
	return level;
}

/* The leaf level for the next chunk of an unmap: as large as alignment and length allow. */
static unsigned unmap_level(uint64_t ga, uint64_t left)
{
	return map_level(ga, 0, left);
}

/*
 * One operation walks the range in increasing address order and needs a new table
 * below `level` wherever the entry there is empty or a leaf larger than the chunk.
 * Counting first (tables identified by the address bits above them, so one new table
 * serves every chunk under it) lets the caller refuse before anything changes.
 */
struct walk_plan {
	uint64_t last_key[GSTAGE_MAX_LEVELS];
	unsigned long needed;
};

static void plan_chunk(const struct gstage *g, struct walk_plan *plan, uint64_t ga, unsigned leaf)
{
	uint64_t *table = g->root;
	unsigned level = g->mode->levels - 1;
	bool fresh = false;

	for (; level > leaf; level--) {
		uint64_t pte = fresh ? 0 : table[level_index(g, ga, level)];

		if (!fresh && pte_is_table(pte)) {
			table = pte_table(pte);
			continue;
		}
		/* A new table at level-1 will cover the addresses that share ga's bits above `level`. */
		fresh = true;
		uint64_t key = ga >> level_shift(level);

		if (plan->last_key[level - 1] != key) {
			plan->last_key[level - 1] = key;
			plan->needed++;
		}
	}
}

static void plan_init(struct walk_plan *plan)
{
	for (unsigned i = 0; i < GSTAGE_MAX_LEVELS; i++) {
		plan->last_key[i] = UINT64_MAX;
	}
	plan->needed = 0;
}

static void count_leaf(struct gstage *g, uint64_t pte, unsigned level, long delta)
{
	if (pte_is_leaf(pte) && level <= GSTAGE_MAX_LEAF_LEVEL) {
		g->stats.leaves[level] += (unsigned long)delta;
	}
}

/* Replaces a large leaf by a table of the next smaller leaves with the same permissions. */
static uint64_t *split_leaf(struct gstage *g, uint64_t *pte, unsigned level)
{
	uint64_t *table = page_pool_alloc(g->pool);
	uint64_t old = *pte;
	uint64_t base = pte_addr(old);

	/* The plan reserved this page, so the allocation cannot fail. */
	for (unsigned i = 0; i < (1u << GSTAGE_LEVEL_BITS); i++) {
		table[i] = make_leaf_pte(base + i * level_size(level - 1), old & GSTAGE_RWX);
	}
	g->stats.tables++;
	count_leaf(g, old, level, -1);
	g->stats.leaves[level - 1] += 1u << GSTAGE_LEVEL_BITS;
	*pte = make_table_pte(table);
	return table;
}

/* Returns the entry for ga at `leaf`, creating or splitting tables on the way. */
static uint64_t *walk_create(struct gstage *g, uint64_t ga, unsigned leaf)
{
	uint64_t *table = g->root;

	for (unsigned level = g->mode->levels - 1; level > leaf; level--) {
		uint64_t *pte = &table[level_index(g, ga, level)];

		if (pte_is_table(*pte)) {
			table = pte_table(*pte);
		} else if (pte_is_leaf(*pte)) {
			table = split_leaf(g, pte, level);
		} else {
			table = page_pool_alloc(g->pool);
			g->stats.tables++;
			*pte = make_table_pte(table);
		}
	}
	return &table[level_index(g, ga, leaf)];
}

/* Drops whatever an entry maps (a leaf, or a whole subtree of tables) before it is replaced. */
static void release_entry(struct gstage *g, uint64_t *pte, unsigned level)
{
	if (pte_is_table(*pte)) {
		uint64_t *table = pte_table(*pte);

		for (unsigned i = 0; i < (1u << GSTAGE_LEVEL_BITS); i++) {
			release_entry(g, &table[i], level - 1);
		}
		page_pool_free(g->pool, table);
		g->stats.tables--;
	} else {
		count_leaf(g, *pte, level, -1);
	}
	*pte = 0;
}

int gstage_map(struct gstage *g, gpa_t gpa_start, hpa_t hpa_start, uint64_t size,
	       unsigned long prot)
{
	struct walk_plan plan;
	uint64_t off;

	if (!range_ok(g, gpa_start.v, size) || (hpa_start.v % PAGE_SIZE) != 0 ||
	    hpa_start.v + size < hpa_start.v || hpa_start.v + size > GSTAGE_HPA_LIMIT ||
	    (prot & ~GSTAGE_RWX) != 0 || (prot & (PTE_W | PTE_R)) == PTE_W) {
		return GSTAGE_EINVAL;
	}
	plan_init(&plan);
	for (off = 0; off < size;) {
		unsigned leaf = map_level(gpa_start.v + off, hpa_start.v + off, size - off);

		plan_chunk(g, &plan, gpa_start.v + off, leaf);
		off += level_size(leaf);
	}
	if (plan.needed > page_pool_available(g->pool)) {
		return GSTAGE_ENOMEM;
	}
	for (off = 0; off < size;) {
		uint64_t ga = gpa_start.v + off;
		unsigned leaf = map_level(ga, hpa_start.v + off, size - off);
		uint64_t *pte = walk_create(g, ga, leaf);

		release_entry(g, pte, leaf);
		*pte = prot ? make_leaf_pte(hpa_start.v + off, prot) : 0;
		count_leaf(g, *pte, leaf, 1);
		off += level_size(leaf);
	}
	return GSTAGE_OK;
}

/* Finds the entry that decides ga at `leaf` without changing anything; *level says where it stopped. */
static uint64_t *walk_find(const struct gstage *g, uint64_t ga, unsigned leaf, unsigned *level)
{
	uint64_t *table = g->root;

	for (*level = g->mode->levels - 1; *level > leaf; (*level)--) {
		uint64_t *pte = &table[level_index(g, ga, *level)];

		if (!pte_is_table(*pte)) {
			return pte;
		}
		table = pte_table(*pte);
	}
	return &table[level_index(g, ga, leaf)];
}

int gstage_unmap(struct gstage *g, gpa_t gpa_start, uint64_t size)
{
	struct walk_plan plan;
	uint64_t off;
	unsigned at;

	if (!range_ok(g, gpa_start.v, size)) {
		return GSTAGE_EINVAL;
	}
	/* Only a large leaf that the range cuts into needs new tables (to split it). */
	plan_init(&plan);
	for (off = 0; off < size;) {
		uint64_t ga = gpa_start.v + off;
		unsigned leaf = unmap_level(ga, size - off);
		uint64_t *pte = walk_find(g, ga, leaf, &at);

		if (at > leaf && pte_is_leaf(*pte)) {
			plan_chunk(g, &plan, ga, leaf);
		}
		off += level_size(leaf);
	}
	if (plan.needed > page_pool_available(g->pool)) {
		return GSTAGE_ENOMEM;
	}
	for (off = 0; off < size;) {
		uint64_t ga = gpa_start.v + off;
		unsigned leaf = unmap_level(ga, size - off);
		uint64_t *pte = walk_find(g, ga, leaf, &at);

		if (at > leaf && pte_is_leaf(*pte)) {
			pte = walk_create(g, ga, leaf);
		}
		if (at == leaf || pte_is_leaf(*pte)) {
			release_entry(g, pte, leaf);
		}
		off += level_size(leaf);
	}
	return GSTAGE_OK;
}

/* Table pages that splitting a leaf at `level` all the way down to 4 KiB leaves takes. */
static unsigned long tables_to_4k(unsigned level)
{
	return level == 0 ? 0 : 1 + (1UL << GSTAGE_LEVEL_BITS) * tables_to_4k(level - 1);
}

/* Counts the tables GSTAGE_SPLIT_4K needs below an entry that the range covers whole. */
static unsigned long plan_split_4k(uint64_t pte, unsigned level)
{
	unsigned long needed = 0;

	if (pte_is_leaf(pte)) {
		return tables_to_4k(level);
	}
	/* A table at level 1 holds only 4 KiB leaves, which need nothing. */
	if (pte_is_table(pte) && level > 1) {
		const uint64_t *table = pte_table(pte);

		for (unsigned i = 0; i < (1u << GSTAGE_LEVEL_BITS); i++) {
			needed += plan_split_4k(table[i], level - 1);
		}
	}
	return needed;
}

/* Gives every leaf under an entry the range covers whole the new permission. */
static void protect_entry(struct gstage *g, uint64_t *pte, unsigned level, unsigned long prot,
			  bool split)
{
	if (split && level > 0 && pte_is_leaf(*pte)) {
		split_leaf(g, pte, level);
	}
	if (pte_is_table(*pte) && level > 0) {
		uint64_t *table = pte_table(*pte);

		for (unsigned i = 0; i < (1u << GSTAGE_LEVEL_BITS); i++) {
			protect_entry(g, &table[i], level - 1, prot, split);
		}
	} else if (pte_is_leaf(*pte)) {
		*pte = make_leaf_pte(pte_addr(*pte), prot);
	}
}

/*
 * One pass over [start, start+size) in the chunks unmap would use. With a plan it only counts
 * the tables the splits will take; without, it commits. Both passes see the same tree up to
 * the splits, which never empty an entry, so they skip the same holes and agree on the count.
 */
static void protect_range(struct gstage *g, uint64_t start, uint64_t size, unsigned long prot,
			  bool split, struct walk_plan *plan)
{
	uint64_t end = start + size;
	uint64_t ga = start;

	/* Invariant: every mapped page in [start, ga) is done (or counted, when planning). */
	while (ga < end) {
		unsigned leaf = unmap_level(ga, end - ga);
		unsigned at;
		uint64_t *pte = walk_find(g, ga, leaf, &at);

		if (at > leaf && !pte_is_leaf(*pte)) {
			/* Nothing is mapped anywhere under this entry. */
			ga = (ga | (level_size(at) - 1)) + 1;
			continue;
		}
		if (plan && at > leaf) {
			/* A larger leaf the chunk cuts into: split to the chunk, maybe further. */
			plan_chunk(g, plan, ga, leaf);
			plan->needed += split ? tables_to_4k(leaf) : 0;
		} else if (plan) {
			plan->needed += split ? plan_split_4k(*pte, leaf) : 0;
		} else {
			if (at > leaf) {
				pte = walk_create(g, ga, leaf);
			}
			protect_entry(g, pte, leaf, prot, split);
		}
		ga += level_size(leaf);
	}
}

int gstage_protect(struct gstage *g, gpa_t gpa_start, uint64_t size, unsigned long prot,
		   unsigned flags)
{
	struct walk_plan plan;
	bool split = (flags & GSTAGE_SPLIT_4K) != 0;

	if (!range_ok(g, gpa_start.v, size) || prot == 0 || (prot & ~GSTAGE_RWX) != 0 ||
	    (prot & (PTE_W | PTE_R)) == PTE_W || (flags & ~GSTAGE_SPLIT_4K) != 0) {
		return GSTAGE_EINVAL;
	}
	plan_init(&plan);
	protect_range(g, gpa_start.v, size, prot, split, &plan);
	if (plan.needed > page_pool_available(g->pool)) {
		return GSTAGE_ENOMEM;
	}
	protect_range(g, gpa_start.v, size, prot, split, NULL);
	return GSTAGE_OK;
}

bool gstage_lookup(const struct gstage *g, gpa_t a, hpa_t *out, unsigned long *prot,
		   unsigned *level_out)
{
	const uint64_t *table = g->root;

	if (a.v >> g->mode->gpa_bits) {
		return false;
	}
	for (unsigned level = g->mode->levels - 1;; level--) {
		uint64_t pte = table[level_index(g, a.v, level)];

		if (pte_is_leaf(pte)) {
			*out = hpa(pte_addr(pte) + (a.v & (level_size(level) - 1)));
			*prot = pte & GSTAGE_RWX;
			*level_out = level;
			return true;
		}
		if (!pte_is_table(pte) || level == 0) {
			return false;
		}
		table = pte_table(pte);
	}
}
