/* SPDX-License-Identifier: Apache-2.0 */
/* Random bytes for the VMM (its getrandom()): a ChaCha20 generator keyed from the host's seed. */
#ifndef PLATFORM_ENTROPY_H
#define PLATFORM_ENTROPY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Keys the generator from a seed of real entropy (the host's /chosen/rng-seed), replacing any
 * earlier key; a seed of 0 bytes leaves it unseeded. The seed is taken in 32-byte chunks C_j
 * (the last padded with zeros): K_0 = 0 and K_j+1 = the first 32 bytes of the ChaCha20 block
 * with key K_j ^ C_j, counter 0 and nonce (j, seed length, "seed"). Every bit of the seed counts,
 * and the key is as unpredictable as the seed. Called at boot, before any entropy_read.
 */
void entropy_seed(const void *seed, size_t len);

/* entropy_read, the VMM's getrandom(), is declared in rvkvm/host.h. */
#include "rvkvm/host.h"

#endif
