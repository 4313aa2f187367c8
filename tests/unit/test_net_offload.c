/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of software checksum completion and TCP segmentation (vmm/net_offload.c):
 * packets built by hand, checksums checked by a sum written here and by a published vector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/virtio_spec.h"
#include "tests/unit/net_packets.h"
#include "vmm/net_offload.h"

static uint8_t pkt[NET_PACKET_MAX + 1];
static uint8_t seg[NET_FRAME_MAX];

#define be16 netpkt_be16
#define be32 netpkt_be32
#define set16 netpkt_set16
#define sum16 netpkt_sum16
#define pseudo netpkt_pseudo

static const uint8_t dst[NET_ETH_ALEN] = { 2, 0, 0, 0, 0, 0xb };
static const uint8_t src[NET_ETH_ALEN] = { 2, 0, 0, 0, 0, 0xa };

static void assert_l4_csum_ok(const uint8_t *frame, size_t len, size_t l4, bool v4, unsigned proto)
{
	assert_true(netpkt_l4_csum_ok(frame, len, l4, v4, proto));
}

static size_t tcp4(unsigned ihl, size_t payload, uint8_t flags)
{
	return netpkt_tcp4(pkt, dst, src, ihl, payload, flags);
}

static size_t tcp6(size_t payload, uint8_t flags)
{
	return netpkt_tcp6(pkt, dst, src, payload, flags);
}

static struct net_offload gso(uint8_t type, size_t l4, uint16_t mss)
{
	return (struct net_offload){ .needs_csum = true,
				     .gso_type = type,
				     .hdr_len = 7, /* a lie: never used */
				     .gso_size = mss,
				     .csum_start = (uint16_t)l4,
				     .csum_offset = 16 };
}

/* RFC 1071's and Wikipedia's IPv4 header example: 0xb861. */
static void test_csum_known_vector(void **state)
{
	static const uint8_t h[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
				     0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	(void)state;
	assert_int_equal((uint16_t)~net_csum_fold(net_csum_add(0, h, sizeof(h))), 0xb861);
	assert_int_equal(sum16(0, h, sizeof(h)), (uint16_t)~0xb861);
	/* An odd length pads with a zero byte. */
	assert_int_equal(net_csum_fold(net_csum_add(0, (const uint8_t *)"\x12\x34\x56", 3)),
			 0x1234 + 0x5600);
}

/* A UDP packet's partial checksum completed as the receiver checks it. */
static void test_complete_csum_udp(void **state)
{
	size_t l4 = NET_ETH_HLEN + 20, len = l4 + 8 + 333;
	struct net_offload o = { .needs_csum = true, .csum_start = (uint16_t)l4, .csum_offset = 6 };
	uint8_t *ip;

	(void)state;
	tcp4(5, 313, 0); /* an IPv4 packet of the same length, made UDP */
	ip = pkt + NET_ETH_HLEN;
	ip[9] = 17;
	set16(pkt + l4 + 4, 8 + 333);
	set16(pkt + l4 + 6, pseudo(ip, true, 17, len - l4));
	assert_true(net_offload_check(pkt, len, &o));
	net_offload_complete_csum(pkt, len, &o);
	assert_false(o.needs_csum);
	assert_l4_csum_ok(pkt, len, l4, true, 17);
	assert_int_not_equal(be16(pkt + l4 + 6), 0);
}

/* A sum whose checksum is 0 is stored 0xffff: UDP's 0 means "none". */
static void test_complete_csum_zero_is_ffff(void **state)
{
	size_t l4 = NET_ETH_HLEN + 20, len = l4 + 8 + 10;
	struct net_offload o = { .needs_csum = true, .csum_start = (uint16_t)l4, .csum_offset = 6 };
	unsigned s;

	(void)state;
	tcp4(5, 0, 0);
	pkt[NET_ETH_HLEN + 9] = 17;
	set16(pkt + NET_ETH_HLEN + 2, (unsigned)(len - NET_ETH_HLEN));
	memset(pkt + l4, 0, 18);
	set16(pkt + l4 + 4, 18);
	set16(pkt + l4 + 6, pseudo(pkt + NET_ETH_HLEN, true, 17, 18));
	/* The last payload word makes everything sum to 0xffff, so ~sum is 0. */
	s = sum16(0, pkt + l4, 16);
	set16(pkt + l4 + 16, 0xffff - s);
	assert_int_equal(sum16(0, pkt + l4, 18), 0xffff);
	net_offload_complete_csum(pkt, len, &o);
	assert_int_equal(be16(pkt + l4 + 6), 0xffff);
	assert_l4_csum_ok(pkt, len, l4, true, 17);
}

/* csum_start and csum_offset must leave the 2-byte field inside the packet. */
static void test_check_csum_bounds(void **state)
{
	struct net_offload o = { .needs_csum = true };

	(void)state;
	memset(pkt, 0, 100);
	o.csum_start = 98;
	o.csum_offset = 0;
	assert_true(net_offload_check(pkt, 100, &o));
	o.csum_offset = 1;
	assert_false(net_offload_check(pkt, 100, &o));
	o.csum_start = 99;
	o.csum_offset = 0;
	assert_false(net_offload_check(pkt, 100, &o));
	o.csum_start = 100;
	assert_false(net_offload_check(pkt, 100, &o));
	o.csum_start = 0xffff;
	o.csum_offset = 0xffff;
	assert_false(net_offload_check(pkt, 100, &o));
	o.csum_start = 14;
	o.csum_offset = 84;
	assert_true(net_offload_check(pkt, 100, &o));
	o.csum_offset = 85;
	assert_false(net_offload_check(pkt, 100, &o));
	/* Without NEEDS_CSUM the fields mean nothing. */
	o.needs_csum = false;
	assert_true(net_offload_check(pkt, 100, &o));
	assert_false(net_offload_check(pkt, NET_ETH_HLEN - 1, &o));
	assert_false(net_offload_check(pkt, NET_PACKET_MAX + 1, &o));
}

/* Frame i of a segmented packet: headers and lengths, payload, checksums; its payload size. */
static size_t check_segment(const uint8_t *orig, size_t orig_len, size_t l4, bool v4, size_t i,
			    size_t count, size_t mss, size_t len)
{
	size_t hdr = l4 + 20, n = len - hdr, off = i * mss;
	const uint8_t *ip = seg + NET_ETH_HLEN, *tcp = seg + l4;
	uint8_t want_flags = orig[l4 + 13];

	assert_true(len <= NET_FRAME_MAX);
	assert_int_equal(n, i + 1 < count ? mss : orig_len - hdr - off);
	assert_memory_equal(seg, orig, NET_ETH_HLEN);
	assert_memory_equal(seg + hdr, orig + hdr + off, n);
	if (v4) {
		assert_int_equal(be16(ip + 2), len - NET_ETH_HLEN);
		assert_int_equal(be16(ip + 4), (be16(orig + NET_ETH_HLEN + 4) + i) & 0xffff);
		assert_int_equal(sum16(0, ip, l4 - NET_ETH_HLEN), 0xffff);
		assert_memory_equal(ip + 6, orig + NET_ETH_HLEN + 6, 4);
		assert_memory_equal(ip + 12, orig + NET_ETH_HLEN + 12, l4 - NET_ETH_HLEN - 12);
	} else {
		assert_int_equal(be16(ip + 4), len - l4);
		assert_memory_equal(ip + 6, orig + NET_ETH_HLEN + 6, 34);
	}
	assert_int_equal(be32(tcp + 4), (uint32_t)(be32(orig + l4 + 4) + off));
	if (i + 1 < count) {
		want_flags &= (uint8_t) ~(0x01 | 0x08);
	}
	if (i != 0) {
		want_flags &= (uint8_t)~0x80;
	}
	assert_int_equal(tcp[13], want_flags);
	assert_memory_equal(tcp + 8, orig + l4 + 8, 5); /* ack, data offset */
	assert_memory_equal(tcp + 14, orig + l4 + 14, 2);
	assert_l4_csum_ok(seg, len, l4, v4, 6);
	return n;
}

static void segment_all(size_t len, struct net_offload o, bool v4, size_t want_count)
{
	static uint8_t orig[NET_PACKET_MAX];
	size_t l4 = o.csum_start, count, total = 0;

	memcpy(orig, pkt, len);
	assert_true(net_offload_check(pkt, len, &o));
	assert_int_equal(o.hdr_len, l4 + 20);
	count = net_offload_segments(len, &o);
	assert_int_equal(count, want_count);
	for (size_t i = 0; i < count; i++) {
		size_t n = net_offload_segment(pkt, len, &o, i, seg);

		total += check_segment(orig, len, l4, v4, i, count, o.gso_size, n);
	}
	assert_int_equal(total, len - l4 - 20);
	assert_memory_equal(pkt, orig, len); /* the packet itself is left alone */
}

static void test_segment_ipv4(void **state)
{
	/* ACK, PSH, FIN and CWR: FIN and PSH end up on the last frame, CWR on the first. */
	size_t len = tcp4(5, 3000, 0x80 | 0x10 | 0x08 | 0x01);

	(void)state;
	segment_all(len, gso(VIRTIO_NET_HDR_GSO_TCPV4, NET_ETH_HLEN + 20, 1448), true, 3);
}

/* IP options are copied into every frame; a payload of exactly n frames. */
static void test_segment_ipv4_options(void **state)
{
	size_t len = tcp4(7, 4 * 1000, 0x10 | 0x08);

	(void)state;
	segment_all(len, gso(VIRTIO_NET_HDR_GSO_TCPV4, NET_ETH_HLEN + 28, 1000), true, 4);
}

static void test_segment_ipv6(void **state)
{
	size_t len = tcp6(2500, 0x10 | 0x01);

	(void)state;
	segment_all(len, gso(VIRTIO_NET_HDR_GSO_TCPV6, NET_ETH_HLEN + 40, 1440), false, 2);
}

/* The largest packet there is: 64 KiB of IPv4, one frame per MSS. */
static void test_segment_largest(void **state)
{
	size_t len = tcp4(5, 0xffff - 40, 0x10);

	(void)state;
	assert_int_equal(len, NET_ETH_HLEN + 0xffff);
	segment_all(len, gso(VIRTIO_NET_HDR_GSO_TCPV4, NET_ETH_HLEN + 20, 1460), true,
		    (0xffff - 40 + 1459) / 1460);
	len = tcp6(0xffff - 20, 0x10);
	assert_int_equal(len, NET_PACKET_MAX);
	segment_all(len, gso(VIRTIO_NET_HDR_GSO_TCPV6, NET_ETH_HLEN + 40, 1440), false,
		    (0xffff - 20 + 1439) / 1440);
}

/* One bad field at a time: each packet is refused, the good one accepted. */
static void test_check_refuses(void **state)
{
	size_t l4 = NET_ETH_HLEN + 20, len;
	struct net_offload o;

	(void)state;
#define REFUSED(change)                                        \
	do {                                                   \
		len = tcp4(5, 3000, 0x10);                     \
		o = gso(VIRTIO_NET_HDR_GSO_TCPV4, l4, 1448);   \
		assert_true(net_offload_check(pkt, len, &o));  \
		change;                                        \
		assert_false(net_offload_check(pkt, len, &o)); \
	} while (0)
	REFUSED(o.gso_size = 0);
	REFUSED(o.gso_size = NET_FRAME_MAX - 54 + 1);
	REFUSED(o.gso_type |= VIRTIO_NET_HDR_GSO_ECN);
	REFUSED(o.gso_type = VIRTIO_NET_HDR_GSO_UDP);
	REFUSED(o.gso_type = VIRTIO_NET_HDR_GSO_TCPV6);
	REFUSED(o.gso_type = 2);
	REFUSED(o.needs_csum = false);
	REFUSED(o.csum_start = (uint16_t)(l4 + 1));
	REFUSED(o.csum_offset = 6);
	REFUSED(len--);
	REFUSED(len++);
	REFUSED(len = l4 + 20; set16(pkt + 16, 40)); /* the headers alone: no payload */
	REFUSED(len = l4 + 16; set16(pkt + 16, 36)); /* cut within the TCP header */
	REFUSED(pkt[12] = 0x81);                     /* an 802.1Q tag */
	REFUSED(pkt[NET_ETH_HLEN] = 0x65);           /* version 6 */
	REFUSED(pkt[NET_ETH_HLEN] = 0x44);           /* ihl 4 */
	REFUSED(pkt[NET_ETH_HLEN] = 0x4f);           /* ihl 15: TCP moves */
	REFUSED(pkt[NET_ETH_HLEN + 6] = 0x20);       /* more fragments */
	REFUSED(pkt[NET_ETH_HLEN + 7] = 1);          /* a fragment offset */
	REFUSED(pkt[NET_ETH_HLEN + 9] = 17);         /* UDP */
	REFUSED(pkt[l4 + 12] = 4 << 4);              /* TCP data offset too small */
	REFUSED(pkt[l4 + 12] = 15 << 4; len = l4 + 56; set16(pkt + 16, 76)); /* TCP overruns */
	REFUSED(len = NET_PACKET_MAX + 1);
	/* IPv6: only TCP right behind the fixed header. */
	len = tcp6(100, 0x10);
	o = gso(VIRTIO_NET_HDR_GSO_TCPV6, NET_ETH_HLEN + 40, 50);
	assert_true(net_offload_check(pkt, len, &o));
	pkt[NET_ETH_HLEN + 6] = 0; /* a hop-by-hop header */
	assert_false(net_offload_check(pkt, len, &o));
	pkt[NET_ETH_HLEN + 6] = 6;
	pkt[NET_ETH_HLEN + 5]++;
	assert_false(net_offload_check(pkt, len, &o));
#undef REFUSED
}

/* hdr_len is a hint: a lie changes nothing, the headers are measured. */
static void test_hdr_len_measured(void **state)
{
	size_t len = tcp4(6, 100, 0x10);
	struct net_offload o = gso(VIRTIO_NET_HDR_GSO_TCPV4, NET_ETH_HLEN + 24, 60);

	(void)state;
	for (unsigned lie = 0; lie < 3; lie++) {
		o.hdr_len = (uint16_t[]){ 0, 54, 0xffff }[lie];
		assert_true(net_offload_check(pkt, len, &o));
		assert_int_equal(o.hdr_len, NET_ETH_HLEN + 24 + 20);
	}
	assert_int_equal(net_offload_segments(len, &o), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum_known_vector),
		cmocka_unit_test(test_complete_csum_udp),
		cmocka_unit_test(test_complete_csum_zero_is_ffff),
		cmocka_unit_test(test_check_csum_bounds),
		cmocka_unit_test(test_segment_ipv4),
		cmocka_unit_test(test_segment_ipv4_options),
		cmocka_unit_test(test_segment_ipv6),
		cmocka_unit_test(test_segment_largest),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_hdr_len_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
