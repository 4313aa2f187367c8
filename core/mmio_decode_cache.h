/* A vCPU's memo of its recent MMIO instruction decodes, keyed by the instruction bits. */
#ifndef CORE_MMIO_DECODE_CACHE_H
#define CORE_MMIO_DECODE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/insn_decode.h"

/*
 * A driver polls and feeds a device from a handful of instructions (Linux's 8250 console: one
 * load for LSR and one store for THR, alternating). The faulting access's kind picks a set of
 * entries, so a load and a store never evict each other and a lookup is at most two compares.
 */
#define MMIO_DECODE_CACHE_SETS 2 /* by the G-stage fault's kind: 0 load, 1 store */
#define MMIO_DECODE_CACHE_WAYS 2
/* An empty entry: a read of one instruction (32 bits at most) never gives this. */
#define MMIO_DECODE_CACHE_EMPTY UINT64_MAX

struct mmio_decode_entry {
	uint64_t insn; /* the bits, or MMIO_DECODE_CACHE_EMPTY */
	struct insn_mmio acc;
};

/*
 * Keyed by the instruction bits, not by the faulting pc: a decode is a function of the bits
 * alone, and the caller reads them as the guest fetched them on every fault, so nothing the
 * guest does (rewriting its code, a new satp or VS-stage mapping, fence.i, the same code on
 * another vCPU) can make an entry wrong. A pc key would only save that read, and the core is
 * not told when the guest changes what a pc holds: VS-mode satp writes, sfence.vma and fence.i
 * do not trap.
 */
struct mmio_decode_cache {
	struct mmio_decode_entry set[MMIO_DECODE_CACHE_SETS][MMIO_DECODE_CACHE_WAYS];
	unsigned victim[MMIO_DECODE_CACHE_SETS]; /* the way the set's next miss replaces */
	uint64_t hits, misses;                    /* for --stats */
};

/* Inline, so every file that makes a vCPU has it without linking the cache. */
static inline void mmio_decode_cache_init(struct mmio_decode_cache *c)
{
	for (unsigned s = 0; s < MMIO_DECODE_CACHE_SETS; s++) {
		for (unsigned w = 0; w < MMIO_DECODE_CACHE_WAYS; w++) {
			c->set[s][w] = (struct mmio_decode_entry){ MMIO_DECODE_CACHE_EMPTY, { 0 } };
		}
		c->victim[s] = 0;
	}
	c->hits = 0;
	c->misses = 0;
}

/* mmio_decode_cache_get when no entry has insn: decodes it into one; a failure takes none. */
const struct insn_mmio *mmio_decode_cache_miss(struct mmio_decode_cache *c, uint32_t insn,
					       bool store);

/*
 * What insn decodes to (insn_decode_mmio), or NULL when it is no load/store the core emulates.
 * store is the fault's kind, a hint for where to look: the caller still checks the decode's
 * is_write against it. The record is the cache's: a hit changes none, a miss may change any.
 */
static inline const struct insn_mmio *mmio_decode_cache_get(struct mmio_decode_cache *c,
							    uint32_t insn, bool store)
{
	struct mmio_decode_entry *set = c->set[store];

	_Static_assert(MMIO_DECODE_CACHE_WAYS == 2, "the lookup below compares two ways");
	if (set[0].insn == insn) {
		c->hits++;
		return &set[0].acc;
	}
	if (set[1].insn == insn) {
		c->hits++;
		return &set[1].acc;
	}
	return mmio_decode_cache_miss(c, insn, store);
}

#endif
