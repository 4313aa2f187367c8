/* SPDX-License-Identifier: Apache-2.0 */
/* A fake host virtio-mmio transport for host tests of the device drivers (fake_virtio_host.h). */
#include "tests/fakes/fake_virtio_host.h"

#include <stdlib.h>
#include <string.h>

#include "lib/virtio_spec.h"

struct fake_virtio_host fake_virtio_host;

/* What the device has taken from each queue's avail ring, by device: the test's device side. */
#define FAKE_DEVICES 16
static struct {
	const struct virtio_host *d;
	uint16_t last_avail[VIRTIO_HOST_QUEUES];
} seen[FAKE_DEVICES];

/* Every ring ever allocated stays reachable from here: tests drop devices without freeing them. */
#define FAKE_RINGS 256
static void *rings[FAKE_RINGS];
static unsigned nrings;

void fake_virtio_host_reset(void)
{
	memset(&fake_virtio_host, 0, sizeof(fake_virtio_host));
	memset(seen, 0, sizeof(seen));
	fake_virtio_host.queue_num_max = 256;
}

static uint16_t *last_avail(const struct virtio_host *d, unsigned qi)
{
	for (unsigned i = 0; i < FAKE_DEVICES; i++) {
		if (seen[i].d == d || !seen[i].d) {
			seen[i].d = d;
			return &seen[i].last_avail[qi];
		}
	}
	abort();
}

uint32_t virtio_host_identify(uint64_t base)
{
	(void)base;
	return 0;
}

const char *virtio_host_start(struct virtio_host *d, uint64_t base, uint32_t irq, uint64_t wanted,
			      unsigned nqueues)
{
	uint16_t qsize = 1;

	fake_virtio_host.starts++;
	d->base = base;
	d->irq = irq;
	if (!(fake_virtio_host.offered >> VIRTIO_F_VERSION_1 & 1)) {
		return "it does not offer VIRTIO_F_VERSION_1";
	}
	d->features = fake_virtio_host.offered & (wanted | 1ull << VIRTIO_F_VERSION_1);
	if (nqueues == 0 || nqueues > VIRTIO_HOST_QUEUES || fake_virtio_host.queue_num_max == 0) {
		return "it lacks a queue rvkvm needs";
	}
	while (qsize * 2u <= fake_virtio_host.queue_num_max &&
	       qsize * 2u <= VIRTIO_HOST_QUEUE_MAX) {
		qsize = (uint16_t)(qsize * 2);
	}
	d->nqueues = nqueues;
	for (uint16_t i = 0; i < nqueues; i++) {
		size_t bytes = (virtio_host_ring_bytes(qsize) + 4095) & ~(size_t)4095;
		void *mem = aligned_alloc(4096, bytes);

		if (!mem || nrings == FAKE_RINGS) {
			abort();
		}
		rings[nrings++] = mem;
		memset(mem, 0, bytes);
		virtio_host_ring_init(&d->queue[i], i, qsize, base, mem);
	}
	return NULL;
}

uint8_t virtio_host_config8(const struct virtio_host *d, unsigned off)
{
	(void)d;
	return off < FAKE_VIRTIO_HOST_CONFIG ? fake_virtio_host.config[off] : 0;
}

uint16_t virtio_host_config16(const struct virtio_host *d, unsigned off)
{
	return (uint16_t)(virtio_host_config8(d, off) | virtio_host_config8(d, off + 1) << 8);
}

uint32_t virtio_host_config32(const struct virtio_host *d, unsigned off)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++) {
		v |= (uint32_t)virtio_host_config8(d, off + i) << (8 * i);
	}
	return v;
}

uint64_t virtio_host_config64(const struct virtio_host *d, unsigned off)
{
	return virtio_host_config32(d, off) | (uint64_t)virtio_host_config32(d, off + 4) << 32;
}

void virtio_host_on_config_change(struct virtio_host *d, virtio_host_callback *on_config)
{
	d->on_config = on_config;
}

bool virtio_host_enable_interrupt(struct virtio_host *d, virtio_host_callback *on_used, void *arg)
{
	if (fake_virtio_host.interrupt_fails) {
		return false;
	}
	d->on_used = on_used;
	d->arg = arg;
	return true;
}

void virtio_host_notify(struct virtio_host_queue *q)
{
	fake_virtio_host.notifies[q->index]++;
}

int fake_virtio_host_take(struct virtio_host *d, unsigned qi, unsigned *ndesc)
{
	struct virtio_host_queue *q = &d->queue[qi];
	uint16_t *last = last_avail(d, qi);
	uint16_t avail = __atomic_load_n(&q->avail->idx, __ATOMIC_ACQUIRE), head, id;
	unsigned n = 1;

	if (avail == *last) {
		return -1;
	}
	head = q->avail->ring[*last & (q->qsize - 1)];
	(*last)++;
	for (id = head; q->desc[id].flags & VIRTQ_DESC_F_NEXT; id = q->desc[id].next) {
		if (++n > q->qsize) {
			abort(); /* a loop: the driver's bug */
		}
	}
	*ndesc = n;
	return head;
}

void fake_virtio_host_use(struct virtio_host *d, unsigned qi, uint16_t head, uint32_t len)
{
	struct virtio_host_queue *q = &d->queue[qi];
	uint16_t idx = q->used->idx;

	q->used->ring[idx & (q->qsize - 1)] = (struct virtq_used_elem){ head, len };
	__atomic_store_n(&q->used->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
}

void fake_virtio_host_interrupt(struct virtio_host *d)
{
	if (d->on_used) {
		d->on_used(d->arg);
	}
}

void fake_virtio_host_config_changed(struct virtio_host *d)
{
	if (d->on_config) {
		d->on_config(d->arg);
	}
}
