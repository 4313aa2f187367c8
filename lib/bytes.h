/* SPDX-License-Identifier: Apache-2.0 */
/* The low bytes of a 64-bit value, as a 1-, 2-, 4- or 8-byte access carries them. */
#ifndef LIB_BYTES_H
#define LIB_BYTES_H

#include <stdint.h>

/* v's low len bytes (len 1, 2, 4 or 8), zero-extended. */
static inline uint64_t low_bytes(uint64_t v, unsigned len)
{
	unsigned shift = 64 - 8 * len;

	return v << shift >> shift;
}

/* v's low len bytes (len 1, 2, 4 or 8), sign-extended from their top bit. */
static inline uint64_t low_bytes_signed(uint64_t v, unsigned len)
{
	unsigned shift = 64 - 8 * len;

	return (uint64_t)((int64_t)(v << shift) >> shift);
}

#endif
