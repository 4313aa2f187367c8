/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every virtio device model on the board shares: its slot's virtio-mmio transport on the bus,
 * its QueueNotify a doorbell, an I/O thread of its own that waits on the doorbell and on the host
 * device's completions, and its slot's interrupt line.
 *
 * A virtio model (vmm/models/virtio_*.c) keeps a struct vmm_virtio beside its device and its
 * backend, and its descriptor is VIRTIO_BOARD_MODEL plus its name, count, max and create. Its
 * create calls virtio_board_open (the events, before the backend needs them), sets its device up
 * on its transport with virtio_board_irq and virtio_board_wake (and their opaque, the struct
 * vmm_virtio), and ends with virtio_board_attach, naming the function its I/O thread calls. The
 * device's queues, feature bits and configuration space are its own virtio_device_ops
 * (vmm/devices/virtio_mmio.h): the board neither knows nor limits them.
 */
#ifndef VMM_VIRTIO_BOARD_H
#define VMM_VIRTIO_BOARD_H

#include <stdbool.h>

#include "rvkvm/rvkvm.h"
#include "vmm/device_model.h"
#include "vmm/devices/virtio_mmio.h"

/* One virtio device of a VM, as its I/O thread serves it. */
struct vmm_virtio {
	struct vmm_device *board;      /* the board's instance: window, line, VM */
	struct virtio_mmio *transport; /* the device's own */
	void *dev;                     /* the model's device, for process */
	/* Under the transport's lock, from the I/O thread: one pass; true: requests in flight. */
	bool (*process)(struct vmm_virtio *v);
	struct rvkvm_event *kick; /* the QueueNotify doorbell, and wake-ups from the VMM */
	struct rvkvm_event *done; /* the host device completed a request */
	/*
	 * Optional, set by the model after virtio_board_open: called by the I/O thread after its
	 * last process, when the VM has ended (what the device holds outside the VM goes then).
	 */
	void (*ended)(struct vmm_virtio *v);
};

extern const char *const virtio_board_compatible[];

/* The descriptor fields every virtio model has (vmm/device_model.h). */
#define VIRTIO_BOARD_MODEL                                                                    \
	.place = VMM_PLACE_VIRTIO, .size = VIRTIO_MMIO_SIZE, .fdt_name = "virtio_mmio",       \
	.compatible = virtio_board_compatible, .mmio = &virtio_mmio_device, .own_lock = true, \
	.threads = 1, .start = virtio_board_start, .stop = virtio_board_stop

/* From a model's create: v is the device's, dev the model's state. 0 or VMM_STATUS_BAD_INPUT. */
int virtio_board_open(struct vmm_device *d, struct vmm_virtio *v, void *dev);
/* From a model's create, its device set up on t: the doorbell. 0 or VMM_STATUS_BAD_INPUT. */
int virtio_board_attach(struct vmm_virtio *v, struct virtio_mmio *t,
			bool (*process)(struct vmm_virtio *v));
/* The device's interrupt line and the driver's wake-ups: the transport's irq and a device's wake. */
void virtio_board_irq(void *opaque, bool level);
void virtio_board_wake(void *opaque);

/* The model hooks of VIRTIO_BOARD_MODEL: the I/O thread (on hart), and the VM's end. */
unsigned virtio_board_start(struct vmm_device *d, unsigned hart);
void virtio_board_stop(struct vmm_device *d);

#endif
