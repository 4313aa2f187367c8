/* Tests of the freestanding string helpers against the C library's own functions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/string.h"

static const char *const samples[] = { "", "a", "ab", "abc", "hello world", "aaaa", "abcabc",
				       "zzz\x7f\x80\xff" };
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
				assert_int_equal(sign(lib_strncmp(a, b, n)), sign(strncmp(a, b, n)));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_copy_fill_move),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
