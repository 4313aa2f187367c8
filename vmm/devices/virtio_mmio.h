/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtio-mmio transport, version 2 (VIRTIO 1.2 section 4.2), in front of one device model:
 * the register window a guest driver sees, feature negotiation, the status handshake, queue
 * set-up and reset, the interrupt status and the device's configuration space.
 *
 * Locking: every field is under lock. The MMIO handlers take it themselves; a device's own
 * thread takes it around virtq_pop/virtq_push and the calls below marked "under lock", and drops
 * it while it waits. ops callbacks and irq run under it: they must not take it again, and irq
 * may take locks that are never held around a virtio-mmio access (the board's PLIC lock).
 */
#ifndef VMM_DEVICES_VIRTIO_MMIO_H
#define VMM_DEVICES_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "lib/virtio_spec.h"
#include "vmm/devices/device.h"
#include "vmm/devices/virtqueue.h"
#include "vmm/guest_mem.h"

#define VIRTIO_MMIO_SIZE 0x1000
#define VIRTIO_MMIO_MAX_QUEUES 8
#define VIRTIO_MMIO_COMPATIBLE "virtio,mmio"

#define VIRTIO_MMIO_VENDOR 0x4b565652u /* "RVVK" */

struct virtio_mmio;

/* What a device model gives the transport. */
struct virtio_device_ops {
	uint32_t device_id;
	unsigned num_queues; /* 1..VIRTIO_MMIO_MAX_QUEUES */
	/* The device's own feature bits; the transport adds VERSION_1, INDIRECT_DESC, EVENT_IDX. */
	uint64_t (*features)(void *dev);
	/* Configuration space, offsets from VIRTIO_MMIO_CONFIG; false: not there (reads give 0). */
	bool (*config_read)(void *dev, uint32_t offset, unsigned width, uint64_t *value);
	bool (*config_write)(void *dev, uint32_t offset, unsigned width, uint64_t value);
	/* The driver wrote QueueNotify for queue q (only when no doorbell took the write). */
	void (*notify)(void *dev, unsigned q);
	/* The driver set DRIVER_OK: the device may start using its ready queues. */
	void (*driver_ok)(void *dev);
	/*
	 * Reset (status 0 or QueueReset): the device stops using its queues before it returns. A
	 * device whose backend may still write guest RAM calls virtio_mmio_reset_pending from here,
	 * and virtio_mmio_reset_done once it cannot.
	 */
	void (*reset)(void *dev);
};

struct virtio_mmio {
	spinlock_t lock;
	const struct virtio_device_ops *ops;
	void *dev;
	const struct guest_mem *mem;
	void (*irq)(void *opaque, bool level);
	void *irq_opaque;

	uint32_t status;
	uint64_t device_features; /* ops->features() and the transport's, read at init */
	uint64_t driver_features;
	uint32_t device_features_sel, driver_features_sel;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	uint32_t generation; /* resets so far: a device drops completions of an older generation */
	/*
	 * A reset the device has not finished (its backend can still write guest RAM): Status
	 * reads shown_status, not 0, and the driver can only reset again until it is done.
	 */
	bool reset_pending;
	uint32_t shown_status;
	struct virtq queue[VIRTIO_MMIO_MAX_QUEUES];
};

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      const struct guest_mem *mem, void (*irq)(void *opaque, bool level),
		      void *irq_opaque);

/* Under lock: the driver has set DRIVER_OK and not since reset, nor NEEDS_RESET. */
bool virtio_mmio_running(const struct virtio_mmio *t);
/* Under lock: after pushing used chains on queue q, interrupts the driver if it asked to be. */
void virtio_mmio_used(struct virtio_mmio *t, unsigned q);
/* Under lock: the device's configuration changed (bumps the generation, config interrupt). */
void virtio_mmio_config_changed(struct virtio_mmio *t);
/* Under lock: the driver broke the rules; sets DEVICE_NEEDS_RESET and tells it (section 2.1.2). */
void virtio_mmio_needs_reset(struct virtio_mmio *t, const char *why);
/*
 * Under lock, from ops->reset: requests of the old generation are still at the backend, which
 * may write guest RAM. Section 2.4: the device must not touch the queues once Status reads 0
 * after a reset, so Status keeps its old value until virtio_mmio_reset_done.
 */
void virtio_mmio_reset_pending(struct virtio_mmio *t);
/* Under lock: nothing of an older generation is left at the backend (no-op if none was). */
void virtio_mmio_reset_done(struct virtio_mmio *t);

/* The bus descriptor; dev is a struct virtio_mmio *. Takes lock itself. */
extern const struct device_desc virtio_mmio_device;

#endif
