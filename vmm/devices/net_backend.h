/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a guest NIC is served by: a link that takes the packets the guest sends and hands over the
 * ones it receives (vmm/net_switch.h's ports, or a host NIC). A packet is a whole Ethernet frame
 * without preamble or FCS, NET_ETH_HLEN to NET_FRAME_MAX bytes, copied on each side, with what it
 * asks of the other side (struct net_offload): a backend that takes partial checksums or TCP
 * segmentation (its offloads) gets such packets, checked by net_offload_check, a GSO packet up to
 * NET_PACKET_MAX bytes; the device does the rest in software before the backend sees the packet.
 */
#ifndef VMM_DEVICES_NET_BACKEND_H
#define VMM_DEVICES_NET_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/virtio_spec.h"
#include "vmm/net_offload.h"

/* First address byte: bit 0 group (multicast and broadcast), bit 1 locally administered. */
#define NET_ETH_GROUP_BIT 0x01u
#define NET_ETH_LOCAL_BIT 0x02u

_Static_assert(NET_FRAME_MAX == VIRTIO_NET_MAX_PACKET, "a frame is a virtio-net packet");

#define NET_BACKEND_CSUM 1u /* packets with a partial checksum (NEEDS_CSUM) */
#define NET_BACKEND_TSO 2u  /* TCP GSO packets, IPv4 and IPv6 */

/*
 * The calls run on the guest NIC's I/O thread under its device lock (the virtio-mmio transport
 * lock), link_up also once when the device is set up: a backend must not take that lock, nor any
 * guest device's, and must not wait.
 */
struct net_backend_ops {
	/*
	 * NET_BACKEND_CSUM, NET_BACKEND_TSO: what the backend takes in send and may hand
	 * over in receive. TSO goes with CSUM (a GSO packet carries NEEDS_CSUM).
	 */
	unsigned offloads;
	/*
	 * The guest sent pkt[0, len) asking *o (nothing beyond offloads; a frame of at most
	 * NET_FRAME_MAX bytes unless o->gso_type); the backend copies what it keeps before it
	 * returns. 0: taken (sent, or dropped and counted by the backend); RVKVM_ENOSPC: full,
	 * the packet stays with the device until it is woken to try again.
	 */
	int (*send)(void *ctx, const void *pkt, size_t len, const struct net_offload *o);
	/*
	 * The next packet waiting for the guest, copied into buf (size bytes, at least
	 * NET_PACKET_MAX with NET_BACKEND_TSO, else NET_FRAME_MAX), what it asks in *o: its
	 * length, or 0 when none waits. The device checks both again. It asks only while the
	 * guest has receive buffers, so packets wait at the backend while it has none. NULL: a
	 * backend that pushes frames in itself (virtio_net_receive).
	 */
	size_t (*receive)(void *ctx, void *buf, size_t size, struct net_offload *o);
	/*
	 * Whether the backend's link is up: the guest NIC's follows it, read at set-up and on
	 * each pass of the I/O thread, so a backend whose link changes wakes that thread as it
	 * does for frames. NULL: always up (a switch port).
	 */
	bool (*link_up)(void *ctx);
};

struct net_backend {
	const struct net_backend_ops *ops;
	void *ctx;
};

/* A group address: multicast, broadcast included. */
static inline bool net_eth_is_group(const uint8_t *mac)
{
	return (mac[0] & NET_ETH_GROUP_BIT) != 0;
}

#endif
