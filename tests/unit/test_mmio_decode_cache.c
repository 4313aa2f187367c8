/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of a vCPU's MMIO decode cache (core/mmio_decode_cache.c): the console's two
 * alternating instructions hit, and no sequence of instructions ever gets a decode other than
 * what insn_decode_mmio gives for the same bits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mmio_decode_cache.h"
#include "tests/unit/insn_record_check.h"

/* Bit positions written out from the ISA manual, not the decoder's macros. */
static uint32_t enc_load(uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t imm)
{
	return (imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x03u;
}

static uint32_t enc_store(uint32_t f3, uint32_t rs2, uint32_t rs1)
{
	return (rs2 << 20) | (rs1 << 15) | (f3 << 12) | 0x23u;
}

/* Linux's 8250 console: the LSR poll (lbu a5, 5(a5)) and the THR store (sb a1, 0(a5)). */
#define LSR_LOAD 0x0057c783u
#define THR_STORE 0x00b78023u

/* The G-stage fault a load/store takes (stores: opcode 0x23, c.sw/c.sd/c.swsp/c.sdsp). */
static bool kind_of(uint32_t insn)
{
	if ((insn & 3u) != 3u) {
		return (insn >> 15) & 1u;
	}
	return (insn & 0x7fu) == 0x23u;
}

/* The cache counts only its misses; its hits are the lookups that did not miss. */
static uint64_t lookups;

static const struct insn_mmio *lookup(struct mmio_decode_cache *c, uint32_t insn, bool store)
{
	lookups++;
	return mmio_decode_cache_get(c, insn, store);
}

static uint64_t hits(const struct mmio_decode_cache *c)
{
	return lookups - c->misses;
}

static void init(struct mmio_decode_cache *c)
{
	mmio_decode_cache_init(c);
	lookups = 0;
}

/*
 * Decodes insn through the cache for a fault of kind store, and checks the answer against the
 * decoder's own: the same record, or NULL for an access of the other kind.
 */
static const struct insn_mmio *get_kind_checked(struct mmio_decode_cache *c, uint32_t insn,
						bool store)
{
	struct insn_mmio want = poisoned();
	int want_rc = insn_decode_mmio(insn, &want);
	const struct insn_mmio *got = lookup(c, insn, store);

	if (want_rc != 0 || want.is_write != store) {
		assert_null(got);
		return NULL;
	}
	assert_non_null(got);
	assert_memory_equal(got, &want, sizeof(want));
	return got;
}

static const struct insn_mmio *get_checked(struct mmio_decode_cache *c, uint32_t insn)
{
	return get_kind_checked(c, insn, kind_of(insn));
}

static void test_encodings(void **state)
{
	(void)state;
	assert_int_equal(enc_load(4, 15, 15, 5), LSR_LOAD);
	assert_int_equal(enc_store(0, 11, 15), THR_STORE);
}

/* The pattern the single-entry memo missed on every fault: now two misses, then hits. */
static void test_console_pattern_hits(void **state)
{
	struct mmio_decode_cache c;

	(void)state;
	init(&c);
	for (unsigned i = 0; i < 1000; i++) {
		get_checked(&c, LSR_LOAD);
		get_checked(&c, THR_STORE);
	}
	assert_int_equal(c.misses, 2);
	assert_int_equal(hits(&c), 1998);
	expect_rec(LSR_LOAD, lookup(&c, LSR_LOAD, false), 1, false, false, 15, 4);
	expect_rec(THR_STORE, lookup(&c, THR_STORE, true), 1, true, false, 11, 4);
}

/*
 * The same pc holding other bits (code rewritten, another mapping, another vCPU's code): the
 * cache sees only bits, so a changed instruction is a different key, never the old decode.
 */
static void test_changed_bits_never_stale(void **state)
{
	const uint32_t lw = enc_load(2, 10, 11, 0), lbu = enc_load(4, 10, 11, 0);
	const uint32_t lw_a2 = enc_load(2, 12, 11, 0);
	struct mmio_decode_cache c;

	(void)state;
	init(&c);
	expect_rec(0, lookup(&c, lw, false), 4, false, true, 10, 4);
	expect_rec(0, lookup(&c, lbu, false), 1, false, false, 10, 4);
	expect_rec(0, lookup(&c, lbu, false), 1, false, false, 10, 4);
	expect_rec(0, lookup(&c, lw_a2, false), 4, false, true, 12, 4);
	/* c.lw a0, 0(a1): 16 bits; and the first lw again, still its own decode. */
	expect_rec(0, lookup(&c, 0x4188u, false), 4, false, true, 10, 2);
	expect_rec(0, lookup(&c, lw, false), 4, false, true, 10, 4);
	assert_int_equal(c.misses, 5);
	assert_int_equal(hits(&c), 1);
}

/* A failed decode is NULL each time, and takes no entry. */
static void test_failures_not_remembered(void **state)
{
	struct mmio_decode_cache c;
	const uint32_t fld = (0u << 20) | (11u << 15) | (3u << 12) | (10u << 7) | 0x07u;

	(void)state;
	init(&c);
	get_checked(&c, LSR_LOAD);
	for (unsigned i = 0; i < 8; i++) {
		assert_null(lookup(&c, fld, false));
		assert_null(lookup(&c, 0x00000013u, false));
		assert_null(lookup(&c, 0x00000013u, true));
	}
	/* Neither evicted the console load. */
	get_checked(&c, LSR_LOAD);
	assert_int_equal(hits(&c), 1);
	assert_int_equal(c.misses, 25);
}

/* Instruction 0 (an illegal encoding) and all-ones never match an empty entry. */
static void test_empty_entries_match_nothing(void **state)
{
	struct mmio_decode_cache c;

	(void)state;
	init(&c);
	get_checked(&c, 0);
	get_checked(&c, UINT32_MAX);
	assert_int_equal(hits(&c), 0);
}

/*
 * A load's bits at a store's fault (or the reverse: the guest rewrote the instruction between
 * fault and read) are refused, and take no entry: a hit needs no kind check.
 */
static void test_other_kind_refused(void **state)
{
	struct mmio_decode_cache c;

	(void)state;
	init(&c);
	for (unsigned i = 0; i < 4; i++) {
		assert_null(lookup(&c, LSR_LOAD, true));
		assert_null(lookup(&c, THR_STORE, false));
	}
	assert_int_equal(hits(&c), 0);
	get_checked(&c, LSR_LOAD);
	get_checked(&c, THR_STORE);
	assert_null(lookup(&c, LSR_LOAD, true));
	assert_null(lookup(&c, THR_STORE, false));
	get_checked(&c, LSR_LOAD);
	get_checked(&c, THR_STORE);
	assert_int_equal(hits(&c), 2);
}

/*
 * More instructions than entries, in every order a small generator makes: always the truth, and
 * a record handed out is not changed by a hit (the run loop reads it after the VMM's turn).
 */
static void test_against_decoder(void **state)
{
	const uint32_t pool[] = {
		LSR_LOAD,
		THR_STORE,
		enc_load(3, 5, 6, 8),
		enc_store(3, 7, 6),
		enc_load(1, 0, 6, 2),
		enc_store(2, 0, 6),
		0x4188u /* c.lw */,
		0xc188u /* c.sw */,
		0x00000013u /* addi */,
		enc_load(4, 15, 15, 5) | (1u << 20) /* lbu a5, 7(a5) */,
	};
	const unsigned n = sizeof(pool) / sizeof(pool[0]);
	struct mmio_decode_cache c;
	uint32_t x = 12345;

	(void)state;
	init(&c);
	for (unsigned i = 0; i < 20000; i++) {
		x = x * 1103515245u + 12345u;
		/* Runs of one or two instructions, as drivers make, between jumps. */
		uint32_t first = pool[(x >> 16) % n];
		const struct insn_mmio *r = get_checked(&c, first);
		uint64_t misses = c.misses;

		/* Now and then looked up as the other kind: refused, never a wrong answer. */
		if (x & 0x100u) {
			uint32_t second = pool[(x >> 20) % n];
			bool kind = kind_of(second);

			get_kind_checked(&c, second, (x & 0x200u) ? !kind : kind);
		}
		/* A hit changes no record: the first one still says what its bits do. */
		if (r && c.misses == misses) {
			struct insn_mmio want;

			assert_int_equal(insn_decode_mmio(first, &want), 0);
			assert_memory_equal(r, &want, sizeof(want));
		}
	}
	assert_true(hits(&c) > 0);
	assert_true(c.misses > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_console_pattern_hits),
		cmocka_unit_test(test_changed_bits_never_stale),
		cmocka_unit_test(test_failures_not_remembered),
		cmocka_unit_test(test_empty_entries_match_nothing),
		cmocka_unit_test(test_other_kind_refused),
		cmocka_unit_test(test_against_decoder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
