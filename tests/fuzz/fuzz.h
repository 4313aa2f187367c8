/* SPDX-License-Identifier: Apache-2.0 */
/* What every fuzz target shares: the libFuzzer entry point and a reader of choices from bytes. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Called once per input by libFuzzer, or by tests/fuzz/replay_main.c for the corpus. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A cursor over the input. Reading past the end gives zeros, so every input, however short,
 * is a complete (if dull) test case and a target never has to check lengths itself.
 */
struct fz {
	const uint8_t *p;
	size_t n;
};

static inline struct fz fz_init(const uint8_t *data, size_t size)
{
	return (struct fz){ data, size };
}

static inline bool fz_empty(const struct fz *f)
{
	return f->n == 0;
}

static inline uint8_t fz_u8(struct fz *f)
{
	uint8_t b;

	if (f->n == 0) {
		return 0;
	}
	b = f->p[0];
	f->p++;
	f->n--;
	return b;
}

static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t lo = fz_u8(f);

	return (uint16_t)(lo | (uint16_t)fz_u8(f) << 8);
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t lo = fz_u16(f);

	return lo | (uint32_t)fz_u16(f) << 16;
}

static inline uint64_t fz_u64(struct fz *f)
{
	uint64_t lo = fz_u32(f);

	return lo | (uint64_t)fz_u32(f) << 32;
}

static inline bool fz_bool(struct fz *f)
{
	return (fz_u8(f) & 1) != 0;
}

/* A value in [0, n); n must be at least 1. */
static inline unsigned fz_below(struct fz *f, unsigned n)
{
	return n <= 256 ? fz_u8(f) % n : fz_u16(f) % n;
}

/* Up to max bytes of the input, as a pointer into it (no copy); *len says how many. */
static inline const uint8_t *fz_bytes(struct fz *f, size_t max, size_t *len)
{
	const uint8_t *p = f->p;

	*len = max < f->n ? max : f->n;
	f->p += *len;
	f->n -= *len;
	return p;
}

/* A failed oracle: says what failed, then abort()s so that libFuzzer keeps the input. */
#define FZ_CHECK(cond, ...)                                                                      \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                            \
			fputc('\n', stderr);                                                     \
			abort();                                                                 \
		}                                                                                \
	} while (0)

#endif
