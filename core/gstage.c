/* SPDX-License-Identifier: Apache-2.0 */
/* G-stage page-table mapper: one walker for every mode, driven by struct gstage_mode. */
#include "core/gstage.h"

#include "lib/string.h"

/* One PTE: a table and an index in it; the mode says how wide the table's entries are. */
struct pte_slot {
	void *table;
	unsigned index;
};

/* The only places a PTE is read or written: everything else is the same code for every width. */
static uint64_t pte_get(const struct gstage_mode *m, const void *table, unsigned index)
{
	if (m->pte_bytes == 4) {
		return ((const uint32_t *)table)[index];
	}
	return ((const uint64_t *)table)[index];
}

static void pte_set(const struct gstage_mode *m, void *table, unsigned index, uint64_t pte)
{
	if (m->pte_bytes == 4) {
		((uint32_t *)table)[index] = (uint32_t)pte;
	} else {
		((uint64_t *)table)[index] = pte;
	}
}

static uint64_t slot_get(const struct gstage *g, struct pte_slot s)
{
	return pte_get(g->mode, s.table, s.index);
}

static void slot_set(const struct gstage *g, struct pte_slot s, uint64_t pte)
{
	pte_set(g->mode, s.table, s.index, pte);
}

static unsigned table_entries(const struct gstage_mode *m)
{
	return 1u << m->index_bits;
}

static unsigned level_shift(const struct gstage_mode *m, unsigned level)
{
	return PAGE_SHIFT + m->index_bits * level;
}

static uint64_t level_size(const struct gstage_mode *m, unsigned level)
{
	return 1ULL << level_shift(m, level);
}

static unsigned level_index(const struct gstage_mode *m, uint64_t a, unsigned level)
{
	unsigned bits = m->index_bits;

	if (level == m->levels - 1) {
		bits += m->root_extra_bits;
	}
	return (unsigned)((a >> level_shift(m, level)) & ((1ULL << bits) - 1));
}

static struct pte_slot slot_of(const struct gstage_mode *m, void *table, uint64_t a, unsigned level)
{
	return (struct pte_slot){ table, level_index(m, a, level) };
}

static bool pte_is_table(uint64_t pte)
{
	return (pte & PTE_V) && !(pte & PTE_LEAF_MASK);
}

static bool pte_is_leaf(uint64_t pte)
{
	return (pte & PTE_V) && (pte & PTE_LEAF_MASK);
}

static uint64_t pte_addr(const struct gstage_mode *m, uint64_t pte)
{
	return ((pte >> PTE_PPN_SHIFT) & ((1ULL << m->ppn_bits) - 1)) << PAGE_SHIFT;
}

static void *pte_table(const struct gstage_mode *m, uint64_t pte)
{
	return (void *)(uintptr_t)pte_addr(m, pte);
}

/* gstage_init made sure every pool page is below the mode's PPN reach. */
static uint64_t make_table_pte(const void *table)
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
	uint64_t pool_end = (uint64_t)(uintptr_t)pool->base + (uint64_t)pool->npages * PAGE_SIZE;

	if (pool_end > gstage_hpa_limit(mode)) {
		return GSTAGE_EINVAL;
	}
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
	uint64_t mode = g->mode->hgatp_mode;
	uint64_t root_ppn = (uint64_t)(uintptr_t)g->root >> PAGE_SHIFT;

	if (g->mode->xlen == 32) {
		return (mode << GSTAGE_HGATP32_MODE_SHIFT) |
		       (((uint64_t)vmid & GSTAGE_HGATP32_VMID_MASK) << GSTAGE_HGATP32_VMID_SHIFT) |
		       root_ppn;
	}
	return (mode << GSTAGE_HGATP64_MODE_SHIFT) |
	       (((uint64_t)vmid & GSTAGE_HGATP64_VMID_MASK) << GSTAGE_HGATP64_VMID_SHIFT) |
	       root_ppn;
}

static bool range_ok(const struct gstage *g, uint64_t a, uint64_t size)
{
	uint64_t limit = 1ULL << g->mode->gpa_bits;

	return size != 0 && (a % PAGE_SIZE) == 0 && (size % PAGE_SIZE) == 0 && a < limit &&
	       size <= limit - a;
}

/* The leaf level for the next chunk of a map: the largest one both addresses are aligned to. */
static unsigned map_level(const struct gstage_mode *m, uint64_t ga, uint64_t ha, uint64_t left)
{
	unsigned level = m->max_leaf_level;

	while (level > 0 &&
	       ((ga | ha) % level_size(m, level) != 0 || left < level_size(m, level))) {
		level--;
	}
	return level;
}

/* The leaf level for the next chunk of an unmap: as large as alignment and length allow. */
static unsigned unmap_level(const struct gstage_mode *m, uint64_t ga, uint64_t left)
{
	return map_level(m, ga, 0, left);
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
	const struct gstage_mode *m = g->mode;
	void *table = g->root;
	unsigned level = m->levels - 1;
	bool fresh = false;

	for (; level > leaf; level--) {
		uint64_t pte = fresh ? 0 : pte_get(m, table, level_index(m, ga, level));

		if (!fresh && pte_is_table(pte)) {
			table = pte_table(m, pte);
			continue;
		}
		/* A new table at level-1 will cover the addresses that share ga's bits above `level`. */
		fresh = true;
		uint64_t key = ga >> level_shift(m, level);

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
static void *split_leaf(struct gstage *g, struct pte_slot s, unsigned level)
{
	const struct gstage_mode *m = g->mode;
	void *table = page_pool_alloc(g->pool);
	uint64_t old = slot_get(g, s);
	uint64_t base = pte_addr(m, old);
	unsigned n = table_entries(m);

	/* The plan reserved this page, so the allocation cannot fail. */
	for (unsigned i = 0; i < n; i++) {
		pte_set(m, table, i,
			make_leaf_pte(base + i * level_size(m, level - 1), old & GSTAGE_RWX));
	}
	g->stats.tables++;
	count_leaf(g, old, level, -1);
	g->stats.leaves[level - 1] += n;
	slot_set(g, s, make_table_pte(table));
	return table;
}

/* Returns the entry for ga at `leaf`, creating or splitting tables on the way. */
static struct pte_slot walk_create(struct gstage *g, uint64_t ga, unsigned leaf)
{
	const struct gstage_mode *m = g->mode;
	void *table = g->root;

	for (unsigned level = m->levels - 1; level > leaf; level--) {
		struct pte_slot s = slot_of(m, table, ga, level);
		uint64_t pte = slot_get(g, s);

		if (pte_is_table(pte)) {
			table = pte_table(m, pte);
		} else if (pte_is_leaf(pte)) {
			table = split_leaf(g, s, level);
		} else {
			table = page_pool_alloc(g->pool);
			g->stats.tables++;
			slot_set(g, s, make_table_pte(table));
		}
	}
	return slot_of(m, table, ga, leaf);
}

/* Drops whatever an entry maps (a leaf, or a whole subtree of tables) before it is replaced. */
static void release_entry(struct gstage *g, struct pte_slot s, unsigned level)
{
	uint64_t pte = slot_get(g, s);

	if (pte_is_table(pte)) {
		void *table = pte_table(g->mode, pte);
		unsigned n = table_entries(g->mode);

		for (unsigned i = 0; i < n; i++) {
			release_entry(g, (struct pte_slot){ table, i }, level - 1);
		}
		page_pool_free(g->pool, table);
		g->stats.tables--;
	} else {
		count_leaf(g, pte, level, -1);
	}
	slot_set(g, s, 0);
}

int gstage_map(struct gstage *g, gpa_t gpa_start, hpa_t hpa_start, uint64_t size,
	       unsigned long prot)
{
	const struct gstage_mode *m = g->mode;
	struct walk_plan plan;
	uint64_t off;

	if (!range_ok(g, gpa_start.v, size) || (hpa_start.v % PAGE_SIZE) != 0 ||
	    hpa_start.v + size < hpa_start.v || hpa_start.v + size > gstage_hpa_limit(m) ||
	    (prot & ~GSTAGE_RWX) != 0 || (prot & (PTE_W | PTE_R)) == PTE_W) {
		return GSTAGE_EINVAL;
	}
	plan_init(&plan);
	for (off = 0; off < size;) {
		unsigned leaf = map_level(m, gpa_start.v + off, hpa_start.v + off, size - off);

		plan_chunk(g, &plan, gpa_start.v + off, leaf);
		off += level_size(m, leaf);
	}
	if (plan.needed > page_pool_available(g->pool)) {
		return GSTAGE_ENOMEM;
	}
	for (off = 0; off < size;) {
		uint64_t ga = gpa_start.v + off;
		unsigned leaf = map_level(m, ga, hpa_start.v + off, size - off);
		struct pte_slot s = walk_create(g, ga, leaf);
		uint64_t pte = prot ? make_leaf_pte(hpa_start.v + off, prot) : 0;

		release_entry(g, s, leaf);
		slot_set(g, s, pte);
		count_leaf(g, pte, leaf, 1);
		off += level_size(m, leaf);
	}
	return GSTAGE_OK;
}

/* Finds the entry that decides ga at `leaf` without changing anything; *level says where it stopped. */
static struct pte_slot walk_find(const struct gstage *g, uint64_t ga, unsigned leaf,
				 unsigned *level)
{
	const struct gstage_mode *m = g->mode;
	void *table = g->root;

	for (*level = m->levels - 1; *level > leaf; (*level)--) {
		struct pte_slot s = slot_of(m, table, ga, *level);
		uint64_t pte = slot_get(g, s);

		if (!pte_is_table(pte)) {
			return s;
		}
		table = pte_table(m, pte);
	}
	return slot_of(m, table, ga, leaf);
}

int gstage_unmap(struct gstage *g, gpa_t gpa_start, uint64_t size)
{
	const struct gstage_mode *m = g->mode;
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
		unsigned leaf = unmap_level(m, ga, size - off);
		struct pte_slot s = walk_find(g, ga, leaf, &at);

		if (at > leaf && pte_is_leaf(slot_get(g, s))) {
			plan_chunk(g, &plan, ga, leaf);
		}
		off += level_size(m, leaf);
	}
	if (plan.needed > page_pool_available(g->pool)) {
		return GSTAGE_ENOMEM;
	}
	for (off = 0; off < size;) {
		uint64_t ga = gpa_start.v + off;
		unsigned leaf = unmap_level(m, ga, size - off);
		struct pte_slot s = walk_find(g, ga, leaf, &at);

		if (at > leaf && pte_is_leaf(slot_get(g, s))) {
			s = walk_create(g, ga, leaf);
		}
		if (at == leaf || pte_is_leaf(slot_get(g, s))) {
			release_entry(g, s, leaf);
		}
		off += level_size(m, leaf);
	}
	return GSTAGE_OK;
}

/* Table pages that splitting a leaf at `level` all the way down to 4 KiB leaves takes. */
static unsigned long tables_to_4k(const struct gstage_mode *m, unsigned level)
{
	return level == 0 ? 0 : 1 + (unsigned long)table_entries(m) * tables_to_4k(m, level - 1);
}

/* Counts the tables GSTAGE_SPLIT_4K needs below an entry that the range covers whole. */
static unsigned long plan_split_4k(const struct gstage_mode *m, uint64_t pte, unsigned level)
{
	unsigned long needed = 0;

	if (pte_is_leaf(pte)) {
		return tables_to_4k(m, level);
	}
	/* A table at level 1 holds only 4 KiB leaves, which need nothing. */
	if (pte_is_table(pte) && level > 1) {
		const void *table = pte_table(m, pte);
		unsigned n = table_entries(m);

		for (unsigned i = 0; i < n; i++) {
			needed += plan_split_4k(m, pte_get(m, table, i), level - 1);
		}
	}
	return needed;
}

/* Gives every leaf under an entry the range covers whole the new permission. */
static void protect_entry(struct gstage *g, struct pte_slot s, unsigned level, unsigned long prot,
			  bool split)
{
	uint64_t pte = slot_get(g, s);

	if (split && level > 0 && pte_is_leaf(pte)) {
		split_leaf(g, s, level);
		pte = slot_get(g, s);
	}
	if (pte_is_table(pte) && level > 0) {
		void *table = pte_table(g->mode, pte);
		unsigned n = table_entries(g->mode);

		for (unsigned i = 0; i < n; i++) {
			protect_entry(g, (struct pte_slot){ table, i }, level - 1, prot, split);
		}
	} else if (pte_is_leaf(pte)) {
		slot_set(g, s, make_leaf_pte(pte_addr(g->mode, pte), prot));
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
	const struct gstage_mode *m = g->mode;
	uint64_t end = start + size;
	uint64_t ga = start;

	/* Invariant: every mapped page in [start, ga) is done (or counted, when planning). */
	while (ga < end) {
		unsigned leaf = unmap_level(m, ga, end - ga);
		unsigned at;
		struct pte_slot s = walk_find(g, ga, leaf, &at);
		uint64_t pte = slot_get(g, s);

		if (at > leaf && !pte_is_leaf(pte)) {
			/* Nothing is mapped anywhere under this entry. */
			ga = (ga | (level_size(m, at) - 1)) + 1;
			continue;
		}
		if (plan && at > leaf) {
			/* A larger leaf the chunk cuts into: split to the chunk, maybe further. */
			plan_chunk(g, plan, ga, leaf);
			plan->needed += split ? tables_to_4k(m, leaf) : 0;
		} else if (plan) {
			plan->needed += split ? plan_split_4k(m, pte, leaf) : 0;
		} else {
			if (at > leaf) {
				s = walk_create(g, ga, leaf);
			}
			protect_entry(g, s, leaf, prot, split);
		}
		ga += level_size(m, leaf);
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
	const struct gstage_mode *m = g->mode;
	const void *table = g->root;

	if (a.v >> m->gpa_bits) {
		return false;
	}
	for (unsigned level = m->levels - 1;; level--) {
		uint64_t pte = pte_get(m, table, level_index(m, a.v, level));

		if (pte_is_leaf(pte)) {
			*out = hpa(pte_addr(m, pte) + (a.v & (level_size(m, level) - 1)));
			*prot = pte & GSTAGE_RWX;
			*level_out = level;
			return true;
		}
		if (!pte_is_table(pte) || level == 0) {
			return false;
		}
		table = pte_table(m, pte);
	}
}
