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

/*
 * Fills buf with len random bytes: the ChaCha20 key stream for the key above, counter from 0,
 * with the nonce (n, "read"), n the number of reads before this one. Each read has its own n,
 * so no two reads (two VMs, or one VM built twice) get the same bytes, and any number of harts
 * may read at once. False, with buf untouched, when there is no seed: rvkvm has no other
 * source, and the clock is no entropy. At most 256 GiB a read.
 */
bool entropy_read(void *buf, size_t len);

#endif
