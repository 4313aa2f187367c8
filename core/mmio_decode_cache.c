/* The slow half of the MMIO decode cache (core/mmio_decode_cache.h): a decode and its new entry. */
#include "core/mmio_decode_cache.h"

/* Out of line: the hit path stays a few compares in the exit path's registers. */
__attribute__((noinline)) int mmio_decode_cache_miss(struct mmio_decode_cache *c, uint32_t insn,
						     struct insn_mmio *out)
{
	struct insn_mmio acc;
	int rc = insn_decode_mmio(insn, &acc);

	c->misses++;
	if (rc != 0) {
		return rc;
	}
	/* Round robin: the working set is small, and a steady pattern never evicts itself. */
	c->insn[c->victim] = insn;
	c->acc[c->victim] = acc;
	c->victim = (c->victim + 1) % MMIO_DECODE_CACHE_WAYS;
	*out = acc;
	return 0;
}
