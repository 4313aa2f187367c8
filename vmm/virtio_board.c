/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A VM's virtio devices: each in its slot of the machine, its QueueNotify a doorbell, served by
 * an I/O thread of its own that waits on the doorbell and on the host device's completions, and
 * backed by a host device (a disk ./rvkvm run attached, an entropy device) or, for the virtio
 * console, by the VM's console.
 */
#include "vmm/virtio_board.h"

#include "lib/printf.h"
#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

/* The host disk that serves disk `disk` of VM `vm_index` (./rvkvm run names it so). */
static void disk_serial(char *out, size_t size, unsigned vm_index, unsigned disk)
{
	lib_snprintf(out, size, "rvkvm-v%u-d%u", vm_index, disk);
}

static int blk_submit(void *ctx, const struct host_blk_req *req)
{
	return host_blk_submit(ctx, req);
}

static int blk_reap(void *ctx, uint64_t *cookie, uint8_t *status)
{
	return host_blk_reap(ctx, cookie, status);
}

static const struct blk_backend_ops host_blk_backend = {
	.submit = blk_submit,
	.reap = blk_reap,
};

static int rng_submit(void *ctx, void *buf, uint32_t len, uint64_t cookie)
{
	return host_rng_submit(ctx, buf, len, cookie);
}

static int rng_reap(void *ctx, uint64_t *cookie, uint32_t *len)
{
	return host_rng_reap(ctx, cookie, len);
}

static const struct rng_backend_ops host_rng_backend = {
	.submit = rng_submit,
	.reap = rng_reap,
};

/* The device's interrupt line: its slot's PLIC source (the PLIC is under the board's lock). */
static void virtio_irq(void *opaque, bool level)
{
	struct vmm_virtio *v = opaque;

	spin_lock(&v->vm->board_lock);
	plic_set_irq(&v->vm->plic, MACHINE_VIRTIO_IRQ_BASE + v->slot, level);
	spin_unlock(&v->vm->board_lock);
}

/* The driver notified by a write the doorbell did not take, or started the device. */
static void virtio_wake(void *opaque)
{
	struct vmm_virtio *v = opaque;

	rvkvm_event_signal(v->kick);
}

static int add_doorbell(struct vmm_virtio *v)
{
	struct rvkvm_ioeventfd io = {
		.addr = MACHINE_VIRTIO_BASE + v->slot * MACHINE_VIRTIO_STRIDE +
			VIRTIO_MMIO_QUEUE_NOTIFY,
		.len = 4,
		.event = v->kick,
	};

	return rvkvm_ioeventfd(v->vm->vm, &io);
}

static int open_disk(struct vmm_vm *vm, struct vmm_virtio *v, unsigned disk)
{
	char serial[HOST_BLK_SERIAL_MAX + 1];
	struct host_blk *blk;
	int rc;

	disk_serial(serial, sizeof(serial), vm->index, disk);
	rc = host_blk_open(serial, v->done, &blk, &v->blk_backend.info);
	if (rc != 0) {
		console_printf("rvkvm: %s: disk %u: %s host disk '%s'\n", vm->name, disk,
			       rc == RVKVM_EBUSY ? "another VM has the" : "no", serial);
		return VMM_STATUS_BAD_INPUT;
	}
	v->kind = VMM_VIRTIO_BLK;
	v->blk_backend.ops = &host_blk_backend;
	v->blk_backend.ctx = blk;
	lib_snprintf(v->id, sizeof(v->id), "%s-vd%c", vm->name, 'a' + disk);
	virtio_blk_init(&v->dev.blk, &vm->guest_mem, &v->blk_backend, v->id, virtio_irq, v,
			virtio_wake, v);
	v->transport = &v->dev.blk.transport;
	console_printf("rvkvm: %s: /dev/vd%c: %llu MiB%s\n", vm->name, 'a' + disk,
		       (unsigned long long)(v->blk_backend.info.sectors >> 11),
		       v->blk_backend.info.read_only ? ", read-only" : "");
	return 0;
}

static int open_rng(struct vmm_vm *vm, struct vmm_virtio *v)
{
	struct host_rng *rng;

	if (host_rng_open(v->done, &rng) != 0) {
		console_printf("rvkvm: %s: no free host entropy device for --rng\n", vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	v->kind = VMM_VIRTIO_RNG;
	v->rng_backend.ops = &host_rng_backend;
	v->rng_backend.ctx = rng;
	virtio_rng_init(&v->dev.rng, &vm->guest_mem, &v->rng_backend, virtio_irq, v, virtio_wake,
			v);
	v->transport = &v->dev.rng.transport;
	return 0;
}

/* What the guest wrote to hvc0: the VM's console, beside what it writes to the UART. */
static void console_out(void *opaque, const void *buf, size_t len)
{
	struct vmm_virtio *v = opaque;

	console_vm_write(v->vm->index, buf, len);
}

static void open_console(struct vmm_vm *vm, struct vmm_virtio *v)
{
	v->kind = VMM_VIRTIO_CONSOLE;
	virtio_console_init(&v->dev.console, &vm->guest_mem, console_out, v, virtio_irq, v,
			    virtio_wake, v);
	v->transport = &v->dev.console.transport;
}

bool virtio_board_console_input(struct vmm_vm *vm)
{
	struct vmm_virtio *v;
	bool taken = false;
	uint8_t byte;

	if (!vm->cfg.hvc || vm->nvirtio == 0) {
		return false;
	}
	v = &vm->virtio[vm->nvirtio - 1];
	spin_lock(&v->transport->lock);
	/* A byte at a time while the FIFO has room: none is read that it cannot take. */
	while (virtio_console_wants_input(&v->dev.console) &&
	       console_vm_read(vm->index, &byte, 1) == 1) {
		taken = virtio_console_input(&v->dev.console, &byte, 1) == 1 || taken;
	}
	spin_unlock(&v->transport->lock);
	if (taken) {
		rvkvm_event_signal(v->kick);
	}
	return true;
}

int virtio_board_init(struct vmm_vm *vm)
{
	unsigned n = vmm_virtio_slots(&vm->cfg);

	for (unsigned i = 0; i < n; i++) {
		struct vmm_virtio *v = &vm->virtio[i];
		int rc;

		v->vm = vm;
		v->slot = i;
		if (rvkvm_event_create(&v->kick) != 0 || rvkvm_event_create(&v->done) != 0) {
			console_printf("rvkvm: %s: out of host memory for the virtio devices\n",
				       vm->name);
			return VMM_STATUS_BAD_INPUT;
		}
		if (i < vm->cfg.disks) {
			rc = open_disk(vm, v, i);
		} else if (i == vm->cfg.disks && vm->cfg.rng) {
			rc = open_rng(vm, v);
		} else {
			open_console(vm, v);
			rc = 0;
		}
		if (rc != 0) {
			return rc;
		}
		if (add_doorbell(v) != 0) {
			console_printf("rvkvm: %s: cannot register virtio slot %u's doorbell\n",
				       vm->name, i);
			return VMM_STATUS_BAD_INPUT;
		}
		vm->nvirtio = i + 1;
	}
	return 0;
}

bool virtio_board_mmio(struct vmm_vm *vm, struct rvkvm_exit *e)
{
	uint64_t off = e->mmio.phys_addr - MACHINE_VIRTIO_BASE;
	unsigned slot = (unsigned)(off / MACHINE_VIRTIO_STRIDE);
	struct vmm_virtio *v;
	uint64_t value = rvkvm_mmio_data(e);
	bool ok;

	if (e->mmio.phys_addr < MACHINE_VIRTIO_BASE || slot >= vm->nvirtio) {
		return false;
	}
	v = &vm->virtio[slot];
	off -= (uint64_t)slot * MACHINE_VIRTIO_STRIDE;
	if (off + e->mmio.len > MACHINE_VIRTIO_STRIDE) {
		return false; /* straddles two slots: no device takes it */
	}
	__atomic_add_fetch(&v->accesses, 1, __ATOMIC_RELAXED);
	/* The transport takes its own lock; the board's is not held around it (see virtio_mmio.h). */
	if (e->mmio.is_write) {
		virtio_mmio_device.write(v->transport, off, e->mmio.len, value);
	} else {
		ok = virtio_mmio_device.read(v->transport, off, e->mmio.len, &value);
		rvkvm_mmio_set_data(e, ok ? value : 0);
	}
	return true;
}

/* One pass over the device's queues and the host device's completions; true: requests in flight. */
static bool serve(struct vmm_virtio *v)
{
	bool busy;

	rvkvm_event_read(v->kick);
	rvkvm_event_read(v->done);
	spin_lock(&v->transport->lock);
	switch (v->kind) {
	case VMM_VIRTIO_BLK:
		busy = virtio_blk_process(&v->dev.blk);
		break;
	case VMM_VIRTIO_RNG:
		busy = virtio_rng_process(&v->dev.rng);
		break;
	case VMM_VIRTIO_CONSOLE:
	default:
		/* Input waiting for receive buffers needs no host device: nothing to drain at the end. */
		virtio_console_process(&v->dev.console);
		busy = false;
		break;
	}
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
	struct rvkvm_event *events[2] = { v->kick, v->done };
	bool busy = true;

	while (__atomic_load_n(&v->vm->status, __ATOMIC_ACQUIRE) == VMM_STATUS_RUNNING) {
		rvkvm_event_wait(events, 2, RVKVM_WAIT_FOREVER);
		busy = serve(v);
	}
	while (busy) {
		rvkvm_event_wait(&v->done, 1, RVKVM_WAIT_FOREVER);
		busy = serve(v);
	}
	vmm_thread_done(v->vm);
}

unsigned virtio_board_start(struct vmm_vm *vm, unsigned hart)
{
	unsigned started = 0;

	for (unsigned i = 0; i < vm->nvirtio; i++) {
		if (hart_work_start(hart + i, io_thread, &vm->virtio[i])) {
			started++;
		} else {
			console_printf("rvkvm: %s: no I/O thread for virtio slot %u\n", vm->name,
				       i);
		}
	}
	return started;
}

void virtio_board_stop(struct vmm_vm *vm)
{
	for (unsigned i = 0; i < vm->nvirtio; i++) {
		rvkvm_event_signal(vm->virtio[i].kick);
	}
}
