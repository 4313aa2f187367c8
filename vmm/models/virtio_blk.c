/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VM's virtio disks on the board (disks=N): disk I of VM V is served by the host disk that
 * ./rvkvm run attached as rvkvm-vV-dI, and answers GET_ID with the VM's name and its own (vda, ...).
 */
#include "lib/printf.h"
#include "rvkvm/host.h"
#include "vmm/devices/blk_backend.h"
#include "vmm/devices/virtio_blk.h"
#include "vmm/virtio_board.h"
#include "vmm/vmm.h"

struct disk {
	struct vmm_virtio v;
	struct virtio_blk blk;
	struct blk_backend backend;
	char id[HOST_BLK_SERIAL_MAX + 1]; /* what the disk answers GET_ID with */
};

static struct disk disks[VMM_MAX_VMS][VM_CONFIG_MAX_DISKS];

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

static bool process(struct vmm_virtio *v)
{
	struct disk *k = v->dev;

	return virtio_blk_process(&k->blk);
}

static int create(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct disk *k = &disks[vm->index][d->index];
	char serial[HOST_BLK_SERIAL_MAX + 1];
	struct host_blk *blk;
	int rc;

	if ((rc = virtio_board_open(d, &k->v, k)) != 0) {
		return rc;
	}
	lib_snprintf(serial, sizeof(serial), "rvkvm-v%u-d%u", vm->index, d->index);
	rc = host_blk_open(serial, k->v.done, &blk, &k->backend.info);
	if (rc != 0) {
		console_printf("rvkvm: %s: disk %u: %s host disk '%s'\n", vm->name, d->index,
			       rc == RVKVM_EBUSY ? "another VM has the" : "no", serial);
		return VMM_STATUS_BAD_INPUT;
	}
	k->backend.ops = &host_blk_backend;
	k->backend.ctx = blk;
	lib_snprintf(k->id, sizeof(k->id), "%s-vd%c", vm->name, 'a' + d->index);
	virtio_blk_init(&k->blk, &vm->guest_mem, &k->backend, k->id, virtio_board_irq, &k->v,
			virtio_board_wake, &k->v);
	console_printf("rvkvm: %s: /dev/vd%c: %llu MiB%s\n", vm->name, 'a' + d->index,
		       (unsigned long long)(k->backend.info.sectors >> 11),
		       k->backend.info.read_only ? ", read-only" : "");
	return virtio_board_attach(&k->v, &k->blk.transport, process);
}

static unsigned count(const struct vm_config *cfg)
{
	return cfg->disks;
}

const struct vmm_device_model virtio_blk_model = {
	.name = "virtio-blk",
	.count = count,
	.max = VM_CONFIG_MAX_DISKS,
	.create = create,
	VIRTIO_BOARD_MODEL,
};
