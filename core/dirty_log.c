/* SPDX-License-Identifier: Apache-2.0 */
/* Dirty-page bitmap: lock-free marking with fetch-or, harvesting with one exchange per word. */
#include "core/dirty_log.h"

#include "lib/string.h"

void dirty_log_init(struct dirty_log *d, unsigned long *storage, uint64_t npages)
{
	d->bits = storage;
	d->npages = npages;
	/* Bits past npages in the last word must stay clear: nothing but mark ever sets a bit. */
	lib_memset(storage, 0, (size_t)DIRTY_LOG_WORDS(npages) * sizeof(unsigned long));
}

bool dirty_log_mark(struct dirty_log *d, uint64_t page)
{
	unsigned long bit;
	unsigned long old;

	if (page >= d->npages) {
		return false;
	}
	bit = 1UL << (page % BITS_PER_LONG);
	/*
	 * The read-modify-write orders this mark against every other one and every harvest
	 * exchange on the word; acquire-release also keeps the caller's following PTE update
	 * (making the page writable) from becoming visible before the mark.
	 */
	old = __atomic_fetch_or(&d->bits[page / BITS_PER_LONG], bit, __ATOMIC_ACQ_REL);
	return (old & bit) == 0;
}

struct run {
	uint64_t first;
	uint64_t count;
};

static void run_flush(const struct run *r, void (*rearm)(void *, uint64_t, uint64_t), void *ctx)
{
	if (r->count != 0 && rearm) {
		rearm(ctx, r->first, r->count);
	}
}

uint64_t dirty_log_harvest(struct dirty_log *d, unsigned long *out,
			   void (*rearm)(void *ctx, uint64_t first, uint64_t count), void *ctx)
{
	uint64_t words = DIRTY_LOG_WORDS(d->npages);
	uint64_t harvested = 0;
	struct run r = { 0, 0 };

	/* Invariant: words below w are moved to out; every run but the open one r is rearmed. */
	for (uint64_t w = 0; w < words; w++) {
		unsigned long v = 0;

		/*
		 * A relaxed look first keeps clean words (most of them) from being written. A mark
		 * that lands after it, or after the exchange, waits for the next harvest. Only the
		 * exchange clears a bit, so no mark is lost or reported twice.
		 */
		if (__atomic_load_n(&d->bits[w], __ATOMIC_RELAXED) != 0) {
			v = __atomic_exchange_n(&d->bits[w], 0UL, __ATOMIC_ACQ_REL);
		}
		out[w] = v;
		for (unsigned b = 0; v != 0; b++, v >>= 1) {
			uint64_t page = w * BITS_PER_LONG + b;

			if (!(v & 1)) {
				continue;
			}
			harvested++;
			if (r.count != 0 && r.first + r.count == page) {
				r.count++;
				continue;
			}
			run_flush(&r, rearm, ctx);
			r.first = page;
			r.count = 1;
		}
	}
	run_flush(&r, rearm, ctx);
	return harvested;
}
