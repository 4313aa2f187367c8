/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rvkvm's driver of a host virtio-mmio device (VIRTIO 1.2 section 4.2, version 2 only) with one
 * or two split virtqueues (virtio_host_ring.h): start-up and feature negotiation, config space,
 * notifies and the device's interrupt. The device drivers (host_blk.c, host_rng.c, host_net.c)
 * sit on it and hold their own lock around every call that touches a queue.
 */
#ifndef PLATFORM_DRIVERS_VIRTIO_HOST_H
#define PLATFORM_DRIVERS_VIRTIO_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/drivers/virtio_host_ring.h"

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_RNG 4
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_HOST_QUEUES 2 /* queues of one device, at most: virtio-net's receiveq1, transmitq1 */

typedef void virtio_host_callback(void *arg);

struct virtio_host {
	uint64_t base;
	uint32_t irq;
	uint32_t device_id;
	uint64_t features; /* what the driver and the device agreed on */
	unsigned nqueues;
	struct virtio_host_queue queue[VIRTIO_HOST_QUEUES]; /* queue i is the device's queue i */
	virtio_host_callback *on_used;                      /* from the interrupt, on any hart */
	virtio_host_callback *on_config;                    /* the same, optional */
	void *arg;
};

/*
 * The device id of the virtio-mmio slot at base: 0 when it is empty or not a device rvkvm
 * drives (a legacy version-1 device is said so on the console).
 */
uint32_t virtio_host_identify(uint64_t base);
/*
 * Resets the device and brings it up (VIRTIO 1.2 section 3.1.1): features are the device's
 * among `wanted` and VIRTIO_F_VERSION_1, and queues 0..nqueues-1 (nqueues <= VIRTIO_HOST_QUEUES)
 * get min(QueueNumMax, 256) descriptors each. Returns NULL, or why the device is not usable
 * (then it is marked FAILED).
 */
const char *virtio_host_start(struct virtio_host *d, uint64_t base, uint32_t irq, uint64_t wanted,
			      unsigned nqueues);
/* Device-specific config space (offset from its start), read with the access widths it needs. */
uint8_t virtio_host_config8(const struct virtio_host *d, unsigned off);
uint16_t virtio_host_config16(const struct virtio_host *d, unsigned off);
uint32_t virtio_host_config32(const struct virtio_host *d, unsigned off);
uint64_t virtio_host_config64(const struct virtio_host *d, unsigned off);
/*
 * Before virtio_host_enable_interrupt: each interrupt of the device's that reports a change of
 * its config space will also call on_config with the same arg (from the interrupt, any hart).
 */
void virtio_host_on_config_change(struct virtio_host *d, virtio_host_callback *on_config);
/* Calls on_used(arg) from each interrupt of the device's that reports used buffers. */
bool virtio_host_enable_interrupt(struct virtio_host *d, virtio_host_callback *on_used, void *arg);
/* Tells the device there are new available buffers in queue q (QueueNotify). */
void virtio_host_notify(struct virtio_host_queue *q);

#endif
