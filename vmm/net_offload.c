/* SPDX-License-Identifier: Apache-2.0 */
/* Checksum completion and TCP segmentation of guest packets, in software (vmm/net_offload.h). */
#include "vmm/net_offload.h"

#include "lib/string.h"
#include "lib/virtio_spec.h"

static uint32_t get_be(const uint8_t *p, unsigned bytes)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v = (v << 8) | p[i];
	}
	return v;
}

static void put_be(uint8_t *p, uint32_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++) {
		p[bytes - 1 - i] = (uint8_t)(v >> (8 * i));
	}
}

uint64_t net_csum_add(uint64_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	/* Invariant: sum holds p[0, i) as big-endian 16-bit words; a last odd byte is padded. */
	for (i = 0; i + 1 < n; i += 2) {
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	}
	if (i < n) {
		sum += (uint32_t)p[i] << 8;
	}
	return sum;
}

uint16_t net_csum_fold(uint64_t sum)
{
	while (sum >> 16 != 0) {
		sum = (sum & 0xffffu) + (sum >> 16);
	}
	return (uint16_t)sum;
}

/* The checksum to store for data summing to sum: its complement, with 0 sent as 0xffff. */
static uint16_t csum_final(uint64_t sum)
{
	uint16_t c = (uint16_t)~net_csum_fold(sum);

	return c == 0 ? 0xffffu : c;
}

static bool is_ipv4(const struct net_offload *o)
{
	return o->gso_type == VIRTIO_NET_HDR_GSO_TCPV4;
}

/*
 * A TCP GSO packet's headers: where TCP starts (*l4) and the payload (*hdr), or false. Lengths
 * must agree with len: a packet with bytes beyond its IP length, or fewer, is not cut.
 */
static bool gso_headers(const uint8_t *pkt, size_t len, bool v4, size_t *l4, size_t *hdr)
{
	const uint8_t *ip = pkt + NET_ETH_HLEN;
	size_t doff;

	if (len < NET_ETH_HLEN + (v4 ? NET_IP4_HLEN_MIN : NET_IP6_HLEN)) {
		return false;
	}
	if (v4) {
		size_t ihl = (size_t)(ip[0] & 0x0fu) * 4;

		if (get_be(pkt + NET_ETH_TYPE, 2) != NET_ETH_P_IPV4 || ip[0] >> 4 != 4 ||
		    ihl < NET_IP4_HLEN_MIN || ip[NET_IP4_PROTO] != NET_IPPROTO_TCP ||
		    get_be(ip + NET_IP4_TOT_LEN, 2) != len - NET_ETH_HLEN ||
		    ihl > len - NET_ETH_HLEN ||
		    (get_be(ip + NET_IP4_FRAG, 2) & NET_IP4_FRAG_MF_OFFSET) != 0) {
			return false;
		}
		*l4 = NET_ETH_HLEN + ihl; /* within len: the total length says so */
	} else {
		if (get_be(pkt + NET_ETH_TYPE, 2) != NET_ETH_P_IPV6 || ip[0] >> 4 != 6 ||
		    ip[NET_IP6_NEXT] != NET_IPPROTO_TCP ||
		    get_be(ip + NET_IP6_PLEN, 2) != len - NET_ETH_HLEN - NET_IP6_HLEN) {
			return false;
		}
		*l4 = NET_ETH_HLEN + NET_IP6_HLEN;
	}
	if (len - *l4 < NET_TCP_HLEN_MIN) {
		return false;
	}
	doff = (size_t)(pkt[*l4 + NET_TCP_DOFF] >> 4) * 4;
	if (doff < NET_TCP_HLEN_MIN || doff > len - *l4) {
		return false;
	}
	*hdr = *l4 + doff;
	return true;
}

bool net_offload_check(const uint8_t *pkt, size_t len, struct net_offload *o)
{
	size_t l4, hdr;

	if (len < NET_ETH_HLEN || len > NET_PACKET_MAX) {
		return false;
	}
	if (o->gso_type == VIRTIO_NET_HDR_GSO_NONE) {
		o->hdr_len = 0;
		o->gso_size = 0;
		/* From csum_start to the end, with the 2-byte field inside. */
		return !o->needs_csum || (o->csum_start < len && len - o->csum_start >= 2 &&
					  o->csum_offset <= len - o->csum_start - 2);
	}
	if (o->gso_type != VIRTIO_NET_HDR_GSO_TCPV4 && o->gso_type != VIRTIO_NET_HDR_GSO_TCPV6) {
		return false; /* UDP, and the ECN bit: neither offered */
	}
	if (!gso_headers(pkt, len, is_ipv4(o), &l4, &hdr)) {
		return false;
	}
	/* Section 5.1.6.2.1: a GSO packet carries NEEDS_CSUM (the driver MUST); on the TCP checksum. */
	if (!o->needs_csum || o->csum_start != l4 || o->csum_offset != NET_TCP_CSUM) {
		return false;
	}
	if (o->gso_size == 0 || hdr == len || o->gso_size > NET_FRAME_MAX - hdr) {
		return false;
	}
	o->hdr_len = (uint16_t)hdr;
	return true;
}

void net_offload_complete_csum(uint8_t *pkt, size_t len, struct net_offload *o)
{
	uint8_t *field = pkt + o->csum_start + o->csum_offset;

	/* The field holds the pseudo-header's sum (or 0): it is part of what is summed. */
	put_be(field, csum_final(net_csum_add(0, pkt + o->csum_start, len - o->csum_start)), 2);
	o->needs_csum = false;
}

size_t net_offload_segments(size_t len, const struct net_offload *o)
{
	size_t payload = len - o->hdr_len;

	return (payload + o->gso_size - 1) / o->gso_size;
}

/* The TCP pseudo-header's sum (RFC 9293 3.1, RFC 8200 8.1) for tcp_len bytes of TCP. */
static uint64_t pseudo_sum(const uint8_t *ip, bool v4, size_t tcp_len)
{
	uint64_t sum = NET_IPPROTO_TCP + (uint64_t)tcp_len;

	if (v4) {
		return net_csum_add(sum, ip + NET_IP4_SRC, 8);
	}
	return net_csum_add(sum, ip + NET_IP6_SRC, 32);
}

size_t net_offload_segment(const uint8_t *pkt, size_t len, const struct net_offload *o, size_t i,
			   uint8_t *out)
{
	size_t hdr = o->hdr_len, l4 = o->csum_start, off = i * o->gso_size;
	size_t n = len - hdr - off < o->gso_size ? len - hdr - off : o->gso_size;
	bool last = off + n == len - hdr;
	uint8_t *ip = out + NET_ETH_HLEN, *tcp = out + l4;
	bool v4 = is_ipv4(o);

	lib_memcpy(out, pkt, hdr);
	lib_memcpy(out + hdr, pkt + hdr + off, n);
	if (v4) {
		size_t ihl = l4 - NET_ETH_HLEN;

		put_be(ip + NET_IP4_TOT_LEN, (uint32_t)(hdr + n - NET_ETH_HLEN), 2);
		put_be(ip + NET_IP4_ID, get_be(ip + NET_IP4_ID, 2) + (uint32_t)i, 2);
		put_be(ip + NET_IP4_CSUM, 0, 2);
		put_be(ip + NET_IP4_CSUM, (uint16_t)~net_csum_fold(net_csum_add(0, ip, ihl)), 2);
	} else {
		put_be(ip + NET_IP6_PLEN, (uint32_t)(hdr + n - NET_ETH_HLEN - NET_IP6_HLEN), 2);
	}
	put_be(tcp + NET_TCP_SEQ, get_be(tcp + NET_TCP_SEQ, 4) + (uint32_t)off, 4);
	if (!last) {
		tcp[NET_TCP_FLAGS] &= (uint8_t) ~(NET_TCP_FIN | NET_TCP_PSH);
	}
	if (i != 0) {
		tcp[NET_TCP_FLAGS] &= (uint8_t)~NET_TCP_CWR;
	}
	/* Computed whole, whatever the guest left in the field. */
	put_be(tcp + NET_TCP_CSUM, 0, 2);
	put_be(tcp + NET_TCP_CSUM,
	       csum_final(net_csum_add(pseudo_sum(ip, v4, hdr + n - l4), tcp, hdr + n - l4)), 2);
	return hdr + n;
}
