/* SPDX-License-Identifier: Apache-2.0 */
/* The VM's virtio entropy device on the board (rng=1), served by a free host entropy device. */
#include "rvkvm/host.h"
#include "vmm/devices/rng_backend.h"
#include "vmm/devices/virtio_rng.h"
#include "vmm/virtio_board.h"
#include "vmm/vmm.h"

struct entropy {
	struct vmm_virtio v;
	struct virtio_rng rng;
	struct rng_backend backend;
};

static struct entropy entropies[VMM_MAX_VMS];

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

static bool process(struct vmm_virtio *v)
{
	struct entropy *e = v->dev;

	return virtio_rng_process(&e->rng);
}

static int create(struct vmm_device *d)
{
	struct vmm_vm *vm = d->vm;
	struct entropy *e = &entropies[vm->index];
	struct host_rng *rng;
	int rc;

	if ((rc = virtio_board_open(d, &e->v, e)) != 0) {
		return rc;
	}
	if (host_rng_open(e->v.done, &rng) != 0) {
		console_printf("rvkvm: %s: no free host entropy device for --rng\n", vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	e->backend.ops = &host_rng_backend;
	e->backend.ctx = rng;
	virtio_rng_init(&e->rng, &vm->guest_mem, &e->backend, virtio_board_irq, &e->v,
			virtio_board_wake, &e->v);
	return virtio_board_attach(&e->v, &e->rng.transport, process);
}

static unsigned count(const struct vm_config *cfg)
{
	return cfg->rng ? 1 : 0;
}

const struct vmm_device_model virtio_rng_model = {
	.name = "virtio-rng",
	.count = count,
	.max = 1,
	.create = create,
	VIRTIO_BOARD_MODEL,
};
