/* SPDX-License-Identifier: Apache-2.0 */
/* The driver's side of a split virtqueue in rvkvm's memory (VIRTIO 1.2 section 2.7). */
#include "platform/drivers/virtio_host_ring.h"

#include "lib/virtio_spec.h"
#include "rvkvm/host.h"

/* The device's address of our memory: the hypervisor runs with satp = Bare, pointers are physical. */
static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static size_t avail_bytes(uint16_t qsize)
{
	return sizeof(struct virtq_avail) + sizeof(uint16_t) * (qsize + 1u); /* +used_event */
}

/* The used ring's offset: after descriptors and avail ring, 4-byte aligned (section 2.7). */
static size_t used_offset(uint16_t qsize)
{
	return (sizeof(struct virtq_desc) * qsize + avail_bytes(qsize) + 3) & ~(size_t)3;
}

size_t virtio_host_ring_bytes(uint16_t qsize)
{
	return used_offset(qsize) + sizeof(struct virtq_used) +
	       sizeof(struct virtq_used_elem) * qsize + sizeof(uint16_t); /* +avail_event */
}

void virtio_host_ring_init(struct virtio_host_queue *q, uint16_t index, uint16_t qsize,
			   uint64_t base, void *mem)
{
	uint8_t *m = mem;

	/* Aligned: the block by 16, the avail ring (2) by 16-byte descriptors, the used ring by 4. */
	q->desc = (void *)m;
	q->avail = (void *)(m + sizeof(struct virtq_desc) * qsize);
	q->used = (void *)(m + used_offset(qsize));
	q->index = index;
	q->qsize = qsize;
	q->base = base;
	for (uint16_t i = 0; i < qsize; i++) {
		q->desc[i].next = (uint16_t)(i + 1);
	}
	q->free_head = 0;
	q->nfree = qsize;
	q->avail_idx = q->last_used = 0;
}

int virtio_host_add(struct virtio_host_queue *q, const struct virtio_host_buf *buf, unsigned n)
{
	uint16_t head = q->free_head, next = head;
	struct virtq_desc *table = q->desc;

	if (n == 0 || n > q->nfree) {
		return -1;
	}
	/*
	 * Free descriptors are linked through next, so the chain takes them in that order and
	 * keeps their links; only the last one drops F_NEXT. The walk runs on locals: a request
	 * has up to HOST_BLK_MAX_SEGS + 2 buffers.
	 */
	for (unsigned i = 0; i < n; i++) {
		struct virtq_desc *desc = &table[next];

		desc->addr = phys(buf[i].addr);
		desc->len = buf[i].len;
		desc->flags = (uint16_t)((buf[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
					 (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		next = desc->next;
	}
	q->free_head = next;
	q->nfree = (uint16_t)(q->nfree - n);
	q->avail->ring[q->avail_idx & (q->qsize - 1)] = head;
	q->avail_idx++;
	/* Release: the descriptors and the ring entry before the index that hands them over. */
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
	return head;
}

bool virtio_host_pop(struct virtio_host_queue *q, uint16_t *head, uint32_t *written)
{
	/* Acquire: the entry the index covers is read after the index. */
	uint16_t used_idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	const struct virtq_used_elem *e;
	uint16_t id, count = 1;

	if (used_idx == q->last_used) {
		return false;
	}
	e = &q->used->ring[q->last_used & (q->qsize - 1)];
	if (e->id >= q->qsize) {
		/* A device bug: nothing to free, and the request it should have named stays lost. */
		console_printf("rvkvm: host virtio device at 0x%llx used descriptor %u of %u\n",
			       (unsigned long long)q->base, (unsigned)e->id, q->qsize);
		q->last_used++;
		return false;
	}
	id = (uint16_t)e->id;
	*written = e->len;
	q->last_used++;
	*head = id;
	/* Back onto the free list, links kept: the chain's tail now leads to the old free head. */
	while (q->desc[id].flags & VIRTQ_DESC_F_NEXT) {
		id = q->desc[id].next;
		count++;
	}
	q->desc[id].next = q->free_head;
	q->free_head = *head;
	q->nfree = (uint16_t)(q->nfree + count);
	return true;
}
