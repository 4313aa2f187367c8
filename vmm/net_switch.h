/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The `--network vm[=SWITCH]` backend: a virtual switch joining the NICs of the VMs of one run
 * that name the same switch, so frames go from one guest's transmitq to another's receiveq
 * without leaving rvkvm. It learns nothing. Each port has the MAC address the VMM gave its NIC:
 *   - a frame whose source address is not its port's own is dropped (no spoofing);
 *   - a unicast frame goes to the one other port with its destination address, or nowhere
 *     (dropped: unknown unicast is not flooded, so no port sees unicast between two others);
 *   - a group frame (multicast, broadcast) goes to every other port.
 * Every drop is counted in the sending or the receiving port's struct net_switch_stats.
 * Packets go as they were sent, with what they ask (a partial checksum, TCP segmentation: the
 * port's offloads are NET_BACKEND_CSUM and NET_BACKEND_TSO), so each receiving NIC gets them
 * intact if its guest takes that, or completes and cuts them for its guest itself.
 *
 * Threads and locks. The switch has no thread of its own. A port is one NIC's backend
 * (net_switch_backend_ops, ctx the port): that NIC's I/O thread calls send and receive under its
 * device lock (the transport lock). A sender never touches another VM's device: it copies the
 * frame into the receiving port's bounded queue, under that queue's lock, and calls the port's
 * wake (the receiving NIC's doorbell event) when the queue stops being empty. The receiving NIC's
 * own I/O thread then moves the frame into its guest's ring under its own device lock
 * (virtio_net_process pulls it while the guest has receive buffers). So:
 *   - no thread ever holds two device locks: two VMs' I/O threads sending to each other cannot
 *     deadlock;
 *   - a guest that posts no receive buffers only fills its own queue; frames for it are then
 *     dropped (rx_full), and no sender ever waits for it.
 * Lock order, outermost first: a device's transport lock → the switch's lock (port list, the
 * senders' counters) → a port's queue lock (a leaf). wake runs under the switch's lock, not the
 * queue's; it may take leaves only (rvkvm_event_signal takes the scheduler's lock).
 */
#ifndef VMM_NET_SWITCH_H
#define VMM_NET_SWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "vmm/devices/net_backend.h"

#define NET_SWITCH_NAME_MAX 31  /* bytes of a switch's name */
#define NET_SWITCH_MAX 8        /* switches in one run */
#define NET_SWITCH_MAX_PORTS 16 /* ports on one switch */
#define NET_SWITCH_QUEUE 64     /* packets waiting for one port's guest, at most */
/* Their bytes, at most: two of the largest GSO packets, or more frames than fit the count. */
#define NET_SWITCH_QUEUE_BYTES (128u * 1024u)
#define NET_SWITCH_DEFAULT "vm" /* the switch of a bare `--network vm` */

struct net_switch;

struct net_switch_stats {
	uint64_t tx_frames;     /* sent and forwarded (a group frame once, however many got it) */
	uint64_t tx_spoofed;    /* dropped: source address not the port's */
	uint64_t tx_unknown;    /* dropped: unicast to an address no other port has */
	uint64_t tx_bad_length; /* dropped: shorter than NET_ETH_HLEN, or longer than NET_FRAME_MAX
				   (NET_PACKET_MAX for a GSO packet) */
	uint64_t rx_frames;     /* queued for this port's guest */
	uint64_t rx_full;       /* dropped: this port's queue was full */
};

/* A NIC's place on a switch; the board keeps it beside the NIC, zeroed before attach. */
struct net_switch_port {
	struct net_switch *sw; /* NULL while detached */
	uint8_t mac[NET_ETH_ALEN];
	void (*wake)(void *opaque);
	void *wake_opaque;
	struct net_switch_stats stats; /* tx_* under the switch's lock, rx_* under lock */

	/*
	 * The queue: count packets from head round the arrays; packet i's bytes are at
	 * start[i] in bytes, as a ring (a packet may wrap its end), used bytes in all.
	 */
	spinlock_t lock;
	unsigned head, count;
	size_t used;
	uint32_t start[NET_SWITCH_QUEUE], len[NET_SWITCH_QUEUE];
	struct net_offload meta[NET_SWITCH_QUEUE];
	uint8_t bytes[NET_SWITCH_QUEUE_BYTES];
};

struct net_switch {
	char name[NET_SWITCH_NAME_MAX + 1];
	spinlock_t lock; /* ports, nports, and the ports' tx_* counters */
	unsigned nports;
	struct net_switch_port *ports[NET_SWITCH_MAX_PORTS];
};

/* The run's switches by name: one static table in the VMM. */
struct net_switch_set {
	spinlock_t lock;
	unsigned count;
	struct net_switch sw[NET_SWITCH_MAX];
};

/* An empty switch called name (at most NET_SWITCH_NAME_MAX bytes, truncated beyond). */
void net_switch_init(struct net_switch *sw, const char *name);

/*
 * The switch called name in set, made on first use. NULL: name is empty or longer than
 * NET_SWITCH_NAME_MAX, or the set already has NET_SWITCH_MAX switches.
 */
struct net_switch *net_switch_get(struct net_switch_set *set, const char *name);

/*
 * Puts port p (zeroed or detached) on sw with address mac; wake(wake_opaque) is how frames for
 * it announce themselves (see above). 0; RVKVM_EINVAL: mac is a group address or all zeros;
 * RVKVM_EEXIST: another port has mac; RVKVM_ENOSPC: the switch has NET_SWITCH_MAX_PORTS.
 */
int net_switch_attach(struct net_switch *sw, struct net_switch_port *p,
		      const uint8_t mac[NET_ETH_ALEN], void (*wake)(void *opaque),
		      void *wake_opaque);

/*
 * Takes p off its switch and drops the frames queued for it; once it returns no sender touches
 * p. Call it after p's NIC stopped calling send and receive (its I/O thread ended).
 */
void net_switch_detach(struct net_switch_port *p);

/*
 * p's NIC sent pkt[0, len) asking *o: forwarded by the rules above, or dropped and counted.
 * Always 0 (a switch is never full: a full queue drops). Same prototype as net_backend_ops.send.
 */
int net_switch_send(void *port, const void *pkt, size_t len, const struct net_offload *o);

/*
 * The oldest packet queued for p's guest, copied into buf, what it asks into *o: its length, or
 * 0 when none waits (or size is less than NET_PACKET_MAX). Same prototype as
 * net_backend_ops.receive.
 */
size_t net_switch_receive(void *port, void *buf, size_t size, struct net_offload *o);

/* A consistent copy of p's counters. */
struct net_switch_stats net_switch_port_stats(struct net_switch_port *p);

/* A NIC's backend on port p: { &net_switch_backend_ops, p }. */
extern const struct net_backend_ops net_switch_backend_ops;

#endif
