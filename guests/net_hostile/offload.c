/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eth0 with CSUM, HOST_TSO4 and HOST_TSO6 negotiated (VIRTIO 1.2 section 5.1.6.2) sends headers
 * whose fields lie: csum_start past the frame, a checksum field cut off at its end, gso_size 0,
 * GSO on what is no TCP packet, an IPv4 length that disagrees with the frame, the ECN bit and UDP
 * (never offered). Each comes back used (len 0), the device still running, and nothing reaches
 * eth1. A hdr_len that lies is only a hint: the packet is cut all the same. eth1 negotiated no
 * GUEST_ offload, so what eth0 asks of good packets rvkvm does for it: a checksum completed, a
 * TSO packet cut into frames of at most 1514 bytes, each with its checksums right.
 */
#include "hart.h"
#include "lib/string.h"
#include "scenes.h"

#define HDR VIRTIO_NET_HDR_SIZE
#define L3 ETH_HLEN   /* IPv4 header */
#define L4 (L3 + 20u) /* TCP header */
#define PAYLOAD (L4 + 20u)
#define MSS 1000u
#define ANSWER_MS 1000u

/* The Internet checksum's sum (RFC 1071) of p[0, n) added to acc, folded. */
static uint32_t sum16(uint32_t acc, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		acc += (i & 1) != 0 ? p[i] : (uint32_t)p[i] << 8;
		acc = (acc & 0xffff) + (acc >> 16);
	}
	return acc;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t get16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

/* The TCP pseudo-header's sum of frame f with tcp_len bytes of TCP. */
static uint32_t pseudo(const uint8_t *f, size_t tcp_len)
{
	return sum16(6 + (uint32_t)tcp_len, f + L3 + 12, 8);
}

/*
 * frame[]: a virtio-net header asking (flags, gso_type, hdr_len, gso_size, csum_start,
 * csum_offset), then an IPv4 TCP packet to eth1 with payload bytes of a pattern, its TCP
 * checksum field the pseudo-header's sum as a driver leaves it. Returns the packet's length.
 */
static size_t tcp_packet(size_t payload, uint8_t flags, uint8_t gso, uint16_t hdr_len,
			 uint16_t gso_size, uint16_t start, uint16_t offset)
{
	uint8_t *h = frame, *p = frame + HDR;
	size_t len = PAYLOAD + payload;

	lib_memset(frame, 0, HDR + PAYLOAD);
	h[VIRTIO_NET_HDR_FLAGS] = flags;
	h[VIRTIO_NET_HDR_GSO_TYPE] = gso;
	h[VIRTIO_NET_HDR_HDR_LEN] = (uint8_t)hdr_len;
	h[VIRTIO_NET_HDR_HDR_LEN + 1] = (uint8_t)(hdr_len >> 8);
	h[VIRTIO_NET_HDR_GSO_SIZE] = (uint8_t)gso_size;
	h[VIRTIO_NET_HDR_GSO_SIZE + 1] = (uint8_t)(gso_size >> 8);
	h[VIRTIO_NET_HDR_CSUM_START] = (uint8_t)start;
	h[VIRTIO_NET_HDR_CSUM_START + 1] = (uint8_t)(start >> 8);
	h[VIRTIO_NET_HDR_CSUM_OFFSET] = (uint8_t)offset;
	h[VIRTIO_NET_HDR_CSUM_OFFSET + 1] = (uint8_t)(offset >> 8);
	lib_memcpy(p, mac_eth1, ETH_ALEN);
	lib_memcpy(p + ETH_ALEN, mac_eth0, ETH_ALEN);
	put16(p + 12, 0x0800);
	p[L3] = 0x45;
	put16(p + L3 + 2, (uint32_t)(len - L3));
	put16(p + L3 + 4, 0x1234);
	p[L3 + 8] = 64;
	p[L3 + 9] = 6;
	lib_memcpy(p + L3 + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	put16(p + L3 + 10, 0);
	put16(p + L3 + 10, ~sum16(0, p + L3, 20) & 0xffff);
	put16(p + L4, 40000);
	put16(p + L4 + 2, 5001);
	p[L4 + 4] = 0x77; /* sequence number 0x77000000 */
	p[L4 + 12] = 5 << 4;
	p[L4 + 13] = 0x18; /* ACK, PSH */
	for (size_t i = 0; i < payload; i++) {
		p[PAYLOAD + i] = (uint8_t)(i * 7 + i / 253);
	}
	put16(p + L4 + 16, pseudo(p, len - L4));
	return len;
}

/* Sends frame[0, HDR + len) from eth0 as one buffer: whether it came back used with len 0. */
static bool send_raw(size_t len)
{
	uint16_t slot = eth0.avail[TX] % VRING_SIZE;

	eth0.ring[TX]->desc[0] = (struct vdesc){ (uintptr_t)frame, (uint32_t)(HDR + len), 0, 0 };
	nic_post(&eth0, TX, 0);
	nic_notify(&eth0, TX);
	return nic_tx_done(&eth0) && eth0.ring[TX]->used.ring[slot].len == 0 &&
	       !vmmio_needs_reset(eth0.base);
}

static void lie(const char *what, size_t len)
{
	check(send_raw(len), "%s: dropped, the buffer comes back used (len 0), no reset needed",
	      what);
	(void)observe(what, 0);
}

/* The frames eth1 gets for a packet of payload bytes: cut at MSS, every checksum right. */
static void arrives_cut(const char *what, size_t payload, size_t mss)
{
	static uint8_t got[NIC_BUF];
	static uint8_t sent[HDR + PAYLOAD + 4 * MSS];
	size_t off = 0;
	unsigned frames = 0;
	bool ok = true;

	lib_memcpy(sent, frame, HDR + PAYLOAD + payload);
	ok &= check(send_raw(PAYLOAD + payload), "%s: sent", what);
	/* Invariant: payload bytes [0, off) came in frames [0, frames), in order. */
	while (off < payload && ok) {
		const uint8_t *want = sent + HDR;
		bool h = false;
		int n = nic_recv(&eth1, got, sizeof(got), ANSWER_MS, &h);
		size_t seg = payload - off < mss ? payload - off : mss;

		ok = n == (int)(PAYLOAD + seg) && h && lib_memcmp(got, want, L3 + 2) == 0 &&
		     get16(got + L3 + 2) == PAYLOAD + seg - L3 &&
		     sum16(0, got + L3, 20) == 0xffff &&
		     sum16(pseudo(got, seg + 20), got + L4, seg + 20) == 0xffff &&
		     lib_memcmp(got + PAYLOAD, want + PAYLOAD + off, seg) == 0 &&
		     get16(got + L4 + 4) == 0x7700 + (off >> 16) &&
		     get16(got + L4 + 6) == (off & 0xffff);
		check(ok, "%s: frame %u at eth1 (%d bytes): headers, checksums and payload right",
		      what, frames, n);
		off += seg;
		frames++;
	}
	(void)observe(what, 0);
}

void scene_tx_offload(void)
{
	const uint64_t want = 1ull << VIRTIO_NET_F_CSUM | 1ull << VIRTIO_NET_F_HOST_TSO4 |
			      1ull << VIRTIO_NET_F_HOST_TSO6;
	const char *why = nic_start(&eth0, eth0.base, want, VRING_SIZE);
	size_t len;

	if (!check(why == NULL && (eth0.features & want) == want,
		   "eth0: CSUM, HOST_TSO4 and HOST_TSO6 negotiated (%s)", why ? why : "ok")) {
		return;
	}
	len = tcp_packet(100, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0, (uint16_t)(PAYLOAD + 100), 0);
	lie("csum_start past the frame", len);
	len = tcp_packet(100, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0, L4, (uint16_t)(len - L4 - 1));
	lie("a checksum field cut off at the frame's end", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, PAYLOAD, 0,
			 L4, 16);
	lie("GSO_TCPV4 with gso_size 0", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, PAYLOAD, MSS,
			 L4, 16);
	put16(frame + HDR + L3 + 2, 1000);
	lie("GSO_TCPV4 whose IPv4 total length is not the frame's", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, PAYLOAD, MSS,
			 L4, 16);
	frame[HDR + L3 + 9] = 17;
	lie("GSO_TCPV4 on a UDP packet", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV6, PAYLOAD, MSS,
			 L4, 16);
	lie("GSO_TCPV6 on an IPv4 packet", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM,
			 VIRTIO_NET_HDR_GSO_TCPV4 | VIRTIO_NET_HDR_GSO_ECN, PAYLOAD, MSS, L4, 16);
	lie("GSO_TCPV4 with the ECN bit, HOST_ECN not offered", len);
	len = tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP, PAYLOAD, MSS,
			 L4, 6);
	lie("GSO_UDP, not offered", len);
	len = tcp_packet(3000, 0, VIRTIO_NET_HDR_GSO_TCPV4, PAYLOAD, MSS, L4, 16);
	lie("GSO_TCPV4 without NEEDS_CSUM", len);
	len = tcp_packet(1500, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, PAYLOAD, 1500,
			 L4, 16);
	lie("GSO_TCPV4 whose frames would be longer than 1514 bytes", len);

	(void)tcp_packet(700, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 0, L4, 16);
	arrives_cut("a partial checksum, completed for eth1", 700, MSS);
	(void)tcp_packet(3000, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 0, MSS, L4,
			 16);
	arrives_cut("a TSO packet with hdr_len 0 (a hint), cut for eth1", 3000, MSS);
	(void)tcp_packet(3500, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 0xffff, MSS,
			 L4, 16);
	arrives_cut("a TSO packet with hdr_len 65535, cut for eth1", 3500, MSS);
	(void)restart(&eth0, "after the offloads");
}
