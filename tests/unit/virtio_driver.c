/* SPDX-License-Identifier: Apache-2.0 */
/* The tests' virtio-mmio driver: hand-built rings in a fake RAM, the handshake over MMIO. */
#include "tests/unit/virtio_driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not cmocka's asserts: the fuzzers use this driver too. */
#define check(cond)                                                                       \
	do {                                                                              \
		if (!(cond)) {                                                            \
			fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #cond); \
			abort();                                                          \
		}                                                                         \
	} while (0)

void vdrv_init(struct vdrv *d)
{
	memset(d, 0, sizeof(*d));
	d->ram = calloc(1, VDRV_RAM_SIZE);
	check(d->ram != NULL);
	d->mem.base = VDRV_RAM_BASE;
	d->mem.size = VDRV_RAM_SIZE;
	d->mem.host = d->ram;
}

void vdrv_free(struct vdrv *d)
{
	free(d->ram);
	d->ram = NULL;
}

void vdrv_irq(void *opaque, bool level)
{
	struct vdrv *d = opaque;

	d->irq_level = level;
	d->irq_raised += level;
}

void vdrv_wake(void *opaque)
{
	struct vdrv *d = opaque;

	d->wakes++;
}

uint32_t vdrv_rd(struct vdrv *d, uint64_t off)
{
	uint64_t v = 0;

	check(virtio_mmio_device.read(d->t, off, 4, &v));
	return (uint32_t)v;
}

void vdrv_wr(struct vdrv *d, uint64_t off, uint32_t v)
{
	check(virtio_mmio_device.write(d->t, off, 4, v));
}

static void wr64(struct vdrv *d, uint64_t lo_reg, uint64_t v)
{
	vdrv_wr(d, lo_reg, (uint32_t)v);
	vdrv_wr(d, lo_reg + 4, (uint32_t)(v >> 32));
}

void vdrv_handshake(struct vdrv *d, uint64_t refuse)
{
	vdrv_handshake_queues(d, refuse, 1);
}

void vdrv_handshake_queues(struct vdrv *d, uint64_t refuse, unsigned nqueues)
{
	uint64_t features;

	check(nqueues >= 1 && nqueues <= VDRV_MAX_QUEUES);
	vdrv_wr(d, VIRTIO_MMIO_STATUS, 0);
	memset(d->ram, 0, VDRV_QUEUE_STRIDE * nqueues);
	memset(d->q, 0, sizeof(d->q));
	d->nqueues = nqueues;
	check(vdrv_rd(d, VIRTIO_MMIO_MAGIC) == VIRTIO_MMIO_MAGIC_VALUE);
	check(vdrv_rd(d, VIRTIO_MMIO_VERSION) == 2);
	vdrv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vdrv_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vdrv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features = vdrv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
	vdrv_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features |= (uint64_t)vdrv_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	/* This driver builds no indirect tables and reads no event idx. */
	features &=
		~(refuse | 1ull << VIRTIO_F_RING_INDIRECT_DESC | 1ull << VIRTIO_F_RING_EVENT_IDX);
	vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vdrv_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	vdrv_wr(d, VIRTIO_MMIO_STATUS,
		VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	check(vdrv_rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
	for (unsigned q = 0; q < nqueues; q++) {
		vdrv_wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
		check(vdrv_rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX) >= VDRV_QSIZE);
		vdrv_wr(d, VIRTIO_MMIO_QUEUE_NUM, VDRV_QSIZE);
		wr64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, VDRV_DESC_OF(q));
		wr64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, VDRV_AVAIL_OF(q));
		wr64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, VDRV_USED_OF(q));
		vdrv_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
		check(vdrv_rd(d, VIRTIO_MMIO_QUEUE_READY) == 1);
	}
	vdrv_wr(d, VIRTIO_MMIO_STATUS,
		VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
			VIRTIO_STATUS_DRIVER_OK);
}

uint8_t *vdrv_host(struct vdrv *d, uint64_t gpa)
{
	check(gpa >= VDRV_RAM_BASE && gpa < VDRV_RAM_BASE + VDRV_RAM_SIZE);
	return d->ram + (gpa - VDRV_RAM_BASE);
}

uint16_t vdrv_add(struct vdrv *d, const struct vdrv_buf *b, unsigned n)
{
	return vdrv_add_to(d, 0, b, n);
}

uint16_t vdrv_used_idx(struct vdrv *d)
{
	return vdrv_used_idx_of(d, 0);
}

bool vdrv_next_used(struct vdrv *d, uint32_t *id, uint32_t *len)
{
	return vdrv_next_used_of(d, 0, id, len);
}

uint16_t vdrv_add_to(struct vdrv *d, unsigned q, const struct vdrv_buf *b, unsigned n)
{
	struct vdrv_queue *dq;
	uint16_t head;

	check(q < VDRV_MAX_QUEUES);
	dq = &d->q[q];
	head = dq->next_desc;
	check(n >= 1 && n <= VDRV_QSIZE);
	for (unsigned i = 0; i < n; i++) {
		uint16_t idx = (uint16_t)((head + i) % VDRV_QSIZE);
		uint16_t next = (uint16_t)((idx + 1) % VDRV_QSIZE);
		uint16_t flags = (uint16_t)((b[i].write ? VIRTQ_DESC_F_WRITE : 0) |
					    (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		uint8_t *desc = vdrv_host(d, VDRV_DESC_OF(q) + 16u * idx);

		memcpy(desc, &b[i].gpa, 8);
		memcpy(desc + 8, &b[i].len, 4);
		memcpy(desc + 12, &flags, 2);
		memcpy(desc + 14, &next, 2);
	}
	dq->next_desc = (uint16_t)((head + n) % VDRV_QSIZE);
	memcpy(vdrv_host(d, VDRV_AVAIL_OF(q) + 4 + 2u * (dq->avail_idx % VDRV_QSIZE)), &head, 2);
	dq->avail_idx++;
	memcpy(vdrv_host(d, VDRV_AVAIL_OF(q) + 2), &dq->avail_idx, 2);
	return head;
}

uint16_t vdrv_used_idx_of(struct vdrv *d, unsigned q)
{
	uint16_t idx;

	check(q < VDRV_MAX_QUEUES);
	memcpy(&idx, vdrv_host(d, VDRV_USED_OF(q) + 2), 2);
	return idx;
}

bool vdrv_next_used_of(struct vdrv *d, unsigned q, uint32_t *id, uint32_t *len)
{
	struct vdrv_queue *dq;
	const uint8_t *e;

	if (vdrv_used_idx_of(d, q) == d->q[q].used_seen) {
		return false;
	}
	dq = &d->q[q];
	e = vdrv_host(d, VDRV_USED_OF(q) + 4 + 8u * (dq->used_seen % VDRV_QSIZE));
	memcpy(id, e, 4);
	memcpy(len, e + 4, 4);
	dq->used_seen++;
	return true;
}
