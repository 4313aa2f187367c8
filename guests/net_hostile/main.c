/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hostile guest for rvkvm's virtio-net and virtual switch. With two NICs on one switch, eth0
 * sends what no driver would (runts, oversize and spoofed frames, broken chains, floods), eth1
 * breaks its receive buffers, and after each scene a good frame eth0 -> eth1 must still arrive
 * with nothing before it that should not have come. Around the abuse it pings a second VM
 * running this guest as a well-behaved peer (--append peer, peer.c), which must answer all along.
 */
#include "hart.h"
#include "hostile.h"
#include "scenes.h"

#define PINGS 16u
#define PING_MS 300u
#define PING_TRIES 40u /* the first ping waits for the peer VM to come up: 12 s */
#define MARK_MS 300u
#define MARK_TRIES 10u

static struct vring rings[2][2] __attribute__((aligned(4096)));
static uint8_t bufs[2][2][VRING_SIZE][NIC_BUF] __attribute__((aligned(4096)));

struct nic eth0 = { .name = "eth0", .ring = { &rings[0][RX], &rings[0][TX] }, .buf = &bufs[0] };
struct nic eth1 = { .name = "eth1", .ring = { &rings[1][RX], &rings[1][TX] }, .buf = &bufs[1] };
const uint8_t mac_eth0[ETH_ALEN] = MAC_ETH0;
const uint8_t mac_eth1[ETH_ALEN] = MAC_ETH1;
const uint8_t mac_peer[ETH_ALEN] = MAC_PEER;
const uint8_t mac_broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
unsigned long ram_end;
uint8_t frame[64 * 1024] __attribute__((aligned(4096)));
uint8_t guard[8192] __attribute__((aligned(4096)));
static uint8_t rxf[NIC_BUF];
static uint32_t mark_seq, ping_seq;

bool mac_eq(const uint8_t *a, const uint8_t *b)
{
	return lib_memcmp(a, b, ETH_ALEN) == 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint8_t pattern(size_t i, uint32_t seq)
{
	return (uint8_t)(i * 7u + seq);
}

size_t frame_build(uint8_t *out, size_t len, const uint8_t *dst, const uint8_t *src, uint32_t kind,
		   uint32_t seq)
{
	lib_memcpy(out, dst, ETH_ALEN);
	lib_memcpy(out + ETH_ALEN, src, ETH_ALEN);
	out[12] = (uint8_t)(ETHERTYPE_TEST >> 8);
	out[13] = (uint8_t)ETHERTYPE_TEST;
	if (len < FRAME_HDR) {
		return len;
	}
	put32(out + ETH_HLEN, FRAME_MAGIC);
	put32(out + ETH_HLEN + 4, kind);
	put32(out + ETH_HLEN + 8, seq);
	for (size_t i = FRAME_HDR; i < len; i++) {
		out[i] = pattern(i, seq);
	}
	return len;
}

struct frame_info frame_parse(const uint8_t *f, size_t len)
{
	struct frame_info fi = { .dst = f, .src = f + ETH_ALEN };

	fi.ours = len >= FRAME_HDR && f[12] == (uint8_t)(ETHERTYPE_TEST >> 8) &&
		  f[13] == (uint8_t)ETHERTYPE_TEST && get32(f + ETH_HLEN) == FRAME_MAGIC;
	if (fi.ours) {
		fi.kind = get32(f + ETH_HLEN + 4);
		fi.seq = get32(f + ETH_HLEN + 8);
	}
	return fi;
}

bool frame_pattern_ok(const uint8_t *f, size_t len, uint32_t seq)
{
	for (size_t i = FRAME_HDR; i < len; i++) {
		if (f[i] != pattern(i, seq)) {
			return false;
		}
	}
	return true;
}

bool restart(struct nic *n, const char *what)
{
	const char *why = nic_start(n, n->base, 0, VRING_SIZE);

	return check(why == NULL, "%s: %s handshake again (%s)", what, n->name, why ? why : "ok");
}

/* One MARK from eth0; false if eth0 did not give it back. */
static bool send_mark(void)
{
	size_t len = frame_build(frame, 64, mac_eth1, mac_eth0, KIND_MARK, mark_seq);

	return nic_send(&eth0, frame, len);
}

unsigned observe(const char *scene, uint32_t allow)
{
	unsigned allowed = 0, tries = 0, bad = 0;
	bool arrived = false, hdr_ok = true, sent;

	mark_seq++;
	sent = send_mark();
	/* Invariant: every frame eth1 took so far came before this scene's MARK, or is it. */
	while (!arrived && tries < MARK_TRIES) {
		bool h = true;
		int len = nic_recv(&eth1, rxf, sizeof(rxf), MARK_MS, &h);
		struct frame_info fi;

		if (len < 0) {
			tries++;
			sent &= send_mark(); /* the first may have met a full queue (backpressure) */
			continue;
		}
		hdr_ok &= h;
		fi = frame_parse(rxf, (size_t)len);
		if (fi.ours && fi.kind == KIND_MARK && fi.seq == mark_seq) {
			arrived = mac_eq(fi.src, mac_eth0) && frame_pattern_ok(rxf, 64, mark_seq);
			bad += !arrived;
		} else if (fi.ours && fi.kind == KIND_MARK && fi.seq < mark_seq) {
			continue; /* a resent MARK of an earlier scene */
		} else if (allow != 0 && fi.ours && fi.kind == allow) {
			allowed++;
		} else {
			bad++;
			say("%s: eth1 got a frame it should not have: %d bytes, kind %u seq %u\n",
			    scene, len, fi.ours ? (unsigned)fi.kind : 0, (unsigned)fi.seq);
		}
	}
	check(sent && arrived && bad == 0 && hdr_ok,
	      "%s: then a good frame eth0 -> eth1 arrives, nothing unexpected before it (%s)",
	      scene,
	      !sent      ? "eth0 did not give it back"
	      : !arrived ? "it never came"
	      : bad != 0 ? "unexpected frames came"
	      : !hdr_ok  ? "a bad virtio-net header"
			 : "ok");
	return allowed;
}

/* PINGS pings to the peer VM, each answered by its PONG on eth0. */
static void ping_peer(const char *phase)
{
	unsigned answered = 0;
	bool hdr_ok = true;

	for (unsigned k = 0; k < PINGS; k++) {
		unsigned tries = ping_seq == 0 ? PING_TRIES : 3;
		bool pong = false;

		for (unsigned t = 0; t < tries && !pong; t++) {
			size_t len =
				frame_build(frame, 100, mac_peer, mac_eth0, KIND_PING, ping_seq);
			unsigned long t0 = now();

			if (!nic_send(&eth0, frame, len)) {
				break;
			}
			/* Invariant: PONGs of earlier pings (answers to resends) are skipped. */
			while (!pong && now() - t0 < MS_TICKS(PING_MS)) {
				bool h = true;
				int got = nic_recv(&eth0, rxf, sizeof(rxf), PING_MS, &h);
				struct frame_info fi = frame_parse(rxf, got < 0 ? 0 : (size_t)got);

				hdr_ok &= h;
				pong = fi.ours && fi.kind == KIND_PONG && fi.seq == ping_seq &&
				       mac_eq(fi.src, mac_peer);
			}
		}
		answered += pong;
		ping_seq++;
	}
	check(answered == PINGS && hdr_ok, "%s: the peer VM answers %u of %u pings", phase,
	      answered, PINGS);
}

/* The peer VM ends when it gets BYE; its ACK says it did. */
static void bye_peer(void)
{
	bool acked = false;

	for (unsigned t = 0; t < 10 && !acked; t++) {
		size_t len = frame_build(frame, 64, mac_peer, mac_eth0, KIND_BYE, 0);
		bool h;
		int got;

		(void)nic_send(&eth0, frame, len);
		got = nic_recv(&eth0, rxf, sizeof(rxf), 500, &h);
		if (got > 0) {
			struct frame_info fi = frame_parse(rxf, (size_t)got);

			acked = fi.ours && fi.kind == KIND_BYE_ACK && mac_eq(fi.src, mac_peer);
		}
	}
	check(acked, "the peer VM acknowledges the end");
}

static void start_nic(struct nic *n, unsigned slot, const uint8_t *mac)
{
	const char *why = nic_start(n, VMMIO_SLOT(slot), 0, VRING_SIZE);

	if (!check(why == NULL, "%s (slot %u): handshake (%s)", n->name, slot, why ? why : "ok")) {
		return;
	}
	check(mac_eq(n->mac, mac), "%s: MAC %02x:%02x:%02x:%02x:%02x:%02x is the one given",
	      n->name, n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
	check((vmmio_config8(n->base, VIRTIO_NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP) != 0,
	      "%s: link up", n->name);
}

static void hostile_main(void)
{
	start_nic(&eth0, 0, mac_eth0);
	start_nic(&eth1, 1, mac_eth1);
	(void)observe("start", 0);
	ping_peer("before the abuse");
	scene_tx_sizes();
	scene_tx_offload();
	scene_tx_spoof();
	scene_tx_broken();
	scene_rx_buffers();
	scene_floods();
	ping_peer("after the abuse");
	bye_peer();
	check(vmmio_reset(eth0.base) && vmmio_reset(eth1.base), "both NICs reset at the end");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	const char *mode;

	hart_boot_init(hartid);
	ram_end = hostile_ram_end(fdt);
	check(ram_end > GUEST_RAM_BASE, "guest RAM ends at 0x%lx", ram_end);
	mode = hostile_attack_name(fdt);
	if (lib_strcmp(mode, "peer") == 0) {
		peer_main();
	} else if (lib_strcmp(mode, "") == 0 || lib_strcmp(mode, "hostile") == 0) {
		hostile_main();
	} else {
		check(false, "net_hostile: a mode named '%s' exists (--append)", mode);
	}
	return (int)check_failures();
}
