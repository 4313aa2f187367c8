/* SPDX-License-Identifier: Apache-2.0 */
/* Freestanding string and memory helpers, prefixed so they link next to glibc in host tests. */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

void *lib_memcpy(void *dst, const void *src, size_t n);
void *lib_memmove(void *dst, const void *src, size_t n);
void *lib_memset(void *dst, int c, size_t n);
int lib_memcmp(const void *a, const void *b, size_t n);
const void *lib_memchr(const void *s, int c, size_t n);
size_t lib_strlen(const char *s);
size_t lib_strnlen(const char *s, size_t max);
int lib_strcmp(const char *a, const char *b);
int lib_strncmp(const char *a, const char *b, size_t n);
const char *lib_strchr(const char *s, int c);
const char *lib_strrchr(const char *s, int c);
const char *lib_strstr(const char *haystack, const char *needle);
/* The value of a hexadecimal digit (0-9, a-f, A-F), or -1 for any other character. */
int lib_hex_digit(int c);

#endif
