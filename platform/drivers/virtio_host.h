/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rvkvm's driver of a host virtio-mmio device (VIRTIO 1.2 section 4.2, version 2 only) with one
 * split virtqueue, queue 0: start-up and feature negotiation, config space, buffer chains in
 * and out, and its interrupt. The device drivers (host_blk.c, host_rng.c) sit on it and hold
 * their own lock around every call that touches the queue.
 */
#ifndef PLATFORM_DRIVERS_VIRTIO_HOST_H
#define PLATFORM_DRIVERS_VIRTIO_HOST_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_RNG 4
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_HOST_QUEUE_MAX 256 /* descriptors of the queue, at most */

struct virtq_desc;
struct virtq_avail;
struct virtq_used;

/* One buffer of a chain: host memory the device reads, or writes when device_writes. */
struct virtio_host_buf {
	const void *addr;
	uint32_t len;
	bool device_writes;
};

typedef void virtio_host_callback(void *arg);

struct virtio_host {
	uint64_t base;
	uint32_t irq;
	uint32_t device_id;
	uint64_t features; /* what the driver and the device agreed on */
	uint16_t qsize;    /* a power of two */
	uint16_t nfree;    /* descriptors on the free list */
	uint16_t free_head;
	uint16_t avail_idx; /* the driver's copy of avail->idx */
	uint16_t last_used; /* used ring entries taken so far */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	virtio_host_callback *on_used; /* from the interrupt, on any hart */
	void *arg;
};

/*
 * The device id of the virtio-mmio slot at base: 0 when it is empty or not a device rvkvm
 * drives (a legacy version-1 device is said so on the console).
 */
uint32_t virtio_host_identify(uint64_t base);
/*
 * Resets the device and brings it up (VIRTIO 1.2 section 3.1.1): features are the device's
 * among `wanted` and VIRTIO_F_VERSION_1, and queue 0 gets min(QueueNumMax, 256) descriptors.
 * Returns NULL, or why the device is not usable (then it is marked FAILED).
 */
const char *virtio_host_start(struct virtio_host *d, uint64_t base, uint32_t irq, uint64_t wanted);
/* Device-specific config space (offset from its start), read with the access widths it needs. */
uint8_t virtio_host_config8(const struct virtio_host *d, unsigned off);
uint32_t virtio_host_config32(const struct virtio_host *d, unsigned off);
uint64_t virtio_host_config64(const struct virtio_host *d, unsigned off);
/* Calls on_used(arg) from each interrupt of the device's that reports used buffers. */
bool virtio_host_enable_interrupt(struct virtio_host *d, virtio_host_callback *on_used, void *arg);

/*
 * Makes the chain buf[0..n) available to the device (without notifying it). Returns its head
 * descriptor, -1 when fewer than n descriptors are free.
 */
int virtio_host_add(struct virtio_host *d, const struct virtio_host_buf *buf, unsigned n);
/* Tells the device there are new available buffers (QueueNotify). */
void virtio_host_notify(struct virtio_host *d);
/*
 * Takes the oldest used chain back: its head descriptor and the bytes the device wrote. False
 * when the device has used nothing more.
 */
bool virtio_host_pop(struct virtio_host *d, uint16_t *head, uint32_t *written);

/* The head descriptor the next virtio_host_add will use: per-request data can be ready first. */
static inline uint16_t virtio_host_next_head(const struct virtio_host *d)
{
	return d->free_head;
}

static inline unsigned virtio_host_free(const struct virtio_host *d)
{
	return d->nfree;
}

#endif
