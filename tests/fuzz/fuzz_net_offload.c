/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for software checksum completion and TCP segmentation (vmm/net_offload.c): what a
 * guest's virtio_net_hdr asks, over a packet of raw bytes or a well-formed IPv4/IPv6 TCP packet
 * with bytes changed here and there.
 *
 * Checked against a model written here from the specifications:
 *   - net_offload_check accepts exactly what the model's predicate accepts (every bound taken in
 *     64-bit arithmetic, every field read by its own offsets), and measures hdr_len as it does;
 *   - a completed checksum makes the summed range, with what the field held, add up to 0xffff by
 *     the model's own sum (for a field at an even offset), 0 is never stored, and no other byte
 *     changes;
 *   - the frames of a segmented packet: at most NET_FRAME_MAX bytes, their payloads the packet's
 *     in order and nothing else, the headers the packet's but for IPv4 total length, id and
 *     header checksum, IPv6 payload length, TCP sequence number, flags (FIN and PSH only last,
 *     CWR only first) and checksum, each checksum verifying by the model's sum; each frame is a
 *     packet net_offload_check accepts as a plain frame; the packet itself is left as it was.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "lib/virtio_spec.h"
#include "vmm/net_offload.h"

/* The layout of an input. */
#define MODE_BUILD 1u   /* a well-formed TCP packet, else raw bytes */
#define MODE_V6 2u      /* ... over IPv6 */
#define MODE_ASK_GSO 4u /* a header that asks what the packet is: then the input's tweaks */
#define MAX_POKES 4

static uint8_t pkt[NET_PACKET_MAX], orig[NET_PACKET_MAX], frame[NET_FRAME_MAX];

static uint32_t be(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		v = v << 8 | p[i];
	}
	return v;
}

static void set_be(uint8_t *p, uint32_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	}
}

/* The model's Internet checksum sum: bytes in pairs, folded at the end. */
static uint32_t msum(uint32_t acc, const uint8_t *p, size_t n)
{
	uint64_t s = acc;

	for (size_t i = 0; i < n; i++) {
		s += (i & 1) != 0 ? p[i] : (uint32_t)p[i] << 8;
	}
	while (s >> 16 != 0) {
		s = (s & 0xffff) + (s >> 16);
	}
	return (uint32_t)s;
}

/* The model of net_offload_check: accepted, and the headers' length for a GSO packet. */
static bool model_accepts(const uint8_t *p, size_t len, const struct net_offload *o, uint64_t *hdr)
{
	uint64_t l4, doff;
	bool v4 = o->gso_type == VIRTIO_NET_HDR_GSO_TCPV4;

	if (len < 14 || len > NET_PACKET_MAX) {
		return false;
	}
	if (o->gso_type == VIRTIO_NET_HDR_GSO_NONE) {
		*hdr = 0;
		return !o->needs_csum || (uint64_t)o->csum_start + o->csum_offset + 2 <= len;
	}
	if (!v4 && o->gso_type != VIRTIO_NET_HDR_GSO_TCPV6) {
		return false;
	}
	if (v4) {
		if (len < 34 || be(p + 12, 2) != 0x0800 || p[14] >> 4 != 4 || (p[14] & 15) < 5 ||
		    p[23] != 6 || be(p + 16, 2) != len - 14 || (be(p + 20, 2) & 0x3fff) != 0) {
			return false;
		}
		l4 = 14 + (uint64_t)(p[14] & 15) * 4;
	} else {
		if (len < 54 || be(p + 12, 2) != 0x86dd || p[14] >> 4 != 6 || p[20] != 6 ||
		    be(p + 18, 2) != len - 54) {
			return false;
		}
		l4 = 54;
	}
	if (l4 + 20 > len) {
		return false;
	}
	doff = (uint64_t)(p[l4 + 12] >> 4) * 4;
	if (doff < 20 || l4 + doff > len) {
		return false;
	}
	*hdr = l4 + doff;
	return o->needs_csum && o->csum_start == l4 && o->csum_offset == 16 && o->gso_size > 0 &&
	       *hdr < len && *hdr + o->gso_size <= NET_FRAME_MAX;
}

static size_t build(struct fz *f, uint8_t mode)
{
	bool v6 = (mode & MODE_V6) != 0;
	unsigned ihl = v6 ? 0 : 5 + fz_below(f, 11);
	size_t l4 = 14 + (v6 ? 40 : ihl * 4);
	size_t payload = fz_bool(f) ? fz_below(f, 5000) : fz_u16(f);
	size_t len = l4 + 20 + payload;
	uint8_t *ip = pkt + 14;

	if (len > (v6 ? NET_PACKET_MAX : 14 + 0xffffu)) {
		len = v6 ? NET_PACKET_MAX : 14 + 0xffffu;
	}
	memset(pkt, 0, l4 + 20);
	set_be(pkt + 12, v6 ? 0x86dd : 0x0800, 2);
	if (v6) {
		ip[0] = 0x60;
		set_be(ip + 4, (uint32_t)(len - l4), 2);
		ip[6] = 6;
		ip[7] = 64;
		for (unsigned i = 8; i < 40; i++) {
			ip[i] = fz_u8(f);
		}
	} else {
		ip[0] = (uint8_t)(0x40 | ihl);
		set_be(ip + 2, (uint32_t)(len - 14), 2);
		set_be(ip + 4, fz_u16(f), 2);
		ip[6] = 0x40;
		ip[8] = 64;
		ip[9] = 6;
		for (unsigned i = 12; i < ihl * 4; i++) {
			ip[i] = fz_u8(f);
		}
	}
	set_be(pkt + l4 + 4, fz_u32(f), 4);
	pkt[l4 + 12] = 5 << 4;
	pkt[l4 + 13] = fz_u8(f);
	for (size_t i = l4 + 20; i < len; i++) {
		pkt[i] = (uint8_t)(i * 31 + (i >> 9));
	}
	return len;
}

/* A completed checksum, against the model. */
static void check_csum(size_t len, struct net_offload o)
{
	size_t field = (size_t)o.csum_start + o.csum_offset;

	net_offload_complete_csum(pkt, len, &o);
	FZ_CHECK(!o.needs_csum, "NEEDS_CSUM left set");
	FZ_CHECK(be(pkt + field, 2) != 0, "a checksum of 0 stored");
	FZ_CHECK(memcmp(pkt, orig, field) == 0 &&
			 memcmp(pkt + field + 2, orig + field + 2, len - field - 2) == 0,
		 "bytes beside the checksum changed");
	/* What the field held (the pseudo-header's sum) is what a receiver adds: all is 0xffff. */
	if (o.csum_offset % 2 == 0) {
		uint32_t got = msum(be(orig + field, 2), pkt + o.csum_start, len - o.csum_start);

		FZ_CHECK(got == 0xffff, "the completed range sums to %04x", got);
	}
}

/* Frame i of count, n payload bytes from off: the packet's, with only the allowed changes. */
static void check_frame(const struct net_offload *o, size_t flen, size_t i, size_t count,
			size_t off, size_t hdr)
{
	bool v4 = o->gso_type == VIRTIO_NET_HDR_GSO_TCPV4, last = i + 1 == count;
	size_t l4 = o->csum_start, n = flen - hdr;
	uint8_t flags = orig[l4 + 13];
	uint32_t pseudo;
	struct net_offload plain = NET_OFFLOAD_NONE;

	FZ_CHECK(flen > hdr && flen <= NET_FRAME_MAX, "frame %zu: %zu bytes", i, flen);
	FZ_CHECK(n <= o->gso_size && (last || n == o->gso_size), "frame %zu: %zu bytes of payload",
		 i, n);
	FZ_CHECK(memcmp(frame + hdr, orig + hdr + off, n) == 0, "frame %zu: payload differs", i);
	FZ_CHECK(memcmp(frame, orig, 14) == 0, "frame %zu: Ethernet header differs", i);
	if (v4) {
		FZ_CHECK(be(frame + 16, 2) == flen - 14, "frame %zu: total length", i);
		FZ_CHECK(be(frame + 18, 2) == ((be(orig + 18, 2) + i) & 0xffff), "frame %zu: id",
			 i);
		FZ_CHECK(msum(0, frame + 14, l4 - 14) == 0xffff, "frame %zu: IPv4 checksum", i);
		FZ_CHECK(memcmp(frame + 14, orig + 14, 2) == 0 &&
				 memcmp(frame + 20, orig + 20, 4) == 0 &&
				 memcmp(frame + 26, orig + 26, l4 - 26) == 0,
			 "frame %zu: IPv4 header differs", i);
		pseudo = msum(6 + (uint32_t)(flen - l4), frame + 26, 8);
	} else {
		FZ_CHECK(be(frame + 18, 2) == flen - 54, "frame %zu: payload length", i);
		FZ_CHECK(memcmp(frame + 14, orig + 14, 4) == 0 &&
				 memcmp(frame + 20, orig + 20, 34) == 0,
			 "frame %zu: IPv6 header differs", i);
		pseudo = msum(6 + (uint32_t)(flen - l4), frame + 22, 32);
	}
	FZ_CHECK(be(frame + l4 + 4, 4) == (uint32_t)(be(orig + l4 + 4, 4) + off),
		 "frame %zu: sequence number", i);
	if (!last) {
		flags &= (uint8_t)~0x09;
	}
	if (i != 0) {
		flags &= (uint8_t)~0x80;
	}
	FZ_CHECK(frame[l4 + 13] == flags, "frame %zu: flags %02x, want %02x", i, frame[l4 + 13],
		 flags);
	FZ_CHECK(memcmp(frame + l4, orig + l4, 4) == 0 &&
			 memcmp(frame + l4 + 8, orig + l4 + 8, 5) == 0 &&
			 memcmp(frame + l4 + 14, orig + l4 + 14, 2) == 0 &&
			 memcmp(frame + l4 + 18, orig + l4 + 18, hdr - l4 - 18) == 0,
		 "frame %zu: TCP header differs", i);
	FZ_CHECK(msum(pseudo, frame + l4, flen - l4) == 0xffff, "frame %zu: TCP checksum", i);
	FZ_CHECK(net_offload_check(frame, flen, &plain), "frame %zu refused as a plain frame", i);
}

static void check_segments(size_t len, const struct net_offload *o, size_t hdr)
{
	size_t count = net_offload_segments(len, o), off = 0;

	FZ_CHECK(count == (len - hdr + o->gso_size - 1) / o->gso_size, "%zu frames", count);
	for (size_t i = 0; i < count; i++) {
		size_t flen;

		memset(frame, 0xa5, hdr + o->gso_size);
		flen = net_offload_segment(pkt, len, o, i, frame);
		check_frame(o, flen, i, count, off, hdr);
		off += flen - hdr;
	}
	FZ_CHECK(off == len - hdr, "frames carry %zu of %zu payload bytes", off, len - hdr);
	FZ_CHECK(memcmp(pkt, orig, len) == 0, "the packet changed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);
	uint8_t mode = fz_u8(&f);
	struct net_offload o = NET_OFFLOAD_NONE;
	uint64_t hdr = 0;
	size_t len;
	bool ok, want;

	/* One field after the other: an initializer's order of evaluation is unspecified. */
	o.needs_csum = (fz_u8(&f) & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0;
	o.gso_type = fz_u8(&f);
	o.hdr_len = fz_u16(&f);
	o.gso_size = fz_u16(&f);
	o.csum_start = fz_u16(&f);
	o.csum_offset = fz_u16(&f);
	if ((mode & MODE_BUILD) != 0) {
		len = build(&f, mode);
		if ((mode & MODE_ASK_GSO) != 0) {
			/* The header a Linux driver writes, then one field of it as the input says. */
			o.gso_type = (mode & MODE_V6) != 0 ? VIRTIO_NET_HDR_GSO_TCPV6
							   : VIRTIO_NET_HDR_GSO_TCPV4;
			o.needs_csum = true;
			o.csum_start =
				(uint16_t)((mode & MODE_V6) != 0 ? 54 : 14 + (pkt[14] & 15) * 4);
			o.csum_offset = 16;
			o.gso_size = (uint16_t)(1 + o.gso_size % 1460);
			if ((mode & 0x18) == 0x18) {
				o.gso_size = (uint16_t)(mode >> 5); /* tiny MSS, or 0 */
			}
		}
		for (unsigned k = fz_below(&f, MAX_POKES + 1); k > 0; k--) {
			size_t at = fz_u16(&f) % len;

			pkt[at] = fz_u8(&f);
		}
	} else {
		const uint8_t *b = fz_bytes(&f, NET_PACKET_MAX + 1, &len);

		if (len > NET_PACKET_MAX) {
			len = NET_PACKET_MAX + 1; /* too long: refused, never read past */
			memcpy(pkt, b, NET_PACKET_MAX);
		} else {
			memcpy(pkt, b, len);
		}
	}
	memcpy(orig, pkt, len <= NET_PACKET_MAX ? len : NET_PACKET_MAX);
	want = model_accepts(pkt, len, &o, &hdr);
	ok = net_offload_check(pkt, len, &o);
	FZ_CHECK(ok == want,
		 "accepted %d, the model says %d (len %zu, gso %u, size %u, start %u, offset %u)",
		 ok, want, len, o.gso_type, o.gso_size, o.csum_start, o.csum_offset);
	if (!ok) {
		return 0;
	}
	FZ_CHECK(memcmp(pkt, orig, len) == 0, "the check changed the packet");
	if (o.gso_type == VIRTIO_NET_HDR_GSO_NONE) {
		if (o.needs_csum) {
			check_csum(len, o);
		}
		return 0;
	}
	FZ_CHECK(o.hdr_len == hdr, "hdr_len %u, the model measures %llu", o.hdr_len,
		 (unsigned long long)hdr);
	check_segments(len, &o, hdr);
	return 0;
}
