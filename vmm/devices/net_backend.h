/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a guest NIC is served by: a link that takes the Ethernet frames the guest sends and hands
 * over the ones it receives (vmm/net_switch.h's ports, or a host NIC). Frames are whole Ethernet
 * frames without preamble or FCS, NET_ETH_HLEN to NET_FRAME_MAX bytes, copied on each side.
 */
#ifndef VMM_DEVICES_NET_BACKEND_H
#define VMM_DEVICES_NET_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/virtio_spec.h"

/* Ethernet (IEEE 802.3): addresses, and the header in front of every frame. */
#define NET_ETH_ALEN 6
#define NET_ETH_DST 0 /* destination address, at the frame's start */
#define NET_ETH_SRC 6 /* source address */
#define NET_ETH_HLEN 14
/* First address byte: bit 0 group (multicast and broadcast), bit 1 locally administered. */
#define NET_ETH_GROUP_BIT 0x01u
#define NET_ETH_LOCAL_BIT 0x02u

/*
 * The largest frame anyone here sends or receives: an MTU of 1500 behind the Ethernet header, the
 * virtio-net spec's largest packet without segmentation offloads. No room for an 802.1Q tag.
 */
#define NET_MTU 1500u
#define NET_FRAME_MAX (NET_ETH_HLEN + NET_MTU)
_Static_assert(NET_FRAME_MAX == VIRTIO_NET_MAX_PACKET, "a frame is a virtio-net packet");

/*
 * The calls run on the guest NIC's I/O thread under its device lock (the virtio-mmio transport
 * lock), link_up also once when the device is set up: a backend must not take that lock, nor any
 * guest device's, and must not wait.
 */
struct net_backend_ops {
	/*
	 * The guest sent frame[0, len), NET_ETH_HLEN..NET_FRAME_MAX bytes; the backend
	 * copies what it keeps before it returns. 0: taken (sent, or dropped and counted by
	 * the backend); RVKVM_ENOSPC: full, the frame stays with the guest until the device
	 * is woken to try again.
	 */
	int (*send)(void *ctx, const void *frame, size_t len);
	/*
	 * The next frame waiting for the guest, copied into buf (size bytes, at least
	 * NET_FRAME_MAX): its length, or 0 when none waits. The device asks only while the
	 * guest has receive buffers, so frames wait at the backend while it has none. NULL:
	 * a backend that pushes frames in itself (virtio_net_receive).
	 */
	size_t (*receive)(void *ctx, void *buf, size_t size);
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
