/* SPDX-License-Identifier: Apache-2.0 */
/* The virtual switch between VMs' NICs: anti-spoofing, unicast to its owner only, group to all. */
#include "vmm/net_switch.h"

#include "lib/string.h"
#include "rvkvm/rvkvm.h"

_Static_assert(NET_PACKET_MAX <= NET_SWITCH_QUEUE_BYTES, "the largest packet fits a queue");

static bool mac_equal(const uint8_t *a, const uint8_t *b)
{
	return lib_memcmp(a, b, NET_ETH_ALEN) == 0;
}

void net_switch_init(struct net_switch *sw, const char *name)
{
	size_t n = lib_strnlen(name, NET_SWITCH_NAME_MAX);

	lib_memset(sw, 0, sizeof(*sw));
	lib_memcpy(sw->name, name, n);
}

struct net_switch *net_switch_get(struct net_switch_set *set, const char *name)
{
	size_t n = lib_strnlen(name, NET_SWITCH_NAME_MAX + 1);
	struct net_switch *sw = NULL;

	if (n == 0 || n > NET_SWITCH_NAME_MAX) {
		return NULL;
	}
	spin_lock(&set->lock);
	for (unsigned i = 0; i < set->count; i++) {
		if (lib_strcmp(set->sw[i].name, name) == 0) {
			sw = &set->sw[i];
			break;
		}
	}
	if (sw == NULL && set->count < NET_SWITCH_MAX) {
		sw = &set->sw[set->count++];
		net_switch_init(sw, name);
	}
	spin_unlock(&set->lock);
	return sw;
}

/* Under sw->lock: the attached port with address mac, or NULL. */
static struct net_switch_port *owner(const struct net_switch *sw, const uint8_t *mac)
{
	for (unsigned i = 0; i < sw->nports; i++) {
		if (mac_equal(sw->ports[i]->mac, mac)) {
			return sw->ports[i];
		}
	}
	return NULL;
}

int net_switch_attach(struct net_switch *sw, struct net_switch_port *p,
		      const uint8_t mac[NET_ETH_ALEN], void (*wake)(void *opaque),
		      void *wake_opaque)
{
	static const uint8_t zero[NET_ETH_ALEN];
	int rc = 0;

	if (net_eth_is_group(mac) || mac_equal(mac, zero)) {
		return RVKVM_EINVAL;
	}
	spin_lock(&sw->lock);
	if (owner(sw, mac) != NULL) {
		rc = RVKVM_EEXIST;
	} else if (sw->nports == NET_SWITCH_MAX_PORTS) {
		rc = RVKVM_ENOSPC;
	} else {
		lib_memcpy(p->mac, mac, NET_ETH_ALEN);
		p->wake = wake;
		p->wake_opaque = wake_opaque;
		p->head = 0;
		p->count = 0;
		p->used = 0;
		p->sw = sw;
		sw->ports[sw->nports++] = p;
	}
	spin_unlock(&sw->lock);
	return rc;
}

void net_switch_detach(struct net_switch_port *p)
{
	struct net_switch *sw = p->sw;

	if (sw == NULL) {
		return;
	}
	spin_lock(&sw->lock);
	for (unsigned i = 0; i < sw->nports; i++) {
		if (sw->ports[i] == p) {
			sw->ports[i] = sw->ports[--sw->nports];
			break;
		}
	}
	p->sw = NULL;
	spin_unlock(&sw->lock);
	spin_lock(&p->lock);
	p->head = 0;
	p->count = 0;
	p->used = 0;
	spin_unlock(&p->lock);
}

/* Of n bytes at pos in a queue's ring, how many come before its end (the rest wrap to 0). */
static size_t before_end(size_t pos, size_t n)
{
	return NET_SWITCH_QUEUE_BYTES - pos < n ? NET_SWITCH_QUEUE_BYTES - pos : n;
}

static void ring_put(uint8_t *ring, size_t pos, const uint8_t *src, size_t n)
{
	size_t first = before_end(pos, n);

	lib_memcpy(ring + pos, src, first);
	lib_memcpy(ring, src + first, n - first);
}

static void ring_get(const uint8_t *ring, size_t pos, uint8_t *dst, size_t n)
{
	size_t first = before_end(pos, n);

	lib_memcpy(dst, ring + pos, first);
	lib_memcpy(dst + first, ring, n - first);
}

/* Under the switch's lock: a copy of the packet into q's queue, or a drop when it is full. */
static void enqueue(struct net_switch_port *q, const uint8_t *pkt, size_t len,
		    const struct net_offload *o)
{
	unsigned slot, last;
	bool was_empty;
	size_t pos = 0;

	spin_lock(&q->lock);
	if (q->count == NET_SWITCH_QUEUE || len > NET_SWITCH_QUEUE_BYTES - q->used) {
		q->stats.rx_full++;
		spin_unlock(&q->lock);
		return;
	}
	slot = (q->head + q->count) % NET_SWITCH_QUEUE;
	if (q->count > 0) {
		last = (slot + NET_SWITCH_QUEUE - 1) % NET_SWITCH_QUEUE;
		pos = (q->start[last] + q->len[last]) % NET_SWITCH_QUEUE_BYTES;
	}
	ring_put(q->bytes, pos, pkt, len);
	q->start[slot] = (uint32_t)pos;
	q->len[slot] = (uint32_t)len;
	q->meta[slot] = *o;
	q->used += len;
	was_empty = q->count == 0;
	q->count++;
	q->stats.rx_frames++;
	spin_unlock(&q->lock);
	/* A queue that had frames was announced already; its NIC takes them all when it can. */
	if (was_empty && q->wake != NULL) {
		q->wake(q->wake_opaque);
	}
}

int net_switch_send(void *port, const void *pkt, size_t len, const struct net_offload *o)
{
	struct net_switch_port *p = port;
	struct net_switch *sw = p->sw;
	const uint8_t *f = pkt;
	struct net_switch_port *to;
	size_t most = o->gso_type != VIRTIO_NET_HDR_GSO_NONE ? NET_PACKET_MAX : NET_FRAME_MAX;

	if (sw == NULL) {
		return 0; /* detached: the link goes nowhere */
	}
	spin_lock(&sw->lock);
	if (len < NET_ETH_HLEN || len > most) {
		p->stats.tx_bad_length++;
	} else if (!mac_equal(f + NET_ETH_SRC, p->mac)) {
		p->stats.tx_spoofed++;
	} else if (net_eth_is_group(f + NET_ETH_DST)) {
		for (unsigned i = 0; i < sw->nports; i++) {
			if (sw->ports[i] != p) {
				enqueue(sw->ports[i], f, len, o);
			}
		}
		p->stats.tx_frames++;
	} else if ((to = owner(sw, f + NET_ETH_DST)) == NULL || to == p) {
		p->stats.tx_unknown++;
	} else {
		enqueue(to, f, len, o);
		p->stats.tx_frames++;
	}
	spin_unlock(&sw->lock);
	return 0;
}

size_t net_switch_receive(void *port, void *buf, size_t size, struct net_offload *o)
{
	struct net_switch_port *p = port;
	size_t len = 0;

	if (size < NET_PACKET_MAX) {
		return 0;
	}
	spin_lock(&p->lock);
	if (p->count > 0) {
		len = p->len[p->head];
		ring_get(p->bytes, p->start[p->head], buf, len);
		*o = p->meta[p->head];
		p->used -= len;
		p->head = (p->head + 1) % NET_SWITCH_QUEUE;
		p->count--;
	}
	spin_unlock(&p->lock);
	return len;
}

struct net_switch_stats net_switch_port_stats(struct net_switch_port *p)
{
	struct net_switch *sw = p->sw;
	struct net_switch_stats s;

	if (sw != NULL) {
		spin_lock(&sw->lock);
	}
	spin_lock(&p->lock);
	s = p->stats;
	spin_unlock(&p->lock);
	if (sw != NULL) {
		spin_unlock(&sw->lock);
	}
	return s;
}

const struct net_backend_ops net_switch_backend_ops = {
	.offloads = NET_BACKEND_CSUM | NET_BACKEND_TSO,
	.send = net_switch_send,
	.receive = net_switch_receive,
};
