/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of guest_mem_ptr: the range checks, and the present hook asked once per block
 * when present_bits remembers blocks (whole blocks, clipped to RAM's end; not after a failure;
 * every time past the blocks it can remember, or without present_bits).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/guest_mem.h"

#define BASE 0x80000000ULL
#define BLOCK (1ULL << GUEST_MEM_BLOCK_SHIFT)
#define SIZE (3 * BLOCK + BLOCK / 2) /* three blocks and half of a fourth */

static uint8_t host[16]; /* never dereferenced: only pointer arithmetic on it is checked */
static unsigned long bits[GUEST_MEM_PRESENT_WORDS];
static struct {
	unsigned calls;
	uint64_t gpa[16], len[16];
	int fail; /* the error the next calls return */
} asked;

static int present(void *ctx, uint64_t gpa, uint64_t len)
{
	(void)ctx;
	if (asked.calls < 16) {
		asked.gpa[asked.calls] = gpa;
		asked.len[asked.calls] = len;
	}
	asked.calls++;
	return asked.fail;
}

static struct guest_mem mem(bool remember, uint64_t size)
{
	memset(bits, 0, sizeof(bits));
	memset(&asked, 0, sizeof(asked));
	return (struct guest_mem){ BASE, size, host, present, NULL, remember ? bits : NULL };
}

static void test_ranges(void **state)
{
	struct guest_mem m = mem(true, SIZE);

	(void)state;
	assert_ptr_equal(guest_mem_ptr(&m, BASE, 8), host);
	assert_ptr_equal(guest_mem_ptr(&m, BASE + SIZE - 8, 8), host + SIZE - 8);
	assert_ptr_equal(guest_mem_ptr(&m, BASE + SIZE, 0), host + SIZE); /* its end, len 0 */
	assert_null(guest_mem_ptr(&m, BASE - 1, 1));
	assert_null(guest_mem_ptr(&m, BASE + SIZE - 8, 9));
	assert_null(guest_mem_ptr(&m, BASE + SIZE + 1, 0));
	assert_null(guest_mem_ptr(&m, UINT64_MAX, 2)); /* wraps */
	assert_null(guest_mem_ptr(NULL, BASE, 1));
}

/* The first touch of a block asks for all of it; later touches in it ask nothing. */
static void test_block_once(void **state)
{
	struct guest_mem m = mem(true, SIZE);

	(void)state;
	assert_non_null(guest_mem_ptr(&m, BASE + BLOCK + 4096, 4096));
	assert_int_equal(asked.calls, 1);
	assert_int_equal(asked.gpa[0], BASE + BLOCK);
	assert_int_equal(asked.len[0], BLOCK);
	assert_non_null(guest_mem_ptr(&m, BASE + BLOCK, BLOCK));
	assert_non_null(guest_mem_ptr(&m, BASE + 2 * BLOCK - 1, 1));
	assert_int_equal(asked.calls, 1);
	/* len 0 only checks the address. */
	assert_non_null(guest_mem_ptr(&m, BASE, 0));
	assert_int_equal(asked.calls, 1);
}

/* A range over three blocks asks for each it does not know, the last clipped to RAM's end. */
static void test_spanning_and_clipped(void **state)
{
	struct guest_mem m = mem(true, SIZE);

	(void)state;
	assert_non_null(guest_mem_ptr(&m, BASE + 2 * BLOCK, 4096));      /* block 2 known */
	assert_non_null(guest_mem_ptr(&m, BASE + BLOCK - 8, 2 * BLOCK)); /* blocks 0 to 2 */
	assert_int_equal(asked.calls, 3);
	assert_int_equal(asked.gpa[1], BASE);
	assert_int_equal(asked.len[1], BLOCK);
	assert_int_equal(asked.gpa[2], BASE + BLOCK);
	assert_int_equal(asked.len[2], BLOCK);
	assert_non_null(guest_mem_ptr(&m, BASE + SIZE - 4096, 4096));
	assert_int_equal(asked.calls, 4);
	assert_int_equal(asked.gpa[3], BASE + 3 * BLOCK);
	assert_int_equal(asked.len[3], BLOCK / 2);
	assert_non_null(guest_mem_ptr(&m, BASE, SIZE));
	assert_int_equal(asked.calls, 4);
}

/* A block the core could not make present is not remembered: the next touch asks again. */
static void test_failure_not_remembered(void **state)
{
	struct guest_mem m = mem(true, SIZE);

	(void)state;
	asked.fail = -12;
	assert_null(guest_mem_ptr(&m, BASE + 64, 64));
	asked.fail = 0;
	assert_non_null(guest_mem_ptr(&m, BASE + 64, 64));
	assert_non_null(guest_mem_ptr(&m, BASE + 128, 64));
	assert_int_equal(asked.calls, 2);
}

/* Without present_bits, or past the blocks it holds, every access asks, for its own range. */
static void test_unremembered(void **state)
{
	struct guest_mem m = mem(false, SIZE);
	uint64_t big = (uint64_t)GUEST_MEM_PRESENT_BLOCKS * BLOCK + BLOCK;

	(void)state;
	assert_non_null(guest_mem_ptr(&m, BASE + 4096, 8));
	assert_non_null(guest_mem_ptr(&m, BASE + 4096, 8));
	assert_int_equal(asked.calls, 2);
	assert_int_equal(asked.gpa[1], BASE + 4096);
	assert_int_equal(asked.len[1], 8);

	m = mem(true, big);
	assert_non_null(guest_mem_ptr(&m, BASE + big - 8, 8));
	assert_non_null(guest_mem_ptr(&m, BASE + big - 8, 8));
	assert_int_equal(asked.calls, 2);
	assert_int_equal(asked.len[0], 8);
	/* The blocks within the bitmap are still remembered. */
	assert_non_null(guest_mem_ptr(&m, BASE, 8));
	assert_non_null(guest_mem_ptr(&m, BASE + 8, 8));
	assert_int_equal(asked.calls, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_block_once),
		cmocka_unit_test(test_spanning_and_clipped),
		cmocka_unit_test(test_failure_not_remembered),
		cmocka_unit_test(test_unremembered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
