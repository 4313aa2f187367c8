/* SPDX-License-Identifier: Apache-2.0 */
/* The ChaCha20 block function (RFC 8439, section 2.3), which rvkvm's random bytes are made with. */
#ifndef LIB_CHACHA20_H
#define LIB_CHACHA20_H

#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_NONCE_WORDS 3
#define CHACHA20_BLOCK_BYTES 64

/*
 * Writes block number counter of the key stream for key and nonce: 64 bytes, serialised
 * little-endian as the RFC does, so its test vectors apply byte for byte.
 */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS], uint8_t out[CHACHA20_BLOCK_BYTES]);

/* The little-endian 32-bit word at p, the order ChaCha20 reads keys and nonces in. */
static inline uint32_t chacha20_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#endif
