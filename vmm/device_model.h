/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A device model as the board sees it: one const descriptor per kind of device, carrying all the
 * board needs to place it (its window and interrupt on the machine map), describe it (its
 * device-tree node), build it and route its guest accesses. The board walks one table of them
 * (vmm/board_table.c); adding a device is its own files and one row there.
 */
#ifndef VMM_DEVICE_MODEL_H
#define VMM_DEVICE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/device.h"
#include "vmm/fdt_build.h"
#include "vmm/vm_config.h"

struct vmm_vm;
struct mmio_bus_entry;

/* Where on the machine map the board puts a model's instances (vmm/machine.h). */
enum vmm_device_place {
	VMM_PLACE_FIXED,  /* at the model's base, with the model's interrupt line (if any) */
	VMM_PLACE_VIRTIO, /* each in the next free virtio slot, with that slot's line */
};

/* One device of a VM, as placed and built by the board. */
struct vmm_device {
	const struct vmm_device_model *model;
	struct vmm_vm *vm;
	unsigned index;             /* among its model's instances in this VM: disk 0 is vda */
	uint64_t base, size;        /* its MMIO window */
	unsigned irq;               /* its interrupt line (a PLIC source), 0: none */
	void *state;                /* the model's own, set by create */
	void *mmio_dev;             /* what the model's mmio handlers get, set by create */
	struct mmio_bus_entry *bus; /* its window on the VM's bus (and its access count) */
};

struct vmm_device_model {
	const char *name; /* in messages and --stats */
	/* Instances the VM's config asks for (NULL: exactly one), at most max. */
	unsigned (*count)(const struct vm_config *cfg);
	unsigned max;

	/* Placement: for VMM_PLACE_FIXED, base and irq are the machine map's; size always. */
	enum vmm_device_place place;
	uint64_t base, size;
	unsigned irq;

	/* The device-tree node (vmm/fdt_build.h); fdt_name NULL: none, the guest just knows. */
	const char *fdt_name;
	const char *const *compatible; /* NULL-terminated */
	void (*fdt_props)(struct fdt_writer *w, const struct fdt_device *node); /* after reg */
	bool fdt_stdout; /* /chosen/stdout-path names this node */

	/*
	 * Builds instance d (placed, not yet on the bus): sets d->state and d->mmio_dev. 0, or
	 * VMM_STATUS_BAD_INPUT after saying why.
	 */
	int (*create)(struct vmm_device *d);
	/* Guest accesses, as offsets into the window; reset is the machine's reset of it. */
	const struct device_desc *mmio;
	/* The handlers take the device's own lock; otherwise they run under the VM's board_lock. */
	bool own_lock;

	/* Optional, each NULL when the model has none. */
	/* An interrupt controller: drives its input line (board_set_irq calls it, board_lock held). */
	void (*set_line)(struct vmm_device *d, unsigned line, bool level);
	/* Moves pending console input into the device if the config gives it the console; false: not its. */
	bool (*console_input)(struct vmm_device *d);
	/* I/O threads: starts the device's (threads of them) with the first on hart; how many did. */
	unsigned threads;
	unsigned (*start)(struct vmm_device *d, unsigned hart);
	/* The VM has ended: the device's threads finish (once nothing is in flight). */
	void (*stop)(struct vmm_device *d);
	/* --stats: the device's own counters, a line, once every thread of the VM has returned. */
	void (*print_stats)(const struct vmm_device *d);
};

#endif
