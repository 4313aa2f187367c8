/* SPDX-License-Identifier: Apache-2.0 */
/* A tiny virtio-mmio block driver for the hostile guest: one polled queue whose rings it may break. */
#ifndef GUESTS_VIRTIO_HOSTILE_VDEV_H
#define GUESTS_VIRTIO_HOSTILE_VDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "vmmio.h"

/* The slots, rings and virtio numbers are guests/lib/vmmio.h's and lib/virtio_spec.h's. */
#define VDEV_SLOT(i) VMMIO_SLOT(i)
#define SECTOR VIRTIO_BLK_SECTOR
#define VDEV_QUEUE VRING_SIZE

struct blk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

struct vdev {
	unsigned long base;
	struct vring *ring;
	uint16_t avail_idx; /* what the driver published */
	uint64_t features;  /* negotiated */
	uint64_t capacity;  /* sectors */
	uint32_t seg_max, size_max;
};

uint32_t vdev_read(const struct vdev *d, unsigned off);
void vdev_write(const struct vdev *d, unsigned off, uint32_t v);
void vdev_set_addr(const struct vdev *d, unsigned off, uint64_t gpa);

/* Status 0, then waits (bounded) for it to read 0 as section 2.4 says; false if it never does. */
bool vdev_reset(struct vdev *d);
/*
 * Reset, then the full handshake on ring r (cleared): magic, version 2, block device, features
 * VERSION_1 plus `want` (when offered), FEATURES_OK, queue 0 of VDEV_QUEUE entries, DRIVER_OK.
 * Returns NULL or what went wrong.
 */
const char *vdev_start(struct vdev *d, unsigned long base, struct vring *r, uint64_t want);
/* The handshake up to FEATURES_OK only, queue unset: for the queue set-up checks. */
const char *vdev_features_ok(struct vdev *d, unsigned long base, uint64_t want);
/* Writes the selected queue's size and areas for ring r (QueueSel and QueueReady untouched). */
void vdev_queue_regs(const struct vdev *d, struct vring *r, uint32_t num);

void vdev_desc(struct vdev *d, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
	       uint16_t next);
/* Publishes head in the avail ring (idx + 1) without a notify. */
void vdev_post(struct vdev *d, uint16_t head);
void vdev_notify(const struct vdev *d, uint32_t queue);
uint16_t vdev_used_idx(const struct vdev *d);
/* Polls until the used idx reaches want or the device sets DEVICE_NEEDS_RESET, at most ms. */
bool vdev_wait(const struct vdev *d, uint16_t want, unsigned ms);

/*
 * A whole request in slot k (descriptors 3k..3k+2, its own header and status byte): header,
 * data (device-writable for VIRTIO_BLK_T_IN), status. Posted and notified; returns the status byte, or -1
 * when no answer came within a second.
 */
int vdev_blk(struct vdev *d, unsigned k, uint32_t type, uint64_t sector, void *buf, uint32_t len);
/* The same without notify and wait: the status byte the device will write is vdev_status(k). */
void vdev_blk_post(struct vdev *d, unsigned k, uint32_t type, uint64_t sector, void *buf,
		   uint32_t len);
volatile uint8_t *vdev_status(unsigned k);
struct blk_hdr *vdev_hdr(unsigned k);

#endif
