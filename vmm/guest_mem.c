/* SPDX-License-Identifier: Apache-2.0 */
/* Guest-physical ranges turned into host addresses, only when the whole range is guest RAM. */
#include "vmm/guest_mem.h"

#include <stddef.h>

/*
 * Makes RAM offsets [off, off + len) present, len > 0 and the range within RAM: each block not
 * known present is made present whole (clipped to RAM's end) and remembered. 0, or present's
 * error. Blocks past GUEST_MEM_PRESENT_BLOCKS are asked for each time.
 */
static int make_present(const struct guest_mem *m, uint64_t off, uint64_t len)
{
	uint64_t first = off >> GUEST_MEM_BLOCK_SHIFT;
	uint64_t last = (off + len - 1) >> GUEST_MEM_BLOCK_SHIFT;

	if (m->present_bits == NULL || last >= GUEST_MEM_PRESENT_BLOCKS) {
		return m->present(m->present_ctx, m->base + off, len);
	}
	for (uint64_t b = first; b <= last; b++) {
		unsigned long *word = &m->present_bits[b / GUEST_MEM_BITS_PER_WORD];
		unsigned long bit = 1ul << (b % GUEST_MEM_BITS_PER_WORD);
		uint64_t start = b << GUEST_MEM_BLOCK_SHIFT;
		uint64_t end = (b + 1) << GUEST_MEM_BLOCK_SHIFT;
		int err;

		/* Acquire: who sees the bit sees the zeros the core wrote before present returned. */
		if (__atomic_load_n(word, __ATOMIC_ACQUIRE) & bit) {
			continue;
		}
		end = end < m->size ? end : m->size;
		if ((err = m->present(m->present_ctx, m->base + start, end - start)) != 0) {
			return err;
		}
		__atomic_fetch_or(word, bit, __ATOMIC_RELEASE);
	}
	return 0;
}

void *guest_mem_make_present(const struct guest_mem *m, uint64_t off, uint64_t len)
{
	return make_present(m, off, len) == 0 ? m->host + off : NULL;
}
