/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board's device models, in the order the board places them: the interrupt controller first
 * (the others' lines go through it), the fixed devices, then the virtio devices, which take the
 * machine's virtio slots in this order (disks, entropy, console, NICs: a model added
 * later goes last, so the slots of those before it do not move). A new device is one row here.
 */
#include "vmm/board_layout.h"
#include "vmm/test_hooks.h"

extern const struct vmm_device_model plic_model, uart16550_model, virtio_blk_model,
	virtio_rng_model, virtio_console_model, virtio_net_model;

const struct vmm_device_model *const board_models[] = {
	&plic_model,
	&uart16550_model,
	TEST_HOOKS_DEVICE_MODELS /* the test device, in the test image only */
		&virtio_blk_model,
	&virtio_rng_model,
	&virtio_console_model,
	&virtio_net_model,
};

const unsigned board_num_models = sizeof(board_models) / sizeof(board_models[0]);
