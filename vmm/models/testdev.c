/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The test device on the board, in the test image only (vmm/test_hooks.h): its command word runs
 * the memory tests (vmm/memtest.c), its doorbell the core counts. It has no device-tree node: the
 * test guests know where it is.
 */
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/devices/testdev.h"
#include "vmm/machine.h"
#include "vmm/memtest.h"
#include "vmm/vmm.h"

static uint64_t doorbell_rung(void *opaque)
{
	struct vmm_vm *vm = opaque;

	return rvkvm_event_read(vm->test.doorbell);
}

/* The test device's doorbell: a 4-byte write of its match value the core counts, no exit. */
static int add_doorbell(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct rvkvm_ioeventfd io = {
		.datamatch = TESTDEV_DOORBELL_MATCH,
		.addr = d->base + TESTDEV_DOORBELL,
		.len = TESTDEV_DOORBELL_LEN,
		.flags = RVKVM_IOEVENTFD_DATAMATCH,
	};
	int rc = rvkvm_event_create(&vm->test.doorbell);

	if (rc != 0) {
		return rc;
	}
	io.event = vm->test.doorbell;
	return rvkvm_ioeventfd(vm->vm, &io);
}

static int create(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct testdev *td = &vm->test.testdev;

	lib_memset(td, 0, sizeof(*td));
	td->command = memtest_command;
	td->opaque = vm;
	if (add_doorbell(d) != 0) {
		console_printf("rvkvm: %s: cannot register the test device's doorbell\n", vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	td->doorbell_rung = doorbell_rung;
	d->state = td;
	d->mmio_dev = td;
	return 0;
}

const struct vmm_device_model testdev_model = {
	.name = "testdev",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = MACHINE_TESTDEV_BASE,
	.size = TESTDEV_WINDOW_SIZE,
	.create = create,
	.mmio = &testdev_device,
};
