/* SPDX-License-Identifier: Apache-2.0 */
/* Random bytes for the VMM from the host's seed (see platform/entropy.h). */
#include "platform/entropy.h"

#include <stdint.h>

#include "lib/chacha20.h"
#include "lib/string.h"

/* The last nonce word keeps keying and reading apart: "seed" and "read" as little-endian words. */
#define NONCE_SEED 0x64656573u
#define NONCE_READ 0x64616572u
#define CHUNK_BYTES (4 * CHACHA20_KEY_WORDS)

static uint32_t key[CHACHA20_KEY_WORDS];
static bool seeded;
static uint64_t reads; /* the nonce of the next read; taken atomically */

/* Clears what held key material; the barrier keeps the compiler from dropping a dead store. */
static void wipe(void *p, size_t len)
{
	lib_memset(p, 0, len);
	__asm__ volatile("" : : "r"(p) : "memory");
}

void entropy_seed(const void *seed, size_t len)
{
	const uint8_t *s = seed;
	uint32_t k[CHACHA20_KEY_WORDS] = { 0 };
	uint8_t chunk[CHUNK_BYTES], block[CHACHA20_BLOCK_BYTES];

	if (len == 0) {
		return;
	}
	/* Invariant: k is the key made of the chunks before chunk j. */
	for (size_t j = 0; j * CHUNK_BYTES < len; j++) {
		size_t left = len - j * CHUNK_BYTES;
		size_t n = left < CHUNK_BYTES ? left : CHUNK_BYTES;
		uint32_t nonce[CHACHA20_NONCE_WORDS] = { (uint32_t)j, (uint32_t)len, NONCE_SEED };

		lib_memset(chunk, 0, sizeof(chunk));
		lib_memcpy(chunk, s + j * CHUNK_BYTES, n);
		for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
			k[i] ^= chacha20_le32(chunk + 4 * i);
		}
		chacha20_block(k, 0, nonce, block);
		for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
			k[i] = chacha20_le32(block + 4 * i);
		}
	}
	lib_memcpy(key, k, sizeof(key));
	__atomic_store_n(&reads, 0, __ATOMIC_RELAXED);
	seeded = true;
	/* Nothing the key was made from stays on the stack. */
	wipe(k, sizeof(k));
	wipe(chunk, sizeof(chunk));
	wipe(block, sizeof(block));
}

/* The block counter is 32 bits: 2^32 blocks of 64 bytes (a uint64_t, so on rv32 too). */
static bool too_long(uint64_t len)
{
	return len > (uint64_t)UINT32_MAX * CHACHA20_BLOCK_BYTES;
}

bool entropy_read(void *buf, size_t len)
{
	uint8_t *out = buf;
	uint8_t block[CHACHA20_BLOCK_BYTES];
	uint64_t n;

	if (!seeded || too_long(len)) {
		return false;
	}
	n = __atomic_fetch_add(&reads, 1, __ATOMIC_RELAXED);
	uint32_t nonce[CHACHA20_NONCE_WORDS] = { (uint32_t)n, (uint32_t)(n >> 32), NONCE_READ };

	/* Invariant: out has been filled with blocks 0 .. counter - 1; len bytes are left. */
	for (uint32_t counter = 0; len; counter++) {
		size_t take = len < sizeof(block) ? len : sizeof(block);

		chacha20_block(key, counter, nonce, block);
		lib_memcpy(out, block, take);
		out += take;
		len -= take;
	}
	wipe(block, sizeof(block));
	return true;
}
