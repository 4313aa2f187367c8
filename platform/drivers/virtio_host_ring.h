/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The driver's side of one split virtqueue in rvkvm's memory (VIRTIO 1.2 section 2.7): the free
 * descriptors, chains made available, used chains taken back. It touches no device register
 * (virtio_host.c does), so host tests run it against a model of the device.
 */
#ifndef PLATFORM_DRIVERS_VIRTIO_HOST_RING_H
#define PLATFORM_DRIVERS_VIRTIO_HOST_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTIO_HOST_QUEUE_MAX 256 /* descriptors of a queue, at most */

/* Split virtqueue layout (section 2.7), little-endian like the hosts rvkvm runs on. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc is 16 bytes");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem is 8 bytes");

/* One buffer of a chain: host memory the device reads, or writes when device_writes. */
struct virtio_host_buf {
	const void *addr;
	uint32_t len;
	bool device_writes;
};

struct virtio_host_queue {
	uint16_t index;     /* the device's number for it: what QueueSel and QueueNotify take */
	uint16_t qsize;     /* a power of two */
	uint16_t nfree;     /* descriptors on the free list */
	uint16_t free_head; /* free descriptors are linked through next */
	uint16_t avail_idx; /* the driver's copy of avail->idx */
	uint16_t last_used; /* used ring entries taken so far */
	uint64_t base;      /* the device's registers (for the console) */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
};

/* Bytes of the rings of a queue of qsize descriptors: descriptors, avail ring, used ring. */
size_t virtio_host_ring_bytes(uint16_t qsize);
/*
 * Lays a queue's rings out in mem (virtio_host_ring_bytes(qsize) zeroed bytes, 16-byte aligned at
 * least), every descriptor free. qsize is a power of two, at most VIRTIO_HOST_QUEUE_MAX.
 */
void virtio_host_ring_init(struct virtio_host_queue *q, uint16_t index, uint16_t qsize,
			   uint64_t base, void *mem);

/*
 * Makes the chain buf[0..n) available to the device (without notifying it). Returns its head
 * descriptor, -1 when fewer than n descriptors are free.
 */
int virtio_host_add(struct virtio_host_queue *q, const struct virtio_host_buf *buf, unsigned n);
/*
 * Takes the oldest used chain back: its head descriptor and the bytes the device wrote. False
 * when the device has used nothing more.
 */
bool virtio_host_pop(struct virtio_host_queue *q, uint16_t *head, uint32_t *written);

/* The head descriptor the next virtio_host_add will use: per-request data can be ready first. */
static inline uint16_t virtio_host_next_head(const struct virtio_host_queue *q)
{
	return q->free_head;
}

static inline unsigned virtio_host_free(const struct virtio_host_queue *q)
{
	return q->nfree;
}

#endif
