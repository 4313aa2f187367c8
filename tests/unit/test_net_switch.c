/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the virtual switch (who gets which frame, what is dropped), of the MAC
 * addresses the VMM gives NICs, and of two virtio-net devices talking through a switch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/net_packets.h"
#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_net.h"
#include "vmm/net_mac.h"
#include "vmm/net_switch.h"

#define NPORTS 3
#define A 0
#define B 1
#define C 2

static const uint8_t macs[NPORTS][NET_ETH_ALEN] = { { 0x02, 0, 0, 0, 0, 0xa },
						    { 0x02, 0, 0, 0, 0, 0xb },
						    { 0x02, 0, 0, 0, 0, 0xc } };
static const uint8_t bcast[NET_ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mcast[NET_ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
static const uint8_t nobody[NET_ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xd };

static const struct net_offload none;
static struct net_switch sw;
static struct net_switch_port port[NPORTS];
static unsigned wakes[NPORTS];

static void wake(void *opaque)
{
	unsigned *w = opaque;

	(*w)++;
}

static int setup(void **state)
{
	(void)state;
	net_switch_init(&sw, "lan");
	memset(port, 0, sizeof(port));
	memset(wakes, 0, sizeof(wakes));
	for (unsigned i = 0; i < NPORTS; i++) {
		assert_int_equal(net_switch_attach(&sw, &port[i], macs[i], wake, &wakes[i]), 0);
	}
	return 0;
}

/* A frame of len bytes to dst from src, its payload marked with tag. */
static size_t frame(uint8_t *f, size_t len, const uint8_t *dst, const uint8_t *src, uint8_t tag)
{
	memcpy(f + NET_ETH_DST, dst, NET_ETH_ALEN);
	memcpy(f + NET_ETH_SRC, src, NET_ETH_ALEN);
	memset(f + 12, tag, len - 12);
	return len;
}

static void send_from(unsigned from, const uint8_t *dst, const uint8_t *src, uint8_t tag)
{
	uint8_t f[100];

	assert_int_equal(net_switch_send(&port[from], f, frame(f, sizeof(f), dst, src, tag), &none),
			 0);
}

/* The next frame queued for port i has tag, from src; or, tag 0, nothing is queued. */
static void expect_frame(unsigned i, const uint8_t *src, uint8_t tag)
{
	static uint8_t buf[NET_PACKET_MAX];
	struct net_offload o = { .needs_csum = true };
	size_t len = net_switch_receive(&port[i], buf, sizeof(buf), &o);

	if (tag == 0) {
		assert_int_equal(len, 0);
		return;
	}
	assert_int_equal(len, 100);
	assert_false(net_offload_any(&o));
	assert_memory_equal(buf + NET_ETH_SRC, src, NET_ETH_ALEN);
	assert_int_equal(buf[99], tag);
}

static void test_unicast_to_owner_only(void **state)
{
	struct net_switch_stats s;

	(void)state;
	send_from(A, macs[B], macs[A], 1);
	assert_int_equal(wakes[B], 1);
	assert_int_equal(wakes[A] + wakes[C], 0);
	expect_frame(B, macs[A], 1);
	expect_frame(B, NULL, 0);
	expect_frame(A, NULL, 0);
	expect_frame(C, NULL, 0);
	s = net_switch_port_stats(&port[A]);
	assert_int_equal(s.tx_frames, 1);
	s = net_switch_port_stats(&port[B]);
	assert_int_equal(s.rx_frames, 1);
}

/* Broadcast and multicast: every port but the sender. */
static void test_group_to_all_others(void **state)
{
	(void)state;
	send_from(B, bcast, macs[B], 2);
	send_from(B, mcast, macs[B], 3);
	expect_frame(A, macs[B], 2);
	expect_frame(A, macs[B], 3);
	expect_frame(C, macs[B], 2);
	expect_frame(C, macs[B], 3);
	expect_frame(B, NULL, 0);
	assert_int_equal(wakes[A], 1); /* once: the queue was empty only for the first */
	assert_int_equal(wakes[C], 1);
	assert_int_equal(wakes[B], 0);
	assert_int_equal(net_switch_port_stats(&port[B]).tx_frames, 2);
}

/* A port cannot send with another port's source address, or one nobody has. */
static void test_spoofed_dropped(void **state)
{
	(void)state;
	send_from(A, macs[B], macs[C], 4);
	send_from(A, bcast, macs[B], 5);
	send_from(A, macs[C], nobody, 6);
	for (unsigned i = 0; i < NPORTS; i++) {
		expect_frame(i, NULL, 0);
		assert_int_equal(wakes[i], 0);
	}
	assert_int_equal(net_switch_port_stats(&port[A]).tx_spoofed, 3);
	assert_int_equal(net_switch_port_stats(&port[A]).tx_frames, 0);
}

/* Unicast to an address no other port has (its own included) goes nowhere: no flooding. */
static void test_unknown_unicast_dropped(void **state)
{
	(void)state;
	send_from(A, nobody, macs[A], 7);
	send_from(A, macs[A], macs[A], 8);
	for (unsigned i = 0; i < NPORTS; i++) {
		expect_frame(i, NULL, 0);
	}
	assert_int_equal(net_switch_port_stats(&port[A]).tx_unknown, 2);
}

/* A third port never sees unicast between two others, whichever way it goes. */
static void test_third_port_sees_nothing(void **state)
{
	(void)state;
	for (uint8_t t = 1; t <= 10; t++) {
		send_from(A, macs[B], macs[A], t);
		send_from(B, macs[A], macs[B], (uint8_t)(t + 100));
	}
	for (uint8_t t = 1; t <= 10; t++) {
		expect_frame(B, macs[A], t);
		expect_frame(A, macs[B], (uint8_t)(t + 100));
	}
	expect_frame(C, NULL, 0);
	assert_int_equal(wakes[C], 0);
	assert_int_equal(net_switch_port_stats(&port[C]).rx_frames, 0);
}

/* A guest that takes nothing fills its queue; later frames for it are dropped, never waited for. */
static void test_full_queue_drops(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NET_SWITCH_QUEUE + 8; i++) {
		send_from(A, macs[B], macs[A], (uint8_t)(i + 1));
	}
	assert_int_equal(net_switch_port_stats(&port[B]).rx_frames, NET_SWITCH_QUEUE);
	assert_int_equal(net_switch_port_stats(&port[B]).rx_full, 8);
	assert_int_equal(net_switch_port_stats(&port[A]).tx_frames, NET_SWITCH_QUEUE + 8);
	assert_int_equal(wakes[B], 1);
	/* C is not held up by B. */
	send_from(A, macs[C], macs[A], 99);
	expect_frame(C, macs[A], 99);
	for (unsigned i = 0; i < NET_SWITCH_QUEUE; i++) {
		expect_frame(B, macs[A], (uint8_t)(i + 1));
	}
	expect_frame(B, NULL, 0);
	send_from(A, macs[B], macs[A], 200);
	assert_int_equal(wakes[B], 2);
	expect_frame(B, macs[A], 200);
}

static void test_bad_length(void **state)
{
	static uint8_t f[NET_PACKET_MAX + 1];
	struct net_offload gso = { .gso_type = VIRTIO_NET_HDR_GSO_TCPV4 }, o;

	(void)state;
	frame(f, sizeof(f), macs[B], macs[A], 1);
	assert_int_equal(net_switch_send(&port[A], f, NET_ETH_HLEN - 1, &none), 0);
	assert_int_equal(net_switch_send(&port[A], f, NET_FRAME_MAX + 1, &none), 0);
	assert_int_equal(net_switch_send(&port[A], f, NET_PACKET_MAX + 1, &gso), 0);
	assert_int_equal(net_switch_port_stats(&port[A]).tx_bad_length, 3);
	assert_int_equal(net_switch_send(&port[A], f, NET_FRAME_MAX, &none), 0);
	assert_int_equal(net_switch_receive(&port[B], f, NET_PACKET_MAX - 1, &o), 0); /* small */
	assert_int_equal(net_switch_receive(&port[B], f, sizeof(f), &o), NET_FRAME_MAX);
}

/*
 * Packets of up to 64 KiB, with what they ask: the queue holds as many bytes as it has, packets
 * wrap round its end intact, and one that does not fit is dropped.
 */
static void test_queue_bytes(void **state)
{
	static uint8_t f[NET_PACKET_MAX], got[NET_PACKET_MAX];
	struct net_offload gso = { .needs_csum = true,
				   .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
				   .gso_size = 1448,
				   .csum_start = 34,
				   .csum_offset = 16 },
			   o;
	size_t len = 60000;

	(void)state;
	for (uint8_t t = 1; t <= 3; t++) {
		assert_int_equal(
			net_switch_send(&port[A], f, frame(f, len, macs[B], macs[A], t), &gso), 0);
	}
	assert_int_equal(net_switch_port_stats(&port[B]).rx_frames, 2);
	assert_int_equal(net_switch_port_stats(&port[B]).rx_full, 1); /* 180000 bytes > 128 KiB */
	/* Round and round: each packet starts where the last ended, past the ring's end. */
	for (uint8_t t = 4; t < 12; t++) {
		assert_int_equal(net_switch_receive(&port[B], got, sizeof(got), &o), len);
		assert_int_equal(got[len - 1], t < 6 ? t - 3 : t - 2); /* 1, 2, then 4... */
		assert_true(o.needs_csum);
		assert_int_equal(o.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
		assert_int_equal(o.gso_size, 1448);
		frame(f, len, macs[B], macs[A], t);
		f[1000] = t;
		assert_int_equal(net_switch_send(&port[A], f, len, &gso), 0);
		assert_memory_equal(got + NET_ETH_SRC, macs[A], NET_ETH_ALEN);
	}
	assert_int_equal(net_switch_receive(&port[B], got, sizeof(got), &o), len);
	assert_int_equal(net_switch_receive(&port[B], got, sizeof(got), &o), len);
	assert_int_equal(got[1000], 11);
	assert_int_equal(got[len - 1], 11);
	assert_int_equal(net_switch_receive(&port[B], got, sizeof(got), &o), 0);
}

static void test_attach_rules(void **state)
{
	static struct net_switch_port extra[NET_SWITCH_MAX_PORTS];
	uint8_t m[NET_ETH_ALEN] = { 0x02, 1, 2, 3, 4, 0 };
	static const uint8_t zero[NET_ETH_ALEN];

	(void)state;
	memset(extra, 0, sizeof(extra));
	assert_int_equal(net_switch_attach(&sw, &extra[0], macs[B], NULL, NULL), RVKVM_EEXIST);
	assert_int_equal(net_switch_attach(&sw, &extra[0], bcast, NULL, NULL), RVKVM_EINVAL);
	assert_int_equal(net_switch_attach(&sw, &extra[0], mcast, NULL, NULL), RVKVM_EINVAL);
	assert_int_equal(net_switch_attach(&sw, &extra[0], zero, NULL, NULL), RVKVM_EINVAL);
	for (unsigned i = NPORTS; i < NET_SWITCH_MAX_PORTS; i++) {
		m[5] = (uint8_t)i;
		assert_int_equal(net_switch_attach(&sw, &extra[i], m, NULL, NULL), 0);
	}
	m[5] = 0xee;
	assert_int_equal(net_switch_attach(&sw, &extra[0], m, NULL, NULL), RVKVM_ENOSPC);
	/* A port without a wake still gets its frames. */
	m[5] = NPORTS;
	send_from(A, m, macs[A], 9);
	assert_int_equal(net_switch_port_stats(&extra[NPORTS]).rx_frames, 1);
}

/* A detached port gets nothing more and loses what was queued; its address is free again. */
static void test_detach(void **state)
{
	(void)state;
	send_from(A, macs[B], macs[A], 1);
	net_switch_detach(&port[B]);
	expect_frame(B, NULL, 0);
	send_from(A, macs[B], macs[A], 2);
	send_from(A, bcast, macs[A], 3);
	expect_frame(B, NULL, 0);
	expect_frame(C, macs[A], 3);
	assert_int_equal(net_switch_port_stats(&port[A]).tx_unknown, 1);
	send_from(B, macs[A], macs[B], 4); /* sends from a detached port go nowhere */
	expect_frame(A, NULL, 0);
	assert_int_equal(net_switch_attach(&sw, &port[B], macs[B], wake, &wakes[B]), 0);
	send_from(A, macs[B], macs[A], 5);
	expect_frame(B, macs[A], 5);
}

static void test_switch_get(void **state)
{
	static struct net_switch_set set;
	char name[NET_SWITCH_NAME_MAX + 2];
	struct net_switch *vm, *lab;

	(void)state;
	vm = net_switch_get(&set, NET_SWITCH_DEFAULT);
	lab = net_switch_get(&set, "lab");
	assert_non_null(vm);
	assert_non_null(lab);
	assert_ptr_not_equal(vm, lab);
	assert_ptr_equal(net_switch_get(&set, NET_SWITCH_DEFAULT), vm);
	assert_string_equal(lab->name, "lab");
	assert_null(net_switch_get(&set, ""));
	memset(name, 'x', sizeof(name));
	name[NET_SWITCH_NAME_MAX + 1] = '\0';
	assert_null(net_switch_get(&set, name));
	name[NET_SWITCH_NAME_MAX] = '\0';
	assert_non_null(net_switch_get(&set, name));
	for (unsigned i = 3; i < NET_SWITCH_MAX; i++) {
		name[0] = (char)('a' + i);
		assert_non_null(net_switch_get(&set, name));
	}
	assert_null(net_switch_get(&set, "one-too-many"));
	assert_ptr_equal(net_switch_get(&set, "lab"), lab);
}

/* ---- MAC addresses ----------------------------------------------------------------------- */

static void expect_mac(const uint8_t *mac, const char *want)
{
	char s[NET_MAC_STR_LEN + 1];

	net_mac_format(mac, s);
	assert_string_equal(s, want);
}

/* Stable (FNV-1a of name, 0, index), locally administered, unicast, distinct per NIC. */
static void test_mac_derive(void **state)
{
	uint8_t m[NET_ETH_ALEN], again[NET_ETH_ALEN];
	static const char *names[] = { "web", "db", "vm0", "vm1", "", "a-long-vm-name-of-a-guest" };

	(void)state;
	/* Worked out by hand from the FNV-1a definition, not from this code. */
	net_mac_derive(m, "web", 0);
	expect_mac(m, "32:c1:50:7e:a3:5f");
	net_mac_derive(m, "web", 1);
	expect_mac(m, "a2:04:1b:28:9b:b3");
	net_mac_derive(m, "db", 0);
	expect_mac(m, "ca:98:24:93:b6:41");
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (unsigned nic = 0; nic < 4; nic++) {
			net_mac_derive(m, names[i], nic);
			net_mac_derive(again, names[i], nic);
			assert_memory_equal(m, again, NET_ETH_ALEN);
			assert_true(m[0] & NET_ETH_LOCAL_BIT);
			assert_false(m[0] & NET_ETH_GROUP_BIT);
			net_mac_derive(again, names[i], nic + 1);
			assert_memory_not_equal(m, again, NET_ETH_ALEN);
		}
	}
	net_mac_derive(m, "vm1", 0);
	net_mac_derive(again, "vm", 1);
	assert_memory_not_equal(m, again, NET_ETH_ALEN);
}

static void test_mac_parse(void **state)
{
	uint8_t m[NET_ETH_ALEN] = { 0 };
	static const uint8_t want[NET_ETH_ALEN] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	static const char *bad[] = {
		"",
		"52:54:00:ab:cd",
		"52:54:00:ab:cd:ef:",
		"52:54:00:ab:cd:eg",
		"52-54-00-ab-cd-ef",
		"5:254:00:ab:cd:ef",
		"01:00:5e:00:00:01", /* multicast */
		"ff:ff:ff:ff:ff:ff", /* broadcast */
		"00:00:00:00:00:00",
	};

	(void)state;
	assert_true(net_mac_parse("52:54:00:AB:cd:Ef", m));
	assert_memory_equal(m, want, NET_ETH_ALEN);
	expect_mac(m, "52:54:00:ab:cd:ef");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t keep[NET_ETH_ALEN];

		memcpy(keep, m, NET_ETH_ALEN);
		assert_false(net_mac_parse(bad[i], m));
		assert_memory_equal(m, keep, NET_ETH_ALEN);
	}
}

/* ---- two guests through the switch ------------------------------------------------------- */

struct guest {
	struct vdrv drv;
	struct virtio_net net;
	struct net_backend backend;
	struct net_switch_port port;
	unsigned wakes; /* doorbell or switch: the I/O thread would run */
};

static void guest_wake(void *opaque)
{
	struct guest *g = opaque;

	g->wakes++;
}

static void guest_start_refusing(struct guest *g, struct net_switch *s, const uint8_t *mac,
				 uint64_t refuse)
{
	memset(&g->port, 0, sizeof(g->port));
	g->wakes = 0;
	vdrv_init(&g->drv);
	g->backend = (struct net_backend){ &net_switch_backend_ops, &g->port };
	assert_int_equal(net_switch_attach(s, &g->port, mac, guest_wake, g), 0);
	virtio_net_init(&g->net, &g->drv.mem, &g->backend, mac, vdrv_irq, &g->drv, guest_wake, g);
	g->drv.t = &g->net.transport;
	vdrv_handshake_queues(&g->drv, refuse, VIRTIO_NET_NUM_QUEUES);
}

static void guest_start(struct guest *g, struct net_switch *s, const uint8_t *mac)
{
	guest_start_refusing(g, s, mac, 0);
}

/* What a guest's I/O thread does when woken. */
static void guest_serve(struct guest *g)
{
	spin_lock(&g->net.transport.lock);
	virtio_net_process(&g->net);
	spin_unlock(&g->net.transport.lock);
}

static void guest_send(struct guest *g, const uint8_t *dst, uint8_t tag, size_t len)
{
	uint64_t gpa = VDRV_DATA + 0x1000;
	uint8_t *p = vdrv_host(&g->drv, gpa);
	struct vdrv_buf b = { gpa, (uint32_t)(VIRTIO_NET_HDR_SIZE + len), false };

	memset(p, 0, VIRTIO_NET_HDR_SIZE);
	frame(p + VIRTIO_NET_HDR_SIZE, len, dst, g->net.config + VIRTIO_NET_CFG_MAC, tag);
	vdrv_add_to(&g->drv, VIRTIO_NET_Q_TX0, &b, 1);
	vdrv_wr(&g->drv, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_Q_TX0);
}

static void test_two_guests(void **state)
{
	static struct guest g[2];
	static struct net_switch lan;
	uint32_t id, len;
	unsigned woken;
	const uint8_t *p;

	(void)state;
	net_switch_init(&lan, "lan");
	guest_start(&g[0], &lan, macs[A]);
	guest_start(&g[1], &lan, macs[B]);
	for (unsigned i = 0; i < 4; i++) {
		struct vdrv_buf rx = { VDRV_DATA + 0x8000 + 0x800ull * i, 0x800, true };

		vdrv_add_to(&g[1].drv, VIRTIO_NET_Q_RX0, &rx, 1);
	}
	woken = g[1].wakes;
	guest_send(&g[0], macs[B], 0x5a, 1000);
	guest_serve(&g[0]);
	assert_int_equal(g[1].wakes, woken + 1); /* the switch woke B's I/O thread */
	assert_int_equal(vdrv_used_idx_of(&g[1].drv, VIRTIO_NET_Q_RX0), 0);
	guest_serve(&g[1]);
	assert_true(vdrv_next_used_of(&g[1].drv, VIRTIO_NET_Q_RX0, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, VIRTIO_NET_HDR_SIZE + 1000);
	p = vdrv_host(&g[1].drv, VDRV_DATA + 0x8000);
	assert_memory_equal(p + VIRTIO_NET_HDR_SIZE + NET_ETH_DST, macs[B], NET_ETH_ALEN);
	assert_memory_equal(p + VIRTIO_NET_HDR_SIZE + NET_ETH_SRC, macs[A], NET_ETH_ALEN);
	assert_int_equal(p[VIRTIO_NET_HDR_SIZE + 999], 0x5a);
	assert_true(g[1].drv.irq_raised >= 1);

	/* B's guest spoofs A's address: A gets nothing. */
	memcpy(g[1].net.config + VIRTIO_NET_CFG_MAC, macs[A], NET_ETH_ALEN);
	guest_send(&g[1], bcast, 1, 60);
	guest_serve(&g[1]);
	assert_int_equal(g[1].net.stats.tx_frames, 1); /* the device sent it */
	assert_int_equal(net_switch_port_stats(&g[1].port).tx_spoofed, 1);
	assert_int_equal(net_switch_port_stats(&g[0].port).rx_frames, 0);
	for (unsigned i = 0; i < 2; i++) {
		net_switch_detach(&g[i].port);
		vdrv_free(&g[i].drv);
	}
}

/* g's guest sends a TCP GSO packet of 3000 bytes of payload to dst. */
static size_t guest_send_tso(struct guest *g, const uint8_t *dst, uint8_t *pkt)
{
	uint64_t gpa = VDRV_DATA + 0x1000;
	uint8_t *p = vdrv_host(&g->drv, gpa);
	size_t len = netpkt_tcp4(pkt, dst, g->net.config + VIRTIO_NET_CFG_MAC, 5, 3000, 0x18);
	struct vdrv_buf b = { gpa, (uint32_t)(VIRTIO_NET_HDR_SIZE + len), false };

	memset(p, 0, VIRTIO_NET_HDR_SIZE);
	p[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	p[VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_TCPV4;
	p[VIRTIO_NET_HDR_HDR_LEN] = 54;
	p[VIRTIO_NET_HDR_GSO_SIZE] = 1448 & 0xff;
	p[VIRTIO_NET_HDR_GSO_SIZE + 1] = 1448 >> 8;
	p[VIRTIO_NET_HDR_CSUM_START] = 34;
	p[VIRTIO_NET_HDR_CSUM_OFFSET] = 16;
	memcpy(p + VIRTIO_NET_HDR_SIZE, pkt, len);
	vdrv_add_to(&g->drv, VIRTIO_NET_Q_TX0, &b, 1);
	return len;
}

static void post_rx(struct guest *g, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct vdrv_buf rx = { VDRV_DATA + 0x8000 + 0x800ull * i, 0x800, true };

		vdrv_add_to(&g->drv, VIRTIO_NET_Q_RX0, &rx, 1);
	}
}

/*
 * A TSO packet between guests: intact to one that took GUEST_TSO4 (header and all), cut into
 * checksummed frames for one that did not; a third guest gets none of it.
 */
static void test_guests_tso(void **state)
{
	static struct guest g[3];
	static struct net_switch lan;
	static uint8_t pkt[NET_PACKET_MAX];
	uint32_t id, len;
	const uint8_t *p;
	size_t n, total = 0;

	(void)state;
	net_switch_init(&lan, "lan");
	guest_start(&g[0], &lan, macs[A]);
	guest_start(&g[1], &lan, macs[B]);
	guest_start_refusing(&g[2], &lan, macs[C], 1ull << VIRTIO_NET_F_GUEST_TSO4);
	post_rx(&g[1], 4);
	post_rx(&g[2], 4);

	n = guest_send_tso(&g[0], macs[B], pkt);
	guest_serve(&g[0]);
	guest_serve(&g[1]);
	assert_true(vdrv_next_used_of(&g[1].drv, VIRTIO_NET_Q_RX0, &id, &len));
	assert_int_equal(len, 0x800);
	p = vdrv_host(&g[1].drv, VDRV_DATA + 0x8000);
	assert_int_equal(p[VIRTIO_NET_HDR_FLAGS], VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(p[VIRTIO_NET_HDR_GSO_TYPE], VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(p[VIRTIO_NET_HDR_NUM_BUFFERS], 2);
	assert_memory_equal(p + VIRTIO_NET_HDR_SIZE, pkt, 0x800 - VIRTIO_NET_HDR_SIZE);
	assert_memory_equal(p + 0x800, pkt + 0x800 - VIRTIO_NET_HDR_SIZE,
			    n - (0x800 - VIRTIO_NET_HDR_SIZE));
	assert_int_equal(net_switch_port_stats(&g[2].port).rx_frames, 0);

	n = guest_send_tso(&g[0], macs[C], pkt);
	guest_serve(&g[0]);
	guest_serve(&g[2]);
	assert_int_equal(g[2].net.stats.rx_segmented, 1);
	for (unsigned i = 0; i < 3; i++) {
		assert_true(vdrv_next_used_of(&g[2].drv, VIRTIO_NET_Q_RX0, &id, &len));
		p = vdrv_host(&g[2].drv, VDRV_DATA + 0x8000 + 0x800ull * id);
		assert_int_equal(p[VIRTIO_NET_HDR_FLAGS], 0);
		assert_int_equal(p[VIRTIO_NET_HDR_GSO_TYPE], 0);
		len -= VIRTIO_NET_HDR_SIZE;
		assert_true(netpkt_l4_csum_ok(p + VIRTIO_NET_HDR_SIZE, len, 34, true, 6));
		assert_true(netpkt_ip4_csum_ok(p + VIRTIO_NET_HDR_SIZE));
		assert_memory_equal(p + VIRTIO_NET_HDR_SIZE + 54, pkt + 54 + total, len - 54);
		total += len - 54;
	}
	assert_int_equal(total, n - 54);
	assert_int_equal(net_switch_port_stats(&g[1].port).rx_frames, 1); /* B: only its own */
	for (unsigned i = 0; i < 3; i++) {
		net_switch_detach(&g[i].port);
		vdrv_free(&g[i].drv);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_unicast_to_owner_only),
		T(test_group_to_all_others),
		T(test_spoofed_dropped),
		T(test_unknown_unicast_dropped),
		T(test_third_port_sees_nothing),
		T(test_full_queue_drops),
		T(test_bad_length),
		T(test_queue_bytes),
		T(test_attach_rules),
		T(test_detach),
		T(test_switch_get),
		T(test_mac_derive),
		T(test_mac_parse),
		T(test_two_guests),
		T(test_guests_tso),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
