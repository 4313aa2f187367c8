/* SPDX-License-Identifier: Apache-2.0 */
/* Range allocator of host-physical memory: the core carves guest RAM, page tables and its structures from it. */
#include "core/host_mem.h"

#include "lib/string.h"

struct host_mem core_host_mem;

void host_mem_init(struct host_mem *m)
{
	m->lock = (spinlock_t){ 0 };
	m->count = 0;
}

static void remove_at(struct host_mem *m, unsigned i)
{
	lib_memmove(&m->ranges[i], &m->ranges[i + 1], (m->count - i - 1) * sizeof(m->ranges[0]));
	m->count--;
}

static bool insert_at(struct host_mem *m, unsigned i, uint64_t base, uint64_t end)
{
	if (m->count == HOST_MEM_MAX_RANGES) {
		return false;
	}
	lib_memmove(&m->ranges[i + 1], &m->ranges[i], (m->count - i) * sizeof(m->ranges[0]));
	m->ranges[i] = (struct host_mem_range){ base, end };
	m->count++;
	return true;
}

bool host_mem_add(struct host_mem *m, uint64_t base, uint64_t size)
{
	unsigned i = 0;
	bool ok;

	if (size == 0 || base + size < base) {
		return false;
	}
	spin_lock(&m->lock);
	/* Ranges stay sorted by base; overlapping input is the caller's bug and is not merged. */
	while (i < m->count && m->ranges[i].base < base) {
		i++;
	}
	ok = insert_at(m, i, base, base + size);
	spin_unlock(&m->lock);
	return ok;
}

static bool reserve_locked(struct host_mem *m, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	if (end < base) {
		end = UINT64_MAX;
	}
	if (size == 0) {
		return true;
	}
	/* A hole inside one range needs a free slot: check before changing anything. */
	for (unsigned i = 0; i < m->count; i++) {
		if (m->ranges[i].base < base && m->ranges[i].end > end &&
		    m->count == HOST_MEM_MAX_RANGES) {
			return false;
		}
	}
	/* Invariant: ranges [0, i) end at or below base, or were already clipped. */
	for (unsigned i = 0; i < m->count; i++) {
		struct host_mem_range *r = &m->ranges[i];

		if (r->end <= base || r->base >= end) {
			continue;
		}
		if (r->base >= base && r->end <= end) {
			remove_at(m, i);
			i--;
		} else if (r->base < base && r->end > end) {
			uint64_t old_end = r->end;

			r->end = base;
			insert_at(m, i + 1, end, old_end); /* cannot fail: checked above */
			i++;
		} else if (r->base < base) {
			r->end = base;
		} else {
			r->base = end;
		}
	}
	return true;
}

bool host_mem_reserve(struct host_mem *m, uint64_t base, uint64_t size)
{
	bool ok;

	spin_lock(&m->lock);
	ok = reserve_locked(m, base, size);
	spin_unlock(&m->lock);
	return ok;
}

static bool alloc_locked(struct host_mem *m, uint64_t size, uint64_t align, hpa_t *out)
{
	/* Allocate from the top of the highest range that fits, keeping low memory for aligned blocks. */
	for (unsigned i = m->count; i-- > 0;) {
		struct host_mem_range *r = &m->ranges[i];
		uint64_t start;

		if (r->end - r->base < size) {
			continue;
		}
		start = (r->end - size) & ~(align - 1);
		if (start < r->base) {
			continue;
		}
		if (!reserve_locked(m, start, size)) {
			return false;
		}
		*out = hpa(start);
		return true;
	}
	return false;
}

bool host_mem_alloc(struct host_mem *m, uint64_t size, uint64_t align, hpa_t *out)
{
	bool ok;

	if (size == 0 || align == 0 || (align & (align - 1)) != 0) {
		return false;
	}
	spin_lock(&m->lock);
	ok = alloc_locked(m, size, align, out);
	spin_unlock(&m->lock);
	return ok;
}

uint64_t host_mem_free_bytes(struct host_mem *m)
{
	uint64_t total = 0;

	spin_lock(&m->lock);
	for (unsigned i = 0; i < m->count; i++) {
		total += m->ranges[i].end - m->ranges[i].base;
	}
	spin_unlock(&m->lock);
	return total;
}

/*
 * A whole number of alignments: allocating from the top, a size that is not would leave a sliver
 * above each block, one more free range each time, until the range table is full (64 vCPUs and
 * their threads are well over its 32 ranges).
 */
static size_t whole_alignments(size_t size, size_t align)
{
	if (align && (align & (align - 1)) == 0) {
		size = (size + align - 1) & ~(align - 1);
	}
	return size;
}

void *core_alloc(size_t size, size_t align)
{
	hpa_t p;

	if (!host_mem_alloc(&core_host_mem, whole_alignments(size, align), align, &p)) {
		return NULL;
	}
	return hpa_ptr(p);
}

void *core_alloc_zeroed(size_t size, size_t align)
{
	void *p = core_alloc(size, align);

	if (p) {
		lib_memset(p, 0, whole_alignments(size, align));
	}
	return p;
}
