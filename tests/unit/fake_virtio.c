/*
 * Test-only stand-ins for guest_mem.c, virtqueue.c and virtio_mmio.c while those are written
 * elsewhere: just enough of the headers' contracts (no indirect descriptors, no event idx) for
 * the device models' tests and fuzzer to drive a device as a driver would.
 */
#include <string.h>

#include "vmm/devices/virtio_mmio.h"
#include "vmm/devices/virtqueue.h"
#include "vmm/guest_mem.h"

void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	if (gpa < m->base || gpa - m->base > m->size || len > m->size - (gpa - m->base)) {
		return NULL;
	}
	return m->host + (gpa - m->base);
}

static bool rd16(const struct guest_mem *m, uint64_t gpa, uint16_t *v)
{
	void *p = guest_mem_ptr(m, gpa, 2);

	if (p != NULL) {
		memcpy(v, p, 2);
	}
	return p != NULL;
}

static bool wr(const struct guest_mem *m, uint64_t gpa, const void *v, size_t len)
{
	void *p = guest_mem_ptr(m, gpa, len);

	if (p != NULL) {
		memcpy(p, v, len);
	}
	return p != NULL;
}

void virtq_reset(struct virtq *q)
{
	q->last_avail = 0;
	q->used_idx = 0;
	q->signalled = 0;
	q->signalled_valid = false;
}

bool virtq_valid(const struct virtq *q, const struct guest_mem *m)
{
	return q->num != 0 && (q->num & (q->num - 1)) == 0 && q->num <= VIRTQ_MAX_SIZE &&
	       guest_mem_ptr(m, q->desc, 16ull * q->num) != NULL &&
	       guest_mem_ptr(m, q->avail, 6 + 2ull * q->num) != NULL &&
	       guest_mem_ptr(m, q->used, 6 + 8ull * q->num) != NULL;
}

static enum virtq_pop_result broken(const char **why, const char *what)
{
	*why = what;
	return VIRTQ_BROKEN;
}

enum virtq_pop_result virtq_pop(struct virtq *q, const struct guest_mem *m,
				struct virtq_chain *chain, const char **why)
{
	uint16_t idx, head, i;

	if (!rd16(m, q->avail + 2, &idx)) {
		return broken(why, "avail ring outside RAM");
	}
	if (idx == q->last_avail) {
		return VIRTQ_EMPTY;
	}
	if ((uint16_t)(idx - q->last_avail) > q->num) {
		return broken(why, "avail idx too far ahead");
	}
	if (!rd16(m, q->avail + 4 + 2ull * (q->last_avail % q->num), &head) || head >= q->num) {
		return broken(why, "bad head");
	}
	memset(chain, 0, offsetof(struct virtq_chain, seg));
	chain->head = head;
	i = head;
	for (unsigned n = 0;; n++) {
		uint8_t d[16];
		uint64_t addr;
		uint32_t len;
		uint16_t flags, next;
		void *p = guest_mem_ptr(m, q->desc + 16ull * i, 16);

		if (p == NULL || n >= q->num || n >= VIRTQ_MAX_SEGS) {
			return broken(why, "descriptor loop or table outside RAM");
		}
		memcpy(d, p, 16);
		memcpy(&addr, d, 8);
		memcpy(&len, d + 8, 4);
		memcpy(&flags, d + 12, 2);
		memcpy(&next, d + 14, 2);
		if (len == 0 || guest_mem_ptr(m, addr, len) == NULL || (flags & VIRTQ_DESC_F_INDIRECT)) {
			return broken(why, "bad buffer");
		}
		if (flags & VIRTQ_DESC_F_WRITE) {
			chain->nin++;
			chain->in_len += len;
		} else if (chain->nin != 0) {
			return broken(why, "readable after writable");
		} else {
			chain->nout++;
			chain->out_len += len;
		}
		chain->seg[n].gpa = addr;
		chain->seg[n].len = len;
		if (!(flags & VIRTQ_DESC_F_NEXT)) {
			break;
		}
		if (next >= q->num) {
			return broken(why, "next out of range");
		}
		i = next;
	}
	q->last_avail++;
	return VIRTQ_CHAIN;
}

void virtq_unpop(struct virtq *q)
{
	q->last_avail--;
}

bool virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head, uint32_t written)
{
	uint32_t elem[2] = {head, written};

	if (!wr(m, q->used + 4 + 8ull * (q->used_idx % q->num), elem, sizeof(elem))) {
		return false;
	}
	q->used_idx++;
	return wr(m, q->used + 2, &q->used_idx, 2);
}

bool virtq_should_interrupt(struct virtq *q, const struct guest_mem *m)
{
	uint16_t flags = 0;

	return !rd16(m, q->avail, &flags) || !(flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool virtq_enable_notify(struct virtq *q, const struct guest_mem *m)
{
	uint16_t idx;

	return rd16(m, q->avail + 2, &idx) && idx != q->last_avail;
}

static size_t chain_copy(const struct guest_mem *m, const struct virtq_seg *seg, unsigned n,
			 uint64_t off, uint8_t *buf, size_t len, bool to_guest)
{
	size_t done = 0;

	for (unsigned i = 0; i < n && done < len; i++) {
		size_t take;
		uint8_t *p;

		if (off >= seg[i].len) {
			off -= seg[i].len;
			continue;
		}
		take = seg[i].len - off;
		if (take > len - done) {
			take = len - done;
		}
		p = guest_mem_ptr(m, seg[i].gpa + off, take);
		if (to_guest) {
			memcpy(p, buf + done, take);
		} else {
			memcpy(buf + done, p, take);
		}
		done += take;
		off = 0;
	}
	return done;
}

size_t virtq_chain_read(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			void *buf, size_t len)
{
	return chain_copy(m, c->seg, c->nout, off, buf, len, false);
}

size_t virtq_chain_write(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			 const void *buf, size_t len)
{
	return chain_copy(m, &c->seg[c->nout], c->nin, off, (uint8_t *)buf, len, true);
}

void virtio_mmio_init(struct virtio_mmio *t, const struct virtio_device_ops *ops, void *dev,
		      const struct guest_mem *mem, void (*irq)(void *opaque, bool level),
		      void *irq_opaque)
{
	memset(t, 0, sizeof(*t));
	t->ops = ops;
	t->dev = dev;
	t->mem = mem;
	t->irq = irq;
	t->irq_opaque = irq_opaque;
	t->device_features = ops->features(dev) | 1ull << VIRTIO_F_VERSION_1;
}

bool virtio_mmio_running(const struct virtio_mmio *t)
{
	return (t->status & VIRTIO_STATUS_DRIVER_OK) && !(t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void interrupt(struct virtio_mmio *t, uint32_t bit)
{
	t->interrupt_status |= bit;
	t->irq(t->irq_opaque, true);
}

void virtio_mmio_used(struct virtio_mmio *t, unsigned q)
{
	if (virtq_should_interrupt(&t->queue[q], t->mem)) {
		interrupt(t, VIRTIO_MMIO_INT_VRING);
	}
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
	t->config_generation++;
	interrupt(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_needs_reset(struct virtio_mmio *t, const char *why)
{
	(void)why;
	t->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	if (t->status & VIRTIO_STATUS_DRIVER_OK) {
		interrupt(t, VIRTIO_MMIO_INT_CONFIG);
	}
}

static void reset(struct virtio_mmio *t)
{
	t->ops->reset(t->dev);
	t->status = 0;
	t->driver_features = 0;
	t->interrupt_status = 0;
	t->generation++;
	for (unsigned i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++) {
		memset(&t->queue[i], 0, sizeof(t->queue[i]));
	}
	t->irq(t->irq_opaque, false);
}

static bool mmio_read(void *dev, uint64_t off, unsigned width, uint64_t *v)
{
	struct virtio_mmio *t = dev;
	struct virtq *q = &t->queue[t->queue_sel % VIRTIO_MMIO_MAX_QUEUES];
	bool ok = true;

	if (off >= VIRTIO_MMIO_CONFIG) {
		spin_lock(&t->lock);
		ok = t->ops->config_read(t->dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), width, v);
		spin_unlock(&t->lock);
		return ok;
	}
	if (width != 4) {
		return false;
	}
	spin_lock(&t->lock);
	switch (off) {
	case VIRTIO_MMIO_MAGIC: *v = VIRTIO_MMIO_MAGIC_VALUE; break;
	case VIRTIO_MMIO_VERSION: *v = 2; break;
	case VIRTIO_MMIO_DEVICE_ID: *v = t->ops->device_id; break;
	case VIRTIO_MMIO_VENDOR_ID: *v = VIRTIO_MMIO_VENDOR; break;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*v = t->device_features_sel > 1 ? 0 :
		     (uint32_t)(t->device_features >> (32 * t->device_features_sel));
		break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX: *v = t->queue_sel < t->ops->num_queues ? 256 : 0; break;
	case VIRTIO_MMIO_QUEUE_READY: *v = q->ready; break;
	case VIRTIO_MMIO_INTERRUPT_STATUS: *v = t->interrupt_status; break;
	case VIRTIO_MMIO_STATUS: *v = t->status; break;
	case VIRTIO_MMIO_CONFIG_GENERATION: *v = t->config_generation; break;
	default: *v = 0; break;
	}
	spin_unlock(&t->lock);
	return true;
}

static void set_half(uint64_t *x, bool high, uint64_t v)
{
	unsigned s = high ? 32 : 0;

	*x = (*x & ~(0xffffffffull << s)) | (v & 0xffffffffull) << s;
}

static bool mmio_write(void *dev, uint64_t off, unsigned width, uint64_t v)
{
	struct virtio_mmio *t = dev;
	struct virtq *q = &t->queue[t->queue_sel % VIRTIO_MMIO_MAX_QUEUES];

	if (off >= VIRTIO_MMIO_CONFIG) {
		bool ok;

		spin_lock(&t->lock);
		ok = t->ops->config_write(t->dev, (uint32_t)(off - VIRTIO_MMIO_CONFIG), width, v);
		spin_unlock(&t->lock);
		return ok;
	}
	if (width != 4) {
		return false;
	}
	spin_lock(&t->lock);
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL: t->device_features_sel = (uint32_t)v; break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL: t->driver_features_sel = (uint32_t)v; break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (t->driver_features_sel < 2) {
			set_half(&t->driver_features, t->driver_features_sel == 1, v);
		}
		break;
	case VIRTIO_MMIO_QUEUE_SEL: t->queue_sel = (uint32_t)v; break;
	case VIRTIO_MMIO_QUEUE_NUM: q->num = (uint16_t)v; break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW: set_half(&q->desc, false, v); break;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH: set_half(&q->desc, true, v); break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW: set_half(&q->avail, false, v); break;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: set_half(&q->avail, true, v); break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW: set_half(&q->used, false, v); break;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: set_half(&q->used, true, v); break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (v == 1 && t->queue_sel < t->ops->num_queues && virtq_valid(q, t->mem)) {
			virtq_reset(q);
			q->ready = true;
		} else if (v == 0) {
			q->ready = false;
		}
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (v < t->ops->num_queues) {
			t->ops->notify(t->dev, (unsigned)v);
		}
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->interrupt_status &= ~(uint32_t)v;
		if (t->interrupt_status == 0) {
			t->irq(t->irq_opaque, false);
		}
		break;
	case VIRTIO_MMIO_STATUS:
		if (v == 0) {
			reset(t);
			break;
		}
		if ((v & VIRTIO_STATUS_FEATURES_OK) && !(t->status & VIRTIO_STATUS_FEATURES_OK) &&
		    ((t->driver_features & ~t->device_features) != 0 ||
		     !(t->driver_features & 1ull << VIRTIO_F_VERSION_1))) {
			v &= ~(uint64_t)VIRTIO_STATUS_FEATURES_OK;
		}
		if ((v & VIRTIO_STATUS_DRIVER_OK) && !(t->status & VIRTIO_STATUS_DRIVER_OK)) {
			t->status = (uint32_t)v | (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
			t->ops->driver_ok(t->dev);
		} else {
			t->status = (uint32_t)v | (t->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
		}
		break;
	default: break;
	}
	spin_unlock(&t->lock);
	return true;
}

static void mmio_device_reset(void *dev)
{
	struct virtio_mmio *t = dev;

	spin_lock(&t->lock);
	reset(t);
	spin_unlock(&t->lock);
}

const struct device_desc virtio_mmio_device = {
	.name = "virtio-mmio (test stand-in)",
	.compatible = VIRTIO_MMIO_COMPATIBLE,
	.read = mmio_read,
	.write = mmio_write,
	.reset = mmio_device_reset,
};
