/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A virtio console device (VIRTIO 1.2 section 5.3) on the virtio-mmio transport: one port (the
 * guest's hvc0), no MULTIPORT, no SIZE. What the guest writes goes out through a callback; what
 * the host types waits in a bounded FIFO inside the device until the guest posts receive buffers.
 *
 * Buffers on the wrong queue: a transmitq chain with device-writable buffers or a receiveq chain
 * with device-readable ones breaks a driver MUST NOT (section 5.3.6.1). The device uses nothing
 * of such a chain and sets DEVICE_NEEDS_RESET, as virtio-rng does for a chain it cannot write.
 */
#ifndef VMM_DEVICES_VIRTIO_CONSOLE_H
#define VMM_DEVICES_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_mem.h"

/* Queues without MULTIPORT (section 5.3.2). */
#define VIRTIO_CONSOLE_RX 0 /* receiveq0: host to guest */
#define VIRTIO_CONSOLE_TX 1 /* transmitq0: guest to host */
#define VIRTIO_CONSOLE_NUM_QUEUES 2

/* Feature bits (section 5.3.3); none is offered. */
#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

/* Configuration space (section 5.3.4): its fields mean nothing without the features, read 0. */
#define VIRTIO_CONSOLE_CFG_COLS 0         /* le16 */
#define VIRTIO_CONSOLE_CFG_ROWS 2         /* le16 */
#define VIRTIO_CONSOLE_CFG_MAX_NR_PORTS 4 /* le32 */
#define VIRTIO_CONSOLE_CFG_EMERG_WR 8     /* le32 */
#define VIRTIO_CONSOLE_CFG_SIZE 12

#define VIRTIO_CONSOLE_FIFO 4096u     /* typed bytes the device holds for the guest, at most */
#define VIRTIO_CONSOLE_OUT_PIECE 256u /* bytes handed to out in one call, at most */

struct virtio_console {
	struct virtio_mmio transport;
	const struct guest_mem *mem;
	void (*out)(void *opaque, const void *buf, size_t len);
	void *out_opaque;
	void (*wake)(void *opaque);
	void *wake_opaque;

	/* Input not yet in the guest: fifo_len bytes from fifo[fifo_head], round the array. */
	uint8_t fifo[VIRTIO_CONSOLE_FIFO];
	uint32_t fifo_head, fifo_len;
	bool pushed[VIRTIO_CONSOLE_NUM_QUEUES];  /* used chains not yet announced */
	uint8_t piece[VIRTIO_CONSOLE_OUT_PIECE]; /* the device's copy of what goes to out */
	struct virtq_chain chain;
};

/*
 * Sets the device up on its transport. out receives, under the transport lock and in order,
 * the bytes of each transmit chain's readable part (copied into the device, at most
 * VIRTIO_CONSOLE_OUT_PIECE a call; it must not take the lock). wake as for virtio_blk_init.
 */
void virtio_console_init(struct virtio_console *c, const struct guest_mem *mem,
			 void (*out)(void *opaque, const void *buf, size_t len), void *out_opaque,
			 void (*irq)(void *opaque, bool level), void *irq_opaque,
			 void (*wake)(void *opaque), void *wake_opaque);

/*
 * Under transport.lock, from the I/O thread: sends out what the guest transmitted (each chain
 * used with length 0), moves FIFO bytes into the guest's receive buffers, and asks the driver to
 * notify before returning. True: input still waits in the FIFO for receive buffers (the driver
 * was asked to notify when it posts one).
 */
bool virtio_console_process(struct virtio_console *c);

/*
 * Under transport.lock: appends up to len typed bytes to the FIFO and returns how many it took
 * (0 unless the driver runs; fewer than len when the FIFO fills). Bytes not taken stay the
 * caller's. Call virtio_console_process afterwards to hand them to the guest.
 */
size_t virtio_console_input(struct virtio_console *c, const void *buf, size_t len);

/* Under transport.lock: whether virtio_console_input would take a byte now. */
bool virtio_console_wants_input(const struct virtio_console *c);

#endif
