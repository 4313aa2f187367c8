/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the ChaCha20 block function (lib/chacha20.c) against RFC 8439's test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/chacha20.h"

static void key_from_bytes(uint32_t key[CHACHA20_KEY_WORDS], const uint8_t *bytes)
{
	for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
		key[i] = chacha20_le32(bytes + 4 * i);
	}
}

/* RFC 8439 section 2.3.2: key 00 01 .. 1f, counter 1, nonce 00 00 00 09 00 00 00 4a 00 00 00 00. */
static void test_rfc8439_block(void **state)
{
	static const uint8_t want[CHACHA20_BLOCK_BYTES] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
		0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
		0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
		0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
		0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	static const uint8_t nonce_bytes[12] = { 0, 0, 0, 0x09, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	uint8_t key_bytes[32], out[CHACHA20_BLOCK_BYTES];
	uint32_t key[CHACHA20_KEY_WORDS], nonce[CHACHA20_NONCE_WORDS];

	(void)state;
	for (unsigned i = 0; i < sizeof(key_bytes); i++) {
		key_bytes[i] = (uint8_t)i;
	}
	key_from_bytes(key, key_bytes);
	for (unsigned i = 0; i < CHACHA20_NONCE_WORDS; i++) {
		nonce[i] = chacha20_le32(nonce_bytes + 4 * i);
	}
	chacha20_block(key, 1, nonce, out);
	assert_memory_equal(out, want, sizeof(want));
}

/* RFC 8439 appendix A.1, test vector #1: the all-zero key, counter and nonce. */
static void test_rfc8439_zero_key(void **state)
{
	static const uint8_t want[CHACHA20_BLOCK_BYTES] = {
		0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5, 0x53,
		0x86, 0xbd, 0x28, 0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a, 0xa8, 0x36,
		0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7, 0xda, 0x41, 0x59, 0x7c, 0x51, 0x57, 0x48,
		0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37, 0x6a, 0x43, 0xb8, 0xf4,
		0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69, 0xb2, 0xee, 0x65, 0x86,
	};
	uint32_t key[CHACHA20_KEY_WORDS] = { 0 }, nonce[CHACHA20_NONCE_WORDS] = { 0 };
	uint8_t out[CHACHA20_BLOCK_BYTES];

	(void)state;
	chacha20_block(key, 0, nonce, out);
	assert_memory_equal(out, want, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8439_block),
		cmocka_unit_test(test_rfc8439_zero_key),
	};

	return cmocka_run_group_tests_name("chacha20", tests, NULL, NULL);
}
