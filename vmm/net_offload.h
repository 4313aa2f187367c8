/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checksum and TCP segmentation offload done in software (VIRTIO 1.2 sections 5.1.6.2 and
 * 5.1.6.4): what a guest's virtio_net_hdr asks of a packet, checked against the packet, and the
 * work itself for a side that cannot take the packet as it is: a partial checksum completed, a
 * TCP GSO packet (IPv4 or IPv6) cut into frames of at most gso_size bytes of payload.
 *
 * Every length and offset comes from a guest: net_offload_check is the one place that trusts
 * none of them, and the other calls take only a packet it accepted. hdr_len is never trusted
 * (without VIRTIO_NET_F_GUEST_HDRLEN it is a hint, section 5.1.6.2.2): the headers are measured.
 */
#ifndef VMM_NET_OFFLOAD_H
#define VMM_NET_OFFLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ethernet (IEEE 802.3): addresses, and the header in front of every frame. */
#define NET_ETH_ALEN 6
#define NET_ETH_DST 0   /* destination address, at the frame's start */
#define NET_ETH_SRC 6   /* source address */
#define NET_ETH_TYPE 12 /* be16 EtherType */
#define NET_ETH_HLEN 14
#define NET_ETH_P_IPV4 0x0800u
#define NET_ETH_P_IPV6 0x86ddu

/*
 * The largest frame without segmentation: an MTU of 1500 behind the Ethernet header, the
 * virtio-net spec's largest packet without segmentation offloads. No room for an 802.1Q tag.
 */
#define NET_MTU 1500u
#define NET_FRAME_MAX (NET_ETH_HLEN + NET_MTU)
/* The largest packet with segmentation: a 64 KiB IP packet (IPv6 header and payload). */
#define NET_PACKET_MAX (NET_ETH_HLEN + 40u + 0xffffu)

/* IPv4 (RFC 791), IPv6 (RFC 8200) and TCP (RFC 9293) fields used, offsets in their header. */
#define NET_IP4_HLEN_MIN 20
#define NET_IP4_TOT_LEN 2 /* be16 */
#define NET_IP4_ID 4      /* be16 */
#define NET_IP4_FRAG 6    /* be16: flags (MF 0x2000) and fragment offset (low 13 bits) */
#define NET_IP4_FRAG_MF_OFFSET 0x3fffu
#define NET_IP4_PROTO 9
#define NET_IP4_CSUM 10 /* be16 */
#define NET_IP4_SRC 12  /* source then destination, 4 bytes each */
#define NET_IP6_HLEN 40
#define NET_IP6_PLEN 4 /* be16 payload length */
#define NET_IP6_NEXT 6
#define NET_IP6_SRC 8 /* source then destination, 16 bytes each */
#define NET_IPPROTO_TCP 6u
#define NET_TCP_HLEN_MIN 20
#define NET_TCP_SEQ 4    /* be32 */
#define NET_TCP_DOFF 12  /* data offset in the high 4 bits, in 32-bit words */
#define NET_TCP_FLAGS 13 /* CWR 0x80 ... PSH 0x08 ... FIN 0x01 */
#define NET_TCP_CSUM 16  /* be16 */
#define NET_TCP_FIN 0x01u
#define NET_TCP_PSH 0x08u
#define NET_TCP_CWR 0x80u

/*
 * What a packet asks (a virtio_net_hdr read, in host order). gso_type is
 * VIRTIO_NET_HDR_GSO_NONE, _TCPV4 or _TCPV6 once checked; with one of the latter hdr_len is the
 * measured Ethernet, IP and TCP headers and csum_start/csum_offset point at the TCP checksum.
 */
struct net_offload {
	bool needs_csum;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

/* The metadata of a packet that asks for nothing. */
#define NET_OFFLOAD_NONE ((struct net_offload){ 0 })

/*
 * Whether packet pkt[0, len) can have what o asks done to it: NEEDS_CSUM with csum_start and
 * csum_offset + 2 inside the packet; a TCP GSO packet whose Ethernet, IP and TCP headers are
 * there and say so (no 802.1Q tag, IPv4 unfragmented with options allowed, IPv6 without
 * extension headers, lengths agreeing with len exactly), with NEEDS_CSUM on the TCP checksum,
 * some payload, and a gso_size that makes frames of at most NET_FRAME_MAX bytes. The ECN bit and
 * any other gso_type are refused. On success fills o->hdr_len with the headers measured.
 */
bool net_offload_check(const uint8_t *pkt, size_t len, struct net_offload *o);

/* Whether o asks for anything (a checksum, segmentation). */
static inline bool net_offload_any(const struct net_offload *o)
{
	return o->needs_csum || o->gso_type != 0;
}

/*
 * The partial checksum of a checked packet completed in place: the Internet checksum of
 * pkt[csum_start, len) stored big-endian at csum_start + csum_offset, a result of 0 stored as
 * 0xffff (UDP's "no checksum" is 0; to a TCP receiver both are zero). Clears o->needs_csum.
 */
void net_offload_complete_csum(uint8_t *pkt, size_t len, struct net_offload *o);

/* How many frames net_offload_segment makes of a checked GSO packet of len bytes. */
size_t net_offload_segments(size_t len, const struct net_offload *o);

/*
 * Frame i (0 to net_offload_segments - 1) of a checked GSO packet, into out (NET_FRAME_MAX
 * bytes): the headers with the payload's i-th gso_size bytes, IPv4 total length, id (the
 * packet's + i) and header checksum or IPv6 payload length set, TCP sequence number advanced,
 * FIN and PSH only on the last frame, CWR only on the first, and the TCP checksum complete.
 * Returns the frame's length.
 */
size_t net_offload_segment(const uint8_t *pkt, size_t len, const struct net_offload *o, size_t i,
			   uint8_t *out);

/* The Internet checksum's ones'-complement sum of p[0, n) added to sum (RFC 1071), unfolded. */
uint64_t net_csum_add(uint64_t sum, const uint8_t *p, size_t n);

/* sum folded to 16 bits. */
uint16_t net_csum_fold(uint64_t sum);

#endif
