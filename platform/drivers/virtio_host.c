/* SPDX-License-Identifier: Apache-2.0 */
/* A host virtio-mmio version-2 device and its one split virtqueue (VIRTIO 1.2, 2.7 and 4.2). */
#include "lib/virtio_spec.h"
#include "platform/drivers/virtio_host.h"

#include <stddef.h>

#include "core/core.h"
#include "platform/console.h"
#include "platform/drivers/host_plic.h"
#include "platform/drivers/mmio.h"

#define QUEUE_ALIGN 4096    /* a page: the rings never share one with anything else */
#define RESET_TRIES 1000000 /* reads of the status after a reset, before giving up on the device */

/* Split virtqueue layout (section 2.7). */

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
			id, (unsigned long long)base, version);
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

/* Queue 0 (section 4.2.3.2): the rings in one zeroed block of rvkvm's, every descriptor free. */
static const char *setup_queue(struct virtio_host *d)
{
	uint32_t max;
	size_t desc_bytes, avail_bytes, used_off;
	uint8_t *mem;

	reg_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	if (reg_read(d, VIRTIO_MMIO_QUEUE_READY) != 0) {
		return "its queue 0 is in use after a reset";
	}
	max = reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (max == 0) {
		return "it has no queue 0";
	}
	/* A power of two: the 16-bit ring indexes then wrap where the ring does. */
	d->qsize = 1;
	while (d->qsize * 2u <= max && d->qsize * 2u <= VIRTIO_HOST_QUEUE_MAX) {
		d->qsize *= 2;
	}
	desc_bytes = sizeof(struct virtq_desc) * d->qsize;
	avail_bytes =
		sizeof(struct virtq_avail) + sizeof(uint16_t) * (d->qsize + 1u); /* +used_event */
	used_off = (desc_bytes + avail_bytes + 3) & ~(size_t)3;
	mem = core_alloc_zeroed(used_off + sizeof(struct virtq_used) +
					sizeof(struct virtq_used_elem) * d->qsize +
					sizeof(uint16_t),
				QUEUE_ALIGN);
	if (!mem) {
		return "no memory for its queue";
	}
	/* Aligned: the block by QUEUE_ALIGN, the avail ring (2) by 16-byte descriptors, used_off by 4. */
	d->desc = (void *)mem;
	d->avail = (void *)(mem + desc_bytes);
	d->used = (void *)(mem + used_off);
	for (uint16_t i = 0; i < d->qsize; i++) {
		d->desc[i].next = (uint16_t)(i + 1);
	}
	d->free_head = 0;
	d->nfree = d->qsize;
	d->avail_idx = d->last_used = 0;
	reg_write(d, VIRTIO_MMIO_QUEUE_NUM, d->qsize);
	reg_write64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, phys(d->desc));
	reg_write64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, phys(d->avail));
	reg_write64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, phys(d->used));
	reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return NULL;
}

const char *virtio_host_start(struct virtio_host *d, uint64_t base, uint32_t irq, uint64_t wanted)
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
	err = setup_queue(d);
	if (err) {
		return fail(d, err);
	}
	set_status(d, VIRTIO_STATUS_DRIVER_OK);
	return NULL;
}

uint8_t virtio_host_config8(const struct virtio_host *d, unsigned off)
{
	return mmio_read8(d->base + VIRTIO_MMIO_CONFIG + off);
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
}

bool virtio_host_enable_interrupt(struct virtio_host *d, virtio_host_callback *on_used, void *arg)
{
	d->on_used = on_used;
	d->arg = arg;
	return host_plic_enable(d->irq, interrupt, d);
}

int virtio_host_add(struct virtio_host *d, const struct virtio_host_buf *buf, unsigned n)
{
	uint16_t head = d->free_head;

	if (n == 0 || n > d->nfree) {
		return -1;
	}
	/*
	 * Free descriptors are linked through next, so the chain takes them in that order and
	 * keeps their links; only the last one drops F_NEXT.
	 */
	for (unsigned i = 0; i < n; i++) {
		struct virtq_desc *desc = &d->desc[d->free_head];

		desc->addr = phys(buf[i].addr);
		desc->len = buf[i].len;
		desc->flags = (uint16_t)((buf[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
					 (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		d->free_head = desc->next;
	}
	d->nfree = (uint16_t)(d->nfree - n);
	d->avail->ring[d->avail_idx & (d->qsize - 1)] = head;
	d->avail_idx++;
	/* The descriptors and the ring entry before the index that hands them over. */
	__asm__ volatile("fence w, w" : : : "memory");
	__atomic_store_n(&d->avail->idx, d->avail_idx, __ATOMIC_RELAXED);
	return head;
}

void virtio_host_notify(struct virtio_host *d)
{
	/* The published ring before the doorbell the device acts on. */
	__asm__ volatile("fence w, o" : : : "memory");
	reg_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

bool virtio_host_pop(struct virtio_host *d, uint16_t *head, uint32_t *written)
{
	uint16_t used_idx = __atomic_load_n(&d->used->idx, __ATOMIC_RELAXED);
	const struct virtq_used_elem *e;
	uint16_t id, count = 1;

	if (used_idx == d->last_used) {
		return false;
	}
	/* The entry the index covers, read after the index. */
	__asm__ volatile("fence r, r" : : : "memory");
	e = &d->used->ring[d->last_used & (d->qsize - 1)];
	if (e->id >= d->qsize) {
		/* A device bug: nothing to free, and the request it should have named stays lost. */
		console_printf("rvkvm: host virtio device at 0x%llx used descriptor %u of %u\n",
			       (unsigned long long)d->base, e->id, d->qsize);
		d->last_used++;
		return false;
	}
	id = (uint16_t)e->id;
	*written = e->len;
	d->last_used++;
	*head = id;
	/* Back onto the free list, links kept: the chain's tail now leads to the old free head. */
	while (d->desc[id].flags & VIRTQ_DESC_F_NEXT) {
		id = d->desc[id].next;
		count++;
	}
	d->desc[id].next = d->free_head;
	d->free_head = *head;
	d->nfree = (uint16_t)(d->nfree + count);
	return true;
}
