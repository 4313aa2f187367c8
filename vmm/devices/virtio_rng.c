/* SPDX-License-Identifier: Apache-2.0 */
/* The virtio entropy device: each chain's first writable buffer goes to the backend to fill. */
#include "vmm/devices/virtio_rng.h"

#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/* How taking buffers stopped. */
enum take_stop {
	TAKE_EMPTY,  /* no chain is available (or the device does not run) */
	TAKE_FULL,   /* the backend or the slot table is full */
	TAKE_BROKEN, /* the driver broke the rules */
	TAKE_PLENTY, /* a queue's worth taken */
};

static uint64_t rng_features(void *dev)
{
	(void)dev;
	return 0;
}

static bool rng_config_read(void *dev, uint32_t offset, unsigned width, uint64_t *value)
{
	(void)dev;
	(void)offset;
	(void)width;
	(void)value;
	return false; /* no configuration space */
}

static bool rng_config_write(void *dev, uint32_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	(void)offset;
	(void)width;
	(void)value;
	return false;
}

static void rng_notify(void *dev, unsigned q)
{
	struct virtio_rng *r = dev;

	(void)q;
	r->wake(r->wake_opaque);
}

static void rng_driver_ok(void *dev)
{
	struct virtio_rng *r = dev;

	r->wake(r->wake_opaque);
}

/*
 * Requests at the backend stay busy until reaped; the new generation makes the reap drop them.
 * Until then the backend may still fill their buffers: the reset is not complete before.
 */
static void rng_reset(void *dev)
{
	struct virtio_rng *r = dev;

	r->pushed = false;
	if (r->in_flight > 0) {
		virtio_mmio_reset_pending(&r->transport);
	}
}

static const struct virtio_device_ops rng_ops = {
	.device_id = VIRTIO_ID_ENTROPY,
	.num_queues = 1,
	.features = rng_features,
	.config_read = rng_config_read,
	.config_write = rng_config_write,
	.notify = rng_notify,
	.driver_ok = rng_driver_ok,
	.reset = rng_reset,
};

void virtio_rng_init(struct virtio_rng *r, const struct guest_mem *mem, struct rng_backend *backend,
		     void (*irq)(void *opaque, bool level), void *irq_opaque,
		     void (*wake)(void *opaque), void *wake_opaque)
{
	lib_memset(r, 0, sizeof(*r));
	r->mem = mem;
	r->backend = backend;
	r->wake = wake;
	r->wake_opaque = wake_opaque;
	virtio_mmio_init(&r->transport, &rng_ops, r, mem, irq, irq_opaque);
}

static bool can_run(const struct virtio_rng *r)
{
	return virtio_mmio_running(&r->transport) && r->transport.queue[0].ready;
}

static void give_back(struct virtio_rng *r, uint16_t head, uint32_t written)
{
	if (!virtq_push(&r->transport.queue[0], r->mem, head, written)) {
		virtio_mmio_needs_reset(&r->transport, "virtio-rng: used ring outside guest RAM");
		return;
	}
	r->pushed = true;
}

static struct virtio_rng_slot *free_slot(struct virtio_rng *r)
{
	for (unsigned i = 0; i < VIRTIO_RNG_INFLIGHT; i++) {
		if (!r->slot[i].busy) {
			return &r->slot[i];
		}
	}
	return NULL;
}

static enum take_stop take_one(struct virtio_rng *r)
{
	struct virtq *q = &r->transport.queue[0];
	struct virtq_chain *c = &r->chain;
	const char *why = "virtio-rng: broken chain";
	const struct virtq_seg *first;
	struct virtio_rng_slot *s;
	uint32_t len;
	void *buf;
	int rc;

	switch (virtq_pop(q, r->mem, c, &why)) {
	case VIRTQ_EMPTY:
		return TAKE_EMPTY;
	case VIRTQ_BROKEN:
		virtio_mmio_needs_reset(&r->transport, why);
		return TAKE_BROKEN;
	case VIRTQ_CHAIN:
		break;
	}
	if (c->nin == 0) {
		virtio_mmio_needs_reset(&r->transport,
					"virtio-rng: a buffer the device cannot write");
		return TAKE_BROKEN;
	}
	first = &c->seg[c->nout];
	len = first->len < VIRTIO_RNG_MAX_LEN ? first->len : VIRTIO_RNG_MAX_LEN;
	buf = guest_mem_ptr(r->mem, first->gpa, len);
	if (buf == NULL || len == 0) {
		virtio_mmio_needs_reset(&r->transport, "virtio-rng: buffer outside guest RAM");
		return TAKE_BROKEN;
	}
	s = free_slot(r);
	if (s == NULL) {
		virtq_unpop(q);
		return TAKE_FULL;
	}
	rc = r->backend->ops->submit(r->backend->ctx, buf, len, (uint64_t)(s - r->slot));
	if (rc == RVKVM_ENOSPC) {
		virtq_unpop(q);
		return TAKE_FULL;
	}
	if (rc < 0) {
		give_back(r, c->head, 0);
		return TAKE_PLENTY;
	}
	s->busy = true;
	s->head = c->head;
	s->generation = r->transport.generation;
	s->len = len;
	r->in_flight++;
	return TAKE_PLENTY;
}

static enum take_stop take_requests(struct virtio_rng *r)
{
	for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++) {
		enum take_stop stop;

		if (!can_run(r)) {
			return TAKE_EMPTY;
		}
		stop = take_one(r);
		if (stop != TAKE_PLENTY) {
			return stop;
		}
	}
	return TAKE_PLENTY;
}

/* Gives back what the backend filled; drops what an older generation asked for. */
static unsigned reap(struct virtio_rng *r)
{
	unsigned freed = 0;
	uint64_t cookie;
	uint32_t len;

	while (r->backend->ops->reap(r->backend->ctx, &cookie, &len) == 1) {
		struct virtio_rng_slot *s;

		if (cookie >= VIRTIO_RNG_INFLIGHT || !r->slot[cookie].busy) {
			continue; /* not ours: a backend bug */
		}
		s = &r->slot[cookie];
		s->busy = false;
		r->in_flight--;
		freed++;
		if (s->generation != r->transport.generation || !can_run(r)) {
			continue;
		}
		give_back(r, s->head, len < s->len ? len : s->len);
	}
	if (r->in_flight == 0) {
		virtio_mmio_reset_done(&r->transport);
	}
	return freed;
}

bool virtio_rng_process(struct virtio_rng *r)
{
	struct virtq *q = &r->transport.queue[0];

	for (;;) {
		enum take_stop stop = take_requests(r);
		unsigned freed = reap(r);

		if (r->pushed) {
			r->pushed = false;
			virtio_mmio_used(&r->transport, 0);
		}
		if (stop == TAKE_FULL) {
			if (freed > 0) {
				continue;
			}
			break;
		}
		if (stop == TAKE_BROKEN || !can_run(r)) {
			break;
		}
		if (stop == TAKE_EMPTY && !virtq_enable_notify(q, r->mem)) {
			break;
		}
	}
	return r->in_flight > 0;
}
