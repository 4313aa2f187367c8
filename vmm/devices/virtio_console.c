/* SPDX-License-Identifier: Apache-2.0 */
/* The virtio console device: transmitq chains go out through a callback, a FIFO feeds receiveq. */
#include "vmm/devices/virtio_console.h"

#include "lib/string.h"

/* How serving a queue stopped. */
enum serve_stop {
	SERVE_IDLE,   /* nothing to do: the queue is empty, not ready, or there is no input */
	SERVE_BROKEN, /* the driver broke the rules: the device needs a reset */
	SERVE_PLENTY, /* a queue's worth served: look at the other queue and go on */
};

_Static_assert((VIRTIO_CONSOLE_FIFO & (VIRTIO_CONSOLE_FIFO - 1)) == 0, "the FIFO wraps by mask");

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

static uint64_t console_features(void *dev)
{
	(void)dev;
	return 0; /* one port, no size: the guest's tty keeps its own idea of the window */
}

static bool config_in_range(uint32_t offset, unsigned width)
{
	return (width == 1 || width == 2 || width == 4) && offset < VIRTIO_CONSOLE_CFG_SIZE &&
	       width <= VIRTIO_CONSOLE_CFG_SIZE - offset;
}

/* Without SIZE, MULTIPORT or EMERG_WRITE no field is valid: the layout is there, all 0. */
static bool console_config_read(void *dev, uint32_t offset, unsigned width, uint64_t *value)
{
	(void)dev;
	if (!config_in_range(offset, width)) {
		return false;
	}
	*value = 0;
	return true;
}

/* emerg_wr exists only with EMERG_WRITE, not offered: writes are ignored. */
static bool console_config_write(void *dev, uint32_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	(void)value;
	return config_in_range(offset, width);
}

static void console_notify(void *dev, unsigned q)
{
	struct virtio_console *c = dev;

	(void)q;
	c->wake(c->wake_opaque);
}

static void console_driver_ok(void *dev)
{
	struct virtio_console *c = dev;

	c->wake(c->wake_opaque);
}

/* Typed bytes belong to the driver instance that was running: a new one starts empty. */
static void console_reset(void *dev)
{
	struct virtio_console *c = dev;

	c->fifo_head = 0;
	c->fifo_len = 0;
	for (unsigned q = 0; q < VIRTIO_CONSOLE_NUM_QUEUES; q++) {
		c->pushed[q] = false;
	}
}

static const struct virtio_device_ops console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.num_queues = VIRTIO_CONSOLE_NUM_QUEUES,
	.features = console_features,
	.config_read = console_config_read,
	.config_write = console_config_write,
	.notify = console_notify,
	.driver_ok = console_driver_ok,
	.reset = console_reset,
};

void virtio_console_init(struct virtio_console *c, const struct guest_mem *mem,
			 void (*out)(void *opaque, const void *buf, size_t len), void *out_opaque,
			 void (*irq)(void *opaque, bool level), void *irq_opaque,
			 void (*wake)(void *opaque), void *wake_opaque)
{
	lib_memset(c, 0, sizeof(*c));
	c->mem = mem;
	c->out = out;
	c->out_opaque = out_opaque;
	c->wake = wake;
	c->wake_opaque = wake_opaque;
	virtio_mmio_init(&c->transport, &console_ops, c, mem, irq, irq_opaque);
}

static bool can_run(const struct virtio_console *c, unsigned q)
{
	return virtio_mmio_running(&c->transport) && c->transport.queue[q].ready;
}

static bool give_back(struct virtio_console *c, unsigned q, uint16_t head, uint32_t written)
{
	if (!virtq_push(&c->transport.queue[q], c->mem, head, written)) {
		virtio_mmio_needs_reset(&c->transport,
					"virtio-console: used ring outside guest RAM");
		return false;
	}
	c->pushed[q] = true;
	return true;
}

/* Pops the next chain of queue q; false when there is none or the ring is broken. */
static bool pop(struct virtio_console *c, unsigned q, enum serve_stop *stop)
{
	const char *why = "virtio-console: broken chain";

	switch (virtq_pop(&c->transport.queue[q], c->mem, &c->chain, &why)) {
	case VIRTQ_EMPTY:
		*stop = SERVE_IDLE;
		return false;
	case VIRTQ_BROKEN:
		virtio_mmio_needs_reset(&c->transport, why);
		*stop = SERVE_BROKEN;
		return false;
	case VIRTQ_CHAIN:
		break;
	}
	return true;
}

/* Sends one transmit chain's bytes out, a piece at a time, through the device's own copy. */
static enum serve_stop transmit_one(struct virtio_console *c)
{
	const struct virtq_chain *ch = &c->chain;
	enum serve_stop stop;
	uint64_t off = 0;

	if (!pop(c, VIRTIO_CONSOLE_TX, &stop)) {
		return stop;
	}
	if (ch->nin != 0) {
		virtio_mmio_needs_reset(&c->transport,
					"virtio-console: writable buffer on transmitq");
		return SERVE_BROKEN;
	}
	/* Invariant: bytes [0, off) of the readable part have gone out, in order. */
	while (off < ch->out_len) {
		uint64_t left = ch->out_len - off;
		size_t want =
			left < VIRTIO_CONSOLE_OUT_PIECE ? (size_t)left : VIRTIO_CONSOLE_OUT_PIECE;
		size_t got = virtq_chain_read(c->mem, ch, off, c->piece, want);

		if (got == 0) {
			break; /* virtq_pop checked the buffers: cannot happen, but never spin */
		}
		c->out(c->out_opaque, c->piece, got);
		off += got;
	}
	return give_back(c, VIRTIO_CONSOLE_TX, ch->head, 0) ? SERVE_PLENTY : SERVE_BROKEN;
}

/* Fills one receive chain with as much of the FIFO as it holds. */
static enum serve_stop receive_one(struct virtio_console *c)
{
	const struct virtq_chain *ch = &c->chain;
	enum serve_stop stop;
	size_t written = 0;

	if (c->fifo_len == 0) {
		return SERVE_IDLE; /* the chain stays in the ring for the next byte */
	}
	if (!pop(c, VIRTIO_CONSOLE_RX, &stop)) {
		return stop;
	}
	if (ch->nout != 0) {
		virtio_mmio_needs_reset(&c->transport,
					"virtio-console: readable buffer on receiveq");
		return SERVE_BROKEN;
	}
	/* Invariant: the first `written` FIFO bytes are in the chain; at most two runs (wrap). */
	while (written < c->fifo_len && written < ch->in_len) {
		uint32_t at = (c->fifo_head + (uint32_t)written) & (VIRTIO_CONSOLE_FIFO - 1);
		size_t run = min_size(c->fifo_len - written, VIRTIO_CONSOLE_FIFO - at);
		size_t got = virtq_chain_write(c->mem, ch, written, &c->fifo[at], run);

		written += got;
		if (got < run) {
			break; /* the chain is full */
		}
	}
	c->fifo_head = (c->fifo_head + (uint32_t)written) & (VIRTIO_CONSOLE_FIFO - 1);
	c->fifo_len -= (uint32_t)written;
	return give_back(c, VIRTIO_CONSOLE_RX, ch->head, (uint32_t)written) ? SERVE_PLENTY
									    : SERVE_BROKEN;
}

/* Serves queue q until it is idle, broken, or a queue's worth of chains went through. */
static enum serve_stop serve(struct virtio_console *c, unsigned q,
			     enum serve_stop (*one)(struct virtio_console *))
{
	for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++) {
		enum serve_stop stop;

		if (!can_run(c, q)) {
			return SERVE_IDLE;
		}
		stop = one(c);
		if (stop != SERVE_PLENTY) {
			return stop;
		}
	}
	return SERVE_PLENTY;
}

static void announce(struct virtio_console *c)
{
	for (unsigned q = 0; q < VIRTIO_CONSOLE_NUM_QUEUES; q++) {
		if (c->pushed[q]) {
			c->pushed[q] = false;
			virtio_mmio_used(&c->transport, q);
		}
	}
}

/*
 * Before sleeping: asks for a notify on transmitq always, on receiveq only while input waits
 * (an idle receive buffer is of no use). True: a chain came meanwhile, serve again.
 */
static bool arm_notify(struct virtio_console *c)
{
	bool again = false;

	if (can_run(c, VIRTIO_CONSOLE_TX)) {
		again |= virtq_enable_notify(&c->transport.queue[VIRTIO_CONSOLE_TX], c->mem);
	}
	if (c->fifo_len > 0 && can_run(c, VIRTIO_CONSOLE_RX)) {
		again |= virtq_enable_notify(&c->transport.queue[VIRTIO_CONSOLE_RX], c->mem);
	}
	return again;
}

bool virtio_console_process(struct virtio_console *c)
{
	for (;;) {
		enum serve_stop tx = serve(c, VIRTIO_CONSOLE_TX, transmit_one);
		enum serve_stop rx = serve(c, VIRTIO_CONSOLE_RX, receive_one);

		announce(c);
		if (tx == SERVE_BROKEN || rx == SERVE_BROKEN ||
		    !virtio_mmio_running(&c->transport)) {
			break;
		}
		if (tx == SERVE_PLENTY || rx == SERVE_PLENTY) {
			continue;
		}
		if (!arm_notify(c)) {
			break;
		}
	}
	return virtio_mmio_running(&c->transport) && c->fifo_len > 0;
}

size_t virtio_console_input(struct virtio_console *c, const void *buf, size_t len)
{
	const uint8_t *src = buf;
	size_t n, taken = 0;

	if (!virtio_mmio_running(&c->transport)) {
		return 0;
	}
	n = min_size(len, VIRTIO_CONSOLE_FIFO - c->fifo_len);
	/* Invariant: src[0, taken) is at the FIFO's tail; at most two runs (wrap). */
	while (taken < n) {
		uint32_t at = (c->fifo_head + c->fifo_len) & (VIRTIO_CONSOLE_FIFO - 1);
		size_t run = min_size(n - taken, VIRTIO_CONSOLE_FIFO - at);

		lib_memcpy(&c->fifo[at], src + taken, run);
		c->fifo_len += (uint32_t)run;
		taken += run;
	}
	return taken;
}

bool virtio_console_wants_input(const struct virtio_console *c)
{
	return virtio_mmio_running(&c->transport) && c->fifo_len < VIRTIO_CONSOLE_FIFO;
}
