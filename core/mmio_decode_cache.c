/* The slow half of the MMIO decode cache (core/mmio_decode_cache.h): a decode and its new entry. */
#include "core/mmio_decode_cache.h"

#include <stddef.h>

/* Out of line: the hit path stays a few compares in the exit path's registers. */
__attribute__((noinline)) const struct insn_mmio *
mmio_decode_cache_miss(struct mmio_decode_cache *c, uint32_t insn, bool store)
{
	struct mmio_decode_entry *e = &c->set[store][c->victim[store]];
	struct insn_mmio acc;

	c->misses++;
	if (insn_decode_mmio(insn, &acc) != 0) {
		return NULL;
	}
	/* Round robin: the working set is small, and a steady pattern never evicts itself. */
	e->insn = insn;
	e->acc = acc;
	c->victim[store] = (c->victim[store] + 1) % MMIO_DECODE_CACHE_WAYS;
	return &e->acc;
}
