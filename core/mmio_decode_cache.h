/* SPDX-License-Identifier: Apache-2.0 */
/* A vCPU's memo of its recent MMIO instruction decodes, keyed by the instruction bits. */
#ifndef CORE_MMIO_DECODE_CACHE_H
#define CORE_MMIO_DECODE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/insn_decode.h"

/*
 * A driver polls and feeds a device from a handful of instructions (Linux's 8250 console: one
 * load for LSR and one store for THR, alternating). The faulting access's kind picks a set of
 * entries, so a load and a store never evict each other; way 0 is the set's newest entry, the
 * one a hit most often finds, so the inline lookup compares only it.
 */
#define MMIO_DECODE_CACHE_SETS 2 /* by the G-stage fault's kind: 0 load, 1 store */
#define MMIO_DECODE_CACHE_WAYS 2
/*
 * An empty entry. Keys are the bits sign-extended from 32 (what a register holding them has on
 * RV64, so the compare needs no zero-extension): no 32-bit read gives INT64_MAX.
 */
#define MMIO_DECODE_CACHE_EMPTY INT64_MAX

struct mmio_decode_entry {
	int64_t key; /* mmio_decode_cache_key of the bits, or MMIO_DECODE_CACHE_EMPTY */
	struct insn_mmio acc;
};

/*
 * Keyed by the instruction bits, not by the faulting pc: a decode is a function of the bits
 * alone, and the caller reads them as the guest fetched them on every fault, so nothing the
 * guest does (rewriting its code, a new satp or VS-stage mapping, fence.i, the same code on
 * another vCPU) can make an entry wrong. A pc key would only save that read, and the core is
 * not told when the guest changes what a pc holds: VS-mode satp writes, sfence.vma and fence.i
 * do not trap.
 *
 * Only the entries of set s have is_write == s: a decode of the other kind is refused, never
 * stored, so a hit needs no kind check.
 *
 * Hits are not counted: the hit path stays a compare. The vCPU derives them from its exits
 * (core/stats.c), the cache counts only its lookups that missed (rare).
 */
struct mmio_decode_cache {
	struct mmio_decode_entry set[MMIO_DECODE_CACHE_SETS][MMIO_DECODE_CACHE_WAYS];
	uint64_t misses; /* lookups that decoded, successfully or not */
};

/* Inline, so every file that makes a vCPU has it without linking the cache. */
static inline void mmio_decode_cache_init(struct mmio_decode_cache *c)
{
	for (unsigned s = 0; s < MMIO_DECODE_CACHE_SETS; s++) {
		for (unsigned w = 0; w < MMIO_DECODE_CACHE_WAYS; w++) {
			c->set[s][w] = (struct mmio_decode_entry){ MMIO_DECODE_CACHE_EMPTY, { 0 } };
		}
	}
	c->misses = 0;
}

static inline int64_t mmio_decode_cache_key(uint32_t insn)
{
	return (int32_t)insn;
}

/* mmio_decode_cache_get when way 0 does not have insn: way 1, or a decode into way 0. */
const struct insn_mmio *mmio_decode_cache_slow(struct mmio_decode_cache *c, uint32_t insn,
					       bool store);

/*
 * What insn decodes to (insn_decode_mmio) when it is an access of the fault's kind (store), or
 * NULL when it is no load/store the core emulates, or not of that kind. The record is the
 * cache's: a hit changes none, a miss may change any.
 */
static inline const struct insn_mmio *mmio_decode_cache_get(struct mmio_decode_cache *c,
							    uint32_t insn, bool store)
{
	struct mmio_decode_entry *newest = &c->set[store][0];

	if (__builtin_expect(newest->key == mmio_decode_cache_key(insn), 1)) {
		return &newest->acc;
	}
	return mmio_decode_cache_slow(c, insn, store);
}

#endif
