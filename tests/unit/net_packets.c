/* SPDX-License-Identifier: Apache-2.0 */
/* Hand-built TCP packets and an independent Internet checksum for the network tests. */
#include "tests/unit/net_packets.h"

#include <string.h>

#define ETH_HLEN 14

unsigned netpkt_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

uint32_t netpkt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void netpkt_set16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

unsigned netpkt_sum16(unsigned start, const uint8_t *p, size_t n)
{
	uint32_t s = start;

	for (size_t i = 0; i < n; i++) {
		s += (i % 2 == 0) ? (uint32_t)p[i] << 8 : p[i];
	}
	while (s > 0xffff) {
		s = (s & 0xffff) + (s >> 16);
	}
	return s;
}

unsigned netpkt_pseudo(const uint8_t *ip, bool v4, unsigned proto, size_t l4_len)
{
	unsigned s = netpkt_sum16(proto, ip + (v4 ? 12 : 8), v4 ? 8 : 32);
	const uint8_t len[2] = { (uint8_t)(l4_len >> 8), (uint8_t)l4_len };

	return netpkt_sum16(s, len, 2);
}

bool netpkt_l4_csum_ok(const uint8_t *frame, size_t len, size_t l4, bool v4, unsigned proto)
{
	const uint8_t *ip = frame + ETH_HLEN;

	return netpkt_sum16(netpkt_pseudo(ip, v4, proto, len - l4), frame + l4, len - l4) == 0xffff;
}

bool netpkt_ip4_csum_ok(const uint8_t *frame)
{
	const uint8_t *ip = frame + ETH_HLEN;

	return netpkt_sum16(0, ip, (size_t)(ip[0] & 0xf) * 4) == 0xffff;
}

static void ethernet(uint8_t *pkt, const uint8_t *dst, const uint8_t *src, unsigned type)
{
	memcpy(pkt, dst, 6);
	memcpy(pkt + 6, src, 6);
	netpkt_set16(pkt + 12, type);
}

static void tcp(uint8_t *t, size_t payload, uint8_t flags, uint32_t seq, unsigned seed)
{
	netpkt_set16(t, 40000);
	netpkt_set16(t + 2, 5001);
	for (unsigned i = 0; i < 4; i++) {
		t[4 + i] = (uint8_t)(seq >> (24 - 8 * i));
	}
	t[12] = 5 << 4;
	t[13] = flags;
	netpkt_set16(t + 14, 64240);
	for (size_t i = 0; i < payload; i++) {
		t[20 + i] = (uint8_t)(i * seed + i / 251);
	}
}

size_t netpkt_tcp4(uint8_t *pkt, const uint8_t *dst, const uint8_t *src, unsigned ihl,
		   size_t payload, uint8_t flags)
{
	size_t l4 = ETH_HLEN + ihl * 4, len = l4 + 20 + payload;
	uint8_t *ip = pkt + ETH_HLEN;

	memset(pkt, 0, len);
	ethernet(pkt, dst, src, 0x0800);
	ip[0] = (uint8_t)(0x40 | ihl);
	netpkt_set16(ip + 2, (unsigned)(len - ETH_HLEN));
	netpkt_set16(ip + 4, 0xfffe); /* id: wraps within the packet's frames */
	ip[6] = 0x40;                 /* DF */
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, "\x0a\0\0\x01\x0a\0\0\x02", 8);
	for (unsigned i = 20; i < ihl * 4; i++) {
		ip[i] = 1; /* NOP options */
	}
	tcp(pkt + l4, payload, flags, 0xfffff000u, 7); /* seq: wraps too */
	netpkt_set16(pkt + l4 + 16, netpkt_pseudo(ip, true, 6, len - l4));
	return len;
}

size_t netpkt_tcp6(uint8_t *pkt, const uint8_t *dst, const uint8_t *src, size_t payload,
		   uint8_t flags)
{
	size_t l4 = ETH_HLEN + 40, len = l4 + 20 + payload;
	uint8_t *ip = pkt + ETH_HLEN;

	memset(pkt, 0, len);
	ethernet(pkt, dst, src, 0x86dd);
	ip[0] = 0x60;
	netpkt_set16(ip + 4, (unsigned)(len - l4));
	ip[6] = 6;
	ip[7] = 64;
	ip[8] = 0xfd;
	ip[23] = 1;
	ip[24] = 0xfd;
	ip[39] = 2;
	tcp(pkt + l4, payload, flags, 0x1000, 13);
	netpkt_set16(pkt + l4 + 16, netpkt_pseudo(ip, false, 6, len - l4));
	return len;
}
