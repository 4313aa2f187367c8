/* SPDX-License-Identifier: Apache-2.0 */
/* The hostile guest's own virtio-mmio block driver: handshake, rings, polled completion. */
#include "vdev.h"

#include "hart.h"
#include "lib/string.h"

#define DEVICE_BLOCK 2u
#define SLOTS (VDEV_QUEUE / 3)
#define ANSWER_MS 1000u

static struct blk_hdr hdrs[SLOTS];
static volatile uint8_t statuses[SLOTS];

uint32_t vdev_read(const struct vdev *d, unsigned off)
{
	return vmmio_read(d->base, off);
}

void vdev_write(const struct vdev *d, unsigned off, uint32_t v)
{
	vmmio_write(d->base, off, v);
}

void vdev_set_addr(const struct vdev *d, unsigned off, uint64_t gpa)
{
	vmmio_set_addr(d->base, off, gpa);
}

bool vdev_reset(struct vdev *d)
{
	return vmmio_reset(d->base);
}

static uint32_t config32(const struct vdev *d, unsigned off)
{
	return vdev_read(d, VIRTIO_MMIO_CONFIG + off);
}

const char *vdev_features_ok(struct vdev *d, unsigned long base, uint64_t want)
{
	const char *why;

	d->base = base;
	why = vmmio_negotiate(base, DEVICE_BLOCK, want, &d->features);
	if (why != NULL) {
		return why;
	}
	d->capacity = config32(d, 0) | (uint64_t)config32(d, 4) << 32;
	d->size_max = config32(d, 8);
	d->seg_max = config32(d, 12);
	return NULL;
}

void vdev_queue_regs(const struct vdev *d, struct vring *r, uint32_t num)
{
	vmmio_queue_regs(d->base, r, num);
}

const char *vdev_start(struct vdev *d, unsigned long base, struct vring *r, uint64_t want)
{
	const char *why = vdev_features_ok(d, base, want);

	if (why != NULL) {
		return why;
	}
	d->ring = r;
	d->avail_idx = 0;
	why = vmmio_queue_start(base, 0, r);
	return why != NULL ? why : vmmio_driver_ok(base);
}

void vdev_desc(struct vdev *d, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
	       uint16_t next)
{
	volatile struct vdesc *v = &d->ring->desc[i % VDEV_QUEUE];

	v->addr = addr;
	v->len = len;
	v->flags = flags;
	v->next = next;
}

void vdev_post(struct vdev *d, uint16_t head)
{
	volatile uint16_t *slot = &d->ring->avail.ring[d->avail_idx % VDEV_QUEUE];

	*slot = head;
	d->avail_idx++;
	/* The descriptors and the ring entry must be seen before the new idx. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*(volatile uint16_t *)&d->ring->avail.idx = d->avail_idx;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void vdev_notify(const struct vdev *d, uint32_t queue)
{
	vdev_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, queue);
}

uint16_t vdev_used_idx(const struct vdev *d)
{
	return *(volatile uint16_t *)&d->ring->used.idx;
}

bool vdev_wait(const struct vdev *d, uint16_t want, unsigned ms)
{
	unsigned long start = now();

	while (now() - start < MS_TICKS(ms)) {
		if (vdev_used_idx(d) == want) {
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			return true;
		}
		if ((vdev_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0) {
			return false;
		}
	}
	return false;
}

volatile uint8_t *vdev_status(unsigned k)
{
	return &statuses[k % SLOTS];
}

struct blk_hdr *vdev_hdr(unsigned k)
{
	return &hdrs[k % SLOTS];
}

void vdev_blk_post(struct vdev *d, unsigned k, uint32_t type, uint64_t sector, void *buf,
		   uint32_t len)
{
	unsigned i = 3 * (k % SLOTS);

	hdrs[k % SLOTS] = (struct blk_hdr){ .type = type, .sector = sector };
	statuses[k % SLOTS] = 0xff;
	vdev_desc(d, i, (uintptr_t)vdev_hdr(k), sizeof(struct blk_hdr), VIRTQ_DESC_F_NEXT,
		  (uint16_t)(i + 1));
	vdev_desc(
		d, i + 1, (uintptr_t)buf, len,
		(uint16_t)(VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0)),
		(uint16_t)(i + 2));
	vdev_desc(d, i + 2, (uintptr_t)vdev_status(k), 1, VIRTQ_DESC_F_WRITE, 0);
	vdev_post(d, (uint16_t)i);
}

int vdev_blk(struct vdev *d, unsigned k, uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
	vdev_blk_post(d, k, type, sector, buf, len);
	vdev_notify(d, 0);
	if (!vdev_wait(d, d->avail_idx, ANSWER_MS)) {
		return -1;
	}
	return *vdev_status(k);
}
