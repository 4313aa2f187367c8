/* SPDX-License-Identifier: Apache-2.0 */
/* Freestanding string and memory helpers (see lib/string.h). */
#include "lib/string.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * A machine word that may alias any object: the word loops below fill and copy memory the
 * callers type as anything (page tables, guest RAM, structs), and the hypervisor is built with
 * -O2 and LTO, which would otherwise be free to assume an unsigned long store leaves, say, a
 * uint32_t alone. Words are only ever accessed at word-aligned addresses.
 */
typedef unsigned long __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)
#define WORD_MASK ((uintptr_t)WORD - 1)
#define UNROLL 8 /* words per iteration of the main loops: loop overhead spread over 64 bytes */

/*
 * GCC turns a fill or copy loop into a call to memset or memcpy, which in the hypervisor image is
 * lib/libc_shim.c calling back here: these functions must stay loops.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LIBCALL
#endif

static bool word_aligned(const void *p)
{
	return ((uintptr_t)p & WORD_MASK) == 0;
}

/* Copies n bytes upwards from s to d, both word aligned, n a multiple of WORD. */
NO_LIBCALL static void copy_words_up(word_t *d, const word_t *s, size_t n)
{
	/* Invariant: the words below d are copied; n bytes are left. */
	for (; n >= UNROLL * WORD; n -= UNROLL * WORD, d += UNROLL, s += UNROLL) {
		word_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
		word_t w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];

		d[0] = w0, d[1] = w1, d[2] = w2, d[3] = w3;
		d[4] = w4, d[5] = w5, d[6] = w6, d[7] = w7;
	}
	for (; n; n -= WORD) {
		*d++ = *s++;
	}
}

/* Copies n bytes downwards, n a multiple of WORD: d and s point just past the words, aligned. */
NO_LIBCALL static void copy_words_down(word_t *d, const word_t *s, size_t n)
{
	/* Invariant: the words at and above d are copied; n bytes are left below. */
	for (; n >= UNROLL * WORD; n -= UNROLL * WORD) {
		d -= UNROLL;
		s -= UNROLL;
		word_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
		word_t w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];

		d[7] = w7, d[6] = w6, d[5] = w5, d[4] = w4;
		d[3] = w3, d[2] = w2, d[1] = w1, d[0] = w0;
	}
	for (; n; n -= WORD) {
		*--d = *--s;
	}
}

/*
 * Byte loops cover the head up to d's word boundary and the tail; words go between. When d and s
 * are not aligned alike no word access can be aligned on both sides, so the copy is bytes (the
 * bundle's payloads are page aligned so that their copies are not). The copy runs upwards,
 * which lib_memmove relies on.
 */
NO_LIBCALL void *lib_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0) {
		while (n && !word_aligned(d)) {
			*d++ = *s++;
			n--;
		}
		size_t words = n & ~WORD_MASK;

		copy_words_up((word_t *)(void *)d, (const word_t *)(const void *)s, words);
		d += words;
		s += words;
		n &= WORD_MASK;
	}
	while (n--) {
		*d++ = *s++;
	}
	return dst;
}

NO_LIBCALL void *lib_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	bool alike = (((uintptr_t)d ^ (uintptr_t)s) & WORD_MASK) == 0;

	if (d == s || n == 0) {
		return dst;
	}
	/* Upwards when d is below s, so every byte is read before the copy overwrites it. */
	if ((uintptr_t)d < (uintptr_t)s) {
		return lib_memcpy(dst, src, n);
	}
	d += n;
	s += n;
	if (alike) {
		while (n && !word_aligned(d)) {
			*--d = *--s;
			n--;
		}
		size_t words = n & ~WORD_MASK;

		copy_words_down((word_t *)(void *)d, (const word_t *)(const void *)s, words);
		d -= words;
		s -= words;
		n &= WORD_MASK;
	}
	while (n--) {
		*--d = *--s;
	}
	return dst;
}

NO_LIBCALL void *lib_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	while (n && !word_aligned(d)) {
		*d++ = b;
		n--;
	}
	if (n >= WORD) {
		/* b in every byte of the word: all ones / 0xff is 0x0101...01 at any width. */
		word_t w = (~0UL / 0xff) * b;
		word_t *p = (word_t *)(void *)d;

		/* Invariant: the bytes below p are filled; n bytes are left. */
		for (; n >= UNROLL * WORD; n -= UNROLL * WORD, p += UNROLL) {
			p[0] = w, p[1] = w, p[2] = w, p[3] = w;
			p[4] = w, p[5] = w, p[6] = w, p[7] = w;
		}
		for (; n >= WORD; n -= WORD) {
			*p++ = w;
		}
		d = (unsigned char *)p;
	}
	while (n--) {
		*d++ = b;
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

int lib_hex_digit(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}
