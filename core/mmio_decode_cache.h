/* A vCPU's memo of its recent MMIO instruction decodes, keyed by the instruction bits. */
#ifndef CORE_MMIO_DECODE_CACHE_H
#define CORE_MMIO_DECODE_CACHE_H

#include <stdint.h>

#include "core/insn_decode.h"

/*
 * A driver polls and feeds a device from a handful of instructions (Linux's 8250 console: an
 * LSR load and a THR store, alternating), so a few entries hold the whole working set.
 */
#define MMIO_DECODE_CACHE_WAYS 4
/* An empty entry: a read of one instruction (32 bits at most) never gives this. */
#define MMIO_DECODE_CACHE_EMPTY UINT64_MAX

/*
 * Keyed by the instruction bits, not by the faulting pc: a decode is a function of the bits
 * alone, and the caller reads them as the guest fetched them on every fault, so nothing the
 * guest does (rewriting its code, a new satp or VS-stage mapping, fence.i, the same code on
 * another vCPU) can make an entry wrong. A pc key would only save that read, and the core is
 * not told when the guest changes what a pc holds: VS-mode satp writes, sfence.vma and fence.i
 * do not trap.
 */
struct mmio_decode_cache {
	uint64_t insn[MMIO_DECODE_CACHE_WAYS]; /* the bits, or MMIO_DECODE_CACHE_EMPTY */
	struct insn_mmio acc[MMIO_DECODE_CACHE_WAYS];
	unsigned victim;                       /* the entry the next miss replaces */
	uint64_t hits, misses;                 /* for --stats */
};

/* Inline, so every file that makes a vCPU has it without linking the cache. */
static inline void mmio_decode_cache_init(struct mmio_decode_cache *c)
{
	for (unsigned i = 0; i < MMIO_DECODE_CACHE_WAYS; i++) {
		c->insn[i] = MMIO_DECODE_CACHE_EMPTY;
		c->acc[i] = (struct insn_mmio){ 0 };
	}
	c->victim = 0;
	c->hits = 0;
	c->misses = 0;
}

/* insn_decode_mmio through the cache; a failed decode is returned, never remembered. */
int mmio_decode_cache_miss(struct mmio_decode_cache *c, uint32_t insn, struct insn_mmio *out);

/* What insn_decode_mmio(insn, out) would return and write, from the cache when it can. */
static inline int mmio_decode_cache_get(struct mmio_decode_cache *c, uint32_t insn,
					struct insn_mmio *out)
{
	for (unsigned i = 0; i < MMIO_DECODE_CACHE_WAYS; i++) {
		if (c->insn[i] == insn) {
			*out = c->acc[i];
			c->hits++;
			return 0;
		}
	}
	return mmio_decode_cache_miss(c, insn, out);
}

#endif
