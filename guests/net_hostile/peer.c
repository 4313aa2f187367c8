/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The well-behaved VM beside the hostile one (--append peer): on the same switch, it answers
 * every PING with a PONG until BYE, and checks that what reached it all along was only what the
 * switch may deliver: frames to its MAC or broadcast, none claiming its own address as source,
 * no probe that the hostile VM's NIC or the switch should have dropped.
 */
#include "hart.h"
#include "scenes.h"

#define WANT_PINGS 32u /* ping_peer's two rounds in main.c */
#define DEADLINE_MS 100000u
#define RECV_MS 1000u

static uint8_t rx[NIC_BUF];
static bool pinged[WANT_PINGS];

struct peer_count {
	unsigned pings, floods, spoofed, misdelivered, probes, strange, bad_hdr;
};

static void answer(uint32_t kind, uint32_t seq)
{
	uint8_t out[64];
	size_t len = frame_build(out, sizeof(out), mac_eth0, eth0.mac, kind, seq);

	(void)nic_send(&eth0, out, len);
}

/* One received frame: counted, answered. True when it was BYE. */
static bool take(const uint8_t *f, int len, struct peer_count *c)
{
	struct frame_info fi = frame_parse(f, (size_t)len);

	if (len < ETH_HLEN) {
		c->strange++;
		return false;
	}
	if (mac_eq(fi.src, eth0.mac)) {
		c->spoofed++;
	}
	if (!mac_eq(fi.dst, eth0.mac) && (fi.dst[0] & 1u) == 0) {
		c->misdelivered++;
	}
	if (!fi.ours) {
		c->strange++;
		return false;
	}
	switch (fi.kind) {
	case KIND_PING:
		if (fi.seq < WANT_PINGS && !pinged[fi.seq]) {
			pinged[fi.seq] = true;
			c->pings++;
		}
		answer(KIND_PONG, fi.seq);
		return false;
	case KIND_FLOOD:
		c->floods++;
		return false;
	case KIND_BYE:
		answer(KIND_BYE_ACK, fi.seq);
		return true;
	case KIND_PROBE:
		c->probes++;
		return false;
	default:
		c->strange++;
		return false;
	}
}

void peer_main(void)
{
	const char *why = nic_start(&eth0, VMMIO_SLOT(0), 0, VRING_SIZE);
	struct peer_count c = { 0 };
	unsigned long start = now();
	bool bye = false;

	if (!check(why == NULL, "peer: handshake (%s)", why ? why : "ok")) {
		return;
	}
	check(mac_eq(eth0.mac, mac_peer), "peer: MAC is the one given");
	/* Invariant: c counts every frame received so far. */
	while (!bye && now() - start < MS_TICKS(DEADLINE_MS)) {
		bool h = true;
		int len = nic_recv(&eth0, rx, sizeof(rx), RECV_MS, &h);

		if (len < 0) {
			if (vmmio_needs_reset(eth0.base)) {
				check(false, "peer: the NIC needs a reset");
				break;
			}
			continue;
		}
		c.bad_hdr += !h;
		bye = take(rx, len, &c);
	}
	say("peer: %u pings, %u flood frames, %u spoofed, %u misdelivered, %u probes, %u other\n",
	    c.pings, c.floods, c.spoofed, c.misdelivered, c.probes, c.strange);
	check(bye, "peer: the hostile VM said BYE");
	check(c.pings == WANT_PINGS, "peer: all %u pings came (%u)", WANT_PINGS, c.pings);
	check(c.floods > 0, "peer: the hostile VM's broadcasts reached it (%u)", c.floods);
	check(c.spoofed == 0, "peer: no frame with its own MAC as source");
	check(c.misdelivered == 0, "peer: no unicast frame for another MAC");
	check(c.probes == 0, "peer: no frame the hostile NIC or switch should have dropped");
	check(c.strange == 0 && c.bad_hdr == 0, "peer: every frame well formed, headers right");
	check(vmmio_reset(eth0.base), "peer: NIC reset at the end");
}
