/* SPDX-License-Identifier: Apache-2.0 */
/* Guest-physical ranges turned into host addresses, only when the whole range is guest RAM. */
#include "vmm/guest_mem.h"

#include <stddef.h>

void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	uint64_t off;

	if (m == NULL || m->host == NULL || gpa < m->base) {
		return NULL;
	}
	off = gpa - m->base;
	/* Two comparisons, no additions: neither gpa + len nor base + size can wrap here. */
	if (off > m->size || len > m->size - off) {
		return NULL;
	}
	if (m->present && len && m->present(m->present_ctx, gpa, len) != 0) {
		return NULL;
	}
	return m->host + off;
}
