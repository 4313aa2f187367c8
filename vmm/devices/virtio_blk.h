/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A virtio block device (VIRTIO 1.2 section 5.2) on the virtio-mmio transport, served by a
 * struct blk_backend. Requests go to the backend zero-copy (host pointers into guest RAM) once
 * they are fully checked; what never needs the disk (errors, GET_ID) the device answers itself.
 */
#ifndef VMM_DEVICES_VIRTIO_BLK_H
#define VMM_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/blk_backend.h"
#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_mem.h"

/* The numbers are lib/virtio_spec.h's; rvkvm/host.h's request numbers are the same. */
_Static_assert(VIRTIO_BLK_T_IN == HOST_BLK_T_IN && VIRTIO_BLK_T_OUT == HOST_BLK_T_OUT &&
		       VIRTIO_BLK_T_FLUSH == HOST_BLK_T_FLUSH &&
		       VIRTIO_BLK_T_DISCARD == HOST_BLK_T_DISCARD &&
		       VIRTIO_BLK_T_WRITE_ZEROES == HOST_BLK_T_WRITE_ZEROES &&
		       VIRTIO_BLK_S_OK == HOST_BLK_S_OK && VIRTIO_BLK_S_IOERR == HOST_BLK_S_IOERR &&
		       VIRTIO_BLK_S_UNSUPP == HOST_BLK_S_UNSUPP,
	       "host disks take virtio-blk's requests and statuses as they are");

#define VIRTIO_BLK_INFLIGHT 64   /* requests at the backend at once */
#define VIRTIO_BLK_MAX_RANGES 16 /* ranges of one discard or write-zeroes request, at most */

/* A request at the backend; its index is the backend's cookie. */
struct virtio_blk_slot {
	bool busy;
	uint16_t head;
	uint32_t generation; /* transport.generation when submitted */
	uint8_t *status;     /* the chain's status byte, in guest RAM */
	uint32_t written;    /* data bytes the disk writes into the chain when it succeeds */
	/* The device's copy of a discard or write-zeroes payload, checked before submit. */
	uint8_t ranges[VIRTIO_BLK_MAX_RANGES * VIRTIO_BLK_RANGE_SIZE];
};

struct virtio_blk {
	struct virtio_mmio transport;
	const struct guest_mem *mem;
	struct blk_backend *backend;
	void (*wake)(void *opaque);
	void *wake_opaque;

	uint8_t id[VIRTIO_BLK_ID_BYTES]; /* the GET_ID answer, NUL-padded */
	uint8_t config[VIRTIO_BLK_CFG_SIZE];
	uint32_t seg_max;  /* data segments one backend request may carry */
	uint32_t seg_size; /* bytes in one backend segment, at most */
	uint32_t max_discard_sectors, max_discard_seg;
	uint32_t max_write_zeroes_sectors, max_write_zeroes_seg;

	unsigned in_flight; /* busy slots */
	bool pushed;        /* used chains not yet announced by virtio_mmio_used */
	struct virtio_blk_slot slot[VIRTIO_BLK_INFLIGHT];
	struct virtq_chain chain; /* the chain being parsed */
	struct host_blk_req req;  /* the request being built */
};

/*
 * Sets the device up on its transport (virtio_mmio_init). id is the GET_ID answer (up to 20
 * bytes; NULL: the backend's serial). wake is called under the transport lock when the driver
 * notifies or sets DRIVER_OK: the device's I/O thread should then call virtio_blk_process.
 * backend->info must be filled in before.
 */
void virtio_blk_init(struct virtio_blk *b, const struct guest_mem *mem, struct blk_backend *backend,
		     const char *id, void (*irq)(void *opaque, bool level), void *irq_opaque,
		     void (*wake)(void *opaque), void *wake_opaque);

/*
 * Under transport.lock, from the I/O thread: takes the available requests to the backend (until
 * the queue is empty or the backend is full), answers those that never reach the disk, gives
 * back the finished ones, and asks the driver to notify before returning. True: requests are
 * still at the backend (call again when it completes one).
 */
bool virtio_blk_process(struct virtio_blk *b);

#endif
