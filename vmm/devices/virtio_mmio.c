/* SPDX-License-Identifier: Apache-2.0 */
/* The virtio-mmio version 2 register window in front of one device model (VIRTIO 1.2 section 4.2). */
#include "vmm/devices/virtio_mmio.h"

#include "lib/bytes.h"
#include "lib/string.h"

#define BIT64(n) (1ull << (n))

/* What the transport itself implements: version 1 devices, indirect tables, event idx. */
#define TRANSPORT_FEATURES                                                \
	(BIT64(VIRTIO_F_VERSION_1) | BIT64(VIRTIO_F_RING_INDIRECT_DESC) | \
	 BIT64(VIRTIO_F_RING_EVENT_IDX))
/*
 * Bits 28..41 are the transport's (section 6): a device model cannot offer them, since only the
 * transport knows which ring layouts and notification schemes it implements.
 */
#define TRANSPORT_RESERVED (((BIT64(42) - 1) >> 28) << 28)

/* The status bits a driver may set; DEVICE_NEEDS_RESET is the device's to set. */
#define DRIVER_STATUS_BITS                                                            \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK | \
	 VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_FAILED)

/* The shared-memory registers when there is no region: length (and base) all ones (section 4.2.2). */
#define SHM_NONE 0xffffffffu

#define MMIO_VERSION 2u
#define CONFIG_END VIRTIO_MMIO_SIZE

static void set_interrupt(struct virtio_mmio *t, uint32_t status)
{
	bool was = t->interrupt_status != 0;
	bool now = status != 0;

	t->interrupt_status = status;
	if (was != now && t->irq != NULL) {
		t->irq(t->irq_opaque, now);
	}
}

/* The queue QueueSel names, or NULL when the device has no such queue. */
static struct virtq *selected(struct virtio_mmio *t)
{
	if (t->queue_sel >= t->ops->num_queues || t->queue_sel >= VIRTIO_MMIO_MAX_QUEUES) {
		return NULL;
	}
	return &t->queue[t->queue_sel];
}

static bool negotiated(const struct virtio_mmio *t, unsigned bit)
{
	return (t->driver_features & BIT64(bit)) != 0;
}

/*
 * Everything the driver set up is forgotten; the device stops taking requests before this
 * returns, and Status reads 0 once its backend is done with the old ones too.
 */
static void reset(struct virtio_mmio *t)
{
	uint32_t shown = t->reset_pending ? t->shown_status : t->status;

	if (t->ops->reset != NULL) {
		t->ops->reset(t->dev);
	}
	/* Requests in flight mean DRIVER_OK was set; the fallback only keeps Status non-zero. */
	t->shown_status = shown != 0 ? shown : VIRTIO_STATUS_ACKNOWLEDGE;
	lib_memset(t->queue, 0, sizeof(t->queue));
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++) {
		virtq_reset(&t->queue[i]);
	}
	t->status = 0;
	t->driver_features = 0;
	t->device_features_sel = 0;
	t->driver_features_sel = 0;
	t->queue_sel = 0;
	set_interrupt(t, 0);
	t->generation++;
}

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      const struct guest_mem *mem, void (*irq)(void *opaque, bool level),
		      void *irq_opaque)
{
	lib_memset(t, 0, sizeof(*t));
	t->ops = ops;
	t->dev = dev;
	t->mem = mem;
	t->irq = irq;
	t->irq_opaque = irq_opaque;
	t->device_features = TRANSPORT_FEATURES;
	if (ops->features != NULL) {
		t->device_features |= ops->features(dev) & ~TRANSPORT_RESERVED;
	}
}

bool virtio_mmio_running(const struct virtio_mmio *t)
{
	return (t->status & VIRTIO_STATUS_DRIVER_OK) != 0 &&
	       (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0;
}

void virtio_mmio_used(struct virtio_mmio *t, unsigned q)
{
	if (q >= t->ops->num_queues || q >= VIRTIO_MMIO_MAX_QUEUES || !t->queue[q].ready) {
		return;
	}
	if (virtq_should_interrupt(&t->queue[q], t->mem)) {
		set_interrupt(t, t->interrupt_status | VIRTIO_MMIO_INT_VRING);
	}
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
	t->config_generation++;
	/* Before DRIVER_OK the driver is still reading the configuration and needs no interrupt. */
	if ((t->status & VIRTIO_STATUS_DRIVER_OK) != 0) {
		set_interrupt(t, t->interrupt_status | VIRTIO_MMIO_INT_CONFIG);
	}
}

void virtio_mmio_needs_reset(struct virtio_mmio *t, const char *why)
{
	(void)why; /* the device says it where it knows the context */
	if ((t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0) {
		return;
	}
	t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	/* Section 2.1.2: with DRIVER_OK set, the device tells the driver by a config notification. */
	if ((t->status & VIRTIO_STATUS_DRIVER_OK) != 0) {
		set_interrupt(t, t->interrupt_status | VIRTIO_MMIO_INT_CONFIG);
	}
}

void virtio_mmio_reset_pending(struct virtio_mmio *t)
{
	t->reset_pending = true;
}

void virtio_mmio_reset_done(struct virtio_mmio *t)
{
	t->reset_pending = false;
}

/* FEATURES_OK stays only for a subset of the device's features that includes VERSION_1. */
static bool features_acceptable(const struct virtio_mmio *t)
{
	return (t->driver_features & ~t->device_features) == 0 && negotiated(t, VIRTIO_F_VERSION_1);
}

/*
 * Status: 0 resets; otherwise the driver only adds bits (section 2.1.2 and 4.2.2.1), so a write
 * that would clear one is ignored. FEATURES_OK needs acceptable features; DRIVER_OK needs
 * FEATURES_OK, since only then are the features the queues run with settled.
 */
static void write_status(struct virtio_mmio *t, uint32_t value)
{
	uint32_t have = t->status & DRIVER_STATUS_BITS;
	uint32_t want = value & DRIVER_STATUS_BITS;
	uint32_t added;

	if (value == 0) {
		reset(t);
		return;
	}
	/* The driver must wait for Status to read 0 before it starts again (section 2.4). */
	if (t->reset_pending || (want & have) != have) {
		return;
	}
	added = want & ~have;
	if ((added & VIRTIO_STATUS_FEATURES_OK) != 0 && !features_acceptable(t)) {
		added &= ~VIRTIO_STATUS_FEATURES_OK;
	}
	if ((added & VIRTIO_STATUS_DRIVER_OK) != 0 &&
	    ((have | added) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		added &= ~VIRTIO_STATUS_DRIVER_OK;
	}
	t->status |= added;
	if ((added & VIRTIO_STATUS_DRIVER_OK) != 0 && t->ops->driver_ok != NULL) {
		t->ops->driver_ok(t->dev);
	}
}

/* QueueReady 1 is kept only for a queue the walker accepts, once the features are settled. */
static void write_queue_ready(struct virtio_mmio *t, struct virtq *q, uint32_t value)
{
	if (value == 0) {
		q->ready = false;
		return;
	}
	if (q->ready || (t->status & VIRTIO_STATUS_FEATURES_OK) == 0 || !virtq_valid(q, t->mem)) {
		return;
	}
	virtq_reset(q);
	q->event_idx = negotiated(t, VIRTIO_F_RING_EVENT_IDX);
	q->indirect = negotiated(t, VIRTIO_F_RING_INDIRECT_DESC);
	q->ready = true;
}

static void set_half(uint64_t *v, bool high, uint32_t half)
{
	if (high) {
		*v = (*v & 0xffffffffull) | (uint64_t)half << 32;
	} else {
		*v = (*v & ~0xffffffffull) | half;
	}
}

/* The half of a 64-bit feature word that sel pages in; pages past 1 are all zeros. */
static uint32_t feature_page(uint64_t features, uint32_t sel)
{
	if (sel > 1) {
		return 0;
	}
	return (uint32_t)(features >> (32 * sel));
}

/* Writes to the queue set-up registers; ignored while the queue is ready (section 4.2.2.3). */
static void write_queue_reg(struct virtio_mmio *t, uint64_t offset, uint32_t v)
{
	struct virtq *q = selected(t);

	if (q == NULL) {
		return;
	}
	if (offset == VIRTIO_MMIO_QUEUE_READY) {
		write_queue_ready(t, q, v);
		return;
	}
	if (q->ready) {
		return;
	}
	switch (offset) {
	case VIRTIO_MMIO_QUEUE_NUM:
		/* A size that does not fit stays invalid rather than truncating to a valid one. */
		q->num = v <= VIRTQ_MAX_SIZE ? (uint16_t)v : 0;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail, offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&q->used, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, v);
		break;
	default:
		break;
	}
}

/* A register (not configuration) read; write-only and reserved registers read 0. */
static uint32_t read_reg(struct virtio_mmio *t, uint64_t offset)
{
	struct virtq *q = selected(t);

	switch (offset) {
	case VIRTIO_MMIO_MAGIC:
		return VIRTIO_MMIO_MAGIC_VALUE;
	case VIRTIO_MMIO_VERSION:
		return MMIO_VERSION;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return feature_page(t->device_features, t->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q != NULL ? VIRTQ_MAX_SIZE : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q != NULL && q->ready ? 1 : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return t->reset_pending ? t->shown_status : t->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return SHM_NONE;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return t->config_generation;
	default:
		return 0;
	}
}

static void write_reg(struct virtio_mmio *t, uint64_t offset, uint32_t v)
{
	switch (offset) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if ((t->status & VIRTIO_STATUS_FEATURES_OK) == 0 && t->driver_features_sel <= 1) {
			set_half(&t->driver_features, t->driver_features_sel == 1, v);
		}
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		write_queue_reg(t, offset, v);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (v < t->ops->num_queues && t->ops->notify != NULL) {
			t->ops->notify(t->dev, v);
		}
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		set_interrupt(t, t->interrupt_status & ~v);
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(t, v);
		break;
	default:
		/* Read-only, reserved, SHMSel (no regions), QueueReset (VIRTIO_F_RING_RESET not offered). */
		break;
	}
}

/*
 * Registers take aligned 32-bit accesses only (section 4.2.2.2). The configuration space takes
 * 8-, 16- and 32-bit accesses, aligned: its 64-bit fields are read as two 32-bit halves.
 */
static bool access_ok(uint64_t offset, unsigned width)
{
	if (offset >= CONFIG_END) {
		return false;
	}
	if (offset < VIRTIO_MMIO_CONFIG) {
		return width == 4 && offset % 4 == 0;
	}
	return (width == 1 || width == 2 || width == 4) && offset % width == 0 &&
	       offset + width <= CONFIG_END;
}

static bool mmio_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct virtio_mmio *t = dev;

	if (!access_ok(offset, width)) {
		return false;
	}
	spin_lock(&t->lock);
	if (offset < VIRTIO_MMIO_CONFIG) {
		*value = read_reg(t, offset);
	} else {
		uint64_t v = 0;

		if (t->ops->config_read == NULL ||
		    !t->ops->config_read(t->dev, (uint32_t)(offset - VIRTIO_MMIO_CONFIG), width,
					 &v)) {
			v = 0;
		}
		*value = low_bytes(v, width);
	}
	spin_unlock(&t->lock);
	return true;
}

static bool mmio_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct virtio_mmio *t = dev;

	if (!access_ok(offset, width)) {
		return false;
	}
	spin_lock(&t->lock);
	if (offset < VIRTIO_MMIO_CONFIG) {
		write_reg(t, offset, (uint32_t)value);
	} else if (t->ops->config_write != NULL) {
		(void)t->ops->config_write(t->dev, (uint32_t)(offset - VIRTIO_MMIO_CONFIG), width,
					   low_bytes(value, width));
	}
	spin_unlock(&t->lock);
	return true;
}

/* The machine's reset: as if the driver wrote 0 to Status. */
static void mmio_reset(void *dev)
{
	struct virtio_mmio *t = dev;

	spin_lock(&t->lock);
	reset(t);
	spin_unlock(&t->lock);
}

const struct device_desc virtio_mmio_device = {
	.name = "virtio-mmio",
	.compatible = VIRTIO_MMIO_COMPATIBLE,
	.read = mmio_read,
	.write = mmio_write,
	.reset = mmio_reset,
};
