/* SPDX-License-Identifier: Apache-2.0 */
/* The guest's board: PLIC and 16550 UART on the MMIO bus, the virtio slots, and their interrupt wiring. */
#include "rvkvm/host.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

/* PLIC context i is vCPU i's supervisor external interrupt (VSEIP). */
static void plic_notify(void *opaque, unsigned context, bool level)
{
	struct vmm_vm *vm = opaque;

	if (context < vm->ncpus && vm->vcpus[context]) {
		rvkvm_vcpu_interrupt(vm->vcpus[context], level);
	}
}

static void uart_tx(void *opaque, uint8_t byte)
{
	struct vmm_vm *vm = opaque;

	console_vm_putc(vm->index, byte);
}

static void uart_irq(void *opaque, bool level)
{
	struct vmm_vm *vm = opaque;

	plic_set_irq(&vm->plic, MACHINE_UART_IRQ, level);
}

int board_init(struct vmm_vm *vm)
{
	int rc;

	plic_init(&vm->plic, MACHINE_PLIC_SOURCES, vm->ncpus, plic_notify, vm);
	uart16550_init(&vm->uart, uart_tx, uart_irq, vm);
	mmio_bus_add(&vm->bus, MACHINE_PLIC_BASE, MACHINE_PLIC_SIZE, &plic_device, &vm->plic);
	mmio_bus_add(&vm->bus, MACHINE_UART_BASE, MACHINE_UART_SIZE, &uart16550_device, &vm->uart);
	if ((rc = test_hooks_board(vm)) != 0) {
		return rc;
	}
	return virtio_board_init(vm);
}

bool board_mmio(struct vmm_vm *vm, struct rvkvm_exit *e)
{
	uint64_t value = rvkvm_mmio_data(e);
	enum mmio_bus_result r;

	/* The virtio slots: each transport has its own lock, taken without the board's. */
	if (e->mmio.phys_addr - MACHINE_VIRTIO_BASE <
	    MACHINE_VIRTIO_SLOTS * MACHINE_VIRTIO_STRIDE) {
		return virtio_board_mmio(vm, e);
	}
	spin_lock(&vm->board_lock);
	r = mmio_bus_access(&vm->bus, e->mmio.phys_addr, e->mmio.len, e->mmio.is_write, &value);
	spin_unlock(&vm->board_lock);
	if (!e->mmio.is_write) {
		rvkvm_mmio_set_data(e, value);
	}
	/* A width the device refuses reads as 0 and writes nothing, as on a real bus. */
	return r != MMIO_BUS_NO_DEVICE;
}

void board_poll_input(struct vmm_vm *vm)
{
	uint8_t byte;

	/* console=virtio: the input is hvc0's. */
	if (virtio_board_console_input(vm)) {
		return;
	}
	spin_lock(&vm->board_lock);
	while (uart16550_rx_space(&vm->uart) && console_vm_read(vm->index, &byte, 1) == 1) {
		uart16550_receive(&vm->uart, &byte, 1);
	}
	spin_unlock(&vm->board_lock);
}
