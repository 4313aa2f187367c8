/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the virtio console device: random transmit and receive chains (some on the
 * wrong queue's direction, some outside guest RAM or empty), guest writes to its buffers, typed
 * input of random sizes, resets, and now and then a corrupted ring. A model of the driver checks
 * after each process call that what went out is exactly the readable bytes of the transmit
 * chains used, in order, and that the typed bytes come out of the receive chains in order,
 * without loss or duplication, the FIFO taking exactly what fits.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_console.h"

#define TX_WINDOW 0x4000 /* transmit buffers live in [VDRV_DATA, +TX_WINDOW) */
#define RX_BASE (VDRV_DATA + 0x10000)
#define RX_WINDOW 0x10000 /* receive buffers: handed out in turn, never overlapping */
#define MAX_BUFS 8
#define MAX_CHAINS 16      /* outstanding per queue: 128 descriptors, half the table */
#define OUT_MAX (2u << 20) /* bytes out per process call; transmit chains carry at most 512K */
#define TYPED_RING 8192    /* the model's copy of typed bytes not yet delivered */
#define GEN_MAX 5000       /* typed at once, made up rather than read from the input */

_Static_assert(TYPED_RING >= 2 * VIRTIO_CONSOLE_FIFO, "the model holds what the FIFO holds");
_Static_assert(MAX_CHAINS *MAX_BUFS * 64 <= RX_WINDOW, "outstanding receive buffers fit");

/* A chain the model made available, in the order the driver did. */
struct rec {
	uint16_t head;
	unsigned n;
	bool bad; /* breaks a rule: the device must never use it */
	struct vdrv_buf b[MAX_BUFS];
};

struct chains {
	struct rec r[MAX_CHAINS];
	unsigned first, count;
};

static struct vdrv drv;
static struct virtio_console con;
static struct chains tx, rx;
static uint64_t rx_next; /* where the next receive buffer goes, from RX_BASE */
static bool chaos;       /* a ring was corrupted: only safety is checked until reset */
static uint8_t out[OUT_MAX];
static size_t out_len; /* bytes out since the last check */
static uint8_t typed[TYPED_RING];
static uint64_t accepted, delivered; /* typed bytes the FIFO took, and that reached the guest */

static void record_out(void *opaque, const void *buf, size_t len)
{
	FZ_CHECK(opaque == out, "opaque %p", opaque);
	FZ_CHECK(buf == con.piece && len > 0 && len <= VIRTIO_CONSOLE_OUT_PIECE,
		 "out %p+%zu is not the device's copy", buf, len);
	if (chaos) {
		return;
	}
	FZ_CHECK(len <= OUT_MAX - out_len, "%zu bytes out in one call", out_len + len);
	memcpy(out + out_len, buf, len);
	out_len += len;
}

static bool healthy(void)
{
	uint32_t s = vdrv_rd(&drv, VIRTIO_MMIO_STATUS);

	return (s & VIRTIO_STATUS_DRIVER_OK) != 0 && (s & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0;
}

static void forget(void)
{
	memset(&tx, 0, sizeof(tx));
	memset(&rx, 0, sizeof(rx));
	rx_next = 0;
	chaos = false;
	out_len = 0;
	accepted = 0;
	delivered = 0;
}

/* A buffer that breaks the walker's rules (outside RAM, or empty), or NULL-kind: a normal one. */
static bool special_buf(uint8_t kind, struct vdrv_buf *b)
{
	if ((kind & 0x1f) == 0x1f) {
		b->gpa = VDRV_RAM_BASE + VDRV_RAM_SIZE - 8;
		b->len = 64;
		return true;
	}
	if ((kind & 0x1f) == 0x1e) {
		b->gpa = VDRV_DATA;
		b->len = 0;
		return true;
	}
	return false;
}

static void add_tx(struct fz *f)
{
	struct rec *r = &tx.r[(tx.first + tx.count) % MAX_CHAINS];

	r->n = 1 + fz_below(f, MAX_BUFS);
	r->bad = false;
	for (unsigned i = 0; i < r->n; i++) {
		struct vdrv_buf *b = &r->b[i];
		uint8_t kind = fz_u8(f);

		b->write = (kind & 0x60) == 0x60;
		r->bad |= b->write;
		if (special_buf(kind, b)) {
			r->bad = true;
			continue;
		}
		b->gpa = VDRV_DATA + fz_below(f, TX_WINDOW);
		switch (kind & 3) {
		case 0:
			b->len = 1;
			break;
		case 1:
			b->len = 16;
			break;
		case 2:
			b->len = 1 + fz_below(f, 600);
			break;
		default:
			b->len = 1 + fz_u16(f) % 4096;
			break;
		}
		if (b->gpa + b->len > VDRV_DATA + TX_WINDOW) {
			b->len = (uint32_t)(VDRV_DATA + TX_WINDOW - b->gpa);
		}
	}
	r->head = vdrv_add_to(&drv, VIRTIO_CONSOLE_TX, r->b, r->n);
	tx.count++;
}

static void add_rx(struct fz *f)
{
	struct rec *r = &rx.r[(rx.first + rx.count) % MAX_CHAINS];

	r->n = 1 + fz_below(f, MAX_BUFS);
	r->bad = false;
	for (unsigned i = 0; i < r->n; i++) {
		struct vdrv_buf *b = &r->b[i];
		uint8_t kind = fz_u8(f);

		b->write = (kind & 0x60) != 0x60;
		r->bad |= !b->write;
		if (special_buf(kind, b)) {
			r->bad = true;
			continue;
		}
		b->len = 1 + fz_u8(f) % 64;
		if (rx_next + b->len > RX_WINDOW) {
			rx_next = 0;
		}
		b->gpa = RX_BASE + rx_next;
		rx_next += b->len;
	}
	r->head = vdrv_add_to(&drv, VIRTIO_CONSOLE_RX, r->b, r->n);
	rx.count++;
}

static void type_bytes(struct fz *f)
{
	static uint8_t made[GEN_MAX];
	uint8_t mode = fz_u8(f);
	const uint8_t *bytes;
	size_t len, want, took;
	bool running, wants;

	if (mode & 1) {
		len = fz_u16(f) % GEN_MAX;
		for (size_t i = 0; i < len; i++) {
			made[i] = (uint8_t)(accepted + i);
		}
		bytes = made;
	} else {
		bytes = fz_bytes(f, fz_u8(f), &len);
	}
	running = healthy(); /* an MMIO read: it takes the lock itself */
	want = len;
	if (!running) {
		want = 0;
	} else if (want > VIRTIO_CONSOLE_FIFO - (accepted - delivered)) {
		want = VIRTIO_CONSOLE_FIFO - (accepted - delivered);
	}
	spin_lock(&con.transport.lock);
	wants = virtio_console_wants_input(&con);
	took = virtio_console_input(&con, bytes, len);
	spin_unlock(&con.transport.lock);
	FZ_CHECK(took <= len && (running || took == 0), "took %zu of %zu", took, len);
	if (chaos) {
		return; /* receive chains went unchecked: the model no longer knows what is held */
	}
	FZ_CHECK(wants == (running && accepted - delivered < VIRTIO_CONSOLE_FIFO),
		 "wants_input %d with %llu bytes held", wants,
		 (unsigned long long)(accepted - delivered));
	FZ_CHECK(took == want, "took %zu of %zu, expected %zu", took, len, want);
	for (size_t i = 0; i < took; i++) {
		typed[(accepted + i) % TYPED_RING] = bytes[i];
	}
	accepted += took;
}

/* Each transmit chain used: its readable bytes are the next ones out. */
static void check_tx(void)
{
	size_t seen = 0;
	uint32_t id, len;

	while (vdrv_next_used_of(&drv, VIRTIO_CONSOLE_TX, &id, &len)) {
		const struct rec *r = &tx.r[tx.first];

		FZ_CHECK(tx.count > 0, "transmit chain %u used, none outstanding", id);
		FZ_CHECK(id == r->head && len == 0, "used {%u, %u}, expected {%u, 0}", id, len,
			 r->head);
		FZ_CHECK(!r->bad, "a broken transmit chain was used");
		for (unsigned i = 0; i < r->n; i++) {
			const struct vdrv_buf *b = &r->b[i];

			FZ_CHECK(b->len <= out_len - seen &&
					 memcmp(out + seen, vdrv_host(&drv, b->gpa), b->len) == 0,
				 "output of chain %u, buffer %u differs", id, i);
			seen += b->len;
		}
		tx.first = (tx.first + 1) % MAX_CHAINS;
		tx.count--;
	}
	FZ_CHECK(seen == out_len, "%zu bytes out, %zu from used chains", out_len, seen);
	out_len = 0;
}

/* Each receive chain used: its first len writable bytes are the next typed ones. */
static void check_rx(void)
{
	uint32_t id, len;

	while (vdrv_next_used_of(&drv, VIRTIO_CONSOLE_RX, &id, &len)) {
		const struct rec *r = &rx.r[rx.first];
		uint32_t left = len;

		FZ_CHECK(rx.count > 0, "receive chain %u used, none outstanding", id);
		FZ_CHECK(id == r->head, "used id %u, expected %u", id, r->head);
		FZ_CHECK(!r->bad, "a broken receive chain was used");
		FZ_CHECK(len > 0 && len <= accepted - delivered, "%u bytes used, %llu held", len,
			 (unsigned long long)(accepted - delivered));
		/* Invariant: len - left bytes of this chain matched typed[] from delivered on. */
		for (unsigned i = 0; i < r->n && left > 0; i++) {
			const uint8_t *p = vdrv_host(&drv, r->b[i].gpa);
			uint32_t n = r->b[i].len < left ? r->b[i].len : left;

			for (uint32_t k = 0; k < n; k++) {
				FZ_CHECK(p[k] == typed[delivered % TYPED_RING],
					 "typed byte %llu arrived as %02x, not %02x",
					 (unsigned long long)delivered, p[k],
					 typed[delivered % TYPED_RING]);
				delivered++;
			}
			left -= n;
		}
		FZ_CHECK(left == 0, "used len %u beyond the chain's buffers", len);
		rx.first = (rx.first + 1) % MAX_CHAINS;
		rx.count--;
	}
}

static void process(void)
{
	bool waiting;

	spin_lock(&con.transport.lock);
	waiting = virtio_console_process(&con);
	spin_unlock(&con.transport.lock);
	if (chaos) {
		out_len = 0;
		return;
	}
	check_tx();
	check_rx();
	if (!healthy()) {
		return;
	}
	/* A running device leaves no transmit chain, nor input beside a receive buffer. */
	FZ_CHECK(tx.count == 0, "%u transmit chains left", tx.count);
	FZ_CHECK(accepted == delivered || rx.count == 0, "%u receive chains idle beside input",
		 rx.count);
	FZ_CHECK(waiting == (accepted != delivered), "process says %d, %llu bytes held", waiting,
		 (unsigned long long)(accepted - delivered));
}

static void corrupt(struct fz *f)
{
	unsigned q = fz_u8(f) & 1;
	uint16_t which = fz_u16(f), value = fz_u16(f);

	if (which & 1) {
		/* An avail ring entry: a head the driver never built. */
		memcpy(vdrv_host(&drv, VDRV_AVAIL_OF(q) + 4 + 2u * ((which >> 1) % VDRV_QSIZE)),
		       &value, 2);
	} else {
		/* A descriptor's flags or next (its address and length stay bounded). */
		memcpy(vdrv_host(&drv, VDRV_DESC_OF(q) + 16u * ((which >> 1) % VDRV_QSIZE) + 12 +
					       (which & 2)),
		       &value, 2);
	}
	chaos = true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);

	if (drv.ram == NULL) {
		vdrv_init(&drv);
	}
	memset(drv.ram, 0, RX_BASE + RX_WINDOW - VDRV_RAM_BASE);
	forget();
	virtio_console_init(&con, &drv.mem, record_out, out, vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &con.transport;
	vdrv_handshake_queues(&drv, 0, VIRTIO_CONSOLE_NUM_QUEUES);
	for (unsigned step = 0; step < 96 && !fz_empty(&f); step++) {
		uint16_t at;
		size_t len;
		const uint8_t *bytes;

		switch (fz_u8(&f) % 10) {
		case 0:
		case 1:
			if (tx.count < MAX_CHAINS) {
				add_tx(&f);
			}
			break;
		case 2:
		case 3:
			if (rx.count < MAX_CHAINS) {
				add_rx(&f);
			}
			break;
		case 4: /* the guest rewrites what it transmits, between process calls */
			at = (uint16_t)fz_below(&f, TX_WINDOW);
			bytes = fz_bytes(&f, fz_u8(&f), &len);
			if (len > (size_t)(TX_WINDOW - at)) {
				len = TX_WINDOW - at;
			}
			memcpy(vdrv_host(&drv, VDRV_DATA + at), bytes, len);
			break;
		case 5:
		case 6:
			type_bytes(&f);
			break;
		case 7:
			process();
			break;
		case 8:
			if (fz_below(&f, 4) == 0) {
				vdrv_handshake_queues(&drv, 0, VIRTIO_CONSOLE_NUM_QUEUES);
				forget();
			}
			break;
		case 9:
			if (fz_below(&f, 8) == 0) {
				corrupt(&f);
			}
			break;
		}
	}
	process();
	/* No loss: a healthy device hands every byte it took to receive buffers as they come. */
	for (unsigned i = 0; i < 8 && !chaos && healthy() && accepted != delivered; i++) {
		while (rx.count < MAX_CHAINS) {
			struct rec *r = &rx.r[(rx.first + rx.count) % MAX_CHAINS];

			r->n = 1;
			r->bad = false;
			if (rx_next + 64 > RX_WINDOW) {
				rx_next = 0;
			}
			r->b[0] = (struct vdrv_buf){ RX_BASE + rx_next, 64, true };
			rx_next += 64;
			r->head = vdrv_add_to(&drv, VIRTIO_CONSOLE_RX, r->b, 1);
			rx.count++;
		}
		process();
	}
	FZ_CHECK(chaos || !healthy() || accepted == delivered, "%llu typed bytes lost",
		 (unsigned long long)(accepted - delivered));
	return 0;
}
