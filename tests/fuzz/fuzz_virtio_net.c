/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the virtio network device behind the real transport: transmit chains of any
 * header and length cut into buffers anywhere (some writable, outside guest RAM or empty),
 * receive chains of any sizes, frames from the backend and pushed in, a full backend, link
 * changes, resets with and without MRG_RXBUF, guest rewrites of its buffers, corrupted rings.
 *
 * A model of the driver checks after each process call:
 *   - transmit: chains are used in order with length 0; the frames the backend got are exactly,
 *     in order, the bytes after the 12-byte header of the used chains the spec lets through (no
 *     runt, no oversize, no checksum or GSO asked for, link up), the rest counted by reason; a
 *     chain the backend was full for is the device's copy: later rewrites and link changes do
 *     not touch it;
 *   - receive: chains are used in order; each packet's header is all zeros but num_buffers (1
 *     without MRG_RXBUF), its buffers all full but the last, its frame one offered to the device
 *     (by the backend or pushed), each source's frames arriving in order, none twice; every
 *     frame the device took is delivered, held, or counted as dropped;
 *   - at the end a healthy device with the link up, given plenty of buffers, drains the backend.
 * The driver refuses the offloads (CSUM, HOST_TSO4/6) and the backend takes none, so every header
 * must ask for nothing: fuzz_net_offload checks the offloads themselves.
 * Once the model breaks a rule on purpose (a bad chain, a corrupted ring), only memory safety and
 * the backend's length contract are checked until the next reset.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_net.h"

#define RX VIRTIO_NET_Q_RX0
#define TX VIRTIO_NET_Q_TX0
#define HDR VIRTIO_NET_HDR_SIZE
#define TX_BASE VDRV_DATA
#define TX_WINDOW 0x4000 /* transmit buffers live in [TX_BASE, +TX_WINDOW) */
#define RX_BASE (VDRV_DATA + 0x10000)
#define RX_WINDOW 0x20000 /* receive buffers: handed out in turn, never overlapping */
#define MAX_BUFS 4
#define MAX_CHAINS 16
#define RX_BUF_MAX 2048
#define MAX_OFFERED 64 /* frames offered (backend and pushed) in one input */
#define MAX_SENT (MAX_CHAINS * 2)

_Static_assert(MAX_CHAINS *MAX_BUFS *RX_BUF_MAX <= RX_WINDOW, "outstanding buffers never overlap");
_Static_assert(MAX_OFFERED <= 256, "a frame's id fits its first byte");

/* A chain the model made available, in the order the driver did. */
struct rec {
	uint16_t head;
	unsigned n;
	uint64_t cap; /* bytes of its buffers */
	struct vdrv_buf b[MAX_BUFS];
};

struct chains {
	struct rec r[MAX_CHAINS];
	unsigned first, count;
};

/* What the device should make of a transmit chain, worked out from RAM before process. */
enum tx_fate { TX_SENT, TX_RUNT, TX_OVERSIZE, TX_OFFLOAD, TX_LINK_DOWN };

static struct vdrv drv;
static struct virtio_net net;
static struct net_backend backend;
static struct chains tx, rx;
static uint64_t rx_next;
static bool chaos; /* a rule was broken on purpose: safety only until reset */
static bool merge; /* MRG_RXBUF negotiated */
static bool link_up;
static bool backend_full;
static bool tx_frozen; /* the first outstanding chain is the device's copy, held for the backend */

/* The frames offered: ids in order; content from (id, length). */
static size_t offered_len[MAX_OFFERED];
static bool pushed_frame[MAX_OFFERED]; /* pushed in, else through the backend */
static unsigned noffered;              /* frames made */
static unsigned queued, taken;         /* backend queue: ids [taken, queued) of the backend's own */
static unsigned backend_ids[MAX_OFFERED];
static unsigned pushed;       /* frames pushed with virtio_net_receive */
static int last_delivered[2]; /* the last frame of each stream (backend, pushed) that arrived */
static uint64_t delivered_n;  /* frames that arrived, plus rx_frames at the last reset */
static uint8_t frame_buf[NET_FRAME_MAX + 64];

static unsigned nsent;
static size_t sent_len[MAX_SENT];
static uint8_t sent[MAX_SENT][NET_FRAME_MAX];
static uint8_t expect[MAX_CHAINS][HDR + NET_FRAME_MAX + 1];
static enum tx_fate fate[MAX_CHAINS];
static size_t expect_len[MAX_CHAINS];

static uint8_t content(unsigned id, size_t i)
{
	if (i == 0) {
		return (uint8_t)id;
	}
	return (uint8_t)(id * 29 + i * 7 + (i >> 8));
}

static void make(unsigned id, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		frame_buf[i] = content(id, i);
	}
}

static int fb_send(void *ctx, const void *frame, size_t len, const struct net_offload *o)
{
	FZ_CHECK(ctx == &backend, "ctx %p", ctx);
	FZ_CHECK(len >= NET_ETH_HLEN && len <= NET_FRAME_MAX, "sent %zu bytes", len);
	FZ_CHECK(frame == net.tx_packet, "sent from %p, not the device's copy", frame);
	FZ_CHECK(!net_offload_any(o), "an offload to a backend that takes none");
	if (backend_full) {
		return RVKVM_ENOSPC;
	}
	if (nsent < MAX_SENT) {
		memcpy(sent[nsent], frame, len);
		sent_len[nsent] = len;
	}
	nsent++;
	return 0;
}

static size_t fb_receive(void *ctx, void *buf, size_t size, struct net_offload *o)
{
	unsigned id;

	FZ_CHECK(ctx == &backend && size >= NET_FRAME_MAX, "receive into %zu bytes", size);
	*o = NET_OFFLOAD_NONE;
	if (taken == queued) {
		return 0;
	}
	id = backend_ids[taken++];
	make(id, offered_len[id]);
	memcpy(buf, frame_buf, offered_len[id]);
	return offered_len[id];
}

static const struct net_backend_ops fb_ops = {
	.send = fb_send,
	.receive = fb_receive,
};

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
	tx_frozen = false;
	/* What arrived while only safety was checked went unseen. */
	delivered_n = net.stats.rx_frames;
}

static void handshake(bool with_merge)
{
	merge = with_merge;
	uint64_t offloads = 1ull << VIRTIO_NET_F_CSUM | 1ull << VIRTIO_NET_F_HOST_TSO4 |
			    1ull << VIRTIO_NET_F_HOST_TSO6;

	vdrv_handshake_queues(&drv, offloads | (with_merge ? 0 : 1ull << VIRTIO_NET_F_MRG_RXBUF),
			      VIRTIO_NET_NUM_QUEUES);
	forget();
}

/* A buffer that breaks the walker's rules: outside RAM, or empty. */
static bool special_buf(uint8_t kind, struct vdrv_buf *b)
{
	if ((kind & 0x3f) == 0x3f) {
		b->gpa = VDRV_RAM_BASE + VDRV_RAM_SIZE - 8;
		b->len = 64;
		return true;
	}
	if ((kind & 0x3f) == 0x3e) {
		b->gpa = TX_BASE;
		b->len = 0;
		return true;
	}
	return false;
}

/* A transmit chain: a header (flags and gso_type from the input, mostly 0), a frame, buffers. */
static void add_tx(struct fz *f)
{
	struct rec *r = &tx.r[(tx.first + tx.count) % MAX_CHAINS];
	uint8_t shape = fz_u8(f);
	uint32_t total, at = 0, base;
	uint8_t *p;

	switch (shape & 3) {
	case 0:
		total = HDR + NET_ETH_HLEN + fz_below(f, 200);
		break;
	case 1:
		total = HDR + NET_FRAME_MAX - 2 + fz_below(f, 4);
		break;
	case 2:
		total = fz_below(f, HDR + NET_ETH_HLEN + 2);
		break;
	default:
		total = fz_below(f, HDR + NET_FRAME_MAX + 40);
		break;
	}
	if (total == 0) {
		total = 1;
	}
	base = (uint32_t)fz_below(f, TX_WINDOW - (HDR + NET_FRAME_MAX + 40));
	p = vdrv_host(&drv, TX_BASE + base);
	memset(p, 0, total < HDR ? total : HDR);
	if (total > HDR) {
		for (uint32_t i = HDR; i < total; i++) {
			p[i] = (uint8_t)(base + i * 3);
		}
	}
	if ((shape & 0x0c) == 0x0c && total > VIRTIO_NET_HDR_GSO_TYPE) {
		p[VIRTIO_NET_HDR_FLAGS] = fz_u8(f);
		p[VIRTIO_NET_HDR_GSO_TYPE] = fz_u8(f);
	}
	r->n = 0;
	r->cap = 0;
	/* Invariant: stream bytes [0, at) are in b[0, n). */
	while (at < total && r->n < MAX_BUFS) {
		struct vdrv_buf *b = &r->b[r->n++];
		uint8_t kind = fz_u8(f);
		uint32_t len = r->n == MAX_BUFS ? total - at : 1 + fz_below(f, total - at);

		if (special_buf(kind, b)) {
			chaos = true;
			continue;
		}
		b->write = (kind & 0xc0) == 0xc0;
		chaos |= b->write;
		b->gpa = TX_BASE + base + at;
		b->len = len;
		at += len;
	}
	r->head = vdrv_add_to(&drv, TX, r->b, r->n);
	tx.count++;
}

static void add_rx(struct fz *f)
{
	struct rec *r = &rx.r[(rx.first + rx.count) % MAX_CHAINS];

	r->n = 1 + fz_below(f, MAX_BUFS);
	r->cap = 0;
	for (unsigned i = 0; i < r->n; i++) {
		struct vdrv_buf *b = &r->b[i];
		uint8_t kind = fz_u8(f);

		if (special_buf(kind, b)) {
			chaos = true;
			continue;
		}
		b->write = (kind & 0xc0) != 0xc0;
		chaos |= !b->write;
		switch (kind & 3) {
		case 0:
			b->len = 1 + fz_below(f, 64);
			break;
		case 1:
			b->len = HDR + fz_below(f, 200);
			break;
		default:
			b->len = 1 + fz_u16(f) % RX_BUF_MAX;
			break;
		}
		if (rx_next + b->len > RX_WINDOW) {
			rx_next = 0;
		}
		b->gpa = RX_BASE + rx_next;
		rx_next += b->len;
		r->cap += b->len;
	}
	/* With MRG_RXBUF each buffer MUST hold a header: a smaller one breaks the rules. */
	if (merge && r->cap < HDR) {
		chaos = true;
	}
	r->head = vdrv_add_to(&drv, RX, r->b, r->n);
	rx.count++;
}

/* A frame for the guest: to the backend's queue, or pushed in now. */
static void offer(struct fz *f, bool push)
{
	uint8_t shape = fz_u8(f);
	unsigned id = noffered;
	size_t len;
	bool ok;

	if (noffered == MAX_OFFERED || (!push && queued == MAX_OFFERED)) {
		return;
	}
	switch (shape & 3) {
	case 0:
		len = NET_ETH_HLEN + fz_below(f, 100);
		break;
	case 1:
		len = NET_FRAME_MAX - fz_below(f, 3);
		break;
	case 2:
		len = fz_below(f, NET_FRAME_MAX + 40); /* bad lengths too */
		break;
	default:
		len = NET_ETH_HLEN + fz_u16(f) % (NET_FRAME_MAX - NET_ETH_HLEN + 1);
		break;
	}
	if (!push) {
		/* The backend's frames fit its buffer, and a length of 0 would mean "none". */
		len = len == 0 ? 1 : len > NET_FRAME_MAX ? NET_FRAME_MAX : len;
	}
	pushed_frame[noffered] = push;
	offered_len[noffered++] = len;
	if (!push) {
		backend_ids[queued++] = id;
		return;
	}
	make(id, len);
	spin_lock(&net.transport.lock);
	ok = virtio_net_receive(&net, frame_buf, len);
	spin_unlock(&net.transport.lock);
	pushed++;
	FZ_CHECK(!ok || (len >= NET_ETH_HLEN && len <= NET_FRAME_MAX), "took %zu bytes", len);
}

/* Reads the stream of a transmit chain's buffers from RAM, as the device is about to. */
static void predict_tx(void)
{
	for (unsigned k = tx_frozen ? 1 : 0; k < tx.count; k++) {
		const struct rec *r = &tx.r[(tx.first + k) % MAX_CHAINS];
		size_t len = 0;
		uint8_t *e = expect[k];

		for (unsigned i = 0; i < r->n; i++) {
			size_t n = r->b[i].len;

			if (len + n > sizeof(expect[k])) {
				n = sizeof(expect[k]) - len;
			}
			memcpy(e + len, vdrv_host(&drv, r->b[i].gpa), n);
			len += n;
		}
		expect_len[k] = len;
		if (len < HDR + NET_ETH_HLEN) {
			fate[k] = TX_RUNT;
		} else if ((e[VIRTIO_NET_HDR_FLAGS] & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0 ||
			   e[VIRTIO_NET_HDR_GSO_TYPE] != VIRTIO_NET_HDR_GSO_NONE) {
			fate[k] =
				TX_OFFLOAD; /* looked at before the length: GSO could make it fit */
		} else if (len - HDR > NET_FRAME_MAX) {
			fate[k] = TX_OVERSIZE;
		} else if (!link_up) {
			fate[k] = TX_LINK_DOWN;
		} else {
			fate[k] = TX_SENT;
		}
	}
}

/* Checks the used transmit chains; returns how many there were. */
static unsigned check_tx(const struct virtio_net_stats *before)
{
	const struct virtio_net_stats *s = &net.stats;
	uint64_t counts[5] = { 0 };
	unsigned k = 0, sent_seen = 0;
	uint32_t id, len;

	while (vdrv_next_used_of(&drv, TX, &id, &len)) {
		const struct rec *r = &tx.r[tx.first];

		FZ_CHECK(tx.count > 0, "transmit chain %u used, none outstanding", id);
		FZ_CHECK(id == r->head && len == 0, "used {%u, %u}, expected {%u, 0}", id, len,
			 r->head);
		counts[fate[k]]++;
		if (fate[k] == TX_SENT) {
			size_t flen = expect_len[k] - HDR;

			FZ_CHECK(sent_seen < nsent && sent_len[sent_seen] == flen &&
					 memcmp(sent[sent_seen], expect[k] + HDR, flen) == 0,
				 "frame %u at the backend is not chain %u's", sent_seen, id);
			sent_seen++;
		}
		k++;
		tx.first = (tx.first + 1) % MAX_CHAINS;
		tx.count--;
	}
	FZ_CHECK(sent_seen == nsent, "%u frames sent, %u from used chains", nsent, sent_seen);
	FZ_CHECK(s->tx_frames - before->tx_frames == counts[TX_SENT] &&
			 s->tx_runt - before->tx_runt == counts[TX_RUNT] &&
			 s->tx_oversize - before->tx_oversize == counts[TX_OVERSIZE] &&
			 s->tx_offload - before->tx_offload == counts[TX_OFFLOAD] &&
			 s->tx_link_down - before->tx_link_down == counts[TX_LINK_DOWN],
		 "transmit counters differ from the used chains' fates");
	nsent = 0;
	return k;
}

/* Copies bytes [0, n) of chain r's buffers into out. */
static void chain_bytes(const struct rec *r, uint8_t *out, size_t n)
{
	size_t at = 0;

	for (unsigned i = 0; i < r->n && at < n; i++) {
		size_t k = r->b[i].len < n - at ? r->b[i].len : n - at;

		memcpy(out + at, vdrv_host(&drv, r->b[i].gpa), k);
		at += k;
	}
}

/* Each packet in the used ring: header, buffers, and a frame offered, in order. */
static void check_rx(void)
{
	static uint8_t stream[HDR + NET_FRAME_MAX + RX_BUF_MAX * MAX_BUFS];
	uint32_t id, len;

	while (vdrv_next_used_of(&drv, RX, &id, &len)) {
		const struct rec *r = &rx.r[rx.first];
		uint16_t nbuf;
		size_t at;
		unsigned fid;

		FZ_CHECK(rx.count > 0 && id == r->head, "receive chain %u used out of order", id);
		FZ_CHECK(len >= HDR && len <= r->cap, "used len %u of a %llu-byte chain", len,
			 (unsigned long long)r->cap);
		chain_bytes(r, stream, len);
		nbuf = (uint16_t)(stream[VIRTIO_NET_HDR_NUM_BUFFERS] |
				  stream[VIRTIO_NET_HDR_NUM_BUFFERS + 1] << 8);
		for (unsigned i = 0; i < HDR; i++) {
			FZ_CHECK(i >= VIRTIO_NET_HDR_NUM_BUFFERS || stream[i] == 0,
				 "header byte %u is %02x", i, stream[i]);
		}
		FZ_CHECK(nbuf >= 1 && (merge || nbuf == 1), "num_buffers %u", nbuf);
		at = len;
		rx.first = (rx.first + 1) % MAX_CHAINS;
		rx.count--;
		for (unsigned k = 1; k < nbuf; k++) {
			FZ_CHECK(len == r->cap, "buffer %u of a packet not full (%u of %llu)",
				 k - 1, len, (unsigned long long)r->cap);
			r = &rx.r[rx.first];
			FZ_CHECK(vdrv_next_used_of(&drv, RX, &id, &len),
				 "packet of %u buffers, %u used", nbuf, k);
			FZ_CHECK(rx.count > 0 && id == r->head && len > 0 && len <= r->cap,
				 "receive chain %u (len %u) out of order in a packet", id, len);
			FZ_CHECK(at + len <= sizeof(stream), "packet of %zu bytes", at + len);
			chain_bytes(r, stream + at, len);
			at += len;
			rx.first = (rx.first + 1) % MAX_CHAINS;
			rx.count--;
		}
		FZ_CHECK(at >= HDR + NET_ETH_HLEN && at <= HDR + NET_FRAME_MAX, "a %zu-byte packet",
			 at);
		fid = stream[HDR];
		FZ_CHECK(fid < noffered && (int)fid > last_delivered[pushed_frame[fid]],
			 "frame %u after %d", fid, last_delivered[pushed_frame[fid]]);
		FZ_CHECK(offered_len[fid] == at - HDR, "frame %u: %zu bytes, offered %zu", fid,
			 at - HDR, offered_len[fid]);
		make(fid, offered_len[fid]);
		FZ_CHECK(memcmp(stream + HDR, frame_buf, offered_len[fid]) == 0,
			 "frame %u arrived changed", fid);
		last_delivered[pushed_frame[fid]] = (int)fid;
		delivered_n++;
	}
}

/* Every frame the device took is delivered, held for buffers, or counted as dropped. */
static void check_conservation(void)
{
	const struct virtio_net_stats *s = &net.stats;
	uint64_t accounted = s->rx_frames + s->rx_no_buffers + s->rx_not_running + s->rx_link_down +
			     s->rx_bad_length + (net.rx_held != 0 ? 1 : 0);

	FZ_CHECK(accounted == (uint64_t)taken + pushed, "%llu frames accounted for, %u taken",
		 (unsigned long long)accounted, taken + pushed);
	FZ_CHECK(chaos || s->rx_frames == delivered_n, "%llu delivered, %llu counted",
		 (unsigned long long)delivered_n, (unsigned long long)s->rx_frames);
}

static void process(void)
{
	struct virtio_net_stats before = net.stats;
	unsigned used;
	bool full;

	if (!chaos) {
		predict_tx(); /* a chain outside RAM makes chaos: only real buffers are read */
	}
	spin_lock(&net.transport.lock);
	full = virtio_net_process(&net);
	spin_unlock(&net.transport.lock);
	if (chaos) {
		nsent = 0;
		return;
	}
	used = check_tx(&before);
	check_rx();
	check_conservation();
	/* A full backend: the device holds its copy of the next chain, whatever RAM says now. */
	tx_frozen = full && tx.count > 0;
	if (tx_frozen && used > 0) {
		memcpy(expect[0], expect[used], expect_len[used]);
		expect_len[0] = expect_len[used];
		fate[0] = fate[used];
	}
	if (!healthy()) {
		return;
	}
	FZ_CHECK(full == (backend_full && tx.count > 0), "process says full %d", full);
	FZ_CHECK(backend_full || tx.count == 0, "%u transmit chains left", tx.count);
}

static void corrupt(struct fz *f)
{
	unsigned q = fz_u8(f) & 1;
	uint16_t which = fz_u16(f), value = fz_u16(f);

	if (which & 1) {
		memcpy(vdrv_host(&drv, VDRV_AVAIL_OF(q) + 4 + 2u * ((which >> 1) % VDRV_QSIZE)),
		       &value, 2);
	} else {
		memcpy(vdrv_host(&drv, VDRV_DESC_OF(q) + 16u * ((which >> 1) % VDRV_QSIZE) + 12 +
					       (which & 2)),
		       &value, 2);
	}
	chaos = true;
}

static void set_link(bool up)
{
	link_up = up;
	spin_lock(&net.transport.lock);
	virtio_net_set_link(&net, up);
	spin_unlock(&net.transport.lock);
}

/* The end: plenty of large buffers, until the backend is drained. */
static void drain(void)
{
	for (unsigned round = 0; round < 64 && !chaos && healthy() && link_up; round++) {
		if (taken == queued && net.rx_held == 0) {
			return;
		}
		while (rx.count < MAX_CHAINS) {
			struct rec *r = &rx.r[(rx.first + rx.count) % MAX_CHAINS];

			if (rx_next + RX_BUF_MAX > RX_WINDOW) {
				rx_next = 0;
			}
			r->n = 1;
			r->b[0] = (struct vdrv_buf){ RX_BASE + rx_next, RX_BUF_MAX, true };
			r->cap = RX_BUF_MAX;
			rx_next += RX_BUF_MAX;
			r->head = vdrv_add_to(&drv, RX, r->b, 1);
			rx.count++;
		}
		backend_full = false;
		process();
	}
	FZ_CHECK(chaos || !healthy() || !link_up || (taken == queued && net.rx_held == 0),
		 "%u frames left at the backend, %zu held", queued - taken, net.rx_held);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t mac[NET_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 1 };
	struct fz f = fz_init(data, size);

	if (drv.ram == NULL) {
		vdrv_init(&drv);
	}
	memset(drv.ram, 0, RX_BASE + RX_WINDOW - VDRV_RAM_BASE);
	noffered = queued = taken = pushed = 0;
	last_delivered[0] = -1;
	last_delivered[1] = -1;
	nsent = 0;
	backend_full = false;
	link_up = true;
	backend = (struct net_backend){ &fb_ops, &backend };
	virtio_net_init(&net, &drv.mem, &backend, mac, vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &net.transport;
	handshake(fz_bool(&f) == false);
	for (unsigned step = 0; step < 128 && !fz_empty(&f); step++) {
		uint16_t at;
		size_t len;
		const uint8_t *bytes;

		switch (fz_u8(&f) % 12) {
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
		case 4:
			offer(&f, false);
			break;
		case 5:
			offer(&f, true);
			break;
		case 6:
			process();
			break;
		case 7: /* the guest rewrites transmit buffers between process calls */
			at = (uint16_t)fz_below(&f, TX_WINDOW);
			bytes = fz_bytes(&f, fz_u8(&f), &len);
			if (len > (size_t)(TX_WINDOW - at)) {
				len = TX_WINDOW - at;
			}
			memcpy(vdrv_host(&drv, TX_BASE + at), bytes, len);
			break;
		case 8:
			if (fz_below(&f, 4) == 0) {
				handshake(fz_bool(&f));
			}
			break;
		case 9:
			set_link(!link_up);
			break;
		case 10:
			backend_full = !backend_full;
			break;
		case 11:
			if (fz_below(&f, 8) == 0) {
				corrupt(&f);
			}
			break;
		}
	}
	process();
	if (!link_up) {
		set_link(true);
	}
	drain();
	return 0;
}
