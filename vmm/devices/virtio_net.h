/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A virtio network device (VIRTIO 1.2 section 5.1) on the virtio-mmio transport, served by a
 * struct net_backend: one queue pair (receiveq1, transmitq1), no control queue. It offers MAC
 * (mac in the configuration), STATUS (link up or down: the backend's, if it has a link_up op,
 * else up unless set with virtio_net_set_link), MTU (1500, so a guest never sends what the
 * device must drop) and MRG_RXBUF (a received frame may span several receive chains); CSUM,
 * HOST_TSO4 and HOST_TSO6 always (what the backend does not take, vmm/net_offload.h does here in
 * software: a checksum completed, a TCP GSO packet cut into frames); GUEST_CSUM, GUEST_TSO4 and
 * GUEST_TSO6 when the backend may hand over such packets (a switch port). A received packet that
 * asks what the driver did not negotiate is completed or cut for it; one whose driver can take
 * it goes in intact, its header saying what it asks. No ECN, UDP or USO segmentation.
 *
 * Frames are copied both ways, so nothing of the guest's is at the backend once a call returns
 * and a reset has nothing to wait for. What the device drops it counts (struct virtio_net_stats):
 *   - transmit: a chain shorter than the header and an Ethernet header (runt), a packet longer
 *     than NET_FRAME_MAX without segmentation or NET_PACKET_MAX with it (oversize), a header
 *     asking for a checksum or segmentation that was not negotiated (offload: section
 *     5.1.6.2.1's driver MUSTs; ECN and UDP are never offered), a header whose fields do not fit
 *     the packet (malformed: net_offload_check), anything while the link is down. A packet the
 *     backend is full for stays in the device, its chain unused, until the backend has room;
 *   - receive: a frame pushed in (virtio_net_receive) when the guest has too few receive
 *     buffers, or any frame when those it has can never hold it (no_buffers); a frame while the
 *     device does not run or the link is down, or of a bad length or offload fields that do not
 *     fit it (bad_length). A frame pulled from the
 *     backend (virtio_net_process) that finds the ring dry is held until the guest posts more,
 *     and the frames after it wait at the backend.
 * A transmitq chain with device-writable buffers, a receiveq chain with readable ones, or a
 * receive buffer shorter than the header with MRG_RXBUF (a driver MUST, section 5.1.6.3.1) is
 * the driver breaking the rules: the device uses nothing of it and sets DEVICE_NEEDS_RESET.
 */
#ifndef VMM_DEVICES_VIRTIO_NET_H
#define VMM_DEVICES_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmm/devices/net_backend.h"
#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_mem.h"

#define VIRTIO_NET_NUM_QUEUES 2
/* Receive chains one packet may take with MRG_RXBUF: all there are, for a 64 KiB GSO packet. */
#define VIRTIO_NET_RX_MAX_CHAINS VIRTQ_MAX_SIZE

struct virtio_net_stats {
	uint64_t tx_frames, tx_bytes;  /* handed to the backend (a GSO packet or each frame cut) */
	uint64_t tx_runt, tx_oversize; /* dropped: too short, too long */
	uint64_t tx_offload;           /* dropped: checksum or GSO asked for, not negotiated */
	uint64_t tx_malformed;         /* dropped: the header's fields do not fit the packet */
	uint64_t tx_csum_done;         /* partial checksums completed for the backend */
	uint64_t tx_segmented;         /* GSO packets cut into frames for the backend */
	uint64_t tx_gso;               /* GSO packets the backend took whole */
	uint64_t tx_link_down;         /* dropped: the link was down */
	uint64_t rx_frames, rx_bytes;  /* placed in the guest's receive buffers */
	uint64_t rx_no_buffers;        /* dropped: too few or too small receive buffers */
	uint64_t rx_not_running;       /* dropped: no driver running, or receiveq not ready */
	uint64_t rx_link_down;         /* dropped: the link was down */
	uint64_t rx_bad_length;        /* dropped: the backend gave a frame of a bad length */
	uint64_t rx_csum_done;         /* partial checksums completed: GUEST_CSUM not negotiated */
	uint64_t rx_segmented;         /* GSO packets cut into frames: GUEST_TSO not negotiated */
	uint64_t rx_gso;               /* GSO packets placed whole (GUEST_TSO4/6) */
};

struct virtio_net {
	struct virtio_mmio transport;
	const struct guest_mem *mem;
	struct net_backend *backend;
	void (*wake)(void *opaque);
	void *wake_opaque;

	uint8_t config[VIRTIO_NET_CFG_SIZE];
	bool link_up;
	bool pushed[VIRTIO_NET_NUM_QUEUES]; /* used chains not yet announced */
	struct virtio_net_stats stats;

	/*
	 * A transmitted packet, copied from the guest, and what it asks; it stays here while the
	 * backend is full, its chain not given back: tx_len its length then, else 0, tx_next the
	 * next frame to send of one being cut.
	 */
	uint8_t tx_packet[NET_PACKET_MAX];
	size_t tx_len, tx_next;
	uint16_t tx_head;
	struct net_offload tx_meta;
	/*
	 * A packet taken from the backend: rx_held its length while it waits for receive buffers,
	 * else 0; rx_next the next frame to place of one being cut for the guest.
	 */
	uint8_t rx_packet[NET_PACKET_MAX];
	size_t rx_held, rx_next;
	struct net_offload rx_meta;
	uint8_t frame[NET_FRAME_MAX]; /* one frame cut from a GSO packet, either way */
	uint16_t rx_chains_seen;      /* receive chains there when the ring last ran dry */
	struct virtq_used_elem rx_used[VIRTIO_NET_RX_MAX_CHAINS];
	struct virtq_chain chain;
	struct virtq_chain rx_first; /* a received frame's first chain, its header written last */
};

/*
 * Sets the device up on its transport with MAC address mac and the backend's link state (up
 * for a backend without link_up): no interrupt, as no driver runs yet. wake is called under
 * the transport lock when the driver notifies or sets DRIVER_OK: the device's I/O thread should
 * then call virtio_net_process. A backend whose frames arrive for the guest, or which
 * has room again after RVKVM_ENOSPC, wakes that thread the same way (on its own).
 */
void virtio_net_init(struct virtio_net *n, const struct guest_mem *mem, struct net_backend *backend,
		     const uint8_t mac[NET_ETH_ALEN], void (*irq)(void *opaque, bool level),
		     void *irq_opaque, void (*wake)(void *opaque), void *wake_opaque);

/*
 * Under transport.lock, from the I/O thread: first makes the link the backend's (link_up, as
 * virtio_net_set_link would), then sends what the guest transmitted to the backend, moves
 * frames from the backend's receive into the guest's receive buffers while it has some, gives
 * the chains back, and asks the driver to notify (transmitq unless the backend is full,
 * receiveq when it ran out of buffers) before returning. True: transmit stopped on a full
 * backend (RVKVM_ENOSPC); call again when the backend has room.
 */
bool virtio_net_process(struct virtio_net *n);

/*
 * Under transport.lock: puts frame[0, len), asking for nothing, into the guest's receive buffers and gives them back
 * (an interrupt if the driver wants one), or drops it and counts why. True: delivered. For a
 * backend that pushes frames; virtio_net_process pulls them through the same path.
 */
bool virtio_net_receive(struct virtio_net *n, const void *frame, size_t len);

/*
 * Under transport.lock: the link goes up or down (VIRTIO_NET_S_LINK_UP in the configuration's
 * status); a change raises the configuration-change interrupt once the driver runs, none
 * otherwise. While down nothing is sent or received (each frame is dropped and counted). With a
 * backend that has link_up, the next virtio_net_process sets the backend's state again.
 */
void virtio_net_set_link(struct virtio_net *n, bool up);

#endif
