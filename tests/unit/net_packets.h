/* SPDX-License-Identifier: Apache-2.0 */
/*
 * TCP packets built by hand as Linux hands them to virtio_net with TSO (the TCP checksum field
 * holding the pseudo-header's sum), and the tests' own Internet checksum to judge frames by.
 */
#ifndef TESTS_UNIT_NET_PACKETS_H
#define TESTS_UNIT_NET_PACKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * pkt: Ethernet to dst from src, IPv4 with ihl words (NOP options past 20 bytes), TCP (20 bytes)
 * with flags, payload bytes of a pattern. Returns its length.
 */
size_t netpkt_tcp4(uint8_t *pkt, const uint8_t *dst, const uint8_t *src, unsigned ihl,
		   size_t payload, uint8_t flags);

/* The same over IPv6 (no extension headers). */
size_t netpkt_tcp6(uint8_t *pkt, const uint8_t *dst, const uint8_t *src, size_t payload,
		   uint8_t flags);

/* RFC 1071's sum of p[0, n) added to start, folded: written here, apart from vmm/net_offload.c. */
unsigned netpkt_sum16(unsigned start, const uint8_t *p, size_t n);

/* The pseudo-header's sum of an IPv4 (ip its header) or IPv6 packet, for l4_len bytes of proto. */
unsigned netpkt_pseudo(const uint8_t *ip, bool v4, unsigned proto, size_t l4_len);

/* Whether frame[0, len)'s layer 4 checksum (TCP or UDP from l4 on) verifies at a receiver. */
bool netpkt_l4_csum_ok(const uint8_t *frame, size_t len, size_t l4, bool v4, unsigned proto);

/* Whether frame[0, len)'s IPv4 header checksum verifies (ihl from the header). */
bool netpkt_ip4_csum_ok(const uint8_t *frame);

unsigned netpkt_be16(const uint8_t *p);
uint32_t netpkt_be32(const uint8_t *p);
void netpkt_set16(uint8_t *p, unsigned v);

#endif
