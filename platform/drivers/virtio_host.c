/* SPDX-License-Identifier: Apache-2.0 */
/* A host virtio-mmio version-2 device and its split virtqueues (VIRTIO 1.2, 2.7 and 4.2). */
#include "lib/virtio_spec.h"
#include "platform/drivers/virtio_host.h"

#include <stddef.h>

#include "core/core.h"
#include "platform/console.h"
#include "platform/drivers/host_plic.h"
#include "platform/drivers/mmio.h"

#define QUEUE_ALIGN 4096    /* a page: the rings never share one with anything else */
#define RESET_TRIES 1000000 /* reads of the status after a reset, before giving up on the device */

/* The device's address of our memory: the hypervisor runs with satp = Bare, pointers are physical. */
static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static uint32_t reg_read(const struct virtio_host *d, unsigned off)
{
	return mmio_read32(d->base + off);
}

static void reg_write(const struct virtio_host *d, unsigned off, uint32_t value)
{
	mmio_write32(d->base + off, value);
}

static void reg_write64(const struct virtio_host *d, unsigned low, uint64_t value)
{
	reg_write(d, low, (uint32_t)value);
	reg_write(d, low + 4, (uint32_t)(value >> 32));
}

uint32_t virtio_host_identify(uint64_t base)
{
	uint32_t version, id;

	if (mmio_read32(base + VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE) {
		return 0;
	}
	version = mmio_read32(base + VIRTIO_MMIO_VERSION);
	id = mmio_read32(base + VIRTIO_MMIO_DEVICE_ID);
	if (id != 0 && version != 2) {
		console_printf(
			"rvkvm: host virtio device %u at 0x%llx not used: virtio-mmio version %u, "
			"not 2 (QEMU: -global virtio-mmio.force-legacy=false)\n",
			(unsigned)id, (unsigned long long)base, (unsigned)version);
		return 0;
	}
	return id;
}

static void set_status(const struct virtio_host *d, uint32_t bits)
{
	reg_write(d, VIRTIO_MMIO_STATUS, reg_read(d, VIRTIO_MMIO_STATUS) | bits);
}

static const char *fail(const struct virtio_host *d, const char *why)
{
	set_status(d, VIRTIO_STATUS_FAILED);
	return why;
}

static uint64_t device_features(const struct virtio_host *d)
{
	uint64_t f;

	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void driver_features(const struct virtio_host *d, uint64_t f)
{
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
}

/* Queue index (section 4.2.3.2): its rings in one zeroed block of rvkvm's, every descriptor free. */
static const char *setup_queue(struct virtio_host *d, uint16_t index)
{
	struct virtio_host_queue *q = &d->queue[index];
	uint32_t max;
	uint16_t qsize;
	void *mem;

	reg_write(d, VIRTIO_MMIO_QUEUE_SEL, index);
	if (reg_read(d, VIRTIO_MMIO_QUEUE_READY) != 0) {
		return "a queue is in use after a reset";
	}
	max = reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0) {
		return "it lacks a queue rvkvm needs";
	}
	/* A power of two: the 16-bit ring indexes then wrap where the ring does. */
	qsize = 1;
	while (qsize * 2u <= max && qsize * 2u <= VIRTIO_HOST_QUEUE_MAX) {
		qsize = (uint16_t)(qsize * 2);
	}
	mem = core_alloc_zeroed(virtio_host_ring_bytes(qsize), QUEUE_ALIGN);
	if (!mem) {
		return "no memory for its queues";
	}
	virtio_host_ring_init(q, index, qsize, d->base, mem);
	reg_write(d, VIRTIO_MMIO_QUEUE_NUM, qsize);
	reg_write64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, phys(q->desc));
	reg_write64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, phys(q->avail));
	reg_write64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, phys(q->used));
	reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return NULL;
}

const char *virtio_host_start(struct virtio_host *d, uint64_t base, uint32_t irq, uint64_t wanted,
			      unsigned nqueues)
{
	uint64_t offered;
	const char *err;

	d->base = base;
	d->irq = irq;
	d->device_id = reg_read(d, VIRTIO_MMIO_DEVICE_ID);
	/* Reset, and wait until the device says it is done (section 4.2.3.1). */
	reg_write(d, VIRTIO_MMIO_STATUS, 0);
	for (unsigned tries = 0; reg_read(d, VIRTIO_MMIO_STATUS) != 0; tries++) {
		if (tries == RESET_TRIES) {
			return "it does not reset";
		}
	}
	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(d, VIRTIO_STATUS_DRIVER);
	offered = device_features(d);
	if (!(offered >> VIRTIO_F_VERSION_1 & 1)) {
		return fail(d, "it does not offer VIRTIO_F_VERSION_1");
	}
	d->features = offered & (wanted | 1ull << VIRTIO_F_VERSION_1);
	driver_features(d, d->features);
	set_status(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		return fail(d, "it refused the features rvkvm chose");
	}
	if (nqueues == 0 || nqueues > VIRTIO_HOST_QUEUES) {
		return fail(d, "rvkvm asked for a number of queues it cannot drive");
	}
	d->nqueues = nqueues;
	for (uint16_t i = 0; i < nqueues; i++) {
		err = setup_queue(d, i);
		if (err) {
			return fail(d, err);
		}
	}
	set_status(d, VIRTIO_STATUS_DRIVER_OK);
	return NULL;
}

uint8_t virtio_host_config8(const struct virtio_host *d, unsigned off)
{
	return mmio_read8(d->base + VIRTIO_MMIO_CONFIG + off);
}

uint16_t virtio_host_config16(const struct virtio_host *d, unsigned off)
{
	return mmio_read16(d->base + VIRTIO_MMIO_CONFIG + off);
}

uint32_t virtio_host_config32(const struct virtio_host *d, unsigned off)
{
	return reg_read(d, VIRTIO_MMIO_CONFIG + off);
}

/* Two 32-bit reads: the generation count tells whether the device changed it in between. */
uint64_t virtio_host_config64(const struct virtio_host *d, unsigned off)
{
	uint32_t gen, lo, hi;

	do {
		gen = reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = virtio_host_config32(d, off);
		hi = virtio_host_config32(d, off + 4);
	} while (reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION) != gen);
	return (uint64_t)hi << 32 | lo;
}

/* From the PLIC, on the hart that claimed the source; acknowledged before the PLIC completes. */
static void interrupt(void *arg)
{
	struct virtio_host *d = arg;
	uint32_t status = reg_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status) {
		reg_write(d, VIRTIO_MMIO_INTERRUPT_ACK, status);
	}
	/* The used ring as the device left it before it interrupted: device input, then memory. */
	__asm__ volatile("fence i, r" : : : "memory");
	if (status & VIRTIO_MMIO_INT_VRING) {
		d->on_used(d->arg);
	}
	if ((status & VIRTIO_MMIO_INT_CONFIG) && d->on_config) {
		d->on_config(d->arg);
	}
}

void virtio_host_on_config_change(struct virtio_host *d, virtio_host_callback *on_config)
{
	d->on_config = on_config;
}

bool virtio_host_enable_interrupt(struct virtio_host *d, virtio_host_callback *on_used, void *arg)
{
	d->on_used = on_used;
	d->arg = arg;
	return host_plic_enable(d->irq, interrupt, d);
}

void virtio_host_notify(struct virtio_host_queue *q)
{
	/* The published ring before the doorbell the device acts on. */
	__asm__ volatile("fence w, o" : : : "memory");
	/* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue's index (section 4.2.2). */
	mmio_write32(q->base + VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}
