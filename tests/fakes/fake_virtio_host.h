/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake host virtio-mmio transport (platform/drivers/virtio_host.h) for host tests of rvkvm's
 * device drivers: no registers, the queues' rings in host memory run by the real ring code
 * (virtio_host_ring.c), and the device's side of them played by the test through the calls
 * below, as a device would: take an available chain, use it, interrupt.
 */
#ifndef TESTS_FAKES_FAKE_VIRTIO_HOST_H
#define TESTS_FAKES_FAKE_VIRTIO_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/drivers/virtio_host.h"

#define FAKE_VIRTIO_HOST_CONFIG 64

/* What the next virtio_host_start finds: the device, as a test sets it up. */
struct fake_virtio_host {
	uint64_t offered;       /* device features */
	uint16_t queue_num_max; /* QueueNumMax of every queue */
	uint8_t config[FAKE_VIRTIO_HOST_CONFIG];
	bool interrupt_fails;                  /* virtio_host_enable_interrupt returns false */
	unsigned notifies[VIRTIO_HOST_QUEUES]; /* virtio_host_notify calls, by queue, all devices */
	unsigned starts;
};

extern struct fake_virtio_host fake_virtio_host;

void fake_virtio_host_reset(void);
/*
 * The device takes queue qi's next available chain: its head, and its descriptors' count; -1
 * when none is available. The chain is d->queue[qi].desc[head...] by the next links.
 */
int fake_virtio_host_take(struct virtio_host *d, unsigned qi, unsigned *ndesc);
/* The device puts chain head on queue qi's used ring with len bytes written. */
void fake_virtio_host_use(struct virtio_host *d, unsigned qi, uint16_t head, uint32_t len);
/* The device interrupts for used buffers: the driver's on_used runs. */
void fake_virtio_host_interrupt(struct virtio_host *d);
/* The device interrupts for a change of its config space (fake_virtio_host.config): on_config. */
void fake_virtio_host_config_changed(struct virtio_host *d);

#endif
