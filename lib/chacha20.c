/* SPDX-License-Identifier: Apache-2.0 */
/* The ChaCha20 block function (see lib/chacha20.h). */
#include "lib/chacha20.h"

#define STATE_WORDS 16
#define DOUBLE_ROUNDS 10

static uint32_t rotl32(uint32_t v, unsigned n)
{
	return v << n | v >> (32 - n);
}

static void quarter_round(uint32_t *x, unsigned a, unsigned b, unsigned c, unsigned d)
{
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl32(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl32(x[b] ^ x[c], 7);
}

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS], uint8_t out[CHACHA20_BLOCK_BYTES])
{
	/* The first row is the constant "expand 32-byte k" read as four little-endian words. */
	uint32_t in[STATE_WORDS] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t x[STATE_WORDS];

	for (unsigned i = 0; i < CHACHA20_KEY_WORDS; i++) {
		in[4 + i] = key[i];
	}
	in[12] = counter;
	for (unsigned i = 0; i < CHACHA20_NONCE_WORDS; i++) {
		in[13 + i] = nonce[i];
	}
	for (unsigned i = 0; i < STATE_WORDS; i++) {
		x[i] = in[i];
	}
	/* Each double round mixes the columns of the 4x4 state, then its diagonals. */
	for (unsigned r = 0; r < DOUBLE_ROUNDS; r++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	/* Adding the input back is what makes the permutation one-way. */
	for (unsigned i = 0; i < STATE_WORDS; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (uint8_t)v;
		out[4 * i + 1] = (uint8_t)(v >> 8);
		out[4 * i + 2] = (uint8_t)(v >> 16);
		out[4 * i + 3] = (uint8_t)(v >> 24);
	}
}
