/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the G-stage mapper: random map/unmap/protect sequences on a small page pool,
 * in every mode (Sv32x4 too), checked against an interval model through gstage_lookup, with an
 * independent walk of the tables for the statistics and the PTE format.
 */
#define _GNU_SOURCE /* MAP_32BIT: a pool Sv32x4's 22-bit PPNs can point at */

#include "tests/fuzz/fuzz.h"

#include <string.h>
#include <sys/mman.h>

#include "core/gstage.h"
#include "core/page_pool.h"

#define K4 (1ULL << 12)
#define M2 (1ULL << 21)
#define G1 (1ULL << 30)
#define MAX_SEGS 1024
#define MAX_OPS 48

/* Each mode as the privileged spec gives it, restated here rather than read from core/. */
struct fmode {
	const struct gstage_mode *mode;
	unsigned pte_bytes; /* 4 (Sv32) or 8 */
	unsigned vpn_bits;  /* 10 (Sv32) or 9 */
	unsigned ppn_bits;  /* 22 (Sv32) or 44 */
	unsigned max_leaf;  /* 1 (4 MiB megapage) or 2 (1 GiB) */
};

static const struct fmode fmodes[] = {
	{ &gstage_sv39x4, 8, 9, 44, 2 },
	{ &gstage_sv48x4, 8, 9, 44, 2 },
	{ &gstage_sv57x4, 8, 9, 44, 2 },
	{ &gstage_sv32x4, 4, 10, 22, 1 },
};

static const struct fmode *fm; /* this input's mode */

/* The model: what is mapped, as sorted, disjoint [start, end) runs of linear translation. */
struct seg {
	uint64_t start, end, hpa;
	unsigned long prot;
};

struct model {
	struct seg s[MAX_SEGS];
	unsigned n;
};

static void model_cut(struct model *m, uint64_t start, uint64_t end)
{
	struct seg out[MAX_SEGS];
	unsigned n = 0;

	for (unsigned i = 0; i < m->n; i++) {
		struct seg a = m->s[i];

		if (a.end <= start || a.start >= end) {
			out[n++] = a;
			continue;
		}
		if (a.start < start) {
			out[n++] = (struct seg){ a.start, start, a.hpa, a.prot };
		}
		if (a.end > end) {
			out[n++] = (struct seg){ end, a.end, a.hpa + (end - a.start), a.prot };
		}
		FZ_CHECK(n < MAX_SEGS, "model full");
	}
	memcpy(m->s, out, n * sizeof(out[0]));
	m->n = n;
}

static void model_insert(struct model *m, struct seg a)
{
	unsigned i = 0;

	while (i < m->n && m->s[i].start < a.start) {
		i++;
	}
	FZ_CHECK(m->n < MAX_SEGS, "model full");
	memmove(&m->s[i + 1], &m->s[i], (m->n - i) * sizeof(a));
	m->s[i] = a;
	m->n++;
}

static void model_protect(struct model *m, uint64_t start, uint64_t end, unsigned long prot)
{
	struct seg inside[MAX_SEGS];
	unsigned n = 0;

	for (unsigned i = 0; i < m->n; i++) {
		const struct seg *a = &m->s[i];

		if (a->end > start && a->start < end) {
			uint64_t s = a->start > start ? a->start : start;
			uint64_t e = a->end < end ? a->end : end;

			inside[n++] = (struct seg){ s, e, a->hpa + (s - a->start), prot };
		}
	}
	model_cut(m, start, end);
	for (unsigned i = 0; i < n; i++) {
		model_insert(m, inside[i]);
	}
}

static const struct seg *model_find(const struct model *m, uint64_t a)
{
	for (unsigned i = 0; i < m->n; i++) {
		if (a >= m->s[i].start && a < m->s[i].end) {
			return &m->s[i];
		}
	}
	return NULL;
}

/* ---- the checks ---- */

static uint64_t level_size(unsigned level)
{
	return 1ULL << (12 + fm->vpn_bits * level);
}

static uint64_t hpa_limit(void)
{
	return 1ULL << (fm->ppn_bits + 12);
}

static uint64_t read_pte(const void *table, unsigned i)
{
	uint64_t pte = 0;

	memcpy(&pte, (const uint8_t *)table + (size_t)i * fm->pte_bytes, fm->pte_bytes);
	return pte;
}

static void check_lookup(const struct gstage *g, const struct model *m, uint64_t a)
{
	const struct seg *s = model_find(m, a);
	hpa_t h = { 0 };
	unsigned long prot = 0;
	unsigned level = 99;
	bool hit = gstage_lookup(g, gpa(a), &h, &prot, &level);

	FZ_CHECK(hit == (s != NULL), "lookup 0x%llx: mapped %d, model %d", (unsigned long long)a,
		 hit, s != NULL);
	if (!hit) {
		return;
	}
	FZ_CHECK(h.v == s->hpa + (a - s->start) && prot == s->prot,
		 "lookup 0x%llx = 0x%llx prot %lx, model 0x%llx prot %lx", (unsigned long long)a,
		 (unsigned long long)h.v, prot, (unsigned long long)(s->hpa + (a - s->start)),
		 s->prot);
	FZ_CHECK(level <= fm->max_leaf, "level %u", level);
}

/* Looks at the edges of an operation's range and of every run in the model. */
static void check_around(const struct gstage *g, const struct model *m, uint64_t start,
			 uint64_t size)
{
	uint64_t limit = 1ULL << g->mode->gpa_bits;
	uint64_t pts[] = { start, start + size - 1, start + size, start - 1, start + size / 2 };

	for (unsigned i = 0; i < sizeof(pts) / sizeof(pts[0]); i++) {
		check_lookup(g, m, pts[i] % limit);
	}
	for (unsigned i = 0; i < m->n && i < 64; i++) {
		check_lookup(g, m, m->s[i].start);
		check_lookup(g, m, m->s[i].end - 1);
		check_lookup(g, m, m->s[i].end % limit);
	}
}

struct walk {
	unsigned long tables;
	unsigned long leaves[GSTAGE_MAX_LEAF_LEVEL + 1];
};

/* An independent walk: every table inside the pool, every PTE in the format the spec wants. */
static void walk_table(const struct page_pool *p, const void *t, unsigned entries, unsigned level,
		       struct walk *w)
{
	for (unsigned i = 0; i < entries; i++) {
		uint64_t pte = read_pte(t, i);
		uint64_t addr = ((pte >> 10) & ((1ULL << fm->ppn_bits) - 1)) << 12;

		if (!(pte & PTE_V)) {
			FZ_CHECK(pte == 0, "invalid PTE with bits 0x%llx", (unsigned long long)pte);
			continue;
		}
		FZ_CHECK(fm->pte_bytes == 4 || (pte >> 54) == 0,
			 "reserved/PBMT/N bits in PTE 0x%llx", (unsigned long long)pte);
		FZ_CHECK(!(pte & PTE_G), "G bit in a G-stage PTE");
		if (pte & (PTE_R | PTE_W | PTE_X)) {
			FZ_CHECK(level <= fm->max_leaf, "leaf at level %u", level);
			FZ_CHECK((pte & (PTE_U | PTE_A | PTE_D)) == (PTE_U | PTE_A | PTE_D),
				 "leaf without U/A/D: 0x%llx", (unsigned long long)pte);
			FZ_CHECK(!((pte & PTE_W) && !(pte & PTE_R)), "write-only leaf");
			FZ_CHECK(addr % level_size(level) == 0, "misaligned leaf at level %u",
				 level);
			w->leaves[level]++;
			continue;
		}
		FZ_CHECK(level > 0, "table pointer at level 0");
		FZ_CHECK((pte & (PTE_U | PTE_A | PTE_D)) == 0, "non-leaf with U/A/D: 0x%llx",
			 (unsigned long long)pte);
		FZ_CHECK(addr >= (uint64_t)(uintptr_t)p->base &&
				 addr < (uint64_t)(uintptr_t)p->base + p->npages * K4,
			 "table at 0x%llx outside the pool", (unsigned long long)addr);
		w->tables++;
		walk_table(p, (const void *)(uintptr_t)addr, 1u << fm->vpn_bits, level - 1, w);
	}
}

static void check_tree(const struct gstage *g, const struct page_pool *p)
{
	struct walk w = { GSTAGE_ROOT_PAGES, { 0, 0, 0 } };

	/* The x4 root: two more index bits, four pages, whatever the PTE width. */
	walk_table(p, g->root, (1u << fm->vpn_bits) * GSTAGE_ROOT_PAGES, g->mode->levels - 1, &w);
	FZ_CHECK(w.tables == g->stats.tables, "%lu tables, stats say %lu", w.tables,
		 g->stats.tables);
	FZ_CHECK(p->npages - page_pool_available(p) == w.tables,
		 "pool has %zu pages out, %lu tables", p->npages - page_pool_available(p),
		 w.tables);
	for (unsigned l = 0; l <= GSTAGE_MAX_LEAF_LEVEL; l++) {
		FZ_CHECK(w.leaves[l] == g->stats.leaves[l], "%lu level-%u leaves, stats say %lu",
			 w.leaves[l], l, g->stats.leaves[l]);
	}
}

/* ---- choosing operations ---- */

static uint64_t pick_gpa(struct fz *f, uint64_t limit)
{
	switch (fz_u8(f) % 8) {
	case 0:
		return (uint64_t)fz_u16(f) * K4;
	case 1:
		return 0x80000000ULL + (uint64_t)fz_u16(f) * K4;
	case 2:
		return (uint64_t)fz_below(f, 16) * G1 + (uint64_t)fz_below(f, 4) * M2;
	case 3:
		return limit - (uint64_t)fz_u8(f) * K4 - (fz_bool(f) ? G1 : 0); /* the top */
	case 4:
		return (fz_u64(f) % limit) & ~(K4 - 1);
	case 5:
		return limit + (uint64_t)fz_u8(f) * K4; /* just outside */
	case 6:
		return (uint64_t)fz_below(f, 8) * M2 + (uint64_t)fz_below(f, 4) * K4;
	default:
		return fz_u64(f); /* probably misaligned */
	}
}

static uint64_t pick_size(struct fz *f)
{
	switch (fz_u8(f) % 8) {
	case 0:
	case 1:
		return (uint64_t)(1 + fz_below(f, 600)) * K4;
	case 2:
		return (uint64_t)(1 + fz_below(f, 8)) * (fz_bool(f) ? M2 : level_size(1));
	case 3:
		return (uint64_t)(1 + fz_below(f, 4)) * G1;
	case 4:
		return (uint64_t)(1 + fz_below(f, 4)) * level_size(1) +
		       (uint64_t)fz_below(f, 16) * K4;
	case 5:
		return 0;
	case 6:
		return (uint64_t)fz_u16(f) + 1; /* misaligned */
	default:
		return fz_bool(f) ? UINT64_MAX - K4 + 1 : ((uint64_t)fz_u8(f) + 1) << 30;
	}
}

/* Host-physical targets: aligned like the guest address (large leaves) or not, near the top. */
static uint64_t pick_hpa(struct fz *f, uint64_t ga)
{
	switch (fz_u8(f) % 6) {
	case 0:
	case 1:
		return hpa_limit() / 4 + (ga & (G1 - 1));
	case 2:
		return hpa_limit() / 8 + (uint64_t)fz_u16(f) * K4;
	case 3:
		return hpa_limit() - (uint64_t)fz_below(f, 8) * G1 - (uint64_t)fz_u8(f) * K4;
	case 4:
		return fz_u64(f) & ~(K4 - 1);
	default:
		return fz_u64(f);
	}
}

static unsigned long pick_prot(struct fz *f)
{
	static const unsigned long prots[] = {
		GSTAGE_READ,  GSTAGE_READ | GSTAGE_WRITE,
		GSTAGE_RWX,   GSTAGE_READ | GSTAGE_EXEC,
		GSTAGE_EXEC,  0,
		GSTAGE_WRITE, GSTAGE_WRITE | GSTAGE_EXEC,
		1UL << 4,
	};

	return prots[fz_below(f, sizeof(prots) / sizeof(prots[0]))];
}

/* ---- the header's argument rules, restated ---- */

static bool range_valid(uint64_t a, uint64_t size, uint64_t limit)
{
	return size != 0 && a % K4 == 0 && size % K4 == 0 && a < limit && size <= limit - a;
}

static bool prot_valid(unsigned long prot)
{
	return (prot & ~(unsigned long)GSTAGE_RWX) == 0 &&
	       !((prot & GSTAGE_WRITE) && !(prot & GSTAGE_READ));
}

/* Largest leaf both addresses are aligned to and the range covers. */
static unsigned expected_level(uint64_t ga, uint64_t ha, uint64_t size)
{
	for (unsigned l = fm->max_leaf; l > 0; l--) {
		if ((ga | ha) % level_size(l) == 0 && size >= level_size(l)) {
			return l;
		}
	}
	return 0;
}

/* Whether a map splits into few enough leaves to run fast (the mapper walks them one by one). */
static bool few_chunks(uint64_t ga, uint64_t ha, uint64_t size)
{
	uint64_t off = 0;

	for (unsigned n = 0; n < (1u << 16); n++) {
		if (off >= size || size % K4 != 0) {
			return true;
		}
		off += level_size(expected_level(ga + off, ha + off, size - off));
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model m;
	struct fz f = fz_init(data, size);
	size_t npages;
	uint8_t *map, *mem;
	size_t map_bytes;
	uint64_t limit;
	struct page_pool pool;
	struct gstage g;
	unsigned ops = 0;

	fm = &fmodes[fz_below(&f, sizeof(fmodes) / sizeof(fmodes[0]))];
	limit = 1ULL << fm->mode->gpa_bits;
	npages = 4 + fz_below(&f, 80);
	/* Low memory for every mode (Sv32x4's PTEs reach 2^34), trimmed to exactly npages pages. */
	map_bytes = (npages + GSTAGE_ROOT_PAGES - 1) * K4;
	map = mmap(NULL, map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
		   -1, 0);
	FZ_CHECK(map != MAP_FAILED, "no memory");
	mem = (uint8_t *)(((uintptr_t)map + GSTAGE_ROOT_PAGES * K4 - 1) &
			  ~(uintptr_t)(GSTAGE_ROOT_PAGES * K4 - 1));
	if (mem > map) {
		munmap(map, (size_t)(mem - map));
	}
	if (map + map_bytes > mem + npages * K4) {
		munmap(mem + npages * K4, (size_t)(map + map_bytes - (mem + npages * K4)));
	}
	page_pool_init(&pool, mem, npages);
	FZ_CHECK(gstage_init(&g, fm->mode, &pool) == GSTAGE_OK, "init");
	m.n = 0;
	while (!fz_empty(&f) && ops++ < MAX_OPS) {
		unsigned op = fz_u8(&f) % 4;
		uint64_t ga = pick_gpa(&f, limit), sz = pick_size(&f), ha = 0;
		unsigned long prot = pick_prot(&f);
		unsigned flags = 0;
		bool valid;
		int rc;

		switch (op) {
		case 0:
		case 1:
			ha = pick_hpa(&f, ga);
			if (!few_chunks(ga, ha, sz)) {
				continue; /* slow, not interesting: millions of 4 KiB leaves */
			}
			valid = range_valid(ga, sz, limit) && ha % K4 == 0 && ha + sz >= ha &&
				ha + sz <= hpa_limit() && prot_valid(prot);
			rc = gstage_map(&g, gpa(ga), hpa(ha), sz, prot);
			break;
		case 2:
			valid = range_valid(ga, sz, limit);
			rc = gstage_unmap(&g, gpa(ga), sz);
			break;
		default:
			flags = fz_u8(&f) < 240 ? (fz_bool(&f) ? GSTAGE_SPLIT_4K : 0) : fz_u8(&f);
			valid = range_valid(ga, sz, limit) && prot != 0 && prot_valid(prot) &&
				(flags & ~GSTAGE_SPLIT_4K) == 0;
			rc = gstage_protect(&g, gpa(ga), sz, prot, flags);
			break;
		}
		FZ_CHECK(rc == GSTAGE_OK || rc == GSTAGE_EINVAL || rc == GSTAGE_ENOMEM, "rc %d",
			 rc);
		FZ_CHECK(
			(rc == GSTAGE_EINVAL) == !valid,
			"op %u gpa 0x%llx size 0x%llx hpa 0x%llx prot %lx flags %x: rc %d valid %d",
			op, (unsigned long long)ga, (unsigned long long)sz, (unsigned long long)ha,
			prot, flags, rc, valid);
		if (rc == GSTAGE_OK) {
			if (op < 2) {
				model_cut(&m, ga, ga + sz);
				if (prot) {
					model_insert(&m, (struct seg){ ga, ga + sz, ha, prot });
				}
			} else if (op == 2) {
				model_cut(&m, ga, ga + sz);
			} else {
				model_protect(&m, ga, ga + sz, prot);
			}
		}
		if (rc == GSTAGE_ENOMEM) {
			/* "Nothing was changed": the whole tree must still match the model. */
			check_tree(&g, &pool);
		}
		if (!valid) {
			continue;
		}
		check_around(&g, &m, ga, sz);
		if (rc == GSTAGE_OK && op < 2 && prot) {
			hpa_t h;
			unsigned long p;
			unsigned level;

			FZ_CHECK(gstage_lookup(&g, gpa(ga), &h, &p, &level) &&
					 level == expected_level(ga, ha, sz),
				 "map of 0x%llx -> 0x%llx size 0x%llx used level %u, want %u",
				 (unsigned long long)ga, (unsigned long long)ha,
				 (unsigned long long)sz, level, expected_level(ga, ha, sz));
		}
		if (rc == GSTAGE_OK && op == 3 && (flags & GSTAGE_SPLIT_4K)) {
			uint64_t pts[] = { ga, ga + sz - K4, ga + (sz / 2 & ~(K4 - 1)) };

			for (unsigned i = 0; i < 3; i++) {
				hpa_t h;
				unsigned long p;
				unsigned level;

				FZ_CHECK(!gstage_lookup(&g, gpa(pts[i]), &h, &p, &level) ||
						 level == 0,
					 "SPLIT_4K left a level-%u leaf at 0x%llx", level,
					 (unsigned long long)pts[i]);
			}
		}
	}
	check_tree(&g, &pool);
	munmap(mem, npages * K4);
	return 0;
}
