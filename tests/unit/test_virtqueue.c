/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of guest_mem and the split-virtqueue walker, over rings built by hand in a fake RAM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/vring_fixture.h"
#include "vmm/devices/virtqueue.h"
#include "vmm/guest_mem.h"

#define R 0                  /* a device-readable buffer */
#define W VIRTQ_DESC_F_WRITE /* a device-writable buffer */
#define N VIRTQ_DESC_F_NEXT
#define I VIRTQ_DESC_F_INDIRECT
#define TABLE (FIX_DATA + 0x8000) /* an indirect table */

static struct virtq q;
static struct virtq_chain chain;

static int setup(void **state)
{
	(void)state;
	fix_ram_reset();
	fix_queue(&q, 8);
	memset(&chain, 0xa5, sizeof(chain));
	return 0;
}

static enum virtq_pop_result pop(const char **why)
{
	*why = NULL;
	return virtq_pop(&q, &fix_ram, &chain, why);
}

static void assert_seg(unsigned i, uint64_t gpa, uint32_t len)
{
	assert_int_equal(chain.seg[i].gpa, gpa);
	assert_int_equal(chain.seg[i].len, len);
}

static void test_guest_mem_bounds(void **state)
{
	struct guest_mem m = { .base = 0x1000, .size = 0x100, .host = (uint8_t *)0x10000 };

	(void)state;
	assert_ptr_equal(guest_mem_ptr(&m, 0x1000, 0x100), (void *)0x10000);
	assert_ptr_equal(guest_mem_ptr(&m, 0x10ff, 1), (void *)0x100ff);
	assert_ptr_equal(guest_mem_ptr(&m, 0x1100, 0), (void *)0x10100); /* at the end, len 0 */
	assert_null(guest_mem_ptr(&m, 0x1100, 1));
	assert_null(guest_mem_ptr(&m, 0x1101, 0));
	assert_null(guest_mem_ptr(&m, 0x0fff, 1));
	assert_null(guest_mem_ptr(&m, 0x0fff, 0));
	assert_null(guest_mem_ptr(&m, 0x1000, 0x101));
	assert_null(guest_mem_ptr(&m, 0x1080, UINT64_MAX)); /* gpa + len wraps */
	assert_null(guest_mem_ptr(&m, UINT64_MAX, 2));
	assert_null(guest_mem_ptr(&m, 0x1001, UINT64_MAX - 0xfff)); /* wraps to exactly base */

	/* RAM that ends at the top of the address space. */
	m.base = UINT64_MAX - 0xff;
	assert_non_null(guest_mem_ptr(&m, UINT64_MAX, 1));
	assert_non_null(guest_mem_ptr(&m, UINT64_MAX - 0xff, 0x100));
	assert_null(guest_mem_ptr(&m, UINT64_MAX, 2));
	assert_null(guest_mem_ptr(NULL, 0x1000, 1));
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(virtq_valid(&q, &fix_ram));
	q.num = VIRTQ_MAX_SIZE;
	assert_true(virtq_valid(&q, &fix_ram));
	q.num = 1;
	assert_true(virtq_valid(&q, &fix_ram));

	q.num = 0;
	assert_false(virtq_valid(&q, &fix_ram));
	q.num = 6;
	assert_false(virtq_valid(&q, &fix_ram));
	q.num = 2 * VIRTQ_MAX_SIZE;
	assert_false(virtq_valid(&q, &fix_ram));
	q.num = 8;

	q.desc = FIX_DESC + 8; /* descriptors align to 16 */
	assert_false(virtq_valid(&q, &fix_ram));
	q.desc = FIX_RAM_END - 16 * 8;
	assert_true(virtq_valid(&q, &fix_ram));
	q.desc = FIX_RAM_END - 16 * 7;
	assert_false(virtq_valid(&q, &fix_ram));
	q.desc = 0;
	assert_false(virtq_valid(&q, &fix_ram));
	q.desc = FIX_DESC;

	q.avail = FIX_AVAIL + 1; /* the avail ring aligns to 2 */
	assert_false(virtq_valid(&q, &fix_ram));
	q.avail = FIX_RAM_END - (6 + 2 * 8); /* used_event is the last field */
	assert_true(virtq_valid(&q, &fix_ram));
	q.avail += 2;
	assert_false(virtq_valid(&q, &fix_ram));
	q.avail = FIX_AVAIL;

	q.used = FIX_USED + 2; /* the used ring aligns to 4 */
	assert_false(virtq_valid(&q, &fix_ram));
	q.used = FIX_RAM_END - (6 + 8 * 8) - 2; /* avail_event is the last field */
	assert_true(virtq_valid(&q, &fix_ram));
	q.used += 4;
	assert_false(virtq_valid(&q, &fix_ram));
	q.used = UINT64_MAX - 3;
	assert_false(virtq_valid(&q, &fix_ram));
}

static void test_empty(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(pop(&why), VIRTQ_EMPTY);
	assert_null(why);
	assert_int_equal(q.last_avail, 0);
}

/* Two readable then two writable buffers, head not at 0, next indices out of order. */
static void test_direct_chain(void **state)
{
	const char *why;

	(void)state;
	fix_desc(FIX_DESC, 5, FIX_DATA, 16, R | N, 2);
	fix_desc(FIX_DESC, 2, FIX_DATA + 0x100, 1, R | N, 7);
	fix_desc(FIX_DESC, 7, FIX_DATA + 0x200, 512, W | N, 0);
	fix_desc(FIX_DESC, 0, FIX_DATA + 0x400, 3, W, 5); /* next ignored without NEXT */
	fix_avail_add(&q, 5);

	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 5);
	assert_int_equal(chain.nout, 2);
	assert_int_equal(chain.nin, 2);
	assert_int_equal(chain.out_len, 17);
	assert_int_equal(chain.in_len, 515);
	assert_seg(0, FIX_DATA, 16);
	assert_seg(1, FIX_DATA + 0x100, 1);
	assert_seg(2, FIX_DATA + 0x200, 512);
	assert_seg(3, FIX_DATA + 0x400, 3);
	assert_int_equal(q.last_avail, 1);
	assert_int_equal(pop(&why), VIRTQ_EMPTY);
}

static void test_only_writable_and_only_readable(void **state)
{
	const char *why;

	(void)state;
	fix_desc(FIX_DESC, 0, FIX_DATA, 8, W, 0);
	fix_desc(FIX_DESC, 1, FIX_DATA + 8, 8, R, 0);
	fix_avail_add(&q, 0);
	fix_avail_add(&q, 1);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.nout, 0);
	assert_int_equal(chain.nin, 1);
	assert_int_equal(chain.out_len, 0);
	assert_int_equal(chain.in_len, 8);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 1);
	assert_int_equal(chain.nout, 1);
	assert_int_equal(chain.nin, 0);
}

static void test_indirect_chain(void **state)
{
	const char *why;

	(void)state;
	q.indirect = true;
	/* The table's own order is by next, not by position. */
	fix_desc(TABLE, 0, FIX_DATA, 16, R | N, 2);
	fix_desc(TABLE, 2, FIX_DATA + 0x10, 32, R | N, 1);
	fix_desc(TABLE, 1, FIX_DATA + 0x40, 100, W, 0);
	fix_desc(FIX_DESC, 3, TABLE, 3 * 16, I | W, 0); /* WRITE on it is ignored */
	fix_avail_add(&q, 3);

	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 3);
	assert_int_equal(chain.nout, 2);
	assert_int_equal(chain.nin, 1);
	assert_int_equal(chain.out_len, 48);
	assert_int_equal(chain.in_len, 100);
	assert_seg(0, FIX_DATA, 16);
	assert_seg(1, FIX_DATA + 0x10, 32);
	assert_seg(2, FIX_DATA + 0x40, 100);
}

/* A direct descriptor may lead to an indirect one, which ends the chain. */
static void test_direct_then_indirect(void **state)
{
	const char *why;

	(void)state;
	q.indirect = true;
	fix_desc(TABLE, 0, FIX_DATA + 0x100, 8, W, 0);
	fix_desc(FIX_DESC, 4, FIX_DATA, 4, R | N, 6);
	fix_desc(FIX_DESC, 6, TABLE, 16, I, 0);
	fix_avail_add(&q, 4);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.nout, 1);
	assert_int_equal(chain.nin, 1);
	assert_seg(0, FIX_DATA, 4);
	assert_seg(1, FIX_DATA + 0x100, 8);
}

/* Exactly VIRTQ_MAX_SEGS buffers is allowed; it takes an indirect table since num <= 1024. */
static void test_max_segs(void **state)
{
	const char *why;

	(void)state;
	q.indirect = true;
	for (unsigned i = 0; i < VIRTQ_MAX_SEGS; i++) {
		bool last = i == VIRTQ_MAX_SEGS - 1;

		fix_desc(TABLE, i, FIX_DATA + i, 1, (uint16_t)(last ? W : R | N),
			 (uint16_t)(i + 1));
	}
	fix_desc(FIX_DESC, 0, TABLE, 16 * VIRTQ_MAX_SEGS, I, 0);
	fix_avail_add(&q, 0);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.nout, VIRTQ_MAX_SEGS - 1);
	assert_int_equal(chain.nin, 1);
	assert_int_equal(chain.out_len, VIRTQ_MAX_SEGS - 1);
}

/* The longest loop-free direct chain: every descriptor of the table once. */
static void test_whole_table_chain(void **state)
{
	const char *why;

	(void)state;
	for (unsigned i = 0; i < 8; i++) {
		fix_desc(FIX_DESC, i, FIX_DATA + 16 * i, 16, (uint16_t)(i < 7 ? N : 0),
			 (uint16_t)((i + 3) % 8));
	}
	/* 0 -> 3 -> 6 -> 1 -> 4 -> 7 -> 2 -> 5 visits all 8; make 5 the last. */
	fix_desc(FIX_DESC, 7, FIX_DATA + 16 * 7, 16, N, 2);
	fix_desc(FIX_DESC, 5, FIX_DATA + 16 * 5, 16, 0, 0);
	fix_avail_add(&q, 0);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.nout, 8);
}

/* ---- every way the driver can break the rules ---------------------------------------------- */

struct broken_case {
	const char *name;
	void (*make)(void);
	const char *why;
};

static void one_buffer(uint64_t addr, uint32_t len)
{
	fix_desc(FIX_DESC, 0, addr, len, R, 0);
	fix_avail_add(&q, 0);
}

static void make_idx_too_far(void)
{
	one_buffer(FIX_DATA, 1);
	fix_set_avail_idx(&q, 9); /* 9 ahead of 0 in a queue of 8 */
}

static void make_idx_behind(void)
{
	one_buffer(FIX_DATA, 1);
	fix_set_avail_idx(&q, 0xffff); /* "behind" is 65535 ahead */
}

static void make_head_past(void)
{
	fix_avail_add(&q, 8);
}

static void make_next_past(void)
{
	fix_desc(FIX_DESC, 0, FIX_DATA, 1, R | N, 8);
	fix_avail_add(&q, 0);
}

static void make_loop(void)
{
	fix_desc(FIX_DESC, 0, FIX_DATA, 1, R | N, 1);
	fix_desc(FIX_DESC, 1, FIX_DATA, 1, R | N, 0);
	fix_avail_add(&q, 0);
}

static void make_self_loop(void)
{
	fix_desc(FIX_DESC, 3, FIX_DATA, 1, W | N, 3);
	fix_avail_add(&q, 3);
}

static void make_outside_ram(void)
{
	one_buffer(FIX_RAM_END - 4, 5);
}

static void make_below_ram(void)
{
	one_buffer(FIX_RAM_BASE - 1, 2);
}

static void make_wrapping_buffer(void)
{
	one_buffer(UINT64_MAX - 1, 0x10);
}

static void make_len_zero(void)
{
	one_buffer(FIX_DATA, 0);
}

static void make_readable_after_writable(void)
{
	fix_desc(FIX_DESC, 0, FIX_DATA, 4, W | N, 1);
	fix_desc(FIX_DESC, 1, FIX_DATA, 4, R, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_not_negotiated(void)
{
	q.indirect = false;
	fix_desc(TABLE, 0, FIX_DATA, 4, R, 0);
	fix_desc(FIX_DESC, 0, TABLE, 16, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_in_indirect(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R | N, 1);
	fix_desc(TABLE, 1, TABLE, 32, I, 0);
	fix_desc(FIX_DESC, 0, TABLE, 32, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_with_next(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R, 0);
	fix_desc(FIX_DESC, 0, TABLE, 16, I | N, 1);
	fix_desc(FIX_DESC, 1, FIX_DATA, 4, W, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_partial(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R, 0);
	fix_desc(FIX_DESC, 0, TABLE, 24, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_empty(void)
{
	fix_desc(FIX_DESC, 0, TABLE, 0, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_outside_ram(void)
{
	fix_desc(FIX_DESC, 0, FIX_RAM_END - 16, 32, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_next_past(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R | N, 2);
	fix_desc(TABLE, 1, FIX_DATA, 4, R, 0);
	fix_desc(FIX_DESC, 0, TABLE, 32, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_loop(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R | N, 1);
	fix_desc(TABLE, 1, FIX_DATA, 4, R | N, 2);
	fix_desc(TABLE, 2, FIX_DATA, 4, R | N, 1);
	fix_desc(FIX_DESC, 0, TABLE, 48, I, 0);
	fix_avail_add(&q, 0);
}

static void make_indirect_buffer_outside(void)
{
	fix_desc(TABLE, 0, FIX_DATA, 4, R | N, 1);
	fix_desc(TABLE, 1, FIX_RAM_END, 1, W, 0);
	fix_desc(FIX_DESC, 0, TABLE, 32, I, 0);
	fix_avail_add(&q, 0);
}

/* A loop-free table of VIRTQ_MAX_SEGS + 1 entries: too many buffers, not a loop. */
static void make_too_many_segs(void)
{
	for (unsigned i = 0; i <= VIRTQ_MAX_SEGS; i++) {
		fix_desc(TABLE, i, FIX_DATA, 1, (uint16_t)(i < VIRTQ_MAX_SEGS ? N : 0),
			 (uint16_t)(i + 1));
	}
	fix_desc(FIX_DESC, 0, TABLE, 16 * (VIRTQ_MAX_SEGS + 1), I, 0);
	fix_avail_add(&q, 0);
}

/* Direct buffers count towards the cap too. */
static void make_too_many_segs_mixed(void)
{
	for (unsigned i = 0; i < VIRTQ_MAX_SEGS; i++) {
		fix_desc(TABLE, i, FIX_DATA, 1, (uint16_t)(i < VIRTQ_MAX_SEGS - 1 ? N : 0),
			 (uint16_t)(i + 1));
	}
	fix_desc(FIX_DESC, 0, FIX_DATA, 1, R | N, 1);
	fix_desc(FIX_DESC, 1, TABLE, 16 * VIRTQ_MAX_SEGS, I, 0);
	fix_avail_add(&q, 0);
}

static void make_ring_outside_ram(void)
{
	one_buffer(FIX_DATA, 1);
	q.avail = FIX_RAM_END - 4;
}

static const struct broken_case broken_cases[] = {
	{ "idx too far", make_idx_too_far, "avail idx more than the queue size ahead" },
	{ "idx behind", make_idx_behind, "avail idx more than the queue size ahead" },
	{ "head past", make_head_past, "a head index past the queue size" },
	{ "next past", make_next_past, "a next index past the queue size" },
	{ "loop", make_loop, "a descriptor loop" },
	{ "self loop", make_self_loop, "a descriptor loop" },
	{ "outside", make_outside_ram, "a buffer outside guest RAM" },
	{ "below", make_below_ram, "a buffer outside guest RAM" },
	{ "wrapping", make_wrapping_buffer, "a buffer outside guest RAM" },
	{ "len 0", make_len_zero, "a buffer of length 0" },
	{ "r after w", make_readable_after_writable, "a readable buffer after a writable one" },
	{ "indirect off", make_indirect_not_negotiated, "an indirect descriptor, not negotiated" },
	{ "nested", make_indirect_in_indirect, "an indirect descriptor inside an indirect table" },
	{ "indirect next", make_indirect_with_next, "an indirect descriptor with NEXT set" },
	{ "partial table", make_indirect_partial,
	  "an indirect table not a whole number of descriptors" },
	{ "empty table", make_indirect_empty,
	  "an indirect table not a whole number of descriptors" },
	{ "table outside", make_indirect_outside_ram, "an indirect table outside guest RAM" },
	{ "table next past", make_indirect_next_past, "an indirect next index past its table" },
	{ "table loop", make_indirect_loop, "a descriptor loop in an indirect table" },
	{ "table buffer", make_indirect_buffer_outside, "a buffer outside guest RAM" },
	{ "too many", make_too_many_segs, "more than VIRTQ_MAX_SEGS buffers in a chain" },
	{ "too many mixed", make_too_many_segs_mixed,
	  "more than VIRTQ_MAX_SEGS buffers in a chain" },
	{ "ring outside", make_ring_outside_ram,
	  "the avail ring or descriptor table outside guest RAM" },
};

static void test_broken(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(broken_cases) / sizeof(broken_cases[0]); i++) {
		const struct broken_case *c = &broken_cases[i];
		const char *why;

		setup(NULL);
		q.indirect = true;
		c->make();
		print_message("broken: %s\n", c->name);
		assert_int_equal(pop(&why), VIRTQ_BROKEN);
		assert_non_null(why);
		assert_string_equal(why, c->why);
		assert_int_equal(q.last_avail, 0); /* nothing taken */
	}
}

/* A loop in a large queue ends at the buffer cap before the visit count: broken either way. */
static void test_loop_in_large_queue(void **state)
{
	const char *why;

	(void)state;
	fix_queue(&q, VIRTQ_MAX_SIZE);
	fix_desc(FIX_DESC, 1000, FIX_DATA, 1, R | N, 1000);
	fix_avail_add(&q, 1000);
	assert_int_equal(pop(&why), VIRTQ_BROKEN);
	assert_string_equal(why, "more than VIRTQ_MAX_SEGS buffers in a chain");
}

static void test_bad_size_is_broken(void **state)
{
	const char *why;

	(void)state;
	q.num = 0; /* never divides by it */
	assert_int_equal(pop(&why), VIRTQ_BROKEN);
	assert_false(virtq_push(&q, &fix_ram, 0, 0));
	assert_false(virtq_should_interrupt(&q, &fix_ram));
	assert_false(virtq_enable_notify(&q, &fix_ram));
}

/* ---- used ring, indices and notifications ---------------------------------------------- */

static void test_push(void **state)
{
	const char *why;

	(void)state;
	one_buffer(FIX_DATA, 8);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_true(virtq_push(&q, &fix_ram, chain.head, 5));
	assert_int_equal(q.used_idx, 1);
	assert_int_equal(fix_used_idx(&q), 1);
	assert_int_equal(fix_used_id(&q, 0), 0);
	assert_int_equal(fix_used_len(&q, 0), 5);

	q.used = FIX_RAM_END - 8;
	assert_false(virtq_push(&q, &fix_ram, 0, 0));
	assert_int_equal(q.used_idx, 1);
}

/* Several chains given back at once: elements in order, used idx past all of them, across the wrap. */
static void test_push_many(void **state)
{
	const struct virtq_used_elem e[3] = { { 5, 100 }, { 2, 12 }, { 7, 1 } };

	(void)state;
	q.used_idx = 6;
	assert_true(virtq_push_many(&q, &fix_ram, e, 3));
	assert_int_equal(q.used_idx, 9);
	assert_int_equal(fix_used_idx(&q), 9);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(fix_used_id(&q, (uint16_t)(6 + i)), e[i].head);
		assert_int_equal(fix_used_len(&q, (uint16_t)(6 + i)), e[i].written);
	}
	/* More than the queue holds, or a used ring outside RAM: nothing is written. */
	assert_false(virtq_push_many(&q, &fix_ram, e, 9));
	q.used = FIX_RAM_END - 8;
	assert_false(virtq_push_many(&q, &fix_ram, e, 3));
	assert_int_equal(q.used_idx, 9);
	q.used = FIX_USED;
	assert_int_equal(fix_used_idx(&q), 9);
	assert_true(virtq_push_many(&q, &fix_ram, e, 0));
	assert_int_equal(fix_used_idx(&q), 9);
}

static void test_unpop(void **state)
{
	const char *why;

	(void)state;
	fix_desc(FIX_DESC, 4, FIX_DATA, 8, R, 0);
	fix_desc(FIX_DESC, 6, FIX_DATA, 8, W, 0);
	fix_avail_add(&q, 4);
	fix_avail_add(&q, 6);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 4);
	virtq_unpop(&q);
	assert_int_equal(q.last_avail, 0);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 4);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_int_equal(chain.head, 6);
}

/* avail idx, last_avail and used idx all wrap at 65536; ring slots are idx mod num. */
static void test_index_wrap(void **state)
{
	const char *why;

	(void)state;
	q.last_avail = 0xfffe;
	q.used_idx = 0xfffd;
	fix_set_avail_idx(&q, 0xfffe);
	for (unsigned i = 0; i < 4; i++) {
		fix_desc(FIX_DESC, i, FIX_DATA + i, 1, W, 0);
		fix_avail_add(&q, (uint16_t)i);
	}
	assert_int_equal(fix_avail_idx(&q), 2);
	/* 0xfffe % 8 = 6: the driver wrote slots 6, 7, 0, 1. */
	assert_int_equal(fix_get16(FIX_AVAIL + 4 + 2 * 6), 0);
	assert_int_equal(fix_get16(FIX_AVAIL + 4 + 2 * 1), 3);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(pop(&why), VIRTQ_CHAIN);
		assert_int_equal(chain.head, i);
		assert_true(virtq_push(&q, &fix_ram, chain.head, 10 + i));
	}
	assert_int_equal(pop(&why), VIRTQ_EMPTY);
	assert_int_equal(q.last_avail, 2);
	assert_int_equal(q.used_idx, 1);
	assert_int_equal(fix_used_idx(&q), 1);
	for (unsigned i = 0; i < 4; i++) {
		uint16_t slot = (uint16_t)(0xfffd + i);

		assert_int_equal(fix_used_id(&q, slot), i);
		assert_int_equal(fix_used_len(&q, slot), 10 + i);
	}
	/* A full queue across the wrap is not "too far ahead". */
	for (unsigned i = 0; i < 8; i++) {
		fix_avail_add(&q, 0);
	}
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(pop(&why), VIRTQ_CHAIN);
	}
	assert_int_equal(pop(&why), VIRTQ_EMPTY);
}

static void push_one(void)
{
	assert_true(virtq_push(&q, &fix_ram, 0, 0));
}

static void test_interrupt_flag(void **state)
{
	(void)state;
	push_one();
	assert_true(virtq_should_interrupt(&q, &fix_ram));
	fix_set_avail_flags(&q, VIRTQ_AVAIL_F_NO_INTERRUPT);
	push_one();
	assert_false(virtq_should_interrupt(&q, &fix_ram));
	fix_set_avail_flags(&q, 0);
	assert_true(virtq_should_interrupt(&q, &fix_ram));
}

static void test_interrupt_event_idx(void **state)
{
	(void)state;
	q.event_idx = true;
	/* The flag means nothing with event idx. */
	fix_set_avail_flags(&q, VIRTQ_AVAIL_F_NO_INTERRUPT);
	fix_set_used_event(&q, 100);

	/* The first one after reset is always sent: nothing to compare with yet. */
	push_one();
	assert_true(virtq_should_interrupt(&q, &fix_ram));
	assert_int_equal(q.signalled, 1);

	/* used_event 3: the driver wants one when the entry at 3 is used (idx 3 -> 4). */
	fix_set_used_event(&q, 3);
	push_one(); /* 2 */
	assert_false(virtq_should_interrupt(&q, &fix_ram));
	push_one(); /* 3 */
	assert_false(virtq_should_interrupt(&q, &fix_ram));
	assert_int_equal(q.signalled, 1);
	push_one(); /* 4 */
	assert_true(virtq_should_interrupt(&q, &fix_ram));
	assert_int_equal(q.signalled, 4);
	push_one(); /* 5: the event is behind */
	assert_false(virtq_should_interrupt(&q, &fix_ram));

	/* Several pushes at once that step over the event. */
	fix_set_used_event(&q, 6);
	push_one();
	push_one();
	push_one(); /* 8 */
	assert_true(virtq_should_interrupt(&q, &fix_ram));

	/* Across the 16-bit wrap: event 0xffff, idx 0xfffe -> 1. */
	q.used_idx = 0xfffe;
	q.signalled = 0xfffe;
	fix_set_used_event(&q, 0xffff);
	push_one();
	assert_false(virtq_should_interrupt(&q, &fix_ram)); /* 0xffff: entry 0xfffe used */
	push_one();
	push_one();
	assert_int_equal(q.used_idx, 1);
	assert_true(virtq_should_interrupt(&q, &fix_ram));

	/* virtq_reset forgets: the next one is sent again. */
	virtq_reset(&q);
	fix_set_used_event(&q, 50);
	push_one();
	assert_true(virtq_should_interrupt(&q, &fix_ram));
}

static void test_enable_notify_flag(void **state)
{
	const char *why;

	(void)state;
	fix_put16(FIX_USED, VIRTQ_USED_F_NO_NOTIFY);
	assert_false(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(fix_used_flags(&q), 0);

	/* The race: the driver made a chain available before it could see the flag cleared. */
	one_buffer(FIX_DATA, 1);
	assert_true(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_false(virtq_enable_notify(&q, &fix_ram));
}

static void test_enable_notify_event_idx(void **state)
{
	const char *why;

	(void)state;
	q.event_idx = true;
	fix_put16(FIX_USED, VIRTQ_USED_F_NO_NOTIFY); /* left alone with event idx */
	assert_false(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(fix_avail_event(&q), 0);
	assert_int_equal(fix_used_flags(&q), VIRTQ_USED_F_NO_NOTIFY);

	one_buffer(FIX_DATA, 1);
	one_buffer(FIX_DATA, 1);
	assert_true(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_true(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(fix_avail_event(&q), 1);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
	assert_false(virtq_enable_notify(&q, &fix_ram));
	assert_int_equal(fix_avail_event(&q), 2);

	/* A ring outside RAM: wake up, and let pop say what is wrong. */
	q.used = FIX_RAM_END;
	assert_true(virtq_enable_notify(&q, &fix_ram));
}

/* Waiting for more chains than are there: notify past them, true only once more came. */
static void test_enable_notify_at(void **state)
{
	(void)state;
	q.event_idx = true;
	one_buffer(FIX_DATA, 1);
	one_buffer(FIX_DATA, 1);
	assert_true(virtq_enable_notify_at(&q, &fix_ram, 1));
	assert_int_equal(fix_avail_event(&q), 1);
	assert_false(virtq_enable_notify_at(&q, &fix_ram, 2));
	assert_int_equal(fix_avail_event(&q), 2);
	one_buffer(FIX_DATA, 1);
	assert_true(virtq_enable_notify_at(&q, &fix_ram, 2));
	assert_false(virtq_enable_notify_at(&q, &fix_ram, 3));
	assert_int_equal(fix_avail_event(&q), 3);

	q.event_idx = false;
	fix_put16(FIX_USED, VIRTQ_USED_F_NO_NOTIFY);
	assert_false(virtq_enable_notify_at(&q, &fix_ram, 3));
	assert_int_equal(fix_used_flags(&q), 0);
}

/* ---- copying through a chain ------------------------------------------------------------- */

/* Readable 3, 5, 7 bytes; writable 4, 4, 2 bytes. */
static void make_copy_chain(void)
{
	const char *why;

	fix_desc(FIX_DESC, 0, FIX_DATA + 0x000, 3, R | N, 1);
	fix_desc(FIX_DESC, 1, FIX_DATA + 0x100, 5, R | N, 2);
	fix_desc(FIX_DESC, 2, FIX_DATA + 0x200, 7, R | N, 3);
	fix_desc(FIX_DESC, 3, FIX_DATA + 0x300, 4, W | N, 4);
	fix_desc(FIX_DESC, 4, FIX_DATA + 0x400, 4, W | N, 5);
	fix_desc(FIX_DESC, 5, FIX_DATA + 0x500, 2, W, 0);
	fix_avail_add(&q, 0);
	memcpy(fix_host(FIX_DATA + 0x000), "abc", 3);
	memcpy(fix_host(FIX_DATA + 0x100), "defgh", 5);
	memcpy(fix_host(FIX_DATA + 0x200), "ijklmno", 7);
	assert_int_equal(pop(&why), VIRTQ_CHAIN);
}

static void test_chain_read(void **state)
{
	char buf[32];

	(void)state;
	make_copy_chain();
	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 0, buf, sizeof(buf)), 15);
	assert_string_equal(buf, "abcdefghijklmno");

	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 2, buf, 8), 8);
	assert_string_equal(buf, "cdefghij");

	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 8, buf, 100), 7); /* a whole segment */
	assert_string_equal(buf, "ijklmno");

	memset(buf, 0, sizeof(buf));
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 14, buf, 100), 1);
	assert_string_equal(buf, "o");
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 15, buf, 100), 0);
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, UINT64_MAX, buf, 100), 0);
	assert_int_equal(virtq_chain_read(&fix_ram, &chain, 3, buf, 0), 0);
}

static void test_chain_write(void **state)
{
	(void)state;
	make_copy_chain();
	assert_int_equal(virtq_chain_write(&fix_ram, &chain, 0, "0123456789", 10), 10);
	assert_memory_equal(fix_host(FIX_DATA + 0x300), "0123", 4);
	assert_memory_equal(fix_host(FIX_DATA + 0x400), "4567", 4);
	assert_memory_equal(fix_host(FIX_DATA + 0x500), "89", 2);

	/* From byte 3 of the writable part; more than fits: only 7 bytes are written. */
	assert_int_equal(virtq_chain_write(&fix_ram, &chain, 3, "ABCDEFGHIJ", 10), 7);
	assert_memory_equal(fix_host(FIX_DATA + 0x300), "012A", 4);
	assert_memory_equal(fix_host(FIX_DATA + 0x400), "BCDE", 4);
	assert_memory_equal(fix_host(FIX_DATA + 0x500), "FG", 2);
	assert_int_equal(fix_host(FIX_DATA + 0x502)[0], 0); /* not a byte past the buffer */

	/* The readable part is never written. */
	assert_memory_equal(fix_host(FIX_DATA + 0x200), "ijklmno", 7);
	assert_int_equal(virtq_chain_write(&fix_ram, &chain, 10, "x", 1), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_guest_mem_bounds),
		T(test_valid),
		T(test_empty),
		T(test_direct_chain),
		T(test_only_writable_and_only_readable),
		T(test_indirect_chain),
		T(test_direct_then_indirect),
		T(test_max_segs),
		T(test_whole_table_chain),
		T(test_broken),
		T(test_loop_in_large_queue),
		T(test_bad_size_is_broken),
		T(test_push),
		T(test_push_many),
		T(test_unpop),
		T(test_index_wrap),
		T(test_interrupt_flag),
		T(test_interrupt_event_idx),
		T(test_enable_notify_flag),
		T(test_enable_notify_event_idx),
		T(test_enable_notify_at),
		T(test_chain_read),
		T(test_chain_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
