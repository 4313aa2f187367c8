/*
 * A virtio-mmio driver for host tests and fuzzers: a fake guest RAM, one split queue built in it
 * by hand, and the handshake done through a transport's MMIO descriptor as a guest would.
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
/* Where the queue's areas and the buffers live in RAM. */
#define VDRV_DESC (VDRV_RAM_BASE + 0x0000)
#define VDRV_AVAIL (VDRV_RAM_BASE + 0x1000)
#define VDRV_USED (VDRV_RAM_BASE + 0x2000)
#define VDRV_DATA (VDRV_RAM_BASE + 0x10000)

struct vdrv_buf {
	uint64_t gpa;
	uint32_t len;
	bool write; /* device-writable */
};

struct vdrv {
	struct guest_mem mem;
	uint8_t *ram;
	struct virtio_mmio *t;
	uint16_t next_desc; /* descriptors are handed out round the table */
	uint16_t avail_idx;
	uint16_t used_seen;
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

uint8_t *vdrv_host(struct vdrv *d, uint64_t gpa);
/* Makes a chain of the buffers available (no notify); returns its head. */
uint16_t vdrv_add(struct vdrv *d, const struct vdrv_buf *b, unsigned n);
/* The device's used idx in RAM. */
uint16_t vdrv_used_idx(struct vdrv *d);
/* The next used element the test has not seen: false if none. */
bool vdrv_next_used(struct vdrv *d, uint32_t *id, uint32_t *len);

#endif
