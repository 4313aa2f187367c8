/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the page pool G-stage tables come from (core/page_pool.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gstage_check.h"

#define POOL_PAGES 64
_Static_assert(POOL_PAGES <= GC_POOL_PAGES_MAX, "the fixture holds the pool");

/* ---- page pool ----------------------------------------------------------------------------- */

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i]) {
			return false;
		}
	}
	return true;
}

static void test_pool_alloc_exhaust(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *pages[8];

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, fx->mem, 8);
	assert_int_equal(page_pool_available(&pool), 8);
	for (unsigned i = 0; i < 8; i++) {
		pages[i] = page_pool_alloc(&pool);
		assert_non_null(pages[i]);
		assert_true((uint8_t *)pages[i] >= fx->mem);
		assert_true((uint8_t *)pages[i] < fx->mem + 8 * T_4K);
		assert_int_equal((uintptr_t)pages[i] % T_4K, 0);
		assert_true(all_zero(pages[i], T_4K));
		for (unsigned j = 0; j < i; j++) {
			assert_ptr_not_equal(pages[i], pages[j]);
		}
		memset(pages[i], 0x5A, T_4K);
		assert_int_equal(page_pool_available(&pool), 7 - i);
	}
	assert_null(page_pool_alloc(&pool));
	assert_null(page_pool_alloc(&pool));
	assert_int_equal(page_pool_available(&pool), 0);
	/* The page after the pool was never touched. */
	assert_int_equal(fx->mem[8 * T_4K], 0xA5);

	page_pool_free(&pool, pages[6]);
	assert_int_equal(page_pool_available(&pool), 1);
	assert_ptr_equal(page_pool_alloc(&pool), pages[6]);
	assert_true(all_zero(pages[6], T_4K));
	assert_null(page_pool_alloc(&pool));
}

static void test_pool_free_list_reuse(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *a;
	void *b;
	void *c;

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, fx->mem, 4);
	a = page_pool_alloc(&pool);
	b = page_pool_alloc(&pool);
	memset(a, 0x11, T_4K);
	memset(b, 0x22, T_4K);
	page_pool_free(&pool, a);
	page_pool_free(&pool, b);
	assert_int_equal(page_pool_available(&pool), 4);
	/* Freed pages come back before fresh ones, last freed first, zeroed (link word too). */
	assert_ptr_equal(page_pool_alloc(&pool), b);
	assert_true(all_zero(b, T_4K));
	assert_ptr_equal(page_pool_alloc(&pool), a);
	assert_true(all_zero(a, T_4K));
	c = page_pool_alloc(&pool);
	assert_ptr_equal(c, fx->mem + 2 * T_4K);
	assert_int_equal(page_pool_available(&pool), 1);
}

static void test_pool_contig(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	uint8_t *base = fx->mem + T_4K; /* page aligned, not 16 KiB aligned */
	uint8_t *root;
	uint8_t *pair;
	void *skipped[3];

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, base, 12);
	assert_null(page_pool_alloc_contig(&pool, 0));
	assert_null(page_pool_alloc_contig(&pool, 3));
	assert_null(page_pool_alloc_contig(&pool, 6));
	assert_null(page_pool_alloc_contig(&pool, 16)); /* more than the pool */
	assert_int_equal(page_pool_available(&pool), 12);

	root = page_pool_alloc_contig(&pool, 4);
	assert_ptr_equal(root, fx->mem + 4 * T_4K);
	assert_true(all_zero(root, 4 * T_4K));
	/* The three pages skipped to align the block are still available. */
	assert_int_equal(page_pool_available(&pool), 8);

	pair = page_pool_alloc_contig(&pool, 2);
	assert_non_null(pair);
	assert_int_equal((uintptr_t)pair % (2 * T_4K), 0);
	assert_true(pair >= root + 4 * T_4K);
	assert_true(pair + 2 * T_4K <= base + 12 * T_4K);
	assert_true(all_zero(pair, 2 * T_4K));

	for (unsigned i = 0; i < 3; i++) {
		skipped[i] = page_pool_alloc(&pool);
		assert_true((uint8_t *)skipped[i] >= base);
		assert_true((uint8_t *)skipped[i] < root);
		assert_true(all_zero(skipped[i], T_4K));
	}
	assert_ptr_not_equal(skipped[0], skipped[1]);
	assert_ptr_not_equal(skipped[1], skipped[2]);
	assert_ptr_not_equal(skipped[0], skipped[2]);

	/* A block larger than what is left fails without losing pages. */
	size_t left = page_pool_available(&pool);

	assert_null(page_pool_alloc_contig(&pool, 8));
	assert_int_equal(page_pool_available(&pool), left);
}

static void test_pool_contig_only_from_fresh(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	void *pages[4];

	page_pool_init(&pool, fx->mem, 4);
	for (unsigned i = 0; i < 4; i++) {
		pages[i] = page_pool_alloc(&pool);
	}
	for (unsigned i = 0; i < 4; i++) {
		page_pool_free(&pool, pages[i]);
	}
	/* Contiguous runs come only from the fresh part (page_pool.h): free pages do not count. */
	assert_int_equal(page_pool_available(&pool), 4);
	assert_null(page_pool_alloc_contig(&pool, 1));
	assert_null(page_pool_alloc_contig(&pool, 4));
	assert_int_equal(page_pool_available(&pool), 4);
}

/* A pool over stale memory writes only the pages it hands out, and each reads zero. */
static void test_pool_over_stale_memory(void **state)
{
	struct fixture *fx = *state;
	struct page_pool pool;
	uint8_t *root;
	uint8_t *page;

	memset(fx->mem, 0xA5, POOL_PAGES * T_4K);
	page_pool_init(&pool, fx->mem, 16);
	root = page_pool_alloc_contig(&pool, 4);
	assert_ptr_equal(root, fx->mem);
	assert_true(all_zero(root, 4 * T_4K));
	page = page_pool_alloc(&pool);
	assert_ptr_equal(page, fx->mem + 4 * T_4K);
	assert_true(all_zero(page, T_4K));
	/* The pages not handed out are as they were: nothing zeroed the whole pool. */
	for (size_t i = 5 * T_4K; i < POOL_PAGES * T_4K; i++) {
		assert_int_equal(fx->mem[i], 0xA5);
	}
	/* A page given back dirty comes out zero again. */
	memset(page, 0x3C, T_4K);
	page_pool_free(&pool, page);
	assert_ptr_equal(page_pool_alloc(&pool), page);
	assert_true(all_zero(page, T_4K));
	for (unsigned i = 5; i < 16; i++) {
		page = page_pool_alloc(&pool);
		assert_ptr_equal(page, fx->mem + i * T_4K);
		assert_true(all_zero(page, T_4K));
	}
	assert_null(page_pool_alloc(&pool));
	assert_int_equal(fx->mem[16 * T_4K], 0xA5);
}

#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_pool_alloc_exhaust),
		FX_TEST(test_pool_free_list_reuse),
		FX_TEST(test_pool_contig),
		FX_TEST(test_pool_contig_only_from_fresh),
		FX_TEST(test_pool_over_stale_memory),
	};

	return cmocka_run_group_tests_name("page pool", tests, NULL, NULL);
}
