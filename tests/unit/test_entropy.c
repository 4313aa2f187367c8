/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the VMM's random bytes (platform/entropy.c): the construction, and what must differ. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/chacha20.h"
#include "platform/entropy.h"

#define SEED_LEN 64

static void make_seed(uint8_t *seed, size_t len, unsigned salt)
{
	for (size_t i = 0; i < len; i++) {
		seed[i] = (uint8_t)(i * 37 + salt);
	}
}

static void read_ok(void *buf, size_t len)
{
	assert_true(entropy_read(buf, len));
}

/* Runs first: before any seed there are no random bytes, and the buffer is left alone. */
static void test_unseeded(void **state)
{
	uint8_t buf[16];

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	assert_false(entropy_read(buf, sizeof(buf)));
	for (unsigned i = 0; i < sizeof(buf); i++) {
		assert_int_equal(buf[i], 0x5a);
	}
	entropy_seed(buf, 0); /* an empty seed seeds nothing */
	assert_false(entropy_read(buf, sizeof(buf)));
}

/* The construction entropy.h documents, worked through with the block function alone. */
static void test_construction(void **state)
{
	uint8_t seed[32], block[CHACHA20_BLOCK_BYTES], got[100], want[128];
	uint32_t k[CHACHA20_KEY_WORDS], nonce[CHACHA20_NONCE_WORDS] = { 0, 32, 0x64656573u };

	(void)state;
	make_seed(seed, sizeof(seed), 1);
	for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
		k[i] = chacha20_le32(seed + 4 * i); /* K_0 ^ C_0 with K_0 = 0 */
	}
	chacha20_block(k, 0, nonce, block);
	for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
		k[i] = chacha20_le32(block + 4 * i);
	}
	entropy_seed(seed, sizeof(seed));
	/* Read n uses nonce (n, 0, "read") and counts blocks from 0. */
	for (uint32_t n = 0; n < 3; n++) {
		uint32_t read_nonce[CHACHA20_NONCE_WORDS] = { n, 0, 0x64616572u };

		chacha20_block(k, 0, read_nonce, want);
		chacha20_block(k, 1, read_nonce, want + CHACHA20_BLOCK_BYTES);
		read_ok(got, sizeof(got));
		assert_memory_equal(got, want, sizeof(got));
	}
}

/* Two reads (two VMs) never get the same bytes; seeding again starts the same sequence again. */
static void test_reads_differ(void **state)
{
	uint8_t seed[SEED_LEN], a[SEED_LEN], b[SEED_LEN], again[SEED_LEN];

	(void)state;
	make_seed(seed, sizeof(seed), 2);
	entropy_seed(seed, sizeof(seed));
	read_ok(a, sizeof(a));
	read_ok(b, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	entropy_seed(seed, sizeof(seed));
	read_ok(again, sizeof(again));
	assert_memory_equal(a, again, sizeof(a));
	/* A shorter read is the start of a longer one with the same nonce. */
	entropy_seed(seed, sizeof(seed));
	read_ok(again, 5);
	assert_memory_equal(a, again, 5);
	assert_true(entropy_read(again, 0));
}

/* Every part of the seed counts: each chunk, and the length (zero padding is not the same seed). */
static void test_every_seed_byte_counts(void **state)
{
	uint8_t seed[SEED_LEN + 1], base[SEED_LEN], other[SEED_LEN];

	(void)state;
	make_seed(seed, SEED_LEN, 3);
	seed[SEED_LEN] = 0;
	entropy_seed(seed, SEED_LEN);
	read_ok(base, sizeof(base));
	for (unsigned i = 0; i < SEED_LEN; i++) {
		seed[i] ^= 0x01;
		entropy_seed(seed, SEED_LEN);
		read_ok(other, sizeof(other));
		assert_memory_not_equal(base, other, sizeof(base));
		seed[i] ^= 0x01;
	}
	entropy_seed(seed, SEED_LEN + 1);
	read_ok(other, sizeof(other));
	assert_memory_not_equal(base, other, sizeof(base));
	entropy_seed(seed, SEED_LEN - 1);
	read_ok(other, sizeof(other));
	assert_memory_not_equal(base, other, sizeof(base));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unseeded),
		cmocka_unit_test(test_construction),
		cmocka_unit_test(test_reads_differ),
		cmocka_unit_test(test_every_seed_byte_counts),
	};

	return cmocka_run_group_tests_name("entropy", tests, NULL, NULL);
}
