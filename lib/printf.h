/* SPDX-License-Identifier: Apache-2.0 */
/* Freestanding snprintf-style formatting, prefixed so it links next to glibc in host tests. */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * C99 snprintf semantics without floating point: writes at most size bytes including the
 * terminating NUL (nothing at all when size is 0, so buf may then be NULL) and returns the
 * length the complete output would have, or -1 if that length does not fit in an int.
 *
 * Conversions: d i u x X o c s p %. Flags: - 0 # space +. Width and precision as numbers
 * or '*' (a negative '*' width means '-', a negative '*' precision means none). Length
 * modifiers: hh h l ll z j t.
 *
 * Differences from glibc, chosen for a hypervisor log: %p of NULL prints "0x0", %s of NULL
 * prints "(null)" cut to the precision, and an unknown conversion (including %n, which is
 * deliberately not supported) is printed verbatim.
 */
int lib_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int lib_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
