/* SPDX-License-Identifier: Apache-2.0 */
/* The virtio network device: transmitq frames go to the backend, the backend's fill receiveq. */
#include "vmm/devices/virtio_net.h"

#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define BIT64(n) (1ull << (n))

/*
 * What the device offers beside the transport's bits, whatever the backend: checksums and TCP
 * segmentation of what the guest sends are done here when the backend cannot.
 */
#define NET_FEATURES                                                                      \
	(BIT64(VIRTIO_NET_F_MAC) | BIT64(VIRTIO_NET_F_STATUS) | BIT64(VIRTIO_NET_F_MTU) | \
	 BIT64(VIRTIO_NET_F_MRG_RXBUF) | BIT64(VIRTIO_NET_F_CSUM) |                       \
	 BIT64(VIRTIO_NET_F_HOST_TSO4) | BIT64(VIRTIO_NET_F_HOST_TSO6))
/* What the guest may receive intact, offered when the backend may hand such packets over. */
#define NET_GUEST_CSUM BIT64(VIRTIO_NET_F_GUEST_CSUM)
#define NET_GUEST_TSO (BIT64(VIRTIO_NET_F_GUEST_TSO4) | BIT64(VIRTIO_NET_F_GUEST_TSO6))

#define RX VIRTIO_NET_Q_RX0
#define TX VIRTIO_NET_Q_TX0

_Static_assert(NET_MTU >= VIRTIO_NET_MTU_MIN && NET_MTU <= 0xffff, "mtu is a valid le16 mtu");
_Static_assert(VIRTIO_NET_RX_MAX_CHAINS *VIRTIO_NET_HDR_SIZE >= VIRTIO_NET_HDR_SIZE + NET_FRAME_MAX,
	       "the largest frame fits the most chains of the smallest size");
_Static_assert(NET_PACKET_MAX - NET_ETH_HLEN <= 0xffffu + NET_IP6_HLEN,
	       "a packet's length past its Ethernet header fits what IP can say");

/* How serving a queue stopped. */
enum serve_stop {
	SERVE_IDLE,   /* nothing to do: the queue is empty or not ready, or no frame waits */
	SERVE_FULL,   /* the backend takes no more frames now */
	SERVE_BROKEN, /* the driver broke the rules: the device needs a reset */
	SERVE_PLENTY, /* a queue's worth served: look at the other queue and go on */
};

/*
 * How placing a received frame in the guest's buffers went. Unless PLACED, every chain taken is
 * back in the ring, unused as far as the driver can tell.
 */
enum place {
	PLACED,
	NO_CHAINS, /* the ring ran dry: more buffers may come */
	TOO_SMALL, /* the buffers there cannot hold it, however many come after */
	BROKEN,    /* the driver broke the rules (DEVICE_NEEDS_RESET is set) */
};

/* What became of a frame for the guest. */
enum rx_result {
	RX_PLACED,
	RX_WAIT,    /* not placed for want of buffers, nothing counted: keep it or drop it */
	RX_DROPPED, /* dropped and counted */
};

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

static uint64_t net_features(void *dev)
{
	const struct virtio_net *n = dev;
	unsigned takes = n->backend->ops->offloads;
	uint64_t f = NET_FEATURES;

	if ((takes & NET_BACKEND_CSUM) != 0) {
		f |= NET_GUEST_CSUM;
		if ((takes & NET_BACKEND_TSO) != 0) {
			f |= NET_GUEST_TSO; /* section 5.1.3.1: only with GUEST_CSUM */
		}
	}
	return f;
}

static bool config_in_range(uint32_t offset, unsigned width)
{
	return (width == 1 || width == 2 || width == 4) && offset < VIRTIO_NET_CFG_SIZE &&
	       width <= VIRTIO_NET_CFG_SIZE - offset;
}

static bool net_config_read(void *dev, uint32_t offset, unsigned width, uint64_t *value)
{
	const struct virtio_net *n = dev;

	if (!config_in_range(offset, width)) {
		return false;
	}
	*value = get_le(&n->config[offset], width);
	return true;
}

/* The driver MUST NOT write the configuration (section 5.1.4.1): writes are ignored. */
static bool net_config_write(void *dev, uint32_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	(void)value;
	return config_in_range(offset, width);
}

static void net_notify(void *dev, unsigned q)
{
	struct virtio_net *n = dev;

	(void)q;
	n->wake(n->wake_opaque);
}

static void net_driver_ok(void *dev)
{
	struct virtio_net *n = dev;

	n->wake(n->wake_opaque);
}

/*
 * Packets are copies: nothing of the old driver's is at the backend, nothing to wait for. A
 * packet held for receive buffers was for the old driver: dropped; so is one held for a full
 * backend (its chain belongs to the old rings).
 */
static void net_reset(void *dev)
{
	struct virtio_net *n = dev;

	if (n->rx_held != 0) {
		n->rx_held = 0;
		n->stats.rx_not_running++;
	}
	n->tx_len = 0;
	for (unsigned q = 0; q < VIRTIO_NET_NUM_QUEUES; q++) {
		n->pushed[q] = false;
	}
}

static const struct virtio_device_ops net_ops = {
	.device_id = VIRTIO_ID_NET,
	.num_queues = VIRTIO_NET_NUM_QUEUES,
	.features = net_features,
	.config_read = net_config_read,
	.config_write = net_config_write,
	.notify = net_notify,
	.driver_ok = net_driver_ok,
	.reset = net_reset,
};

/* The backend's link state; a backend without one is always up. */
static bool backend_link_up(const struct virtio_net *n)
{
	const struct net_backend *b = n->backend;

	return b->ops->link_up == NULL || b->ops->link_up(b->ctx);
}

static void write_status(struct virtio_net *n)
{
	put_le(n->config + VIRTIO_NET_CFG_STATUS, n->link_up ? VIRTIO_NET_S_LINK_UP : 0, 2);
}

void virtio_net_init(struct virtio_net *n, const struct guest_mem *mem, struct net_backend *backend,
		     const uint8_t mac[NET_ETH_ALEN], void (*irq)(void *opaque, bool level),
		     void *irq_opaque, void (*wake)(void *opaque), void *wake_opaque)
{
	lib_memset(n, 0, sizeof(*n));
	n->mem = mem;
	n->backend = backend;
	n->wake = wake;
	n->wake_opaque = wake_opaque;
	lib_memcpy(n->config + VIRTIO_NET_CFG_MAC, mac, NET_ETH_ALEN);
	n->link_up = backend_link_up(n);
	write_status(n);
	/* Meaningful only with MQ or RSS, not offered; one pair is the truth all the same. */
	put_le(n->config + VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS, 1, 2);
	put_le(n->config + VIRTIO_NET_CFG_MTU, NET_MTU, 2);
	virtio_mmio_init(&n->transport, &net_ops, n, mem, irq, irq_opaque);
}

void virtio_net_set_link(struct virtio_net *n, bool up)
{
	if (n->link_up == up) {
		return;
	}
	n->link_up = up;
	write_status(n);
	virtio_mmio_config_changed(&n->transport);
}

static bool negotiated(const struct virtio_net *n, unsigned bit)
{
	return (n->transport.driver_features & BIT64(bit)) != 0;
}

static bool can_run(const struct virtio_net *n, unsigned q)
{
	return virtio_mmio_running(&n->transport) && n->transport.queue[q].ready;
}

static bool give_back(struct virtio_net *n, unsigned q, uint16_t head, uint32_t written)
{
	if (!virtq_push(&n->transport.queue[q], n->mem, head, written)) {
		virtio_mmio_needs_reset(&n->transport, "virtio-net: used ring outside guest RAM");
		return false;
	}
	n->pushed[q] = true;
	return true;
}

/* Pops the next chain of queue q into *c; false when there is none or the ring is broken. */
static bool pop(struct virtio_net *n, unsigned q, struct virtq_chain *c, enum serve_stop *stop)
{
	const char *why = "virtio-net: broken chain";

	switch (virtq_pop(&n->transport.queue[q], n->mem, c, &why)) {
	case VIRTQ_EMPTY:
		*stop = SERVE_IDLE;
		return false;
	case VIRTQ_BROKEN:
		virtio_mmio_needs_reset(&n->transport, why);
		*stop = SERVE_BROKEN;
		return false;
	case VIRTQ_CHAIN:
		break;
	}
	return true;
}

static enum serve_stop broken(struct virtio_net *n, const char *why)
{
	virtio_mmio_needs_reset(&n->transport, why);
	return SERVE_BROKEN;
}

/* Gives a transmit chain back unsent, with a counter for why. */
static enum serve_stop drop_tx(struct virtio_net *n, uint64_t *counter)
{
	(*counter)++;
	return give_back(n, TX, n->chain.head, 0) ? SERVE_PLENTY : SERVE_BROKEN;
}

/* The header's fields, in host order; the flags the device does not know are ignored. */
static struct net_offload read_header(const uint8_t *hdr)
{
	return (struct net_offload){
		.needs_csum = (hdr[VIRTIO_NET_HDR_FLAGS] & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0,
		.gso_type = hdr[VIRTIO_NET_HDR_GSO_TYPE],
		.hdr_len = (uint16_t)get_le(hdr + VIRTIO_NET_HDR_HDR_LEN, 2),
		.gso_size = (uint16_t)get_le(hdr + VIRTIO_NET_HDR_GSO_SIZE, 2),
		.csum_start = (uint16_t)get_le(hdr + VIRTIO_NET_HDR_CSUM_START, 2),
		.csum_offset = (uint16_t)get_le(hdr + VIRTIO_NET_HDR_CSUM_OFFSET, 2),
	};
}

/* Whether the driver negotiated what o asks (section 5.1.6.2.1's driver MUSTs). */
static bool tx_negotiated(const struct virtio_net *n, const struct net_offload *o)
{
	if (o->needs_csum && !negotiated(n, VIRTIO_NET_F_CSUM)) {
		return false;
	}
	switch (o->gso_type) {
	case VIRTIO_NET_HDR_GSO_NONE:
		return true;
	case VIRTIO_NET_HDR_GSO_TCPV4:
		return negotiated(n, VIRTIO_NET_F_HOST_TSO4);
	case VIRTIO_NET_HDR_GSO_TCPV6:
		return negotiated(n, VIRTIO_NET_F_HOST_TSO6);
	default:
		return false; /* UDP, USO and the ECN bit are not offered */
	}
}

/* Whether the backend takes what o asks as it is. */
static bool backend_takes(const struct virtio_net *n, const struct net_offload *o)
{
	unsigned need = (o->needs_csum ? NET_BACKEND_CSUM : 0u) |
			(o->gso_type != VIRTIO_NET_HDR_GSO_NONE ? NET_BACKEND_TSO : 0u);

	return (n->backend->ops->offloads & need) == need;
}

/*
 * Takes one transmit chain: its readable part is a header and a packet, copied into the device
 * (the guest may change its buffers at any time; what is checked is what the backend gets).
 * SERVE_PLENTY with tx_len set: a packet to send; without: the chain was dropped and given back.
 */
static enum serve_stop take_tx(struct virtio_net *n)
{
	const struct virtq_chain *c = &n->chain;
	uint8_t hdr[VIRTIO_NET_HDR_SIZE];
	enum serve_stop stop;
	size_t len;

	if (!pop(n, TX, &n->chain, &stop)) {
		return stop;
	}
	if (c->nin != 0) {
		return broken(n, "virtio-net: writable buffer on transmitq");
	}
	if (c->out_len < VIRTIO_NET_HDR_SIZE + NET_ETH_HLEN) {
		return drop_tx(n, &n->stats.tx_runt);
	}
	if (c->out_len - VIRTIO_NET_HDR_SIZE > NET_PACKET_MAX) {
		return drop_tx(n, &n->stats.tx_oversize);
	}
	len = (size_t)(c->out_len - VIRTIO_NET_HDR_SIZE);
	/* virtq_pop checked every buffer against guest RAM: a short copy cannot happen. */
	if (virtq_chain_read(n->mem, c, 0, hdr, sizeof(hdr)) != sizeof(hdr) ||
	    virtq_chain_read(n->mem, c, VIRTIO_NET_HDR_SIZE, n->tx_packet, len) != len) {
		return broken(n, "virtio-net: transmit buffer outside guest RAM");
	}
	n->tx_meta = read_header(hdr);
	if (!tx_negotiated(n, &n->tx_meta)) {
		return drop_tx(n, &n->stats.tx_offload);
	}
	/* Only segmentation makes frames out of more than the MTU. */
	if (n->tx_meta.gso_type == VIRTIO_NET_HDR_GSO_NONE && len > NET_FRAME_MAX) {
		return drop_tx(n, &n->stats.tx_oversize);
	}
	if (!net_offload_check(n->tx_packet, len, &n->tx_meta)) {
		return drop_tx(n, &n->stats.tx_malformed);
	}
	if (!n->link_up) {
		return drop_tx(n, &n->stats.tx_link_down);
	}
	n->tx_len = len;
	n->tx_next = 0;
	n->tx_head = c->head;
	return SERVE_PLENTY;
}

/* One frame or packet to the backend; false: it is full. */
static bool tx_to_backend(struct virtio_net *n, const uint8_t *pkt, size_t len,
			  const struct net_offload *o)
{
	int rc = n->backend->ops->send(n->backend->ctx, pkt, len, o);

	if (rc == RVKVM_ENOSPC) {
		return false;
	}
	if (rc == 0) {
		n->stats.tx_frames++;
		n->stats.tx_bytes += len;
	}
	return true;
}

/*
 * Sends the packet taken (tx_len), doing in software what the backend does not take: the frames
 * cut from a GSO packet from tx_next on, or the packet with its checksum completed. SERVE_FULL:
 * the backend took no more, the packet stays; else its chain is given back.
 */
static enum serve_stop send_tx(struct virtio_net *n)
{
	struct net_offload *o = &n->tx_meta;
	static const struct net_offload none;

	if (o->gso_type != VIRTIO_NET_HDR_GSO_NONE && !backend_takes(n, o)) {
		size_t count = net_offload_segments(n->tx_len, o);

		/* Invariant: frames [0, tx_next) are with the backend. */
		for (; n->tx_next < count; n->tx_next++) {
			size_t len = net_offload_segment(n->tx_packet, n->tx_len, o, n->tx_next,
							 n->frame);

			if (!tx_to_backend(n, n->frame, len, &none)) {
				return SERVE_FULL;
			}
		}
		n->stats.tx_segmented++;
	} else {
		if (o->needs_csum && !backend_takes(n, o)) {
			net_offload_complete_csum(n->tx_packet, n->tx_len, o); /* once: clears it */
			n->stats.tx_csum_done++;
		}
		if (!tx_to_backend(n, n->tx_packet, n->tx_len, o)) {
			return SERVE_FULL;
		}
		if (o->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
			n->stats.tx_gso++;
		}
	}
	n->tx_len = 0;
	return give_back(n, TX, n->tx_head, 0) ? SERVE_PLENTY : SERVE_BROKEN;
}

/* Sends the packet held for a full backend, or the next transmit chain's. */
static enum serve_stop transmit_one(struct virtio_net *n)
{
	if (n->tx_len == 0) {
		enum serve_stop stop = take_tx(n);

		if (stop != SERVE_PLENTY || n->tx_len == 0) {
			return stop;
		}
	}
	return send_tx(n);
}

static void unpop(struct virtq *q, unsigned chains)
{
	for (unsigned i = 0; i < chains; i++) {
		virtq_unpop(q);
	}
}

/*
 * The header and the frame, one stream of bytes, into receive chains taken in turn, each filled
 * before the next (section 5.1.6.4: all buffers but the last used to their full length); then
 * the header, now that num_buffers is known, and every chain given back behind one used idx.
 * Without MRG_RXBUF the stream must fit one chain.
 */
static enum place place_frame(struct virtio_net *n, const uint8_t *frame, uint32_t len,
			      const struct net_offload *o)
{
	struct virtq *q = &n->transport.queue[RX];
	bool merge = negotiated(n, VIRTIO_NET_F_MRG_RXBUF);
	unsigned most = merge ? VIRTIO_NET_RX_MAX_CHAINS : 1;
	uint32_t total = VIRTIO_NET_HDR_SIZE + len, placed = 0;
	uint8_t hdr[VIRTIO_NET_HDR_SIZE];
	unsigned taken = 0;
	enum serve_stop stop;

	if (most > q->num) {
		most = q->num;
	}
	/* Invariant: stream bytes [0, placed) are in rx_used[0, taken), all full but the last. */
	while (placed < total) {
		/* The first chain is kept apart: its header is written last. */
		struct virtq_chain *c = taken == 0 ? &n->rx_first : &n->chain;
		uint32_t room, skip;

		if (taken == most) {
			unpop(q, taken);
			return TOO_SMALL;
		}
		if (!pop(n, RX, c, &stop)) {
			unpop(q, taken);
			n->rx_chains_seen = (uint16_t)taken;
			return stop == SERVE_BROKEN ? BROKEN : NO_CHAINS;
		}
		taken++;
		if (c->nout != 0) {
			broken(n, "virtio-net: readable buffer on receiveq");
			return BROKEN;
		}
		if (merge && c->in_len < VIRTIO_NET_HDR_SIZE) {
			broken(n, "virtio-net: receive buffer shorter than the header");
			return BROKEN;
		}
		if (!merge && c->in_len < total) {
			unpop(q, taken);
			return TOO_SMALL;
		}
		room = c->in_len < total - placed ? (uint32_t)c->in_len : total - placed;
		skip = placed == 0 ? VIRTIO_NET_HDR_SIZE : 0;
		if (virtq_chain_write(n->mem, c, skip, frame + placed + skip - VIRTIO_NET_HDR_SIZE,
				      room - skip) != room - skip) {
			broken(n, "virtio-net: receive buffer outside guest RAM");
			return BROKEN;
		}
		n->rx_used[taken - 1].head = c->head;
		n->rx_used[taken - 1].written = room;
		placed += room;
	}
	/* What o asks is what the driver negotiated (deliver_packet saw to it), or nothing. */
	lib_memset(hdr, 0, sizeof(hdr));
	if (o->needs_csum) {
		hdr[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		put_le(hdr + VIRTIO_NET_HDR_CSUM_START, o->csum_start, 2);
		put_le(hdr + VIRTIO_NET_HDR_CSUM_OFFSET, o->csum_offset, 2);
	}
	if (o->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		hdr[VIRTIO_NET_HDR_GSO_TYPE] = o->gso_type;
		put_le(hdr + VIRTIO_NET_HDR_HDR_LEN, o->hdr_len, 2);
		put_le(hdr + VIRTIO_NET_HDR_GSO_SIZE, o->gso_size, 2);
	}
	put_le(hdr + VIRTIO_NET_HDR_NUM_BUFFERS, taken, 2);
	if (virtq_chain_write(n->mem, &n->rx_first, 0, hdr, sizeof(hdr)) != sizeof(hdr)) {
		broken(n, "virtio-net: receive buffer outside guest RAM");
		return BROKEN;
	}
	if (!virtq_push_many(q, n->mem, n->rx_used, taken)) {
		broken(n, "virtio-net: used ring outside guest RAM");
		return BROKEN;
	}
	n->pushed[RX] = true;
	return PLACED;
}

/* One packet into the guest; RX_WAIT is counted by the caller. Announced by the caller too. */
static enum rx_result deliver(struct virtio_net *n, const void *frame, size_t len,
			      const struct net_offload *o)
{
	size_t most = o->gso_type != VIRTIO_NET_HDR_GSO_NONE ? NET_PACKET_MAX : NET_FRAME_MAX;

	if (len < NET_ETH_HLEN || len > most) {
		n->stats.rx_bad_length++;
		return RX_DROPPED;
	}
	if (!can_run(n, RX)) {
		n->stats.rx_not_running++;
		return RX_DROPPED;
	}
	if (!n->link_up) {
		n->stats.rx_link_down++;
		return RX_DROPPED;
	}
	switch (place_frame(n, frame, (uint32_t)len, o)) {
	case PLACED:
		n->stats.rx_frames++;
		n->stats.rx_bytes += len;
		return RX_PLACED;
	case NO_CHAINS:
		return RX_WAIT;
	case TOO_SMALL:
		n->stats.rx_no_buffers++;
		return RX_DROPPED;
	case BROKEN:
		n->stats.rx_not_running++;
		return RX_DROPPED;
	}
	return RX_DROPPED;
}

static void announce(struct virtio_net *n)
{
	for (unsigned q = 0; q < VIRTIO_NET_NUM_QUEUES; q++) {
		if (n->pushed[q]) {
			n->pushed[q] = false;
			virtio_mmio_used(&n->transport, q);
		}
	}
}

bool virtio_net_receive(struct virtio_net *n, const void *frame, size_t len)
{
	static const struct net_offload none;
	enum rx_result r = deliver(n, frame, len, &none);

	if (r == RX_WAIT) {
		n->stats.rx_no_buffers++;
	}
	announce(n);
	return r == RX_PLACED;
}

/* Whether the guest has a receive chain now (taken and put back). */
static bool rx_chain_waits(struct virtio_net *n, enum serve_stop *stop)
{
	if (!pop(n, RX, &n->chain, stop)) {
		n->rx_chains_seen = 0;
		return false;
	}
	virtq_unpop(&n->transport.queue[RX]);
	return true;
}

/* Whether the driver takes a GSO packet of o's kind intact (section 5.1.6.4.1). */
static bool guest_takes_gso(const struct virtio_net *n, const struct net_offload *o)
{
	unsigned bit = o->gso_type == VIRTIO_NET_HDR_GSO_TCPV4 ? VIRTIO_NET_F_GUEST_TSO4
							       : VIRTIO_NET_F_GUEST_TSO6;

	return negotiated(n, VIRTIO_NET_F_GUEST_CSUM) && negotiated(n, bit);
}

/*
 * The packet held from the backend (rx_packet, rx_held bytes, rx_meta) into the guest, as the
 * driver can take it: intact, or its checksum completed, or cut into frames from rx_next on.
 * RX_WAIT: the ring ran dry, the packet stays held (with what is done of it).
 */
static enum rx_result deliver_packet(struct virtio_net *n)
{
	static const struct net_offload none;
	struct net_offload *o = &n->rx_meta;
	size_t len = n->rx_held;
	enum rx_result r;

	/* From another guest through a switch, or a host NIC: checked again all the same. */
	if (n->rx_next == 0 && !net_offload_check(n->rx_packet, len, o)) {
		n->stats.rx_bad_length++;
		return RX_DROPPED;
	}
	if (o->gso_type != VIRTIO_NET_HDR_GSO_NONE && !guest_takes_gso(n, o)) {
		size_t count = net_offload_segments(len, o);

		/* Invariant: frames [0, rx_next) are placed or dropped and counted. */
		for (; n->rx_next < count; n->rx_next++) {
			size_t flen =
				net_offload_segment(n->rx_packet, len, o, n->rx_next, n->frame);

			if (deliver(n, n->frame, flen, &none) == RX_WAIT) {
				return RX_WAIT;
			}
		}
		n->stats.rx_segmented++;
		return RX_PLACED;
	}
	if (o->needs_csum && !negotiated(n, VIRTIO_NET_F_GUEST_CSUM)) {
		net_offload_complete_csum(n->rx_packet, len, o); /* once: clears it */
		n->stats.rx_csum_done++;
	}
	r = deliver(n, n->rx_packet, len, o);
	if (r == RX_PLACED && o->gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		n->stats.rx_gso++;
	}
	return r;
}

/*
 * Frames from the backend while the guest has receive buffers. One that finds the ring dry
 * midway is held (rx_held) until more come, so frames wait at the backend, not vanish, while
 * the guest catches up. While the link is down frames are taken and dropped, so none arrives
 * stale when it comes back up. *starved: stopped for want of receive buffers (the driver must be
 * asked to notify when it posts some).
 */
static enum serve_stop receive_from_backend(struct virtio_net *n, bool *starved)
{
	*starved = false;
	if (n->backend->ops->receive == NULL && n->rx_held == 0) {
		return SERVE_IDLE;
	}
	for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++) {
		enum serve_stop stop;

		if (!can_run(n, RX)) {
			return SERVE_IDLE;
		}
		if (n->rx_held == 0) {
			if (n->link_up && !rx_chain_waits(n, &stop)) {
				*starved = stop == SERVE_IDLE;
				return stop;
			}
			n->rx_meta = NET_OFFLOAD_NONE;
			n->rx_next = 0;
			n->rx_held = n->backend->ops->receive(n->backend->ctx, n->rx_packet,
							      sizeof(n->rx_packet), &n->rx_meta);
			if (n->rx_held == 0) {
				return SERVE_IDLE;
			}
		}
		if (deliver_packet(n) == RX_WAIT) {
			*starved = true;
			return SERVE_IDLE;
		}
		n->rx_held = 0;
	}
	return SERVE_PLENTY;
}

/* Sends transmit chains until the queue is empty, the backend full, or a queue's worth went. */
static enum serve_stop transmit(struct virtio_net *n)
{
	for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++) {
		enum serve_stop stop;

		if (!can_run(n, TX)) {
			return SERVE_IDLE;
		}
		stop = transmit_one(n);
		if (stop != SERVE_PLENTY) {
			return stop;
		}
	}
	return SERVE_PLENTY;
}

/*
 * Before sleeping: asks for a notify on transmitq unless the backend is full (its wake-up comes
 * instead), on receiveq when it ran dry, past the chains a held frame found too few. True: a
 * chain came meanwhile, serve again.
 */
static bool arm_notify(struct virtio_net *n, bool tx, bool rx)
{
	bool again = false;

	if (tx && can_run(n, TX)) {
		again |= virtq_enable_notify(&n->transport.queue[TX], n->mem);
	}
	if (rx && can_run(n, RX)) {
		again |= virtq_enable_notify_at(&n->transport.queue[RX], n->mem, n->rx_chains_seen);
	}
	return again;
}

bool virtio_net_process(struct virtio_net *n)
{
	enum serve_stop tx;

	/* First: what the guest sends and receives in this pass goes by the backend's link now. */
	if (n->backend->ops->link_up != NULL) {
		virtio_net_set_link(n, backend_link_up(n));
	}

	for (;;) {
		bool starved;
		enum serve_stop rx;

		tx = transmit(n);
		rx = receive_from_backend(n, &starved);
		announce(n);
		if (tx == SERVE_BROKEN || rx == SERVE_BROKEN ||
		    !virtio_mmio_running(&n->transport)) {
			return false;
		}
		if (tx == SERVE_PLENTY || rx == SERVE_PLENTY) {
			continue;
		}
		if (!arm_notify(n, tx != SERVE_FULL, starved)) {
			break;
		}
	}
	return tx == SERVE_FULL;
}
