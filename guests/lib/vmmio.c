/* SPDX-License-Identifier: Apache-2.0 */
/* The test guests' virtio-mmio transport: register access, reset and the handshake, by polling. */
#include "vmmio.h"

#include "hart.h"
#include "lib/string.h"

#define MAGIC 0x74726976u /* "virt" */
#define RESET_MS 5000u

#define STATUS_FEATURES \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK)

uint32_t vmmio_read(unsigned long base, unsigned off)
{
	return *(volatile uint32_t *)(base + off);
}

void vmmio_write(unsigned long base, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

void vmmio_set_addr(unsigned long base, unsigned off, uint64_t gpa)
{
	vmmio_write(base, off, (uint32_t)gpa);
	vmmio_write(base, off + 4, (uint32_t)(gpa >> 32));
}

uint8_t vmmio_config8(unsigned long base, unsigned off)
{
	return *(volatile uint8_t *)(base + VIRTIO_MMIO_CONFIG + off);
}

bool vmmio_reset(unsigned long base)
{
	unsigned long start = now();

	vmmio_write(base, VIRTIO_MMIO_STATUS, 0);
	while (vmmio_read(base, VIRTIO_MMIO_STATUS) != 0) {
		if (now() - start > MS_TICKS(RESET_MS)) {
			return false;
		}
	}
	return true;
}

static uint64_t device_features(unsigned long base)
{
	uint64_t f;

	vmmio_write(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)vmmio_read(base, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	vmmio_write(base, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | vmmio_read(base, VIRTIO_MMIO_DEVICE_FEATURES);
}

const char *vmmio_negotiate(unsigned long base, uint32_t device_id, uint64_t want,
			    uint64_t *features)
{
	uint64_t offered;

	if (!vmmio_reset(base)) {
		return "status does not read 0 after a reset";
	}
	if (vmmio_read(base, VIRTIO_MMIO_MAGIC) != MAGIC ||
	    vmmio_read(base, VIRTIO_MMIO_VERSION) != 2 ||
	    vmmio_read(base, VIRTIO_MMIO_DEVICE_ID) != device_id) {
		return "not a version 2 virtio-mmio device of the expected type";
	}
	vmmio_write(base, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vmmio_write(base, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	offered = device_features(base);
	if ((offered & (1ull << VIRTIO_F_VERSION_1)) == 0) {
		return "VERSION_1 not offered";
	}
	*features = (1ull << VIRTIO_F_VERSION_1) | (want & offered);
	vmmio_write(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vmmio_write(base, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(*features >> 32));
	vmmio_write(base, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vmmio_write(base, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)*features);
	vmmio_write(base, VIRTIO_MMIO_STATUS, STATUS_FEATURES);
	if ((vmmio_read(base, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		return "FEATURES_OK did not stay set";
	}
	return NULL;
}

void vmmio_queue_regs(unsigned long base, const struct vring *r, uint32_t num)
{
	vmmio_write(base, VIRTIO_MMIO_QUEUE_NUM, num);
	vmmio_set_addr(base, VIRTIO_MMIO_QUEUE_DESC_LOW, (uintptr_t)r->desc);
	vmmio_set_addr(base, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uintptr_t)&r->avail);
	vmmio_set_addr(base, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uintptr_t)&r->used);
}

const char *vmmio_queue_start(unsigned long base, unsigned q, struct vring *r)
{
	lib_memset(r, 0, sizeof(*r));
	vmmio_write(base, VIRTIO_MMIO_QUEUE_SEL, q);
	if (vmmio_read(base, VIRTIO_MMIO_QUEUE_NUM_MAX) < VRING_SIZE) {
		return "QueueNumMax below the queue size the guest uses";
	}
	if (vmmio_read(base, VIRTIO_MMIO_QUEUE_READY) != 0) {
		return "a queue ready before it was set up";
	}
	vmmio_queue_regs(base, r, VRING_SIZE);
	vmmio_write(base, VIRTIO_MMIO_QUEUE_READY, 1);
	if (vmmio_read(base, VIRTIO_MMIO_QUEUE_READY) != 1) {
		return "QueueReady does not read back 1";
	}
	return NULL;
}

const char *vmmio_driver_ok(unsigned long base)
{
	vmmio_write(base, VIRTIO_MMIO_STATUS, STATUS_FEATURES | VIRTIO_STATUS_DRIVER_OK);
	if (vmmio_read(base, VIRTIO_MMIO_STATUS) != (STATUS_FEATURES | VIRTIO_STATUS_DRIVER_OK)) {
		return "DRIVER_OK did not stay set";
	}
	return NULL;
}

bool vmmio_needs_reset(unsigned long base)
{
	return (vmmio_read(base, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0;
}
