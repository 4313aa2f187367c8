/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM's virtio console on the board (console=virtio): hvc0, which writes to the VM's console
 * beside the UART and takes the console's input instead of it.
 */
#include "rvkvm/host.h"
#include "vmm/devices/virtio_console.h"
#include "vmm/virtio_board.h"
#include "vmm/vmm.h"

struct hvc {
	struct vmm_virtio v;
	struct virtio_console console;
};

static struct hvc hvcs[VMM_MAX_VMS];

/* What the guest wrote to hvc0: the VM's console, beside what it writes to the UART. */
static void out(void *opaque, const void *buf, size_t len)
{
	struct vmm_virtio *v = opaque;

	console_vm_write(v->board->vm->index, buf, len);
}

/* Moves what the console holds for the VM into the device while it has room (transport lock held). */
static bool fill(struct hvc *h)
{
	bool taken = false;
	uint8_t byte;

	/* A byte at a time while the FIFO has room: none is read that it cannot take. */
	while (virtio_console_wants_input(&h->console) &&
	       console_vm_read(h->v.board->vm->index, &byte, 1) == 1) {
		taken = virtio_console_input(&h->console, &byte, 1) == 1 || taken;
	}
	return taken;
}

static bool process(struct vmm_virtio *v)
{
	struct hvc *h = v->dev;

	/*
	 * Input waiting for receive buffers needs no host device: nothing to drain at the end. What
	 * the console still holds (a paste longer than the FIFO) follows as the guest takes it.
	 */
	do {
		virtio_console_process(&h->console);
	} while (fill(h));
	return false;
}

static int create(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct hvc *h = &hvcs[vm->index];
	int rc;

	if ((rc = virtio_board_open(d, &h->v, h)) != 0) {
		return rc;
	}
	virtio_console_init(&h->console, &vm->guest_mem, out, &h->v, virtio_board_irq, &h->v,
			    virtio_board_wake, &h->v);
	return virtio_board_attach(&h->v, &h->console.transport, process);
}

static bool console_input(struct vmm_device *d)
{
	struct vmm_virtio *v = d->state;
	struct hvc *h = v->dev;
	bool taken;

	if (!d->vm->cfg.hvc) {
		return false;
	}
	spin_lock(&v->transport->lock);
	taken = fill(h);
	spin_unlock(&v->transport->lock);
	if (taken) {
		rvkvm_event_signal(v->kick);
	}
	return true;
}

static unsigned count(const struct vm_config *cfg)
{
	return cfg->hvc ? 1 : 0;
}

const struct vmm_device_model virtio_console_model = {
	.name = "virtio-console",
	.count = count,
	.max = 1,
	.create = create,
	.console_input = console_input,
	VIRTIO_BOARD_MODEL,
};
