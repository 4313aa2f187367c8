/* SPDX-License-Identifier: Apache-2.0 */
/* What the hostile net guest's parts share: the NICs, the agreed addresses, the frames they send. */
#ifndef GUESTS_NET_HOSTILE_SCENES_H
#define GUESTS_NET_HOSTILE_SCENES_H

#include "nic.h"

/*
 * Agreed with tests/cli/net_hostile.sh, which gives these MACs with --network vm=lan,mac=: the
 * hostile VM's eth0 and eth1, and the peer VM's eth0, all on one switch.
 */
#define MAC_ETH0                                   \
	{                                          \
		0x02, 0x4e, 0x48, 0x00, 0x00, 0x10 \
	}
#define MAC_ETH1                                   \
	{                                          \
		0x02, 0x4e, 0x48, 0x00, 0x00, 0x11 \
	}
#define MAC_PEER                                   \
	{                                          \
		0x02, 0x4e, 0x48, 0x00, 0x00, 0x20 \
	}

/* Every frame of the test: Ethernet header, then magic, kind, seq (little-endian u32 each). */
#define ETHERTYPE_TEST 0x88b5u  /* IEEE's "local experimental" */
#define FRAME_MAGIC 0x484e5652u /* "RVNH" */
#define FRAME_HDR (ETH_HLEN + 12u)

enum frame_kind {
	KIND_PING = 1, /* hostile eth0 -> peer: answer with a PONG of the same seq */
	KIND_PONG = 2, /* peer -> hostile eth0 */
	KIND_BYE = 3,  /* hostile eth0 -> peer: the test is over, answer BYE_ACK */
	KIND_BYE_ACK = 4,
	KIND_MARK = 5,  /* hostile eth0 -> eth1: the good frame after each scene */
	KIND_PROBE = 6, /* a frame the switch or the device must not deliver */
	KIND_FLOOD = 7, /* broadcast flood from hostile eth0 */
	KIND_EDGE = 8,  /* a frame at a size limit, which must arrive */
};

/* The parsed test header of a received frame. */
struct frame_info {
	bool ours; /* long enough, our ethertype and magic */
	uint32_t kind, seq;
	const uint8_t *dst, *src;
};

extern struct nic eth0, eth1;
extern const uint8_t mac_eth0[ETH_ALEN], mac_eth1[ETH_ALEN], mac_peer[ETH_ALEN];
extern const uint8_t mac_broadcast[ETH_ALEN];
extern unsigned long ram_end;
/* Scratch the scenes build frames and guarded buffers in. */
extern uint8_t frame[64 * 1024];
extern uint8_t guard[8192];

/*
 * Writes a test frame of len bytes (at least FRAME_HDR; a shorter len stops after the
 * Ethernet header) into out: header, magic, kind, seq, then a pattern from seq.
 */
size_t frame_build(uint8_t *out, size_t len, const uint8_t *dst, const uint8_t *src, uint32_t kind,
		   uint32_t seq);
struct frame_info frame_parse(const uint8_t *f, size_t len);
/* Whether f[FRAME_HDR, len) is frame_build's pattern for seq. */
bool frame_pattern_ok(const uint8_t *f, size_t len, uint32_t seq);
bool mac_eq(const uint8_t *a, const uint8_t *b);

/* eth0 (or eth1) from scratch: a fresh handshake with VRING_SIZE receive buffers. */
bool restart(struct nic *n, const char *what);
/*
 * After a scene: a good frame eth0 -> eth1 (resent while it does not come) must arrive at eth1,
 * and every frame before it must be of kind `allow` (0: none may come). Returns how many
 * allowed frames came first.
 */
unsigned observe(const char *scene, uint32_t allow);

void scene_tx_sizes(void);
void scene_tx_offload(void);
void scene_tx_spoof(void);
void scene_tx_broken(void);
void scene_rx_buffers(void);
void scene_floods(void);
/* The well-behaved peer VM (--append peer). */
void peer_main(void);

#endif
