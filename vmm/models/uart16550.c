/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 16550 UART on the board: the VM's console (its /chosen/stdout-path), whose output goes to
 * the VM's console and which takes the console's input unless the config gives it to hvc0.
 */
#include "rvkvm/host.h"
#include "vmm/devices/uart16550.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

static struct uart16550 uarts[VMM_MAX_VMS];

static void tx(void *opaque, uint8_t byte)
{
	struct vmm_device *d = opaque;

	console_vm_putc(d->vm->index, byte);
}

static void irq(void *opaque, bool level)
{
	board_set_irq(opaque, level);
}

/* Moves what the console holds for the VM into the receiver while it has room (board_lock held). */
static void fill(struct vmm_device *d)
{
	uint8_t byte;

	while (uart16550_rx_space(d->state) && console_vm_read(d->vm->index, &byte, 1) == 1) {
		uart16550_receive(d->state, &byte, 1);
	}
}

/* The guest read the receiver empty: more of what was typed (a paste) follows without a kick. */
static void rx_empty(void *opaque)
{
	struct vmm_device *d = opaque;

	if (!d->vm->cfg.hvc) {
		fill(d);
	}
}

static int create(struct vmm_device *d)
{
	struct uart16550 *u = &uarts[d->vm->index];

	uart16550_init(u, tx, irq, d);
	uart16550_on_rx_empty(u, rx_empty);
	d->state = u;
	d->mmio_dev = u;
	return 0;
}

static bool console_input(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;

	if (vm->cfg.hvc) {
		return false; /* console=virtio: the input is hvc0's */
	}
	spin_lock(&vm->board_lock);
	fill(d);
	spin_unlock(&vm->board_lock);
	return true;
}

static void fdt_props(struct fdt_writer *w, const struct fdt_device *node)
{
	(void)node;
	fdt_build_prop_u32(w, "clock-frequency", MACHINE_UART_CLOCK);
}

static const char *const compatible[] = { "ns16550a", NULL };

const struct vmm_device_model uart16550_model = {
	.name = "uart16550",
	.max = 1,
	.place = VMM_PLACE_FIXED,
	.base = MACHINE_UART_BASE,
	.size = MACHINE_UART_SIZE,
	.irq = MACHINE_UART_IRQ,
	.fdt_name = "serial",
	.compatible = compatible,
	.fdt_props = fdt_props,
	.fdt_stdout = true,
	.create = create,
	.mmio = &uart16550_device,
	.console_input = console_input,
};
