/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the freestanding string helpers against the C library's own functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/string.h"

static const char *const samples[] = {
	"", "a", "ab", "abc", "hello world", "aaaa", "abcabc", "zzz\x7f\x80\xff"
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_lengths(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		size_t n = strlen(samples[i]);

		assert_int_equal(lib_strlen(samples[i]), n);
		for (size_t max = 0; max <= n + 2; max++) {
			assert_int_equal(lib_strnlen(samples[i], max), max < n ? max : n);
		}
	}
}

static void test_compare(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		for (size_t j = 0; j < NSAMPLES; j++) {
			const char *a = samples[i];
			const char *b = samples[j];

			assert_int_equal(sign(lib_strcmp(a, b)), sign(strcmp(a, b)));
			for (size_t n = 0; n < 8; n++) {
				assert_int_equal(sign(lib_strncmp(a, b, n)),
						 sign(strncmp(a, b, n)));
			}
			size_t len = strlen(a) < strlen(b) ? strlen(a) : strlen(b);

			assert_int_equal(sign(lib_memcmp(a, b, len)), sign(memcmp(a, b, len)));
		}
	}
}

static void test_search(void **state)
{
	(void)state;
	for (size_t i = 0; i < NSAMPLES; i++) {
		const char *s = samples[i];

		for (int c = 0; c < 256; c++) {
			assert_ptr_equal(lib_strchr(s, c), strchr(s, c));
			assert_ptr_equal(lib_strrchr(s, c), strrchr(s, c));
			assert_ptr_equal(lib_memchr(s, c, strlen(s)), memchr(s, c, strlen(s)));
		}
		for (size_t j = 0; j < NSAMPLES; j++) {
			assert_ptr_equal(lib_strstr(s, samples[j]), strstr(s, samples[j]));
		}
	}
}

static void test_copy_fill_move(void **state)
{
	unsigned char a[64], b[64];

	(void)state;
	for (size_t i = 0; i < sizeof(a); i++) {
		a[i] = (unsigned char)(i * 7 + 1);
	}
	memset(b, 0, sizeof(b));
	assert_ptr_equal(lib_memcpy(b, a, sizeof(a)), b);
	assert_memory_equal(a, b, sizeof(a));
	assert_ptr_equal(lib_memset(b + 3, 0xab, 10), b + 3);
	for (size_t i = 0; i < sizeof(b); i++) {
		assert_int_equal(b[i], (i >= 3 && i < 13) ? 0xab : a[i]);
	}
	/* Overlapping moves in both directions, against memmove. */
	for (size_t from = 0; from < 16; from++) {
		for (size_t to = 0; to < 16; to++) {
			unsigned char want[64], got[64];

			memcpy(want, a, sizeof(a));
			memcpy(got, a, sizeof(a));
			memmove(want + to, want + from, 40);
			assert_ptr_equal(lib_memmove(got + to, got + from, 40), got + to);
			assert_memory_equal(want, got, sizeof(want));
		}
	}
}

/*
 * Every alignment of the destination (and source) within two words, and every length up to a
 * few times the unrolled loops' 8 words, so each byte head, word loop, unrolled block and byte
 * tail is taken alone and together; guard bytes around the target catch a write too far.
 */
#define WORD_BYTES sizeof(unsigned long)
#define MAX_ALIGN (2 * WORD_BYTES)
#define MAX_LEN (3 * 8 * WORD_BYTES + 2 * WORD_BYTES + 1)
#define BUF_LEN (MAX_ALIGN + MAX_LEN + MAX_ALIGN + 2 * WORD_BYTES)

/* Buffers aligned to a word, so the offsets below are the alignments tested. */
static _Alignas(16) unsigned char src_buf[BUF_LEN], got[BUF_LEN], want[BUF_LEN];

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (unsigned char)(i * 131 + seed * 17 + 5);
	}
}

static void test_memset_alignments(void **state)
{
	(void)state;
	for (size_t off = 0; off < MAX_ALIGN; off++) {
		for (size_t len = 0; len <= MAX_LEN; len++) {
			int c = (int)(0x100 | (off * 29 + len)); /* only the low byte counts */

			fill_pattern(got, BUF_LEN, (unsigned)len);
			memcpy(want, got, BUF_LEN);
			memset(want + off, c, len);
			assert_ptr_equal(lib_memset(got + off, c, len), got + off);
			assert_memory_equal(want, got, BUF_LEN);
		}
	}
}

static void test_memcpy_alignments(void **state)
{
	(void)state;
	fill_pattern(src_buf, BUF_LEN, 3);
	for (size_t doff = 0; doff < MAX_ALIGN; doff++) {
		for (size_t soff = 0; soff < MAX_ALIGN; soff++) {
			for (size_t len = 0; len <= MAX_LEN; len++) {
				memset(got, 0xee, BUF_LEN);
				memset(want, 0xee, BUF_LEN);
				memcpy(want + doff, src_buf + soff, len);
				void *ret = lib_memcpy(got + doff, src_buf + soff, len);

				assert_ptr_equal(ret, got + doff);
				assert_memory_equal(want, got, BUF_LEN);
			}
		}
	}
}

/* Overlapping moves both ways, with distances under, at and over a word and the unrolled block. */
static void test_memmove_alignments(void **state)
{
	(void)state;
	for (size_t from = 0; from < MAX_ALIGN + WORD_BYTES; from++) {
		for (size_t to = 0; to < MAX_ALIGN + WORD_BYTES; to++) {
			for (size_t len = 0; len <= MAX_LEN; len++) {
				fill_pattern(got, BUF_LEN, (unsigned)(from + to));
				memcpy(want, got, BUF_LEN);
				memmove(want + to, want + from, len);
				assert_ptr_equal(lib_memmove(got + to, got + from, len), got + to);
				assert_memory_equal(want, got, BUF_LEN);
			}
		}
	}
}

/* The word loops write through an aliasing type: values stored as other types read back. */
static void test_fill_copy_typed(void **state)
{
	uint32_t words32[40];
	uint16_t halves[40];
	struct {
		uint8_t tag;
		uint64_t value;
		uint32_t tail[9];
	} a, b;

	(void)state;
	for (unsigned i = 0; i < 40; i++) {
		words32[i] = 0x12345678u * (i + 1);
	}
	lib_memset(words32, 0, sizeof(words32));
	for (unsigned i = 0; i < 40; i++) {
		assert_int_equal(words32[i], 0);
	}
	lib_memset(halves, 0xa5, sizeof(halves));
	for (unsigned i = 0; i < 40; i++) {
		assert_int_equal(halves[i], 0xa5a5);
	}
	memset(&a, 0, sizeof(a));
	a.tag = 7;
	a.value = 0x0123456789abcdefULL;
	for (unsigned i = 0; i < 9; i++) {
		a.tail[i] = i * 3 + 1;
	}
	lib_memcpy(&b, &a, sizeof(a));
	assert_int_equal(b.tag, 7);
	assert_int_equal(b.value, 0x0123456789abcdefULL);
	for (unsigned i = 0; i < 9; i++) {
		assert_int_equal(b.tail[i], i * 3 + 1);
	}
}

/* Every byte value: the sixteen digits in both cases, and nothing else. */
static void test_hex_digit(void **state)
{
	static const char digits[] = "0123456789abcdef";

	(void)state;
	for (int c = -1; c < 256; c++) {
		const char *at =
			c > 0 ? strchr(digits, c | (c >= 'A' && c <= 'F' ? 0x20 : 0)) : NULL;
		int expected = at && *at ? (int)(at - digits) : -1;

		assert_int_equal(lib_hex_digit(c), expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_copy_fill_move),
		cmocka_unit_test(test_memset_alignments),
		cmocka_unit_test(test_memcpy_alignments),
		cmocka_unit_test(test_memmove_alignments),
		cmocka_unit_test(test_fill_copy_typed),
		cmocka_unit_test(test_hex_digit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
