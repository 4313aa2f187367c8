/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for lib/printf.c: output and return value compared against the host snprintf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/printf.h"

#define OUT_MAX 512

/* Fails the test, naming the format, if the two results differ in length or text. */
static void compare(const char *what, int lib_n, const char *lib_buf, int host_n,
		    const char *host_buf, const char *file, int line)
{
	size_t shown;

	if (lib_n != host_n) {
		print_error("%s: lib returned %d, host %d (lib \"%s\", host \"%s\")\n", what, lib_n,
			    host_n, lib_buf, host_buf);
		_fail(file, line);
	}
	/* Compare the terminator too; %c may put a NUL inside the text. */
	shown = host_n >= 0 && host_n < OUT_MAX ? (size_t)host_n + 1 : OUT_MAX;
	if (memcmp(lib_buf, host_buf, shown) != 0) {
		print_error("%s: lib \"%s\", host \"%s\"\n", what, lib_buf, host_buf);
		_fail(file, line);
	}
}

/* The format is part of __VA_ARGS__ so a format without arguments needs no extension. */
#define CHECK(...)                                                                               \
	do {                                                                                     \
		char lib_buf_[OUT_MAX], host_buf_[OUT_MAX];                                      \
		int lib_n_ = lib_snprintf(lib_buf_, sizeof(lib_buf_), __VA_ARGS__);              \
		int host_n_ = snprintf(host_buf_, sizeof(host_buf_), __VA_ARGS__);               \
		compare(#__VA_ARGS__, lib_n_, lib_buf_, host_n_, host_buf_, __FILE__, __LINE__); \
	} while (0)

/*
 * Same comparison for formats the compiler would reject as literals (empty, or '0' with a
 * precision, which C defines but GCC warns about); passing them through a pointer hides them.
 */
static void check_runtime(int line, const char *fmt, ...)
{
	char lib_buf[OUT_MAX], host_buf[OUT_MAX];
	va_list ap, ap2;
	int lib_n, host_n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	lib_n = lib_vsnprintf(lib_buf, sizeof(lib_buf), fmt, ap);
	host_n = vsnprintf(host_buf, sizeof(host_buf), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	compare(fmt, lib_n, lib_buf, host_n, host_buf, __FILE__, line);
}

static void test_literals_and_percent(void **state)
{
	(void)state;
	check_runtime(__LINE__, "");
	CHECK("plain text");
	CHECK("%%");
	CHECK("100%% sure %%%%");
	CHECK("a%cb", 'x');
	CHECK("[%5c][%-5c][%1c]", 'a', 'b', 'c');
	CHECK("nul[%c]inside", '\0');
	CHECK("%c%c%c", 'r', 'v', 'k');
	CHECK("%c", 200);
}

static void test_strings(void **state)
{
	(void)state;
	CHECK("%s", "");
	CHECK("%s", "hello");
	CHECK("[%10s]", "hello");
	CHECK("[%-10s]", "hello");
	CHECK("[%2s]", "hello");
	CHECK("[%.3s]", "hello");
	CHECK("[%.0s]", "hello");
	CHECK("[%.s]", "hello");
	CHECK("[%.10s]", "hello");
	CHECK("[%8.3s]", "hello");
	CHECK("[%-8.3s]", "hello");
	CHECK("[%.*s]", 2, "hello");
	CHECK("[%.*s]", -1, "hello");
	CHECK("[%.*s]", 0, "hello");
	CHECK("[%*s]", 7, "ab");
	CHECK("[%*s]", -7, "ab");
	CHECK("[%-*s]", -7, "ab");
	CHECK("%s=%s;%s", "key", "value", "end");
}

static void test_star_width_and_precision(void **state)
{
	(void)state;
	CHECK("[%*d]", 5, 42);
	CHECK("[%*d]", -5, 42);
	CHECK("[%-*d]", -5, 42);
	CHECK("[%-*d]", 5, 42);
	CHECK("[%0*d]", 5, -42);
	CHECK("[%0*d]", -5, -42);
	CHECK("[%*d]", 0, 42);
	CHECK("[%.*d]", 5, 42);
	CHECK("[%.*d]", -1, 42);
	CHECK("[%.*d]", 0, 0);
	CHECK("[%.*d]", -3, 0);
	check_runtime(__LINE__, "[%0.*d]", -3, 7);
	check_runtime(__LINE__, "[%0*.*d]", 8, -1, 7);
	CHECK("[%*.*x]", 10, 4, 0xabu);
	CHECK("[%-*.*X]", 10, 4, 0xabu);
	CHECK("[%#*.*o]", 6, 0, 0u);
	CHECK("[%*c]", 3, 'x');
	CHECK("[%*c]", -3, 'x');
	CHECK("[%*lld|%*llu]", 22, (long long)INT64_MIN, -22, (unsigned long long)UINT64_MAX);
}

static void test_edge_values(void **state)
{
	(void)state;
	CHECK("%lld", (long long)INT64_MIN);
	CHECK("%lld", (long long)INT64_MAX);
	CHECK("%llu", (unsigned long long)UINT64_MAX);
	CHECK("%llx %llX %llo", (unsigned long long)UINT64_MAX, (unsigned long long)UINT64_MAX,
	      (unsigned long long)UINT64_MAX);
	CHECK("%#llo", (unsigned long long)UINT64_MAX);
	CHECK("%jd %ju", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
	CHECK("%zu %zx %zd", SIZE_MAX, SIZE_MAX, (ptrdiff_t)-1);
	CHECK("%td %tx", (ptrdiff_t)PTRDIFF_MIN, (size_t)PTRDIFF_MAX);
	CHECK("%ld %ld", LONG_MIN, LONG_MAX);
	CHECK("%d %d %u", INT_MIN, INT_MAX, UINT_MAX);
	CHECK("%hd %hd %hu %hx", (short)SHRT_MIN, (short)SHRT_MAX, (unsigned short)USHRT_MAX,
	      (unsigned short)USHRT_MAX);
	CHECK("%hhd %hhd %hhu %hhx", (signed char)SCHAR_MIN, (signed char)SCHAR_MAX,
	      (unsigned char)UCHAR_MAX, (unsigned char)UCHAR_MAX);
	/* Wider values passed to hh/h are cut to the modifier's type (valid C, but lint frowns). */
	check_runtime(__LINE__, "%hhd %hhu %hd %hu", 0x1ff, 0x1ffu, 0x18000, 0x18000u);
	CHECK("[%+lld][% lld][%+22lld][%-+25lld][%025lld]", (long long)INT64_MIN,
	      (long long)INT64_MIN, (long long)INT64_MIN, (long long)INT64_MIN,
	      (long long)INT64_MIN);
	check_runtime(__LINE__, "[%.25lld][%030.25lld]", (long long)INT64_MIN,
		      (long long)INT64_MIN);
	CHECK("%i %+i % i", -7, 7, 7);
	CHECK("[%#x][%#X][%#o][%#.0x][%#.0o][%.0o][%#5.0o]", 0u, 0u, 0u, 0u, 0u, 0u, 0u);
	CHECK("[%#x][%#X][%#o][%#.5o][%#010x][%#-10X]", 255u, 255u, 8u, 8u, 255u, 255u);
}

static void test_pointers(void **state)
{
	int local = 0;

	(void)state;
	CHECK("%p", (void *)&local);
	CHECK("%p", (void *)1);
	CHECK("%p", (void *)(uintptr_t)0xdeadbeefu);
	CHECK("%p", (void *)UINTPTR_MAX);
	CHECK("[%20p][%-20p]", (void *)&local, (void *)&local);
	CHECK("[%3p]", (void *)0x1234);
}

/* Calls the library with a format GCC cannot see, for formats it rightly warns about. */
static int call_runtime_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lib_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Where this library deliberately differs from glibc, the expected text is spelled out. */
static void test_null_pointer_and_string(void **state)
{
	char buf[64];
	const char *null_str = NULL;
	void *null_ptr = NULL;

	(void)state;
	assert_int_equal(lib_snprintf(buf, sizeof(buf), "%p", null_ptr), 3);
	assert_string_equal(buf, "0x0");
	assert_int_equal(lib_snprintf(buf, sizeof(buf), "[%6p][%-6p]", null_ptr, null_ptr), 16);
	assert_string_equal(buf, "[   0x0][0x0   ]");
	/* GCC flags a literal NULL for %s, so these go through the runtime-format helper. */
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "%s", null_str), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "[%8s][%-8s]", null_str, null_str),
			 20);
	assert_string_equal(buf, "[  (null)][(null)  ]");
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "[%.3s]", null_str), 5);
	assert_string_equal(buf, "[(nu]");
}

/* A precision bounds the read, so an unterminated array is safe (ASan would catch it). */
static void test_string_precision_does_not_overread(void **state)
{
	const char unterminated[3] = { 'a', 'b', 'c' };
	char buf[16];

	(void)state;
	assert_int_equal(lib_snprintf(buf, sizeof(buf), "%.3s|", unterminated), 4);
	assert_string_equal(buf, "abc|");
	assert_int_equal(lib_snprintf(buf, sizeof(buf), "%.*s|", 2, unterminated), 3);
	assert_string_equal(buf, "ab|");
}

/* Bad on purpose, so kept out of the format attribute's sight. */
static const struct {
	const char *fmt;
	const char *expect;
} bad_formats[] = {
	{ "%y", "%y" },     { "a%yb", "a%yb" }, { "%-5y|", "%-5y|" }, { "%#08.3ly", "%#08.3ly" },
	{ "%lly", "%lly" }, { "%n", "%n" },     { "%hhn", "%hhn" },   { "%q%d", "%q7" },
	{ "abc%", "abc%" }, { "%", "%" },       { "%5", "%5" },       { "%-08.", "%-08." },
	{ "%ll", "%ll" },   { "x%hh", "x%hh" }, { "%.3", "%.3" },
};

static void test_unknown_conversions_print_verbatim(void **state)
{
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_formats) / sizeof(bad_formats[0]); i++) {
		/* The 7 is consumed only by a valid %d that follows a bad directive. */
		int n = call_runtime_format(buf, sizeof(buf), bad_formats[i].fmt, 7);

		if (strcmp(buf, bad_formats[i].expect) != 0) {
			fail_msg("\"%s\" gave \"%s\", want \"%s\"", bad_formats[i].fmt, buf,
				 bad_formats[i].expect);
		}
		assert_int_equal(n, (int)strlen(bad_formats[i].expect));
	}
}

static void test_size_zero_and_null_buffer(void **state)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	(void)state;
	assert_int_equal(lib_snprintf(NULL, 0, "%d", 12345), 5);
	assert_int_equal(lib_snprintf(NULL, 0, "%100s", "a"), 100);
	assert_int_equal(call_runtime_format(NULL, 0, "", 0), 0);
	assert_int_equal(lib_snprintf(buf, 0, "%s", "abc"), 3);
	assert_memory_equal(buf, "xyzw", 4);
	assert_int_equal(lib_snprintf(buf, 1, "%s", "abc"), 3);
	assert_memory_equal(buf, "\0yzw", 4);
}

static void test_width_larger_than_buffer(void **state)
{
	char buf[9];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(lib_snprintf(buf, 8, "%100d", 5), 100);
	assert_memory_equal(buf, "       \0Z", 9);
	assert_int_equal(lib_snprintf(buf, 8, "%-100d|", 5), 101);
	assert_memory_equal(buf, "5      \0Z", 9);
	assert_int_equal(lib_snprintf(buf, 8, "%0100d", -5), 100);
	assert_memory_equal(buf, "-000000\0Z", 9);
}

/* Lengths beyond INT_MAX cannot be returned; the buffer is still filled and terminated. */
static void test_huge_widths(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(lib_snprintf(buf, sizeof(buf), "%*d", INT_MAX, 1), INT_MAX);
	assert_string_equal(buf, "       ");
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "%*d%*d", INT_MAX, 1, INT_MAX, 1),
			 -1);
	assert_string_equal(buf, "       ");
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "%-*d", INT_MIN, 1), INT_MAX);
	assert_string_equal(buf, "1      ");
	/* A width too large to parse saturates rather than wrapping to something small. */
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "%99999999999999999999d", 1),
			 INT_MAX);
	assert_int_equal(call_runtime_format(buf, sizeof(buf), "%.99999999999999999999d", 1),
			 INT_MAX);
	assert_string_equal(buf, "0000000");
}

/* Formats one long line with a buffer of every size and checks prefix, NUL and canary. */
static void check_truncation(const char *full, int n, char *buf, size_t size, int got)
{
	size_t kept = size == 0 ? 0 : ((size_t)n < size - 1 ? (size_t)n : size - 1);

	assert_int_equal(got, n);
	assert_memory_equal(buf, full, kept);
	if (size > 0) {
		assert_int_equal(buf[kept], '\0');
	}
	for (size_t i = size; i < OUT_MAX; i++) {
		if ((unsigned char)buf[i] != 0xa5) {
			fail_msg("size %zu: byte %zu written", size, i);
		}
	}
}

#define TRUNCATION(...)                                                    \
	do {                                                               \
		char full_[OUT_MAX], buf_[OUT_MAX];                        \
		int n_ = lib_snprintf(full_, sizeof(full_), __VA_ARGS__);  \
		CHECK(__VA_ARGS__);                                        \
		assert_true(n_ > 20 && n_ + 2 < OUT_MAX);                  \
		for (size_t size_ = 0; size_ <= (size_t)n_ + 1; size_++) { \
			memset(buf_, 0xa5, sizeof(buf_));                  \
			int got_ = lib_snprintf(buf_, size_, __VA_ARGS__); \
			check_truncation(full_, n_, buf_, size_, got_);    \
		}                                                          \
	} while (0)

static void test_truncation_at_every_size(void **state)
{
	(void)state;
	TRUNCATION("vcpu%u: sepc=%#018llx scause=%lu %s", 3u, 0xffffffff80001234ull, 20ul,
		   "guest page fault");
	TRUNCATION("[%-30s][%30s]", "left", "right");
	TRUNCATION("%lld %llu %#llo %+.25lld", (long long)INT64_MIN, (unsigned long long)UINT64_MAX,
		   (unsigned long long)UINT64_MAX, (long long)INT64_MAX);
	TRUNCATION("%c%c%5c%-5c%%%.*s", 'a', 'b', 'c', 'd', 40,
		   "0123456789abcdefghijklmnopqrstuvwxyz");
}

/* The grid below covers every integer conversion with every flag set, width and precision. */
enum grid_length { G_HH, G_H, G_NONE, G_L, G_LL, G_Z, G_J, G_T, G_COUNT };

static const char *const grid_length_text[G_COUNT] = { "hh", "h", "", "l", "ll", "z", "j", "t" };

static const uint64_t grid_values[] = {
	0,
	1,
	7,
	8,
	9,
	10,
	15,
	16,
	42,
	127,
	128,
	255,
	256,
	32767,
	32768,
	65535,
	65536,
	INT32_MAX,
	(uint32_t)INT32_MIN,
	UINT32_MAX,
	0x123456789abcdef0ull,
	INT64_MAX,
	(uint64_t)INT64_MIN,
	0x8000000000000001ull,
	UINT64_MAX - 41,
	UINT64_MAX,
};

/* Passes the value with the exact type the length modifier names, to both implementations. */
static void grid_check(const char *fmt, enum grid_length len, bool is_signed, uint64_t bits)
{
	char lib_buf[OUT_MAX], host_buf[OUT_MAX];
	int lib_n = 0, host_n = 0;

#define BOTH(value)                                                         \
	do {                                                                \
		lib_n = lib_snprintf(lib_buf, sizeof(lib_buf), fmt, value); \
		host_n = snprintf(host_buf, sizeof(host_buf), fmt, value);  \
	} while (0)
	switch (len) {
	case G_HH:
		if (is_signed) {
			BOTH((int)(signed char)bits);
		} else {
			BOTH((unsigned int)(unsigned char)bits);
		}
		break;
	case G_H:
		if (is_signed) {
			BOTH((int)(short)bits);
		} else {
			BOTH((unsigned int)(unsigned short)bits);
		}
		break;
	case G_NONE:
		if (is_signed) {
			BOTH((int)bits);
		} else {
			BOTH((unsigned int)bits);
		}
		break;
	case G_L:
		if (is_signed) {
			BOTH((long)bits);
		} else {
			BOTH((unsigned long)bits);
		}
		break;
	case G_LL:
		if (is_signed) {
			BOTH((long long)bits);
		} else {
			BOTH((unsigned long long)bits);
		}
		break;
	case G_Z:
	case G_T:
		if (is_signed) {
			BOTH((ptrdiff_t)bits);
		} else {
			BOTH((size_t)bits);
		}
		break;
	case G_J:
		if (is_signed) {
			BOTH((intmax_t)bits);
		} else {
			BOTH((uintmax_t)bits);
		}
		break;
	case G_COUNT:
		fail();
	}
#undef BOTH
	compare(fmt, lib_n, lib_buf, host_n, host_buf, __FILE__, __LINE__);
}

static void test_integer_grid(void **state)
{
	static const char flag_chars[] = "-0# +";
	static const char *const widths[] = { "", "1", "5", "25" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".22" };
	static const char convs[] = "diuxXo";
	unsigned long checked = 0;

	(void)state;
	for (unsigned mask = 0; mask < 32; mask++) {
		char flags[8];
		size_t nflags = 0;

		for (unsigned b = 0; b < 5; b++) {
			if (mask & (1u << b)) {
				flags[nflags++] = flag_chars[b];
			}
		}
		flags[nflags] = '\0';
		for (size_t c = 0; convs[c] != '\0'; c++) {
			bool is_signed = convs[c] == 'd' || convs[c] == 'i';

			/* C leaves '#' undefined for decimal conversions. */
			if ((mask & 4u) && (is_signed || convs[c] == 'u')) {
				continue;
			}
			for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
				for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
					for (int l = 0; l < G_COUNT; l++) {
						char fmt[32];

						snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flags,
							 widths[w], precs[p], grid_length_text[l],
							 convs[c]);
						for (size_t v = 0;
						     v <
						     sizeof(grid_values) / sizeof(grid_values[0]);
						     v++) {
							grid_check(fmt, (enum grid_length)l,
								   is_signed, grid_values[v]);
							checked++;
						}
					}
				}
			}
		}
	}
	assert_true(checked > 100000);
}

static void test_string_char_pointer_grid(void **state)
{
	static const char *const flags[] = { "", "-" };
	static const char *const widths[] = { "", "1", "3", "8", "20" };
	static const char *const precs[] = { "", ".", ".0", ".2", ".5", ".10" };
	static const char *const strings[] = { "", "a", "hello", "hypervisor!", "a\tb c" };
	static const char chars[] = { 'x', ' ', '%', '\0', '\x7f' };
	int local = 0;
	void *const pointers[] = { &local, (void *)1, (void *)(uintptr_t)0xdeadbeefu,
				   (void *)UINTPTR_MAX };

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
			char fmt[32], lib_buf[OUT_MAX], host_buf[OUT_MAX];
			int lib_n, host_n;

			for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
				snprintf(fmt, sizeof(fmt), "<%%%s%s%ss>", flags[f], widths[w],
					 precs[p]);
				for (size_t s = 0; s < sizeof(strings) / sizeof(strings[0]); s++) {
					lib_n = lib_snprintf(lib_buf, sizeof(lib_buf), fmt,
							     strings[s]);
					host_n = snprintf(host_buf, sizeof(host_buf), fmt,
							  strings[s]);
					compare(fmt, lib_n, lib_buf, host_n, host_buf, __FILE__,
						__LINE__);
				}
			}
			snprintf(fmt, sizeof(fmt), "<%%%s%sc>", flags[f], widths[w]);
			for (size_t c = 0; c < sizeof(chars); c++) {
				lib_n = lib_snprintf(lib_buf, sizeof(lib_buf), fmt, chars[c]);
				host_n = snprintf(host_buf, sizeof(host_buf), fmt, chars[c]);
				compare(fmt, lib_n, lib_buf, host_n, host_buf, __FILE__, __LINE__);
			}
			snprintf(fmt, sizeof(fmt), "<%%%s%sp>", flags[f], widths[w]);
			for (size_t p = 0; p < sizeof(pointers) / sizeof(pointers[0]); p++) {
				lib_n = lib_snprintf(lib_buf, sizeof(lib_buf), fmt, pointers[p]);
				host_n = snprintf(host_buf, sizeof(host_buf), fmt, pointers[p]);
				compare(fmt, lib_n, lib_buf, host_n, host_buf, __FILE__, __LINE__);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals_and_percent),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_star_width_and_precision),
		cmocka_unit_test(test_edge_values),
		cmocka_unit_test(test_pointers),
		cmocka_unit_test(test_null_pointer_and_string),
		cmocka_unit_test(test_string_precision_does_not_overread),
		cmocka_unit_test(test_unknown_conversions_print_verbatim),
		cmocka_unit_test(test_size_zero_and_null_buffer),
		cmocka_unit_test(test_width_larger_than_buffer),
		cmocka_unit_test(test_huge_widths),
		cmocka_unit_test(test_truncation_at_every_size),
		cmocka_unit_test(test_integer_grid),
		cmocka_unit_test(test_string_char_pointer_grid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
