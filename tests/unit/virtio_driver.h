/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A virtio-mmio driver for host tests and fuzzers: a fake guest RAM, split queues built in it by
 * hand, and the handshake done through a transport's MMIO descriptor as a guest would.
 */
#ifndef TESTS_UNIT_VIRTIO_DRIVER_H
#define TESTS_UNIT_VIRTIO_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_mem.h"

#define VDRV_RAM_BASE 0x80000000ull
#define VDRV_RAM_SIZE (1u << 20)
#define VDRV_QSIZE 256 /* more chains than a device has slots */
#define VDRV_MAX_QUEUES 4
/* Where queue q's areas and the buffers live in RAM; VDRV_DESC etc. are queue 0's. */
#define VDRV_QUEUE_STRIDE 0x4000
#define VDRV_DESC_OF(q) (VDRV_RAM_BASE + VDRV_QUEUE_STRIDE * (uint64_t)(q) + 0x0000)
#define VDRV_AVAIL_OF(q) (VDRV_RAM_BASE + VDRV_QUEUE_STRIDE * (uint64_t)(q) + 0x1000)
#define VDRV_USED_OF(q) (VDRV_RAM_BASE + VDRV_QUEUE_STRIDE * (uint64_t)(q) + 0x2000)
#define VDRV_DESC VDRV_DESC_OF(0)
#define VDRV_AVAIL VDRV_AVAIL_OF(0)
#define VDRV_USED VDRV_USED_OF(0)
#define VDRV_DATA (VDRV_RAM_BASE + 0x10000)
_Static_assert(VDRV_QUEUE_STRIDE *VDRV_MAX_QUEUES <= VDRV_DATA - VDRV_RAM_BASE,
	       "the queues' areas end before the data");

struct vdrv_buf {
	uint64_t gpa;
	uint32_t len;
	bool write; /* device-writable */
};

/* The driver's side of one queue. */
struct vdrv_queue {
	uint16_t next_desc; /* descriptors are handed out round the table */
	uint16_t avail_idx;
	uint16_t used_seen;
};

struct vdrv {
	struct guest_mem mem;
	uint8_t *ram;
	struct virtio_mmio *t;
	unsigned nqueues; /* queues the last handshake set up */
	struct vdrv_queue q[VDRV_MAX_QUEUES];
	unsigned irq_raised, irq_level, wakes;
};

/* Allocates the RAM (zeroed). */
void vdrv_init(struct vdrv *d);
void vdrv_free(struct vdrv *d);
/* The irq and wake callbacks to give the device, with d as their opaque. */
void vdrv_irq(void *opaque, bool level);
void vdrv_wake(void *opaque);

uint32_t vdrv_rd(struct vdrv *d, uint64_t off);
void vdrv_wr(struct vdrv *d, uint64_t off, uint32_t v);
/* Reset, features (all the device offers but what `refuse` names), queue 0, DRIVER_OK. */
void vdrv_handshake(struct vdrv *d, uint64_t refuse);
/* The same with queues 0..nqueues-1 (at most VDRV_MAX_QUEUES) set up. */
void vdrv_handshake_queues(struct vdrv *d, uint64_t refuse, unsigned nqueues);

uint8_t *vdrv_host(struct vdrv *d, uint64_t gpa);
/* Makes a chain of the buffers available on queue 0 (no notify); returns its head. */
uint16_t vdrv_add(struct vdrv *d, const struct vdrv_buf *b, unsigned n);
/* The device's used idx of queue 0 in RAM. */
uint16_t vdrv_used_idx(struct vdrv *d);
/* The next used element of queue 0 the test has not seen: false if none. */
bool vdrv_next_used(struct vdrv *d, uint32_t *id, uint32_t *len);
/* The same three on queue q. */
uint16_t vdrv_add_to(struct vdrv *d, unsigned q, const struct vdrv_buf *b, unsigned n);
uint16_t vdrv_used_idx_of(struct vdrv *d, unsigned q);
bool vdrv_next_used_of(struct vdrv *d, unsigned q, uint32_t *id, uint32_t *len);

#endif
