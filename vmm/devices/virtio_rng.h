/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A virtio entropy device (VIRTIO 1.2 section 5.4) on the virtio-mmio transport: each buffer of
 * its one queue is filled by a struct rng_backend, straight into guest RAM.
 */
#ifndef VMM_DEVICES_VIRTIO_RNG_H
#define VMM_DEVICES_VIRTIO_RNG_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/rng_backend.h"
#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_mem.h"

#define VIRTIO_RNG_INFLIGHT 16   /* requests at the backend at once */
#define VIRTIO_RNG_MAX_LEN 4096u /* bytes asked for one buffer, at most */

/* A request at the backend; its index is the backend's cookie. */
struct virtio_rng_slot {
	bool busy;
	uint16_t head;
	uint32_t generation; /* transport.generation when submitted */
	uint32_t len;        /* bytes asked for */
};

struct virtio_rng {
	struct virtio_mmio transport;
	const struct guest_mem *mem;
	struct rng_backend *backend;
	void (*wake)(void *opaque);
	void *wake_opaque;
	unsigned in_flight; /* busy slots */
	bool pushed;        /* used chains not yet announced by virtio_mmio_used */
	struct virtio_rng_slot slot[VIRTIO_RNG_INFLIGHT];
	struct virtq_chain chain;
};

/* Sets the device up on its transport; wake as for virtio_blk_init. */
void virtio_rng_init(struct virtio_rng *r, const struct guest_mem *mem, struct rng_backend *backend,
		     void (*irq)(void *opaque, bool level), void *irq_opaque,
		     void (*wake)(void *opaque), void *wake_opaque);

/*
 * Under transport.lock, from the I/O thread: hands the available buffers to the backend, gives
 * back the filled ones. True: requests are still at the backend.
 */
bool virtio_rng_process(struct virtio_rng *r);

#endif
