/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest's board: the devices of the board's table placed (vmm/board_layout.h), built and put
 * on the VM's MMIO bus; their interrupt lines through the interrupt controller among them; their
 * I/O threads and the console's input.
 */
#include "rvkvm/host.h"
#include "vmm/board_layout.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

/* Builds placed device d and puts it on the bus. 0 or VMM_STATUS_BAD_INPUT. */
static int add_device(struct vmm_vm *vm, struct vmm_device *d)
{
	const struct vmm_device_model *m = d->model;
	int rc;

	/* The table lists the interrupt controller before every device with a line. */
	if (d->irq != 0 && !vm->irqchip) {
		console_printf("rvkvm: %s: %s has an interrupt but no controller comes before it\n",
			       vm->name, m->name);
		return VMM_STATUS_BAD_INPUT;
	}
	if ((rc = m->create(d)) != 0) {
		return rc;
	}
	d->bus = mmio_bus_add(&vm->bus, d->base, d->size, m->mmio, d->mmio_dev,
			      m->own_lock ? NULL : &vm->board_lock);
	if (!d->bus) {
		console_printf("rvkvm: %s: no room on the bus for %s\n", vm->name, m->name);
		return VMM_STATUS_BAD_INPUT;
	}
	if (m->set_line) {
		vm->irqchip = d;
	}
	vm->io_threads += m->threads;
	return 0;
}

int board_init(struct vmm_vm *vm)
{
	struct board_layout l;
	char err[96];

	/* vm->guest_mem is set where the RAM is made (vm_build.c), with its present hook. */
	vm->bus = (struct mmio_bus){ .count = 0 };
	vm->ndevices = 0;
	vm->irqchip = NULL;
	vm->io_threads = 0;
	if (board_layout(&vm->cfg, board_models, board_num_models, &l, err, sizeof(err)) != 0) {
		console_printf("rvkvm: %s: %s\n", vm->name, err);
		return VMM_STATUS_BAD_INPUT;
	}
	for (unsigned i = 0; i < l.count; i++) {
		const struct board_place *p = &l.dev[i];
		struct vmm_device *d = &vm->devices[i];
		int rc;

		*d = (struct vmm_device){ .model = p->model,
					  .vm = vm,
					  .index = p->index,
					  .base = p->base,
					  .size = p->size,
					  .irq = p->irq };
		vm->ndevices = i + 1;
		if ((rc = add_device(vm, d)) != 0) {
			return rc;
		}
	}
	return 0;
}

bool board_mmio(struct vmm_vm *vm, struct rvkvm_exit *e)
{
	uint64_t value = rvkvm_mmio_data(e);
	enum mmio_bus_result r;

	/* The bus takes the board's lock around the devices that need it; the others lock themselves. */
	r = mmio_bus_access(&vm->bus, e->mmio.phys_addr, e->mmio.len, e->mmio.is_write, &value);
	if (!e->mmio.is_write) {
		rvkvm_mmio_set_data(e, value);
	}
	/* A width the device refuses reads as 0 and writes nothing, as on a real bus. */
	return r != MMIO_BUS_NO_DEVICE;
}

void board_set_irq(struct vmm_device *d, bool level)
{
	struct vmm_device *chip = d->vm->irqchip;

	/* Handlers under the board's lock already hold it; the others' lines take it here. */
	if (d->model->own_lock) {
		spin_lock(&d->vm->board_lock);
		chip->model->set_line(chip, d->irq, level);
		spin_unlock(&d->vm->board_lock);
	} else {
		chip->model->set_line(chip, d->irq, level);
	}
}

void board_poll_input(struct vmm_vm *vm)
{
	/* Exactly one device takes the console's input: the one the config gave it to. */
	for (unsigned i = 0; i < vm->ndevices; i++) {
		struct vmm_device *d = &vm->devices[i];

		if (d->model->console_input && d->model->console_input(d)) {
			return;
		}
	}
}

unsigned board_start(struct vmm_vm *vm, unsigned hart)
{
	unsigned started = 0, tried = 0;

	for (unsigned i = 0; i < vm->ndevices; i++) {
		struct vmm_device *d = &vm->devices[i];

		if (d->model->start) {
			started += d->model->start(d, hart + tried);
			tried += d->model->threads;
		}
	}
	return started;
}

void board_stop(struct vmm_vm *vm)
{
	for (unsigned i = 0; i < vm->ndevices; i++) {
		struct vmm_device *d = &vm->devices[i];

		if (d->model->stop) {
			d->model->stop(d);
		}
	}
}
