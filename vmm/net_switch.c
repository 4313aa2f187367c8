/* SPDX-License-Identifier: Apache-2.0 */
/* The virtual switch between VMs' NICs: anti-spoofing, unicast to its owner only, group to all. */
#include "vmm/net_switch.h"

#include "lib/string.h"
#include "rvkvm/rvkvm.h"

_Static_assert(NET_FRAME_MAX <= UINT16_MAX, "a queued frame's length fits its slot");

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
	spin_unlock(&p->lock);
}

/* Under the switch's lock: a copy of the frame into q's queue, or a drop when it is full. */
static void enqueue(struct net_switch_port *q, const uint8_t *frame, size_t len)
{
	unsigned slot;
	bool was_empty;

	spin_lock(&q->lock);
	if (q->count == NET_SWITCH_QUEUE) {
		q->stats.rx_full++;
		spin_unlock(&q->lock);
		return;
	}
	slot = (q->head + q->count) % NET_SWITCH_QUEUE;
	lib_memcpy(q->frame[slot], frame, len);
	q->len[slot] = (uint16_t)len;
	was_empty = q->count == 0;
	q->count++;
	q->stats.rx_frames++;
	spin_unlock(&q->lock);
	/* A queue that had frames was announced already; its NIC takes them all when it can. */
	if (was_empty && q->wake != NULL) {
		q->wake(q->wake_opaque);
	}
}

int net_switch_send(void *port, const void *frame, size_t len)
{
	struct net_switch_port *p = port;
	struct net_switch *sw = p->sw;
	const uint8_t *f = frame;
	struct net_switch_port *to;

	if (sw == NULL) {
		return 0; /* detached: the link goes nowhere */
	}
	spin_lock(&sw->lock);
	if (len < NET_ETH_HLEN || len > NET_FRAME_MAX) {
		p->stats.tx_bad_length++;
	} else if (!mac_equal(f + NET_ETH_SRC, p->mac)) {
		p->stats.tx_spoofed++;
	} else if (net_eth_is_group(f + NET_ETH_DST)) {
		for (unsigned i = 0; i < sw->nports; i++) {
			if (sw->ports[i] != p) {
				enqueue(sw->ports[i], f, len);
			}
		}
		p->stats.tx_frames++;
	} else if ((to = owner(sw, f + NET_ETH_DST)) == NULL || to == p) {
		p->stats.tx_unknown++;
	} else {
		enqueue(to, f, len);
		p->stats.tx_frames++;
	}
	spin_unlock(&sw->lock);
	return 0;
}

size_t net_switch_receive(void *port, void *buf, size_t size)
{
	struct net_switch_port *p = port;
	size_t len = 0;

	if (size < NET_FRAME_MAX) {
		return 0;
	}
	spin_lock(&p->lock);
	if (p->count > 0) {
		len = p->len[p->head];
		lib_memcpy(buf, p->frame[p->head], len);
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
	.send = net_switch_send,
	.receive = net_switch_receive,
};
