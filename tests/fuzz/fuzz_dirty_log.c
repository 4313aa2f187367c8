/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the dirty-page log: marks (in range or not) and harvests on logs of any size,
 * against a byte-per-page model; storage is exactly as large as the header says, so ASan sees
 * any word touched past it.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "core/dirty_log.h"

#define MAX_PAGES 5000

struct harvest {
	const uint8_t *expect; /* the model's marks at harvest time */
	uint64_t npages;
	uint64_t next; /* runs come in increasing order, each after the last */
	uint64_t total;
	bool any;
};

static void rearm(void *ctx, uint64_t first, uint64_t count)
{
	struct harvest *h = ctx;

	FZ_CHECK(count > 0, "empty run");
	FZ_CHECK(first < h->npages && count <= h->npages - first, "run %llu+%llu past %llu pages",
		 (unsigned long long)first, (unsigned long long)count,
		 (unsigned long long)h->npages);
	/* Runs are maximal: the pages just before and after a run are clean. */
	FZ_CHECK(!h->any || first > h->next, "run at %llu does not follow the last one (%llu)",
		 (unsigned long long)first, (unsigned long long)h->next);
	FZ_CHECK(first == 0 || !h->expect[first - 1], "run at %llu is not maximal",
		 (unsigned long long)first);
	FZ_CHECK(first + count == h->npages || !h->expect[first + count], "run end not maximal");
	for (uint64_t p = first; p < first + count; p++) {
		FZ_CHECK(h->expect[p], "clean page %llu in a run", (unsigned long long)p);
	}
	h->next = first + count;
	h->total += count;
	h->any = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t model[MAX_PAGES];
	struct fz f = fz_init(data, size);
	uint64_t npages = fz_bool(&f) ? fz_below(&f, 200) : fz_below(&f, MAX_PAGES);
	size_t words = DIRTY_LOG_WORDS(npages);
	unsigned long *bits = malloc(words ? words * sizeof(long) : 1);
	unsigned long *out = malloc(words ? words * sizeof(long) : 1);
	struct dirty_log d;
	unsigned steps = 0;

	memset(model, 0, sizeof(model));
	memset(bits, 0x5a, words * sizeof(long));
	dirty_log_init(&d, bits, npages);
	for (size_t w = 0; w < words; w++) {
		FZ_CHECK(bits[w] == 0, "init left word %zu set", w);
	}
	while (!fz_empty(&f) && steps++ < 2000) {
		unsigned op = fz_u8(&f) % 8;

		if (op < 6) {
			/* In range mostly; at the edges; or anywhere. */
			uint64_t page;
			bool fresh;

			switch (fz_u8(&f) % 4) {
			case 0:
				page = npages - 1 - fz_below(&f, 3);
				break;
			case 1:
				page = fz_bool(&f) ? npages + fz_below(&f, 70) : fz_u64(&f);
				break;
			default:
				page = npages ? fz_u16(&f) % npages : 0;
				break;
			}
			fresh = dirty_log_mark(&d, page);
			if (page >= npages) {
				FZ_CHECK(!fresh, "mark of page %llu past %llu",
					 (unsigned long long)page, (unsigned long long)npages);
				continue;
			}
			FZ_CHECK(fresh == !model[page], "mark of page %llu returned %d, model %d",
				 (unsigned long long)page, fresh, model[page]);
			model[page] = 1;
		} else {
			struct harvest h = { model, npages, 0, 0, false };
			bool with_rearm = fz_bool(&f);
			uint64_t want = 0, got;

			for (uint64_t p = 0; p < npages; p++) {
				want += model[p];
			}
			got = dirty_log_harvest(&d, out, with_rearm ? rearm : NULL, &h);
			FZ_CHECK(got == want, "harvested %llu, model %llu", (unsigned long long)got,
				 (unsigned long long)want);
			FZ_CHECK(h.total == (with_rearm ? want : 0),
				 "runs cover %llu of %llu pages", (unsigned long long)h.total,
				 (unsigned long long)want);
			for (uint64_t p = 0; p < npages; p++) {
				bool bit = (out[p / BITS_PER_LONG] >> (p % BITS_PER_LONG)) & 1;

				FZ_CHECK(bit == model[p], "harvest bit %llu",
					 (unsigned long long)p);
			}
			/* Bits past npages in the last word stay clear. */
			if (npages % BITS_PER_LONG) {
				FZ_CHECK((out[words - 1] >> (npages % BITS_PER_LONG)) == 0,
					 "stray bits");
			}
			for (size_t w = 0; w < words; w++) {
				FZ_CHECK(bits[w] == 0, "word %zu not cleared", w);
			}
			memset(model, 0, sizeof(model));
		}
	}
	free(bits);
	free(out);
	return 0;
}
