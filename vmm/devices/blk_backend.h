/* SPDX-License-Identifier: Apache-2.0 */
/* What a guest disk is served by: an asynchronous, zero-copy block device (host.h's host disks). */
#ifndef VMM_DEVICES_BLK_BACKEND_H
#define VMM_DEVICES_BLK_BACKEND_H

#include <stdint.h>

#include "rvkvm/host.h"

/*
 * Requests are virtio-blk's (host.h's HOST_BLK_T_*). Segments are host pointers into guest RAM
 * (or, for discard and write-zeroes, into the device's own copy of the ranges); they stay valid
 * until the request is reaped. The backend reads *req only during submit.
 */
struct blk_backend_ops {
	/* 0: queued; RVKVM_ENOSPC: full, reap and retry later; another negative: refused. */
	int (*submit)(void *ctx, const struct host_blk_req *req);
	/* One finished request: 1 with its cookie and HOST_BLK_S_* status, 0 when none is. */
	int (*reap)(void *ctx, uint64_t *cookie, uint8_t *status);
};

struct blk_backend {
	const struct blk_backend_ops *ops;
	void *ctx;
	struct host_blk_info info; /* what the disk is: capacity, limits, read-only, commands */
};

#endif
