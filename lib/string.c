/* Freestanding string and memory helpers (see lib/string.h). */
#include "lib/string.h"

#include <stdint.h>

void *lib_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--) {
		*d++ = *s++;
	}
	return dst;
}

void *lib_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0) {
		return dst;
	}
	if ((uintptr_t)d < (uintptr_t)s) {
		while (n--) {
			*d++ = *s++;
		}
	} else {
		while (n--) {
			d[n] = s[n];
		}
	}
	return dst;
}

void *lib_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--) {
		*d++ = (unsigned char)c;
	}
	return dst;
}

int lib_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y) {
			return *x < *y ? -1 : 1;
		}
	}
	return 0;
}

const void *lib_memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c) {
			return p;
		}
	}
	return NULL;
}

size_t lib_strlen(const char *s)
{
	size_t n = 0;

	while (s[n]) {
		n++;
	}
	return n;
}

size_t lib_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n]) {
		n++;
	}
	return n;
}

int lib_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int lib_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a) {
			return (unsigned char)*a - (unsigned char)*b;
		}
	}
	return 0;
}

const char *lib_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c) {
			return s;
		}
		if (!*s) {
			return NULL;
		}
	}
}

const char *lib_strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c) {
			last = s;
		}
		if (!*s) {
			return last;
		}
	}
}

const char *lib_strstr(const char *haystack, const char *needle)
{
	size_t n = lib_strlen(needle);

	for (; *haystack; haystack++) {
		if (lib_strncmp(haystack, needle, n) == 0) {
			return haystack;
		}
	}
	return n == 0 ? haystack : NULL;
}
