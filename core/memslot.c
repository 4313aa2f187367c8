/* SPDX-License-Identifier: Apache-2.0 */
/* A VM's guest RAM regions and checked access to guest memory (see core/memslot.h). */
#include "core/memslot.h"

#include "core/gstage.h"
#include "rvkvm/rvkvm.h"

unsigned long memslot_prot(uint32_t flags)
{
	/* A logged slot starts write-protected: the first write to each page faults and is logged. */
	if (flags & (RVKVM_MEM_READONLY | RVKVM_MEM_LOG_DIRTY_PAGES)) {
		return GSTAGE_READ | GSTAGE_EXEC;
	}
	return GSTAGE_RWX;
}

const struct memslot *memslot_find(const struct memslots *s, gpa_t a, uint64_t len)
{
	if (len == 0) {
		len = 1;
	}
	if (a.v + len < a.v) {
		return NULL;
	}
	for (unsigned i = 0; i < MEMSLOT_MAX; i++) {
		const struct memslot *m = &s->slot[i];

		if (m->used && a.v >= m->base.v && a.v - m->base.v < m->size &&
		    len <= m->size - (a.v - m->base.v)) {
			return m;
		}
	}
	return NULL;
}

void *memslot_host_ptr(const struct memslots *s, gpa_t a, uint64_t len)
{
	const struct memslot *m = memslot_find(s, a, len);

	if (!m) {
		return NULL;
	}
	return (uint8_t *)hpa_ptr(m->host) + (a.v - m->base.v);
}

bool memslot_overlaps(const struct memslots *s, gpa_t base, uint64_t size, int skip)
{
	for (int i = 0; i < MEMSLOT_MAX; i++) {
		const struct memslot *m = &s->slot[i];

		if (i == skip || !m->used) {
			continue;
		}
		if (base.v < m->base.v + m->size && m->base.v < base.v + size) {
			return true;
		}
	}
	return false;
}
