/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every virtio device model on the board shares (see vmm/virtio_board.h): its doorbell, its
 * interrupt line, and the I/O thread that serves it.
 */
#include "vmm/virtio_board.h"

#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/vmm.h"

const char *const virtio_board_compatible[] = { VIRTIO_MMIO_COMPATIBLE, NULL };

/* The device's interrupt line: its slot's PLIC source. */
void virtio_board_irq(void *opaque, bool level)
{
	struct vmm_virtio *v = opaque;

	board_set_irq(v->board, level);
}

/* The driver notified by a write the doorbell did not take, or started the device. */
void virtio_board_wake(void *opaque)
{
	struct vmm_virtio *v = opaque;

	rvkvm_event_signal(v->kick);
}

int virtio_board_open(struct vmm_device *d, struct vmm_virtio *v, void *dev)
{
	lib_memset(v, 0, sizeof(*v));
	v->board = d;
	v->dev = dev;
	if (rvkvm_event_create(&v->kick) != 0 || rvkvm_event_create(&v->done) != 0) {
		console_printf("rvkvm: %s: out of host memory for the virtio devices\n",
			       d->vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	return 0;
}

int virtio_board_attach(struct vmm_virtio *v, struct virtio_mmio *t,
			bool (*process)(struct vmm_virtio *v))
{
	struct vmm_device *d = v->board;
	struct rvkvm_ioeventfd io = {
		.addr = d->base + VIRTIO_MMIO_QUEUE_NOTIFY,
		.len = 4,
		.event = v->kick,
	};

	v->transport = t;
	v->process = process;
	d->state = v;
	d->mmio_dev = t;
	if (rvkvm_ioeventfd(d->vm->vm, &io) != 0) {
		console_printf("rvkvm: %s: cannot register the doorbell of %s %u\n", d->vm->name,
			       d->model->name, d->index);
		return VMM_STATUS_BAD_INPUT;
	}
	return 0;
}

/* One pass over the device's queues and the host device's completions; true: requests in flight. */
static bool serve(struct vmm_virtio *v)
{
	bool busy;

	rvkvm_event_read(v->kick);
	rvkvm_event_read(v->done);
	spin_lock(&v->transport->lock);
	busy = v->process(v);
	spin_unlock(&v->transport->lock);
	return busy;
}

/*
 * The I/O thread: what a vhost worker does. It sleeps until the guest rings the doorbell or the
 * host device completes something, then serves the device. When the VM ends it waits for the
 * host device to finish what is in flight: the VM's RAM must not go while a host device can
 * still write into it.
 */
static void io_thread(void *arg)
{
	struct vmm_virtio *v = arg;
	struct vmm_vm *vm = v->board->vm;
	struct rvkvm_event *events[2] = { v->kick, v->done };
	bool busy = true;

	while (__atomic_load_n(&vm->status, __ATOMIC_ACQUIRE) == VMM_STATUS_RUNNING) {
		rvkvm_event_wait(events, 2, RVKVM_WAIT_FOREVER);
		busy = serve(v);
	}
	while (busy) {
		rvkvm_event_wait(&v->done, 1, RVKVM_WAIT_FOREVER);
		busy = serve(v);
	}
	if (v->ended) {
		v->ended(v);
	}
	vmm_thread_done(vm);
}

unsigned virtio_board_start(struct vmm_device *d, unsigned hart)
{
	if (hart_work_start(hart, io_thread, d->state)) {
		return 1;
	}
	console_printf("rvkvm: %s: no I/O thread for %s %u\n", d->vm->name, d->model->name,
		       d->index);
	return 0;
}

void virtio_board_stop(struct vmm_device *d)
{
	struct vmm_virtio *v = d->state;

	rvkvm_event_signal(v->kick);
}
