/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where a VM's devices go: the instances a config asks of each device model, placed on the
 * machine map (vmm/machine.h) in table order, checked, and described as device-tree nodes. A
 * function of the config and the table alone, so the device tree and the board agree.
 */
#ifndef VMM_BOARD_LAYOUT_H
#define VMM_BOARD_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/device_model.h"
#include "vmm/fdt_build.h"
#include "vmm/mmio_bus.h"
#include "vmm/vm_config.h"

/* Every device has a window on the VM's bus. */
#define BOARD_MAX_DEVICES MMIO_BUS_MAX
_Static_assert(BOARD_MAX_DEVICES <= FDT_BUILD_MAX_DEVICES, "every device can have a node");

/* The board's table of device models (vmm/board_table.c), in the order they are placed. */
extern const struct vmm_device_model *const board_models[];
extern const unsigned board_num_models;

/* One instance: its model, which of the model's it is, its window and its interrupt line. */
struct board_place {
	const struct vmm_device_model *model;
	unsigned index;
	uint64_t base, size;
	unsigned irq; /* 0: none */
};

struct board_layout {
	struct board_place dev[BOARD_MAX_DEVICES];
	unsigned count;
	unsigned virtio_slots; /* slots taken, 0.. from MACHINE_VIRTIO_BASE */
};

/*
 * Places the instances cfg asks of models[0..n), model by model, each model's in index order:
 * fixed ones where the model says, virtio ones in the next slots. Returns 0, or -1 with why in
 * err (NUL-terminated when errlen > 0): a model asked for more than its max, more devices than
 * the board or virtio devices than the machine's slots hold, an empty or wrapping window, two
 * windows that overlap, an interrupt line the PLIC does not have, or one two devices share.
 */
int board_layout(const struct vm_config *cfg, const struct vmm_device_model *const *models,
		 unsigned n, struct board_layout *out, char *err, size_t errlen);

/*
 * The device-tree nodes of the layout's devices that have one, in order, into out; returns how
 * many, and in *stdout_device the index in out of the node /chosen/stdout-path names (-1: none).
 */
unsigned board_layout_fdt(const struct board_layout *l, struct fdt_device out[BOARD_MAX_DEVICES],
			  int *stdout_device);

#endif
