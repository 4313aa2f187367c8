/* SPDX-License-Identifier: Apache-2.0 */
/* A dirty-page bitmap for one memslot: any hart marks written pages, the VMM harvests them. */
#ifndef CORE_DIRTY_LOG_H
#define CORE_DIRTY_LOG_H

#include <stdbool.h>
#include <stdint.h>

/* The compiler's own constant, so it also works in #if. */
#define BITS_PER_LONG (__SIZEOF_LONG__ * 8)

_Static_assert(BITS_PER_LONG == 8 * sizeof(unsigned long), "BITS_PER_LONG");

/* Words of storage a log of npages pages needs. */
#define DIRTY_LOG_WORDS(npages) (((npages) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* Bit p of the words is page p, the 4 KiB page at offset p * 4 KiB within the slot. */
struct dirty_log {
	unsigned long *bits;
	uint64_t npages;
};

/* storage: DIRTY_LOG_WORDS(npages) unsigned longs owned by the caller; init clears them. */
void dirty_log_init(struct dirty_log *d, unsigned long *storage, uint64_t npages);

/*
 * Records a write to page; returns true if the page was not yet marked (atomic: any hart may
 * call). Out-of-range page: returns false, does nothing.
 */
bool dirty_log_mark(struct dirty_log *d, uint64_t page);

/*
 * Moves every marked page into out (DIRTY_LOG_WORDS(npages) words, overwritten) and clears it
 * in d, word by word with an atomic exchange, so a mark racing with the harvest lands either in
 * this harvest or the next, never lost or reported twice. For each run of consecutive harvested
 * pages calls rearm(ctx, first_page, count) (the caller write-protects them again, then fences
 * before it reads the pages); rearm may be NULL. Returns the number of pages harvested.
 */
uint64_t dirty_log_harvest(struct dirty_log *d, unsigned long *out,
			   void (*rearm)(void *ctx, uint64_t first, uint64_t count), void *ctx);

#endif
