/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the virtio network device, driven like a guest driver, on a fake backend. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/virtio_driver.h"
#include "tests/unit/net_packets.h"
#include "vmm/devices/virtio_net.h"

#define RX VIRTIO_NET_Q_RX0
#define TX VIRTIO_NET_Q_TX0
#define HDR VIRTIO_NET_HDR_SIZE
#define TXBUF (VDRV_DATA + 0x1000)  /* transmit buffers: header and frame */
#define RXBUF (VDRV_DATA + 0x40000) /* receive buffers, 0x1000 apart */
#define MAX_SENT 16
#define MAX_QUEUED 8
#define BIT(n) (1ull << (n))

static const uint8_t mac[NET_ETH_ALEN] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

/* The backend: records what the device sends, hands out the frames the test queues. */
struct fake_backend {
	int send_rc;
	unsigned full_at; /* not 0: full once it holds this many frames */
	unsigned nsent;
	size_t sent_len[MAX_SENT];
	uint8_t sent[MAX_SENT][NET_PACKET_MAX];
	struct net_offload sent_meta[MAX_SENT];
	unsigned queued, taken;
	size_t queued_len[MAX_QUEUED];
	struct net_offload queued_meta[MAX_QUEUED];
	uint8_t frames[MAX_QUEUED][NET_PACKET_MAX];
	bool link_down;        /* with link_ops: the backend's link state */
	unsigned link_queries; /* link_up calls */
};

static struct virtio_net net;
static struct vdrv drv;
static struct fake_backend fb;

static struct net_backend backend;

/* Only what the backend takes, checked, and frames within the MTU unless it is a GSO packet. */
static int fake_send(void *ctx, const void *frame, size_t len, const struct net_offload *o)
{
	struct fake_backend *b = ctx;
	struct net_offload again = *o;
	unsigned takes = backend.ops->offloads;

	assert_ptr_equal(ctx, &fb);
	assert_true(len >= NET_ETH_HLEN && (len <= NET_FRAME_MAX || o->gso_type != 0));
	assert_true(!o->needs_csum || (takes & NET_BACKEND_CSUM) != 0);
	assert_true(o->gso_type == 0 || (takes & NET_BACKEND_TSO) != 0);
	assert_true(net_offload_check(frame, len, &again));
	if (b->send_rc != 0) {
		return b->send_rc;
	}
	if (b->full_at != 0 && b->nsent == b->full_at) {
		return RVKVM_ENOSPC;
	}
	assert_true(b->nsent < MAX_SENT);
	memcpy(b->sent[b->nsent], frame, len);
	b->sent_meta[b->nsent] = *o;
	b->sent_len[b->nsent++] = len;
	return 0;
}

static size_t fake_receive(void *ctx, void *buf, size_t size, struct net_offload *o)
{
	struct fake_backend *b = ctx;
	size_t len;

	assert_true(size >= NET_PACKET_MAX);
	if (b->taken == b->queued) {
		return 0;
	}
	*o = b->queued_meta[b->taken];
	len = b->queued_len[b->taken];
	memcpy(buf, b->frames[b->taken++], len);
	return len;
}

static bool fake_link_up(void *ctx)
{
	struct fake_backend *b = ctx;

	assert_ptr_equal(ctx, &fb);
	b->link_queries++;
	return !b->link_down;
}

/* A backend without a link state (a switch port), and one with (a host NIC). */
static const struct net_backend_ops fake_ops = {
	.send = fake_send,
	.receive = fake_receive,
};
static const struct net_backend_ops link_ops = {
	.send = fake_send,
	.receive = fake_receive,
	.link_up = fake_link_up,
};
/* A backend that takes partial checksums and TSO packets as they are (a switch port). */
static const struct net_backend_ops offload_ops = {
	.offloads = NET_BACKEND_CSUM | NET_BACKEND_TSO,
	.send = fake_send,
	.receive = fake_receive,
};

/* A frame of len bytes: to dst from src, then a pattern seeded by seed. */
static void make_frame(uint8_t *f, size_t len, const uint8_t *dst, const uint8_t *src,
		       unsigned seed)
{
	memcpy(f + NET_ETH_DST, dst, NET_ETH_ALEN);
	memcpy(f + NET_ETH_SRC, src, NET_ETH_ALEN);
	for (size_t i = 12; i < len; i++) {
		f[i] = (uint8_t)(i * 13 + seed);
	}
}

static void queue_frame(size_t len, unsigned seed)
{
	static const uint8_t peer[NET_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 9 };

	assert_true(fb.queued < MAX_QUEUED);
	make_frame(fb.frames[fb.queued], len, mac, peer, seed);
	fb.queued_len[fb.queued++] = len;
}

/* The device on ops over fb, its link down at the start if link_down, and a driver running. */
static void start_on(const struct net_backend_ops *ops, bool link_down, uint64_t refuse)
{
	memset(&fb, 0, sizeof(fb));
	fb.link_down = link_down;
	backend = (struct net_backend){ ops, &fb };
	virtio_net_init(&net, &drv.mem, &backend, mac, vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &net.transport;
	vdrv_handshake_queues(&drv, refuse, VIRTIO_NET_NUM_QUEUES);
}

static void start(uint64_t refuse)
{
	start_on(&fake_ops, false, refuse);
}

static int setup(void **state)
{
	(void)state;
	vdrv_init(&drv);
	start(0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vdrv_free(&drv);
	return 0;
}

static bool process(void)
{
	bool full;

	spin_lock(&net.transport.lock);
	full = virtio_net_process(&net);
	spin_unlock(&net.transport.lock);
	return full;
}

static bool receive(const void *frame, size_t len)
{
	bool ok;

	spin_lock(&net.transport.lock);
	ok = virtio_net_receive(&net, frame, len);
	spin_unlock(&net.transport.lock);
	return ok;
}

static void set_link(bool up)
{
	spin_lock(&net.transport.lock);
	virtio_net_set_link(&net, up);
	spin_unlock(&net.transport.lock);
}

static uint64_t cfg(uint32_t off, unsigned width)
{
	uint64_t v = 0xdead;

	assert_true(virtio_mmio_device.read(&net.transport, VIRTIO_MMIO_CONFIG + off, width, &v));
	return v;
}

static bool needs_reset(void)
{
	return (vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0;
}

static void expect_used(unsigned q, uint16_t head, uint32_t len)
{
	uint32_t id, got;

	assert_true(vdrv_next_used_of(&drv, q, &id, &got));
	assert_int_equal(id, head);
	assert_int_equal(got, len);
}

static void expect_no_used(unsigned q)
{
	uint32_t id, len;

	assert_false(vdrv_next_used_of(&drv, q, &id, &len));
}

/*
 * A transmit chain: hdr and frame[0, len) laid out at TXBUF and cut into buffers of the given
 * lengths (the last takes the rest). hdr NULL: a zero header.
 */
static uint16_t send_chain(const uint8_t *hdr, const uint8_t *frame, size_t len,
			   const uint32_t *cuts, unsigned ncuts)
{
	struct vdrv_buf b[8];
	uint8_t *p = vdrv_host(&drv, TXBUF);
	uint32_t total = (uint32_t)(HDR + len), at = 0;
	unsigned n = 0;

	memset(p, 0, HDR);
	if (hdr != NULL) {
		memcpy(p, hdr, HDR);
	}
	memcpy(p + HDR, frame, len);
	/* Invariant: bytes [0, at) of the stream are in b[0, n). */
	for (unsigned i = 0; i < ncuts && at < total; i++) {
		uint32_t l = cuts[i] < total - at ? cuts[i] : total - at;

		b[n++] = (struct vdrv_buf){ TXBUF + at, l, false };
		at += l;
	}
	if (at < total) {
		b[n++] = (struct vdrv_buf){ TXBUF + at, total - at, false };
	}
	return vdrv_add_to(&drv, TX, b, n);
}

/* A receive chain of one writable buffer of len bytes, in slot i of RXBUF. */
static uint16_t post(unsigned i, uint32_t len)
{
	struct vdrv_buf b = { RXBUF + 0x1000ull * i, len, true };

	memset(vdrv_host(&drv, b.gpa), 0xee, len);
	return vdrv_add_to(&drv, RX, &b, 1);
}

static uint8_t *rxbuf(unsigned i)
{
	return vdrv_host(&drv, RXBUF + 0x1000ull * i);
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* ---- identity, features, configuration --------------------------------------------------- */

static void test_features(void **state)
{
	uint64_t f;
	/* The backend takes no offload: the guest gets none (GUEST_*), the device does them. */
	static const unsigned never[] = {
		VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS,
		VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6,
		VIRTIO_NET_F_GUEST_ECN,  VIRTIO_NET_F_GUEST_UFO,
		VIRTIO_NET_F_HOST_ECN,   VIRTIO_NET_F_HOST_UFO,
		VIRTIO_NET_F_CTRL_VQ,    VIRTIO_NET_F_MQ,
		VIRTIO_NET_F_GUEST_USO4, VIRTIO_NET_F_GUEST_USO6,
		VIRTIO_NET_F_HOST_USO,   VIRTIO_NET_F_HASH_REPORT,
	};

	(void)state;
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f |= (uint64_t)vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	assert_true(f & BIT(VIRTIO_F_VERSION_1));
	assert_true(f & BIT(VIRTIO_F_RING_INDIRECT_DESC));
	assert_true(f & BIT(VIRTIO_F_RING_EVENT_IDX));
	assert_true(f & BIT(VIRTIO_NET_F_MAC));
	assert_true(f & BIT(VIRTIO_NET_F_STATUS));
	assert_true(f & BIT(VIRTIO_NET_F_MRG_RXBUF));
	assert_true(f & BIT(VIRTIO_NET_F_MTU));
	assert_true(f & BIT(VIRTIO_NET_F_CSUM));
	assert_true(f & BIT(VIRTIO_NET_F_HOST_TSO4));
	assert_true(f & BIT(VIRTIO_NET_F_HOST_TSO6));
	for (unsigned i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		assert_false(f & BIT(never[i]));
	}
	/* Two queues, no controlq. */
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_QUEUE_NUM_MAX) > 0);
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	assert_int_equal(drv.wakes, 1); /* DRIVER_OK */
}

static uint64_t offered(void)
{
	uint64_t f;

	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f = vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	return f | (uint64_t)vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

/* A backend that hands over offloaded packets: the guest may take them intact. */
static void test_features_guest_offloads(void **state)
{
	uint64_t f;

	(void)state;
	start_on(&offload_ops, false, 0);
	f = offered();
	assert_true(f & BIT(VIRTIO_NET_F_GUEST_CSUM));
	assert_true(f & BIT(VIRTIO_NET_F_GUEST_TSO4));
	assert_true(f & BIT(VIRTIO_NET_F_GUEST_TSO6));
	assert_false(f & BIT(VIRTIO_NET_F_GUEST_ECN));
	assert_false(f & BIT(VIRTIO_NET_F_HOST_ECN));
	assert_true(f & BIT(VIRTIO_NET_F_CSUM));
}

/* A driver asking for an offload the device does not offer gets no FEATURES_OK. */
static void test_offload_refused(void **state)
{
	(void)state;
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vdrv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vdrv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES,
		(uint32_t)(BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_GUEST_CSUM)));
	vdrv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vdrv_wr(&drv, VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS,
		VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
	assert_false(vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

static void test_config(void **state)
{
	uint64_t v;

	(void)state;
	for (unsigned i = 0; i < NET_ETH_ALEN; i++) {
		assert_int_equal(cfg(VIRTIO_NET_CFG_MAC + i, 1), mac[i]);
	}
	assert_int_equal(cfg(VIRTIO_NET_CFG_MAC, 4), 0x33221102u);
	assert_int_equal(cfg(VIRTIO_NET_CFG_MAC + 4, 2), 0x5544);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	assert_int_equal(cfg(VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS, 2), 1);
	assert_int_equal(cfg(VIRTIO_NET_CFG_MTU, 2), 1500);
	/* Past the fields, and writes: 0 and ignored. */
	assert_int_equal(cfg(VIRTIO_NET_CFG_SIZE, 4), 0);
	assert_true(virtio_mmio_device.write(&net.transport, VIRTIO_MMIO_CONFIG, 1, 0xff));
	assert_true(virtio_mmio_device.write(&net.transport,
					     VIRTIO_MMIO_CONFIG + VIRTIO_NET_CFG_STATUS, 2, 0));
	assert_int_equal(cfg(VIRTIO_NET_CFG_MAC, 1), mac[0]);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	/* Misaligned: refused by the transport. */
	assert_false(virtio_mmio_device.read(&net.transport, VIRTIO_MMIO_CONFIG + 1, 2, &v));
}

/* Link down and up: status follows, each change a configuration interrupt and generation. */
static void test_link(void **state)
{
	uint32_t gen = vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION);
	uint8_t frame[64];

	(void)state;
	set_link(false);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(drv.irq_level, 1);
	vdrv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	set_link(false); /* no change, no interrupt */
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);

	/* While down: transmit chains are used but nothing is sent; nothing is received. */
	make_frame(frame, sizeof(frame), mac, mac, 1);
	expect_no_used(TX);
	send_chain(NULL, frame, sizeof(frame), NULL, 0);
	post(0, 2048);
	queue_frame(60, 2);
	assert_false(process());
	assert_int_equal(fb.nsent, 0);
	assert_int_equal(net.stats.tx_link_down, 1);
	assert_int_equal(net.stats.rx_link_down, 1); /* taken from the backend and dropped */
	assert_int_equal(fb.taken, 1);
	expect_no_used(RX);
	assert_false(receive(frame, sizeof(frame)));
	assert_int_equal(net.stats.rx_link_down, 2);

	set_link(true);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 2);
	assert_true(receive(frame, sizeof(frame)));
}

/*
 * A backend with a link state: each pass of the I/O thread makes the device's link the backend's,
 * with a configuration interrupt when it changed and none when it did not.
 */
static void test_link_follows_backend(void **state)
{
	uint32_t gen;
	uint8_t frame[64];

	(void)state;
	start_on(&link_ops, false, 0);
	gen = vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	/* Up and still up: a pass changes nothing. */
	assert_false(process());
	assert_true(fb.link_queries >= 2); /* at set-up, and by the pass */
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen);

	/* The backend's link goes down: the guest sees it at the next pass, not before. */
	fb.link_down = true;
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	queue_frame(60, 1);
	post(0, 2048);
	assert_false(process());
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(drv.irq_level, 1);
	/* That same pass already ran with the link down: the waiting frame was dropped. */
	assert_int_equal(fb.taken, 1);
	assert_int_equal(net.stats.rx_link_down, 1);
	expect_no_used(RX);
	vdrv_wr(&drv, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(drv.irq_level, 0);

	/* Still down: passes raise nothing. */
	assert_false(process());
	assert_false(process());
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	make_frame(frame, sizeof(frame), mac, mac, 2);
	send_chain(NULL, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 0);
	assert_int_equal(net.stats.tx_link_down, 1);

	/* Up again: status, one interrupt, and frames flow. */
	fb.link_down = false;
	queue_frame(70, 3);
	assert_false(process());
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 2);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	expect_used(RX, 0, HDR + 70);
	assert_int_equal(net.stats.rx_frames, 1);
	send_chain(NULL, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 1);
}

/* A backend whose link is down when the device is set up: the guest finds it down, no interrupt. */
static void test_link_initially_down(void **state)
{
	uint32_t gen;

	(void)state;
	start_on(&link_ops, true, 0);
	gen = vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION);
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), 0);
	assert_false(process());
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen);
	queue_frame(60, 1);
	post(0, 2048);
	assert_false(process());
	assert_int_equal(net.stats.rx_link_down, 1);
	expect_no_used(RX);
	/* Then up: the change is announced like any other. */
	fb.link_down = false;
	queue_frame(61, 2);
	assert_false(process());
	assert_int_equal(cfg(VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	expect_used(RX, 0, HDR + 61);
}

/* ---- transmit ---------------------------------------------------------------------------- */

/* Header and frame cut into buffers anywhere (the header too) reach the backend whole. */
static void test_tx(void **state)
{
	static const uint32_t cuts[] = { 5, 9, 1, 100 };
	uint8_t frame[300];
	uint16_t head;

	(void)state;
	make_frame(frame, sizeof(frame), mac, mac, 7);
	head = send_chain(NULL, frame, sizeof(frame), cuts, 4);
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_NOTIFY, TX);
	assert_int_equal(drv.wakes, 2);
	assert_false(process());
	assert_int_equal(fb.nsent, 1);
	assert_int_equal(fb.sent_len[0], sizeof(frame));
	assert_memory_equal(fb.sent[0], frame, sizeof(frame));
	expect_used(TX, head, 0);
	assert_int_equal(net.stats.tx_frames, 1);
	assert_int_equal(net.stats.tx_bytes, sizeof(frame));
	assert_true(drv.irq_raised >= 1);
	assert_false(process()); /* nothing twice */
	assert_int_equal(fb.nsent, 1);
}

/* Shorter than a header and an Ethernet header, or longer than 1514: dropped, counted, used. */
static void test_tx_runt_and_oversize(void **state)
{
	static uint8_t frame[NET_FRAME_MAX + 1];
	uint16_t h[5];

	(void)state;
	make_frame(frame, sizeof(frame), mac, mac, 3);
	h[0] = send_chain(NULL, frame, NET_ETH_HLEN - 1, NULL, 0);
	h[1] = send_chain(NULL, frame, 0, NULL, 0);
	h[2] = send_chain(NULL, frame, NET_FRAME_MAX + 1, NULL, 0);
	h[3] = send_chain(NULL, frame, NET_ETH_HLEN, NULL, 0);
	h[4] = send_chain(NULL, frame, NET_FRAME_MAX, NULL, 0);
	assert_false(process());
	for (unsigned i = 0; i < 5; i++) {
		expect_used(TX, h[i], 0);
	}
	assert_int_equal(net.stats.tx_runt, 2);
	assert_int_equal(net.stats.tx_oversize, 1);
	assert_int_equal(fb.nsent, 2);
	assert_int_equal(fb.sent_len[0], NET_ETH_HLEN);
	assert_int_equal(fb.sent_len[1], NET_FRAME_MAX);
	assert_memory_equal(fb.sent[1], frame, NET_FRAME_MAX);
	assert_false(needs_reset());
}

/* A header asking for checksum or segmentation not negotiated: dropped. Other flags: ignored. */
static void test_tx_offload_dropped(void **state)
{
	uint8_t hdr[HDR], frame[100];

	(void)state;
	start(BIT(VIRTIO_NET_F_CSUM) | BIT(VIRTIO_NET_F_HOST_TSO4) | BIT(VIRTIO_NET_F_HOST_TSO6));
	make_frame(frame, sizeof(frame), mac, mac, 5);
	memset(hdr, 0, sizeof(hdr));
	hdr[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	hdr[VIRTIO_NET_HDR_CSUM_START] = 34;
	send_chain(hdr, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	memset(hdr, 0, sizeof(hdr));
	hdr[VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_TCPV4;
	send_chain(hdr, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	hdr[VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_ECN;
	send_chain(hdr, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	assert_int_equal(net.stats.tx_offload, 3);
	assert_int_equal(fb.nsent, 0);
	/* DATA_VALID means nothing on transmit; num_buffers and hdr_len are not the device's. */
	memset(hdr, 0, sizeof(hdr));
	hdr[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_DATA_VALID;
	hdr[VIRTIO_NET_HDR_NUM_BUFFERS] = 3;
	hdr[VIRTIO_NET_HDR_HDR_LEN] = 54;
	send_chain(hdr, frame, sizeof(frame), NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 1);
	assert_int_equal(vdrv_used_idx_of(&drv, TX), 4);
}

static void test_tx_writable_needs_reset(void **state)
{
	struct vdrv_buf b[2] = { { TXBUF, 100, false }, { TXBUF + 0x200, 16, true } };

	(void)state;
	vdrv_add_to(&drv, TX, b, 2);
	assert_false(process());
	assert_true(needs_reset());
	assert_int_equal(fb.nsent, 0);
	expect_no_used(TX);
}

/* A full backend: the chain stays in the ring until the device is called again. */
static void test_tx_backend_full(void **state)
{
	uint8_t frame[64];
	uint16_t head;

	(void)state;
	make_frame(frame, sizeof(frame), mac, mac, 9);
	head = send_chain(NULL, frame, sizeof(frame), NULL, 0);
	fb.send_rc = RVKVM_ENOSPC;
	assert_true(process());
	expect_no_used(TX);
	fb.send_rc = 0;
	assert_false(process());
	expect_used(TX, head, 0);
	assert_int_equal(fb.nsent, 1);
	assert_memory_equal(fb.sent[0], frame, sizeof(frame));
}

/* ---- transmit offloads ------------------------------------------------------------------- */

static const uint8_t peer_mac[NET_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 9 };
static uint8_t pkt[NET_PACKET_MAX];

/* A header asking for a partial checksum (start, offset) and, gso_type not 0, segmentation. */
static void offload_hdr(uint8_t *hdr, uint8_t gso_type, unsigned mss, unsigned hdr_len,
			unsigned start, unsigned offset)
{
	memset(hdr, 0, HDR);
	hdr[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	hdr[VIRTIO_NET_HDR_GSO_TYPE] = gso_type;
	hdr[VIRTIO_NET_HDR_HDR_LEN] = (uint8_t)hdr_len;
	hdr[VIRTIO_NET_HDR_HDR_LEN + 1] = (uint8_t)(hdr_len >> 8);
	hdr[VIRTIO_NET_HDR_GSO_SIZE] = (uint8_t)mss;
	hdr[VIRTIO_NET_HDR_GSO_SIZE + 1] = (uint8_t)(mss >> 8);
	hdr[VIRTIO_NET_HDR_CSUM_START] = (uint8_t)start;
	hdr[VIRTIO_NET_HDR_CSUM_START + 1] = (uint8_t)(start >> 8);
	hdr[VIRTIO_NET_HDR_CSUM_OFFSET] = (uint8_t)offset;
	hdr[VIRTIO_NET_HDR_CSUM_OFFSET + 1] = (uint8_t)(offset >> 8);
}

/* A partial checksum, to a backend that takes none: completed by the device. */
static void test_tx_csum_completed(void **state)
{
	uint8_t hdr[HDR];
	size_t len = netpkt_tcp4(pkt, peer_mac, mac, 5, 500, 0x18);

	(void)state;
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 34, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 1);
	assert_int_equal(fb.sent_len[0], len);
	assert_false(net_offload_any(&fb.sent_meta[0]));
	assert_true(netpkt_l4_csum_ok(fb.sent[0], len, 34, true, 6));
	assert_false(netpkt_l4_csum_ok(pkt, len, 34, true, 6)); /* the guest's was partial */
	assert_memory_equal(fb.sent[0], pkt, 34 + 16);
	assert_memory_equal(fb.sent[0] + 34 + 18, pkt + 34 + 18, len - 34 - 18);
	assert_int_equal(net.stats.tx_csum_done, 1);
	expect_used(TX, 0, 0);
}

/* To a backend that takes them: the packet as it is, with what it asks. */
static void test_tx_offloads_passed(void **state)
{
	uint8_t hdr[HDR];
	size_t len = netpkt_tcp6(pkt, peer_mac, mac, 5000, 0x18);

	(void)state;
	start_on(&offload_ops, false, 0);
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV6, 1440, 9999, 54, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 1);
	assert_int_equal(fb.sent_len[0], len);
	assert_memory_equal(fb.sent[0], pkt, len);
	assert_true(fb.sent_meta[0].needs_csum);
	assert_int_equal(fb.sent_meta[0].gso_type, VIRTIO_NET_HDR_GSO_TCPV6);
	assert_int_equal(fb.sent_meta[0].gso_size, 1440);
	assert_int_equal(fb.sent_meta[0].hdr_len, 74); /* measured: the guest's 9999 is a hint */
	assert_int_equal(fb.sent_meta[0].csum_start, 54);
	assert_int_equal(net.stats.tx_segmented + net.stats.tx_csum_done, 0);
	assert_int_equal(net.stats.tx_gso, 1);
}

/* A TSO packet to a backend that takes none: cut into frames, each whole and checksummed. */
static void test_tx_tso_segmented(void **state)
{
	uint8_t hdr[HDR];
	size_t len = netpkt_tcp4(pkt, peer_mac, mac, 5, 3000, 0x19), total = 0;

	(void)state;
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV4, 1448, 0, 34, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(fb.nsent, 3);
	for (unsigned i = 0; i < 3; i++) {
		size_t n = fb.sent_len[i] - 54;

		assert_false(net_offload_any(&fb.sent_meta[i]));
		assert_true(netpkt_ip4_csum_ok(fb.sent[i]));
		assert_true(netpkt_l4_csum_ok(fb.sent[i], fb.sent_len[i], 34, true, 6));
		assert_memory_equal(fb.sent[i] + 54, pkt + 54 + total, n);
		assert_int_equal(netpkt_be32(fb.sent[i] + 38), 0xfffff000u + (uint32_t)total);
		assert_int_equal(fb.sent[i][47], i == 2 ? 0x19 : 0x10); /* FIN, PSH: last only */
		total += n;
	}
	assert_int_equal(total, 3000);
	assert_int_equal(fb.sent_len[0], 54 + 1448);
	assert_int_equal(net.stats.tx_segmented, 1);
	assert_int_equal(net.stats.tx_frames, 3);
	expect_used(TX, 0, 0);
}

/* The backend fills midway through the frames: the rest go later, none twice. */
static void test_tx_tso_backend_full_midway(void **state)
{
	uint8_t hdr[HDR];
	size_t len = netpkt_tcp4(pkt, peer_mac, mac, 5, 4000, 0x10);

	(void)state;
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV4, 1000, 54, 34, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	fb.full_at = 1;
	assert_true(process());
	assert_int_equal(fb.nsent, 1);
	expect_no_used(TX);
	/* The guest's buffer changes meanwhile: what was taken is what goes. */
	memset(vdrv_host(&drv, TXBUF), 0x77, HDR + len);
	fb.full_at = 0;
	assert_false(process());
	assert_int_equal(fb.nsent, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_memory_equal(fb.sent[i] + 54, pkt + 54 + 1000 * i, 1000);
		assert_int_equal(netpkt_be16(fb.sent[i] + 18), (0xfffe + i) & 0xffff); /* IPv4 id */
	}
	expect_used(TX, 0, 0);
	expect_no_used(TX);
	assert_int_equal(net.stats.tx_segmented, 1);
}

/* Fields that do not fit the packet: dropped, counted, the chain given back. */
static void test_tx_malformed_dropped(void **state)
{
	uint8_t hdr[HDR];
	size_t len = netpkt_tcp4(pkt, peer_mac, mac, 5, 3000, 0x10);

	(void)state;
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 1500, 16); /* csum_start past the end */
	send_chain(hdr, pkt, 1400, NULL, 0);
	assert_false(process());
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 34, 1400 - 34 - 1); /* field cut */
	send_chain(hdr, pkt, 1400, NULL, 0);
	assert_false(process());
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV4, 0, 54, 34, 16); /* gso_size 0 */
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV4, 1448, 54, 34, 16);
	send_chain(hdr, pkt, len - 1, NULL, 0); /* IPv4 total length says otherwise */
	assert_false(process());
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV6, 1448, 54, 34, 16); /* an IPv4 packet */
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(net.stats.tx_malformed, 5);
	/* The ECN bit without HOST_ECN, a UDP GSO: not negotiable, so not negotiated. */
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN, 1448, 54, 34, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	offload_hdr(hdr, VIRTIO_NET_HDR_GSO_UDP, 1448, 54, 34, 16);
	send_chain(hdr, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(net.stats.tx_offload, 2);
	/* Beyond 1514 bytes without GSO: oversize. */
	send_chain(NULL, pkt, len, NULL, 0);
	assert_false(process());
	assert_int_equal(net.stats.tx_oversize, 1);
	assert_int_equal(fb.nsent, 0);
	assert_int_equal(vdrv_used_idx_of(&drv, TX), 8);
	assert_false(needs_reset());
}

/* ---- receive ----------------------------------------------------------------------------- */

/* With MRG_RXBUF a frame fills small buffers in turn; num_buffers counts them. */
static void test_rx_merged(void **state)
{
	uint16_t h[5];
	const uint8_t *want;

	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		h[i] = post(i, 400);
	}
	queue_frame(NET_FRAME_MAX, 1);
	want = fb.frames[0];
	assert_false(process());
	/* 12 + 1514 = 1526 bytes: 400, 400, 400, 326. */
	expect_used(RX, h[0], 400);
	expect_used(RX, h[1], 400);
	expect_used(RX, h[2], 400);
	expect_used(RX, h[3], 326);
	expect_no_used(RX);
	assert_int_equal(rxbuf(0)[VIRTIO_NET_HDR_FLAGS], 0);
	assert_int_equal(rxbuf(0)[VIRTIO_NET_HDR_GSO_TYPE], VIRTIO_NET_HDR_GSO_NONE);
	assert_int_equal(le16(rxbuf(0) + VIRTIO_NET_HDR_NUM_BUFFERS), 4);
	assert_memory_equal(rxbuf(0) + HDR, want, 400 - HDR);
	assert_memory_equal(rxbuf(1), want + 388, 400);
	assert_memory_equal(rxbuf(2), want + 788, 400);
	assert_memory_equal(rxbuf(3), want + 1188, 326);
	assert_int_equal(rxbuf(3)[326], 0xee); /* nothing past the frame */
	assert_int_equal(net.stats.rx_frames, 1);
	assert_int_equal(net.stats.rx_bytes, NET_FRAME_MAX);
	assert_true(drv.irq_raised >= 1);

	/* The next frame starts in the fifth buffer, a header of its own. */
	queue_frame(60, 2);
	assert_false(process());
	expect_used(RX, h[4], HDR + 60);
	assert_int_equal(le16(rxbuf(4) + VIRTIO_NET_HDR_NUM_BUFFERS), 1);
	assert_memory_equal(rxbuf(4) + HDR, fb.frames[1], 60);
}

/* A receive chain of several buffers, the header split across two of them. */
static void test_rx_multi_buffer_chain(void **state)
{
	struct vdrv_buf b[3] = { { RXBUF, 5, true },
				 { RXBUF + 0x100, 20, true },
				 { RXBUF + 0x1000, 2000, true } };
	uint16_t head;
	uint8_t *p = vdrv_host(&drv, RXBUF);

	(void)state;
	head = vdrv_add_to(&drv, RX, b, 3);
	queue_frame(100, 4);
	assert_false(process());
	expect_used(RX, head, HDR + 100);
	assert_int_equal(p[0], 0);
	assert_int_equal(le16(vdrv_host(&drv, RXBUF + 0x100) + 5), 1); /* num_buffers at 10 */
	assert_memory_equal(vdrv_host(&drv, RXBUF + 0x100 + 7), fb.frames[0], 13);
	assert_memory_equal(vdrv_host(&drv, RXBUF + 0x1000), fb.frames[0] + 13, 87);
}

/* Without MRG_RXBUF: one chain per frame, num_buffers 1; a chain too small drops the frame. */
static void test_rx_without_merge(void **state)
{
	uint8_t frame[NET_FRAME_MAX];
	uint16_t big;

	(void)state;
	start(BIT(VIRTIO_NET_F_MRG_RXBUF));
	post(0, 100);
	make_frame(frame, sizeof(frame), mac, mac, 8);
	assert_false(receive(frame, sizeof(frame)));
	assert_int_equal(net.stats.rx_no_buffers, 1);
	expect_no_used(RX);
	assert_true(receive(frame, 100 - HDR)); /* a small one fits */
	expect_used(RX, 0, 100);
	big = post(1, HDR + NET_FRAME_MAX);
	assert_true(receive(frame, sizeof(frame)));
	expect_used(RX, big, HDR + NET_FRAME_MAX);
	assert_int_equal(le16(rxbuf(1) + VIRTIO_NET_HDR_NUM_BUFFERS), 1);
	assert_memory_equal(rxbuf(1) + HDR, frame, sizeof(frame));
}

/* Pushed with no buffer posted: dropped and counted, nothing used. */
static void test_rx_no_buffers_drops(void **state)
{
	uint8_t frame[60];

	(void)state;
	make_frame(frame, sizeof(frame), mac, mac, 1);
	assert_false(receive(frame, sizeof(frame)));
	assert_int_equal(net.stats.rx_no_buffers, 1);
	assert_int_equal(net.stats.rx_frames, 0);
	expect_no_used(RX);
	/* Too few: the chains taken go back unused, and the next frame gets the first of them. */
	post(0, 100);
	post(1, 100);
	{
		static uint8_t big[NET_FRAME_MAX];

		make_frame(big, sizeof(big), mac, mac, 2);
		assert_false(receive(big, sizeof(big)));
	}
	assert_int_equal(net.stats.rx_no_buffers, 2);
	expect_no_used(RX);
	assert_true(receive(frame, sizeof(frame)));
	expect_used(RX, 0, HDR + sizeof(frame));
	assert_memory_equal(rxbuf(0) + HDR, frame, sizeof(frame));
	/* Bad lengths from a backend, and a stopped device. */
	assert_false(receive(frame, NET_ETH_HLEN - 1));
	assert_int_equal(net.stats.rx_bad_length, 1);
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_false(receive(frame, sizeof(frame)));
	assert_int_equal(net.stats.rx_not_running, 1);
}

/* Pulled frames wait at the backend while the guest has no buffers, and come in order after. */
static void test_rx_pull_waits_for_buffers(void **state)
{
	uint8_t *rx_used_flags = vdrv_host(&drv, VDRV_USED_OF(RX));
	uint16_t h0, h1, h2;

	(void)state;
	queue_frame(60, 1);
	queue_frame(70, 2);
	queue_frame(NET_FRAME_MAX, 3);
	*rx_used_flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_false(process());
	assert_int_equal(fb.taken, 0);
	assert_int_equal(*rx_used_flags, 0); /* asked to notify */
	h0 = post(0, 200);
	assert_false(process());
	expect_used(RX, h0, HDR + 60);
	assert_int_equal(fb.taken, 1);
	/* One 200-byte buffer: the second frame fits, the third is held midway. */
	h1 = post(1, 200);
	post(2, 200);
	assert_false(process());
	expect_used(RX, h1, HDR + 70);
	assert_int_equal(fb.taken, 3);
	expect_no_used(RX);
	assert_int_equal(net.stats.rx_no_buffers, 0);
	for (unsigned i = 3; i < 10; i++) {
		post(i, 200);
	}
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_NOTIFY, RX);
	assert_false(process());
	h2 = 2;
	expect_used(RX, h2, 200);
	assert_int_equal(le16(rxbuf(2) + VIRTIO_NET_HDR_NUM_BUFFERS), 8); /* 1526 / 200 */
	assert_memory_equal(rxbuf(2) + HDR, fb.frames[2], 200 - HDR);
	assert_memory_equal(rxbuf(9), fb.frames[2] + 188 + 6 * 200, 126);
	assert_int_equal(net.stats.rx_frames, 3);
}

static void test_rx_readable_needs_reset(void **state)
{
	struct vdrv_buf b[2] = { { RXBUF, 16, false }, { RXBUF + 0x100, 2000, true } };
	uint8_t frame[60];

	(void)state;
	vdrv_add_to(&drv, RX, b, 2);
	make_frame(frame, sizeof(frame), mac, mac, 1);
	assert_false(receive(frame, sizeof(frame)));
	assert_true(needs_reset());
	expect_no_used(RX);
}

/* With MRG_RXBUF every buffer MUST hold a header (section 5.1.6.3.1). */
static void test_rx_short_buffer_needs_reset(void **state)
{
	uint8_t frame[60];

	(void)state;
	post(0, HDR - 1);
	make_frame(frame, sizeof(frame), mac, mac, 1);
	assert_false(receive(frame, sizeof(frame)));
	assert_true(needs_reset());
	expect_no_used(RX);
}

/* A frame held for buffers belonged to the old driver: a reset drops it. */
static void test_reset_drops_held_frame(void **state)
{
	(void)state;
	post(0, 100);
	queue_frame(NET_FRAME_MAX, 1);
	assert_false(process());
	assert_int_equal(fb.taken, 1);
	assert_int_equal(net.rx_held, NET_FRAME_MAX);
	vdrv_handshake_queues(&drv, 0, VIRTIO_NET_NUM_QUEUES);
	assert_int_equal(net.rx_held, 0);
	assert_int_equal(net.stats.rx_not_running, 1);
	post(0, 2048);
	assert_false(process());
	expect_no_used(RX);
}

/* ---- receive offloads -------------------------------------------------------------------- */

/* A packet from the backend asking what o asks. */
static void queue_packet(const uint8_t *p, size_t len, struct net_offload o)
{
	assert_true(fb.queued < MAX_QUEUED);
	memcpy(fb.frames[fb.queued], p, len);
	fb.queued_meta[fb.queued] = o;
	fb.queued_len[fb.queued++] = len;
}

static const struct net_offload tso4 = { .needs_csum = true,
					 .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
					 .hdr_len = 54,
					 .gso_size = 1448,
					 .csum_start = 34,
					 .csum_offset = 16 };

/* The driver took GUEST_TSO4: the packet goes in intact, its header saying what it asks. */
static void test_rx_tso_intact(void **state)
{
	size_t len = netpkt_tcp4(pkt, mac, peer_mac, 5, 5000, 0x10);
	uint8_t *h = rxbuf(0);

	(void)state;
	start_on(&offload_ops, false, 0);
	for (unsigned i = 0; i < 3; i++) {
		post(i, 0x1000);
	}
	queue_packet(pkt, len, tso4);
	assert_false(process());
	assert_int_equal(h[VIRTIO_NET_HDR_FLAGS], VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(h[VIRTIO_NET_HDR_GSO_TYPE], VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_HDR_LEN), 54);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_GSO_SIZE), 1448);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_CSUM_START), 34);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_CSUM_OFFSET), 16);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_NUM_BUFFERS), 2);
	assert_memory_equal(h + HDR, pkt, 0x1000 - HDR);
	assert_memory_equal(rxbuf(1), pkt + 0x1000 - HDR, len - (0x1000 - HDR));
	expect_used(RX, 0, 0x1000);
	expect_used(RX, 1, (uint32_t)(len + HDR - 0x1000));
	assert_int_equal(net.stats.rx_frames, 1);
	assert_int_equal(net.stats.rx_segmented, 0);
	assert_int_equal(net.stats.rx_gso, 1);
}

/* Without GUEST_TSO4 the packet is cut for the guest; frames wait for buffers like any. */
static void test_rx_tso_segmented(void **state)
{
	size_t len = netpkt_tcp4(pkt, mac, peer_mac, 5, 3000, 0x18), total = 0;

	(void)state;
	start_on(&offload_ops, false, BIT(VIRTIO_NET_F_GUEST_TSO4));
	post(0, 2048);
	queue_packet(pkt, len, tso4);
	assert_false(process());
	expect_used(RX, 0, HDR + 54 + 1448);
	expect_no_used(RX);
	post(1, 2048);
	post(2, 2048);
	assert_false(process());
	expect_used(RX, 1, HDR + 54 + 1448);
	expect_used(RX, 2, HDR + 54 + 104);
	for (unsigned i = 0; i < 3; i++) {
		uint8_t *h = rxbuf(i), *f = h + HDR;
		size_t n = i < 2 ? 1448 : 104;

		assert_int_equal(h[VIRTIO_NET_HDR_FLAGS], 0);
		assert_int_equal(h[VIRTIO_NET_HDR_GSO_TYPE], VIRTIO_NET_HDR_GSO_NONE);
		assert_true(netpkt_ip4_csum_ok(f));
		assert_true(netpkt_l4_csum_ok(f, 54 + n, 34, true, 6));
		assert_memory_equal(f + 54, pkt + 54 + total, n);
		assert_int_equal(f[47], i == 2 ? 0x18 : 0x10);
		total += n;
	}
	assert_int_equal(net.stats.rx_segmented, 1);
	assert_int_equal(net.stats.rx_frames, 3);
	assert_int_equal(net.stats.rx_no_buffers, 0);
}

/* A partial checksum: intact with GUEST_CSUM, completed without. */
static void test_rx_csum(void **state)
{
	size_t len = netpkt_tcp4(pkt, mac, peer_mac, 5, 700, 0x18);
	struct net_offload o = { .needs_csum = true, .csum_start = 34, .csum_offset = 16 };
	uint8_t *h = rxbuf(0);

	(void)state;
	start_on(&offload_ops, false, 0);
	post(0, 2048);
	queue_packet(pkt, len, o);
	assert_false(process());
	assert_int_equal(h[VIRTIO_NET_HDR_FLAGS], VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(le16(h + VIRTIO_NET_HDR_CSUM_START), 34);
	assert_memory_equal(h + HDR, pkt, len);
	start_on(&offload_ops, false,
		 BIT(VIRTIO_NET_F_GUEST_CSUM) | BIT(VIRTIO_NET_F_GUEST_TSO4) |
			 BIT(VIRTIO_NET_F_GUEST_TSO6));
	post(0, 2048);
	queue_packet(pkt, len, o);
	assert_false(process());
	assert_int_equal(h[VIRTIO_NET_HDR_FLAGS], 0);
	assert_true(netpkt_l4_csum_ok(h + HDR, len, 34, true, 6));
	assert_int_equal(net.stats.rx_csum_done, 1);
}

/* What a backend hands over is checked again: a lie is dropped and counted. */
static void test_rx_bad_offload_dropped(void **state)
{
	size_t len = netpkt_tcp4(pkt, mac, peer_mac, 5, 700, 0x18);
	struct net_offload o = tso4;

	(void)state;
	start_on(&offload_ops, false, 0);
	post(0, 2048);
	o.gso_size = 0;
	queue_packet(pkt, len, o);
	o = tso4;
	o.csum_start = 2000;
	o.gso_type = 0;
	queue_packet(pkt, len, o);
	assert_false(process());
	expect_no_used(RX);
	assert_int_equal(net.stats.rx_bad_length, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_features),
		T(test_features_guest_offloads),
		T(test_offload_refused),
		T(test_config),
		T(test_link),
		T(test_link_follows_backend),
		T(test_link_initially_down),
		T(test_tx),
		T(test_tx_runt_and_oversize),
		T(test_tx_offload_dropped),
		T(test_tx_writable_needs_reset),
		T(test_tx_backend_full),
		T(test_tx_csum_completed),
		T(test_tx_offloads_passed),
		T(test_tx_tso_segmented),
		T(test_tx_tso_backend_full_midway),
		T(test_tx_malformed_dropped),
		T(test_rx_merged),
		T(test_rx_multi_buffer_chain),
		T(test_rx_without_merge),
		T(test_rx_no_buffers_drops),
		T(test_rx_pull_waits_for_buffers),
		T(test_rx_readable_needs_reset),
		T(test_rx_short_buffer_needs_reset),
		T(test_reset_drops_held_frame),
		T(test_rx_tso_intact),
		T(test_rx_tso_segmented),
		T(test_rx_csum),
		T(test_rx_bad_offload_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
