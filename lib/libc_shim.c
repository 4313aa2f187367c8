/* SPDX-License-Identifier: Apache-2.0 */
/* The C library symbols libfdt.a (built for riscv64 Linux) needs, mapped onto lib/ in the hypervisor image. */
#include <stddef.h>
#include <stdint.h>

#include "lib/string.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);
void __stack_chk_fail(void);

/* libfdt was built with -fstack-protector-strong: its canary lives here. */
uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbd94fda766ULL;

void *memcpy(void *dst, const void *src, size_t n)
{
	return lib_memcpy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	return lib_memmove(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	return lib_memset(dst, c, n);
}

int memcmp(const void *a, const void *b, size_t n)
{
	return lib_memcmp(a, b, n);
}

void *memchr(const void *s, int c, size_t n)
{
	return (void *)(uintptr_t)lib_memchr(s, c, n);
}

size_t strlen(const char *s)
{
	return lib_strlen(s);
}

size_t strnlen(const char *s, size_t max)
{
	return lib_strnlen(s, max);
}

char *strchr(const char *s, int c)
{
	return (char *)(uintptr_t)lib_strchr(s, c);
}

char *strrchr(const char *s, int c)
{
	return (char *)(uintptr_t)lib_strrchr(s, c);
}

/* libfdt uses strtoul only to parse unit addresses in paths: decimal and hex suffice. */
unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = 10;
	}
	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9') {
			d = *s - '0';
		} else if (*s >= 'a' && *s <= 'z') {
			d = *s - 'a' + 10;
		} else if (*s >= 'A' && *s <= 'Z') {
			d = *s - 'A' + 10;
		} else {
			break;
		}
		if (d >= base) {
			break;
		}
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end) {
		*end = (char *)(uintptr_t)s;
	}
	return v;
}

void __stack_chk_fail(void)
{
	__builtin_trap();
}
