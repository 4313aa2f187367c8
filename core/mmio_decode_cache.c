/* SPDX-License-Identifier: Apache-2.0 */
/* The slow half of the MMIO decode cache (core/mmio_decode_cache.h): way 1, or a new decode. */
#include "core/mmio_decode_cache.h"

#include <stddef.h>

_Static_assert(MMIO_DECODE_CACHE_WAYS == 2, "the slow path knows one way besides way 0");

/* Out of line: the inline hit path stays a compare in the exit path's registers. */
__attribute__((noinline)) const struct insn_mmio *
mmio_decode_cache_slow(struct mmio_decode_cache *c, uint32_t insn, bool store)
{
	struct mmio_decode_entry *set = c->set[store];
	struct insn_mmio acc;

	if (set[1].key == mmio_decode_cache_key(insn)) {
		return &set[1].acc; /* not moved to way 0: a hit changes no record */
	}
	c->misses++;
	if (insn_decode_mmio(insn, &acc) != 0 || acc.is_write != store) {
		return NULL;
	}
	/* The newest in way 0, the one before in way 1: a steady pair never evicts itself. */
	set[1] = set[0];
	set[0] = (struct mmio_decode_entry){ mmio_decode_cache_key(insn), acc };
	return &set[0].acc;
}
