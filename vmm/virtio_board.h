/* SPDX-License-Identifier: Apache-2.0 */
/* A VM's virtio devices (disks, entropy, console) in the machine's virtio slots, each served by an I/O thread. */
#ifndef VMM_VIRTIO_BOARD_H
#define VMM_VIRTIO_BOARD_H

#include <stdbool.h>

#include "rvkvm/rvkvm.h"
#include "vmm/devices/blk_backend.h"
#include "vmm/devices/rng_backend.h"
#include "vmm/devices/virtio_blk.h"
#include "vmm/devices/virtio_console.h"
#include "vmm/devices/virtio_rng.h"
#include "vmm/machine.h"

struct vmm_vm;

enum vmm_virtio_kind {
	VMM_VIRTIO_BLK,
	VMM_VIRTIO_RNG,
	VMM_VIRTIO_CONSOLE,
};

/* One virtio device of a VM. */
struct vmm_virtio {
	struct vmm_vm *vm;
	unsigned slot;
	enum vmm_virtio_kind kind;
	struct virtio_mmio *transport; /* the device's own */
	union {
		struct virtio_blk blk;
		struct virtio_rng rng;
		struct virtio_console console;
	} dev;
	struct rvkvm_event *kick; /* the QueueNotify doorbell, and wake-ups from the VMM */
	struct rvkvm_event *done; /* the host device completed a request */
	struct blk_backend blk_backend;
	struct rng_backend rng_backend;
	char id[HOST_BLK_SERIAL_MAX + 1]; /* what a disk answers GET_ID with */
	uint64_t accesses; /* guest MMIO accesses (exits) to its registers, for --stats */
};

/*
 * Opens the host devices behind the VM's disks and entropy device and puts the devices in their
 * slots, each QueueNotify a doorbell. 0, or VMM_STATUS_BAD_INPUT after saying what is missing.
 */
int virtio_board_init(struct vmm_vm *vm);
/* A guest access to the virtio slots; false when no device is there. */
bool virtio_board_mmio(struct vmm_vm *vm, struct rvkvm_exit *exit);
/* Starts the I/O threads (the first on hart `hart`); returns how many started. */
unsigned virtio_board_start(struct vmm_vm *vm, unsigned hart);
/* Moves pending console input into the virtio console (console=virtio); false: no such device. */
bool virtio_board_console_input(struct vmm_vm *vm);
/* The VM has ended: wakes its I/O threads so they finish (after the host devices are done). */
void virtio_board_stop(struct vmm_vm *vm);

#endif
