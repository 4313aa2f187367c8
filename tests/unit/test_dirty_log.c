/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the dirty-page bitmap: marking, harvesting, runs, and racing writers. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/dirty_log.h"

/* Bits in a word of the log: 64, or 32 in the -m32 build (make unit32); the cases below use W. */
#define W BITS_PER_LONG
#define CANARY ((unsigned long)0xC0FFEE5A5A5A5A5AULL) /* its low half with 32-bit longs */

#if BITS_PER_LONG != 64 && BITS_PER_LONG != 32
#error "BITS_PER_LONG must be usable by the preprocessor"
#endif

/* Every rearm call, in order. */
struct run {
	uint64_t first;
	uint64_t count;
};

#define MAX_RUNS 4096

struct recorder {
	struct run runs[MAX_RUNS];
	unsigned n;
	uint64_t max_page; /* a run reaching beyond it is an error */
	bool overflow;
};

static void record_run(void *ctx, uint64_t first, uint64_t count)
{
	struct recorder *r = ctx;

	if (r->n == MAX_RUNS) {
		r->overflow = true;
		return;
	}
	r->runs[r->n].first = first;
	r->runs[r->n].count = count;
	r->n++;
}

static bool out_bit(const unsigned long *out, uint64_t page)
{
	return (out[page / W] >> (page % W)) & 1;
}

/*
 * The runs must be the maximal runs of set bits in out, in increasing order, and add up to
 * `total`: built here from out one page at a time, independently of the code under test.
 */
static void expect_runs_match(const struct recorder *r, const unsigned long *out, uint64_t npages,
			      uint64_t total)
{
	unsigned k = 0;
	uint64_t sum = 0;

	assert_false(r->overflow);
	for (uint64_t p = 0; p < npages;) {
		uint64_t q = p;

		if (!out_bit(out, p)) {
			p++;
			continue;
		}
		while (q < npages && out_bit(out, q)) {
			q++;
		}
		assert_true(k < r->n);
		assert_int_equal(r->runs[k].first, p);
		assert_int_equal(r->runs[k].count, q - p);
		sum += q - p;
		k++;
		p = q;
	}
	assert_int_equal(k, r->n);
	assert_int_equal(sum, total);
	/* Nothing past the last page of the log, not even in the last word's spare bits. */
	for (uint64_t p = npages; p < DIRTY_LOG_WORDS(npages) * W; p++) {
		assert_false(out_bit(out, p));
	}
}

static void test_words_macro(void **state)
{
	(void)state;
	assert_int_equal(DIRTY_LOG_WORDS(0), 0);
	assert_int_equal(DIRTY_LOG_WORDS(1), 1);
	assert_int_equal(DIRTY_LOG_WORDS(W), 1);
	assert_int_equal(DIRTY_LOG_WORDS(W + 1), 2);
	assert_int_equal(DIRTY_LOG_WORDS(2 * W), 2);
	assert_int_equal(DIRTY_LOG_WORDS(2 * W + 2), 3);
	assert_int_equal(DIRTY_LOG_WORDS((uint64_t)1 << 32), ((uint64_t)1 << 32) / W);
}

static void test_init_clears_storage(void **state)
{
	unsigned long storage[4];
	unsigned long out[3];
	struct dirty_log d;
	struct recorder rec = { .n = 0 };

	(void)state;
	memset(storage, 0xff, sizeof(storage));
	storage[3] = CANARY;
	dirty_log_init(&d, storage, 2 * W + 2);
	assert_ptr_equal(d.bits, storage);
	assert_int_equal(d.npages, 2 * W + 2);
	assert_int_equal(storage[0], 0);
	assert_int_equal(storage[1], 0);
	assert_int_equal(storage[2], 0);
	assert_int_equal(storage[3],
			 CANARY); /* only DIRTY_LOG_WORDS(2 * W + 2) words are the log's */
	assert_int_equal(dirty_log_harvest(&d, out, record_run, &rec), 0);
	assert_int_equal(rec.n, 0);
}

static void test_mark_and_harvest(void **state)
{
	unsigned long storage[2];
	unsigned long out[3];
	struct dirty_log d;
	struct recorder rec = { .n = 0 };

	(void)state;
	dirty_log_init(&d, storage, 2 * W);
	assert_true(dirty_log_mark(&d, 5));
	assert_false(dirty_log_mark(&d, 5)); /* already marked */
	assert_false(dirty_log_mark(&d, 5));
	assert_true(dirty_log_mark(&d, 0));
	assert_true(dirty_log_mark(&d, 2 * W - 1));
	assert_true(dirty_log_mark(&d, W + 6));
	assert_int_equal(storage[0], (1UL << 5) | 1UL);
	assert_int_equal(storage[1], (1UL << (W - 1)) | (1UL << 6));

	memset(out, 0xA5, sizeof(out));
	out[2] = CANARY;
	assert_int_equal(dirty_log_harvest(&d, out, record_run, &rec), 4);
	assert_int_equal(out[0], (1UL << 5) | 1UL);
	assert_int_equal(out[1], (1UL << (W - 1)) | (1UL << 6));
	assert_int_equal(out[2], CANARY); /* out is DIRTY_LOG_WORDS(npages) words, no more */
	assert_int_equal(storage[0], 0);
	assert_int_equal(storage[1], 0);
	expect_runs_match(&rec, out, 2 * W, 4);
	assert_int_equal(rec.n, 4);

	/* Harvested pages are clean again: marking reports them new, and nothing else is left. */
	rec.n = 0;
	assert_true(dirty_log_mark(&d, 5));
	assert_int_equal(dirty_log_harvest(&d, out, record_run, &rec), 1);
	assert_int_equal(out[0], 1UL << 5);
	assert_int_equal(out[1], 0);
	assert_int_equal(rec.n, 1);
	assert_int_equal(rec.runs[0].first, 5);
	assert_int_equal(rec.runs[0].count, 1);
}

static void test_empty_harvest(void **state)
{
	unsigned long storage[3];
	unsigned long out[3];
	struct dirty_log d;
	struct recorder rec = { .n = 0 };

	(void)state;
	dirty_log_init(&d, storage, 2 * W + 22);
	memset(out, 0xA5, sizeof(out));
	assert_int_equal(dirty_log_harvest(&d, out, record_run, &rec), 0);
	assert_int_equal(rec.n, 0);
	/* Stale contents of out are overwritten, not merged. */
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], 0);
	/* Without a rearm callback a harvest still moves and counts the pages. */
	assert_true(dirty_log_mark(&d, 2 * W + 21));
	assert_int_equal(dirty_log_harvest(&d, out, NULL, NULL), 1);
	assert_int_equal(out[2], 1UL << 21);
	assert_int_equal(dirty_log_harvest(&d, out, NULL, NULL), 0);
	assert_int_equal(out[2], 0);
}

static void test_out_of_range(void **state)
{
	unsigned long storage[4];
	unsigned long out[3];
	struct dirty_log d;
	const uint64_t bad[] = { 2 * W + 2,      2 * W + 3,         3 * W - 1,         3 * W,
				 1000,           (uint64_t)1 << 32, (uint64_t)1 << 63, UINT64_MAX,
				 UINT64_MAX - 63 };

	(void)state;
	storage[3] = CANARY;
	dirty_log_init(&d, storage, 2 * W + 2);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(dirty_log_mark(&d, bad[i]));
	}
	/* Not the spare bits of the last word, not the word after the log. */
	assert_int_equal(storage[0], 0);
	assert_int_equal(storage[1], 0);
	assert_int_equal(storage[2], 0);
	assert_int_equal(storage[3], CANARY);
	assert_int_equal(dirty_log_harvest(&d, out, NULL, NULL), 0);
	/* The last page is in range. */
	assert_true(dirty_log_mark(&d, 2 * W + 1));
	assert_int_equal(storage[2], 2UL);

	/* An empty log refuses everything and harvests nothing, touching no storage. */
	struct dirty_log empty;
	unsigned long guard = CANARY;

	dirty_log_init(&empty, &guard, 0);
	assert_int_equal(guard, CANARY);
	assert_false(dirty_log_mark(&empty, 0));
	assert_int_equal(guard, CANARY);
	out[0] = CANARY;
	assert_int_equal(dirty_log_harvest(&empty, out, NULL, NULL), 0);
	assert_int_equal(out[0], CANARY);
}

/* The words of the largest log of the cases below (512 pages). */
#define CASE_WORDS DIRTY_LOG_WORDS(512)

/* One harvest of the given pages in a log of npages; checks out, the count and the runs. */
static void harvest_case(uint64_t npages, const uint64_t *pages, unsigned n, const struct run *want,
			 unsigned nwant)
{
	static unsigned long storage[CASE_WORDS];
	static unsigned long out[CASE_WORDS];
	static struct recorder rec;
	struct dirty_log d;

	assert_true(DIRTY_LOG_WORDS(npages) <= CASE_WORDS);
	memset(&rec, 0, sizeof(rec));
	dirty_log_init(&d, storage, npages);
	for (unsigned i = 0; i < n; i++) {
		assert_true(dirty_log_mark(&d, pages[i]));
	}
	assert_int_equal(dirty_log_harvest(&d, out, record_run, &rec), n);
	for (unsigned i = 0; i < n; i++) {
		assert_true(out_bit(out, pages[i]));
	}
	expect_runs_match(&rec, out, npages, n);
	assert_int_equal(rec.n, nwant);
	for (unsigned i = 0; i < nwant; i++) {
		assert_int_equal(rec.runs[i].first, want[i].first);
		assert_int_equal(rec.runs[i].count, want[i].count);
	}
}

static void test_runs(void **state)
{
	(void)state;
	{
		/* Across a word boundary: one run. Marked out of order on purpose. */
		const uint64_t p[] = { W + 1, W - 1, W };
		const struct run r[] = { { W - 1, 3 } };

		harvest_case(4 * W, p, 3, r, 1);
	}
	{
		/* Whole words, and a run that stops right at a boundary. */
		const uint64_t p[] = { 0, 1, 2, W - 2, W - 1, 2 * W, 2 * W + 1, 3 * W - 1 };
		const struct run r[] = { { 0, 3 }, { W - 2, 2 }, { 2 * W, 2 }, { 3 * W - 1, 1 } };

		harvest_case(4 * W, p, 8, r, 4);
	}
	{
		/* A gap of exactly one page, at the start of a word. */
		const uint64_t p[] = { W - 1, W + 1 };
		const struct run r[] = { { W - 1, 1 }, { W + 1, 1 } };

		harvest_case(4 * W, p, 2, r, 2);
	}
	{
		/* npages not a multiple of W: the last, partial word. */
		const uint64_t p[] = { 2 * W - 1, 2 * W, 2 * W + 1 };
		const struct run r[] = { { 2 * W - 1, 3 } };

		harvest_case(2 * W + 2, p, 3, r, 1);
	}
	{
		const uint64_t p[] = { 0 };
		const struct run r[] = { { 0, 1 } };

		harvest_case(1, p, 1, r, 1);
	}
	{
		/* Every page of a log spanning several words, the last one partial: one run. */
		static uint64_t p[200];
		const struct run r[] = { { 0, 200 } };

		for (unsigned i = 0; i < 200; i++) {
			p[i] = i;
		}
		harvest_case(200, p, 200, r, 1);
	}
	{
		/* Two full words with one hole in between. */
		static uint64_t p[2 * W - 1];
		const struct run r[] = { { 0, W }, { W + 1, W - 1 } };
		unsigned n = 0;

		for (unsigned i = 0; i < 2 * W; i++) {
			if (i != W) {
				p[n++] = i;
			}
		}
		harvest_case(2 * W, p, n, r, 2);
	}
	{
		/* Every other page: no run longer than one. */
		static uint64_t p[256];
		static struct run r[256];

		for (unsigned i = 0; i < 256; i++) {
			p[i] = 2 * i + 1;
			r[i].first = 2 * i + 1;
			r[i].count = 1;
		}
		harvest_case(512, p, 256, r, 256);
	}
}

/* ---- marks that race with a harvest, made deterministic by marking from the callback ------- */

struct racing {
	struct dirty_log *d;
	const uint64_t *pages;
	unsigned n;
	bool done;
};

static void mark_during_rearm(void *ctx, uint64_t first, uint64_t count)
{
	struct racing *r = ctx;

	(void)first;
	(void)count;
	if (r->done) {
		return;
	}
	r->done = true;
	for (unsigned i = 0; i < r->n; i++) {
		dirty_log_mark(r->d, r->pages[i]);
	}
}

static void test_mark_during_harvest(void **state)
{
	unsigned long storage[DIRTY_LOG_WORDS(256)];
	unsigned long out1[DIRTY_LOG_WORDS(256)];
	unsigned long out2[DIRTY_LOG_WORDS(256)];
	struct dirty_log d;
	/* Pages in words before, at and after wherever the first rearm call happens. */
	const uint64_t late[] = { 1, 10, 64, 100, 150, 201, 255 };
	struct racing r = { &d, late, sizeof(late) / sizeof(late[0]), false };
	uint64_t n1;
	uint64_t n2;

	(void)state;
	dirty_log_init(&d, storage, 256);
	assert_true(dirty_log_mark(&d, 0));
	assert_true(dirty_log_mark(&d, 200));
	n1 = dirty_log_harvest(&d, out1, mark_during_rearm, &r);
	assert_true(r.done);
	n2 = dirty_log_harvest(&d, out2, NULL, NULL);
	assert_int_equal(n1 + n2, 2 + r.n);
	assert_true(out_bit(out1, 0));
	assert_true(out_bit(out1, 200));
	for (unsigned i = 0; i < r.n; i++) {
		/* In exactly one of the two harvests. */
		assert_true(out_bit(out1, late[i]) != out_bit(out2, late[i]));
	}
	assert_int_equal(dirty_log_harvest(&d, out2, NULL, NULL), 0);
}

/* ---- two writer threads against a harvesting thread ---------------------------------------- */

#define STRESS_PAGES 1000 /* not a multiple of W */
#define STRESS_MARKS 2000000
#define STRESS_WORDS DIRTY_LOG_WORDS(STRESS_PAGES)

static struct dirty_log stress_log;
static unsigned long stress_storage[STRESS_WORDS];
static int writers_done;

/* What one writer did, kept by that writer alone until it is joined. */
struct writer {
	pthread_t thread;
	uint64_t seed;
	uint32_t marked[STRESS_PAGES]; /* calls to mark per page */
	uint32_t fresh[STRESS_PAGES];  /* calls that returned true */
	uint32_t out_of_range_ok;      /* out-of-range calls that wrongly returned true */
};

static struct writer writers[2];

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	uint64_t x = w->seed;

	for (unsigned i = 0; i < STRESS_MARKS; i++) {
		uint64_t page;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* Half the marks go to a few hot pages, so both writers often share a word. */
		page = (x >> 8) % ((x & 1) ? 80 : STRESS_PAGES + 24);
		if (page >= STRESS_PAGES) {
			w->out_of_range_ok += dirty_log_mark(&stress_log, page) ? 1 : 0;
			continue;
		}
		w->marked[page]++;
		if (dirty_log_mark(&stress_log, page)) {
			w->fresh[page]++;
		}
	}
	__atomic_add_fetch(&writers_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static uint32_t harvested[STRESS_PAGES];
static struct recorder stress_rec;

static uint64_t stress_harvest(void)
{
	static unsigned long out[STRESS_WORDS];
	uint64_t n;

	memset(&stress_rec, 0, sizeof(stress_rec));
	n = dirty_log_harvest(&stress_log, out, record_run, &stress_rec);
	expect_runs_match(&stress_rec, out, STRESS_PAGES, n);
	for (uint64_t p = 0; p < STRESS_PAGES; p++) {
		harvested[p] += out_bit(out, p) ? 1 : 0;
	}
	return n;
}

static void test_stress_two_writers(void **state)
{
	unsigned long harvests = 0;
	unsigned long busy = 0;
	uint64_t total = 0;

	(void)state;
	memset(writers, 0, sizeof(writers));
	memset(harvested, 0, sizeof(harvested));
	dirty_log_init(&stress_log, stress_storage, STRESS_PAGES);
	writers[0].seed = 0x243F6A8885A308D3ULL;
	writers[1].seed = 0x13198A2E03707344ULL;
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(pthread_create(&writers[i].thread, NULL, writer_main, &writers[i]),
				 0);
	}
	while (__atomic_load_n(&writers_done, __ATOMIC_ACQUIRE) < 2) {
		uint64_t n = stress_harvest();

		harvests++;
		busy += n ? 1 : 0;
		total += n;
	}
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(writers[i].thread, NULL), 0);
	}
	/* Everything marked after the last harvest in the loop. */
	total += stress_harvest();
	assert_int_equal(stress_harvest(), 0);

	uint64_t fresh_total = 0;

	for (uint64_t p = 0; p < STRESS_PAGES; p++) {
		uint32_t marked = writers[0].marked[p] + writers[1].marked[p];
		uint32_t fresh = writers[0].fresh[p] + writers[1].fresh[p];

		/* The union of the harvests is the union of the marks... */
		if ((harvested[p] != 0) != (marked != 0)) {
			print_error("page %llu: marked %u times, harvested %u times\n",
				    (unsigned long long)p, marked, harvested[p]);
			fail();
		}
		/* ...and each harvest of a page answers exactly one mark that found it clean. */
		if (harvested[p] != fresh || fresh > marked) {
			print_error("page %llu: %u fresh marks of %u, harvested %u times\n",
				    (unsigned long long)p, fresh, marked, harvested[p]);
			fail();
		}
		fresh_total += fresh;
	}
	assert_int_equal(total, fresh_total);
	assert_int_equal(writers[0].out_of_range_ok + writers[1].out_of_range_ok, 0);
	print_message("stress: %lu harvests (%lu non-empty), %llu pages harvested\n", harvests,
		      busy, (unsigned long long)total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_macro),
		cmocka_unit_test(test_init_clears_storage),
		cmocka_unit_test(test_mark_and_harvest),
		cmocka_unit_test(test_empty_harvest),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_mark_during_harvest),
		cmocka_unit_test(test_stress_two_writers),
	};

	return cmocka_run_group_tests_name("dirty_log", tests, NULL, NULL);
}
