/* SPDX-License-Identifier: Apache-2.0 */
/* What a guest entropy device is served by: an asynchronous source of random bytes (host.h). */
#ifndef VMM_DEVICES_RNG_BACKEND_H
#define VMM_DEVICES_RNG_BACKEND_H

#include <stdint.h>

/* buf is a host pointer into guest RAM; it stays valid until the request is reaped. */
struct rng_backend_ops {
	/* Asks for up to len bytes into buf. 0: queued; RVKVM_ENOSPC: full, reap first; else refused. */
	int (*submit)(void *ctx, void *buf, uint32_t len, uint64_t cookie);
	/* One finished request: 1 with its cookie and the bytes written, 0 when none is. */
	int (*reap)(void *ctx, uint64_t *cookie, uint32_t *len);
};

struct rng_backend {
	const struct rng_backend_ops *ops;
	void *ctx;
};

#endif
