/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of memslot lookup: range edges, wrap-around, host pointers and overlap checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/memslot.h"

#define RAM 0x80000000ULL
#define RAM_SIZE 0x10000ULL
#define LOW 0x1000ULL
#define LOW_SIZE 0x2000ULL
#define NEXT (RAM + RAM_SIZE) /* a slot right after RAM */
#define NEXT_SIZE 0x1000ULL

static struct memslots slots;
static uint8_t *ram_backing;
static uint8_t *low_backing;
static uint8_t *next_backing;

static int setup(void **state)
{
	(void)state;
	ram_backing = malloc(RAM_SIZE);
	low_backing = malloc(LOW_SIZE);
	next_backing = malloc(NEXT_SIZE);
	if (!ram_backing || !low_backing || !next_backing) {
		return -1;
	}
	memset(&slots, 0, sizeof(slots));
	/* Used slots at scattered indices; an unused slot with stale data must be ignored. */
	slots.slot[2] = (struct memslot){ true, gpa(RAM), RAM_SIZE, hpa_of(ram_backing), 0, false };
	slots.slot[5] = (struct memslot){ true, gpa(LOW), LOW_SIZE, hpa_of(low_backing), 0, false };
	slots.slot[7] =
		(struct memslot){ true, gpa(NEXT), NEXT_SIZE, hpa_of(next_backing), 0, false };
	slots.slot[0] = (struct memslot){ false, gpa(0x40000000), 0x1000, hpa(0x1000), 0, false };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram_backing);
	free(low_backing);
	free(next_backing);
	return 0;
}

static void test_find_edges(void **state)
{
	(void)state;
	assert_ptr_equal(memslot_find(&slots, gpa(RAM), 1), &slots.slot[2]);
	assert_ptr_equal(memslot_find(&slots, gpa(RAM + RAM_SIZE - 1), 1), &slots.slot[2]);
	assert_ptr_equal(memslot_find(&slots, gpa(RAM), RAM_SIZE), &slots.slot[2]);
	assert_ptr_equal(memslot_find(&slots, gpa(RAM + RAM_SIZE - 8), 8), &slots.slot[2]);
	assert_null(memslot_find(&slots, gpa(RAM - 1), 1));
	assert_null(memslot_find(&slots, gpa(RAM), RAM_SIZE + 1));
	assert_null(memslot_find(&slots, gpa(RAM - 4), 8)); /* straddles the start */
	assert_ptr_equal(memslot_find(&slots, gpa(LOW + LOW_SIZE - 1), 1), &slots.slot[5]);
	assert_null(memslot_find(&slots, gpa(LOW + LOW_SIZE), 1));     /* one past, nothing there */
	assert_null(memslot_find(&slots, gpa(LOW + LOW_SIZE - 4), 8)); /* straddles the end */
	assert_null(memslot_find(&slots, gpa(0), 1));
	assert_null(memslot_find(&slots, gpa(0x40000000), 1)); /* unused slot */

	/* One past RAM is the next slot; a range over both is not one slot's RAM. */
	assert_ptr_equal(memslot_find(&slots, gpa(RAM + RAM_SIZE), 1), &slots.slot[7]);
	assert_null(memslot_find(&slots, gpa(RAM + RAM_SIZE - 4), 8));
	assert_null(memslot_find(&slots, gpa(RAM), RAM_SIZE + NEXT_SIZE));
	assert_null(memslot_find(&slots, gpa(NEXT + NEXT_SIZE), 1));
}

static void test_find_len_zero(void **state)
{
	(void)state;
	/* len 0 asks about one byte: inside yes, one past no. */
	assert_ptr_equal(memslot_find(&slots, gpa(RAM), 0), &slots.slot[2]);
	assert_ptr_equal(memslot_find(&slots, gpa(LOW + LOW_SIZE - 1), 0), &slots.slot[5]);
	assert_null(memslot_find(&slots, gpa(LOW + LOW_SIZE), 0));
	assert_null(memslot_find(&slots, gpa(LOW - 1), 0));
}

static void test_find_wraparound(void **state)
{
	(void)state;
	/* Lengths that wrap past 2^64 must not come back around into a slot. */
	assert_null(memslot_find(&slots, gpa(RAM), ~0ULL));
	assert_null(memslot_find(&slots, gpa(RAM + 1), ~0ULL));
	assert_null(memslot_find(&slots, gpa(RAM + 0x100), 0 - 0x80ULL));
	assert_null(memslot_find(&slots, gpa(~0ULL - 3), 8));
	assert_null(memslot_find(&slots, gpa(~0ULL), 1));
	assert_null(memslot_find(&slots, gpa(~0ULL - LOW_SIZE), LOW + LOW_SIZE + 1));
	/* Far above the slot, with a length that would wrap back onto it. */
	assert_null(memslot_find(&slots, gpa(0xffffffff00000000ULL), 0x100000000ULL + RAM + 1));
	/* Huge but non-wrapping lengths are refused as longer than the slot. */
	assert_null(memslot_find(&slots, gpa(LOW), 1ULL << 63));
}

static void test_host_ptr(void **state)
{
	uint8_t *p;

	(void)state;
	p = memslot_host_ptr(&slots, gpa(RAM), RAM_SIZE);
	assert_ptr_equal(p, ram_backing);
	p = memslot_host_ptr(&slots, gpa(RAM + 0x1234), 16);
	assert_ptr_equal(p, ram_backing + 0x1234);
	p = memslot_host_ptr(&slots, gpa(RAM + RAM_SIZE - 1), 1);
	assert_ptr_equal(p, ram_backing + RAM_SIZE - 1);
	*p = 0x5a; /* under ASan: the pointer really is inside the backing */
	p = memslot_host_ptr(&slots, gpa(LOW + 3), 0);
	assert_ptr_equal(p, low_backing + 3);
	p = memslot_host_ptr(&slots, gpa(NEXT), NEXT_SIZE);
	assert_ptr_equal(p, next_backing);

	assert_null(memslot_host_ptr(&slots, gpa(RAM - 1), 2));
	assert_null(memslot_host_ptr(&slots, gpa(RAM + RAM_SIZE - 1), 2));
	assert_null(memslot_host_ptr(&slots, gpa(LOW + LOW_SIZE), 1));
	assert_null(memslot_host_ptr(&slots, gpa(~0ULL - 3), 8));
	assert_null(memslot_host_ptr(&slots, gpa(RAM + 8), ~0ULL));
}

/* Every (offset, length) near the edges of a small slot, against the obvious definition. */
static void test_find_exhaustive_small(void **state)
{
	struct memslots s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.slot[3] = (struct memslot){ true, gpa(0x100), 0x10, hpa(0x9000), 0, false };
	for (uint64_t a = 0xe0; a < 0x130; a++) {
		for (uint64_t len = 0; len < 0x30; len++) {
			uint64_t n = len ? len : 1;
			bool inside = a >= 0x100 && a + n <= 0x110;
			const struct memslot *m = memslot_find(&s, gpa(a), len);
			uint8_t *p = memslot_host_ptr(&s, gpa(a), len);
			uint8_t *want = (uint8_t *)(uintptr_t)(0x9000 + a - 0x100);

			assert_ptr_equal(m, inside ? &s.slot[3] : NULL);
			assert_ptr_equal(p, inside ? want : NULL);
		}
	}
}

static void test_overlaps(void **state)
{
	(void)state;
	/* LOW is [0x1000, 0x3000): touching on either side does not overlap. */
	assert_false(memslot_overlaps(&slots, gpa(0), 0x1000, -1));
	assert_false(memslot_overlaps(&slots, gpa(0x3000), 0x1000, -1));
	assert_true(memslot_overlaps(&slots, gpa(0), 0x1001, -1));
	assert_true(memslot_overlaps(&slots, gpa(0x2fff), 0x1000, -1));
	assert_true(memslot_overlaps(&slots, gpa(0x2000), 0x1000, -1));
	assert_true(memslot_overlaps(&slots, gpa(0), 0x100000, -1));   /* contains LOW */
	assert_true(memslot_overlaps(&slots, gpa(0x1800), 0x100, -1)); /* inside LOW */
	assert_true(memslot_overlaps(&slots, gpa(RAM + RAM_SIZE - 1), 2, -1));
	assert_false(memslot_overlaps(&slots, gpa(NEXT + NEXT_SIZE), 0x1000, -1));
	assert_false(memslot_overlaps(&slots, gpa(0x40000000), 0x1000, -1)); /* unused slot */
	assert_false(memslot_overlaps(&slots, gpa(0x100000000ULL), 0x1000, -1));

	/* skip leaves out exactly the named slot. */
	assert_false(memslot_overlaps(&slots, gpa(0x1000), 0x2000, 5));
	assert_true(memslot_overlaps(&slots, gpa(0x1000), 0x2000, 2));
	assert_true(memslot_overlaps(&slots, gpa(RAM), RAM_SIZE + 1, 2)); /* reaches slot 7 */
	assert_false(memslot_overlaps(&slots, gpa(RAM), RAM_SIZE, 2));
	assert_true(memslot_overlaps(&slots, gpa(0), ~0ULL, 7));
	assert_true(memslot_overlaps(&slots, gpa(0x1000), 0x2000, 0)); /* slot 0 is unused */
}

static void test_overlaps_empty_table(void **state)
{
	struct memslots s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_false(memslot_overlaps(&s, gpa(0), ~0ULL, -1));
	assert_null(memslot_find(&s, gpa(0), 1));
	assert_null(memslot_host_ptr(&s, gpa(0), 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_find_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_len_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_wraparound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_ptr, setup, teardown),
		cmocka_unit_test(test_find_exhaustive_small),
		cmocka_unit_test_setup_teardown(test_overlaps, setup, teardown),
		cmocka_unit_test(test_overlaps_empty_table),
	};

	return cmocka_run_group_tests_name("memslot", tests, NULL, NULL);
}
