/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What eth0 transmits that no driver would. Frames the device or the switch must drop (runt,
 * oversize, offload not negotiated, spoofed source) come back as used, with nothing written
 * (used len 0) and the device still running. Chains that break the ring's rules (VIRTIO 1.2
 * section 2.7: loops, next or head past the queue size, buffers outside guest RAM or of length
 * 0, device-writable buffers on a transmit queue, an indirect descriptor not negotiated) the
 * device may refuse as a whole: DEVICE_NEEDS_RESET with a configuration change notification
 * (section 2.1.2), after which a reset and a new handshake bring the NIC back. Whatever the
 * answer, the probe frame in the chain must never reach eth1.
 */
#include "hart.h"
#include "lib/string.h"
#include "scenes.h"

#define ANSWER_MS 1000u
#define HUGE_LEN 0xffffffffu
#define HDR VIRTIO_NET_HDR_SIZE
#define LEN (VIRTIO_NET_HDR_SIZE + 64)

/* Where a broken chain's buffer is: the tables are constant, the addresses known at run time. */
enum at {
	AT_FRAME, /* frame[]: the header, then the probe */
	AT_BODY,  /* frame[] past the virtio-net header */
	AT_GUARD, /* guard[], all 0xa5 */
	AT_RAM_END,
	AT_ABS, /* off is the address */
};

struct seg {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
};

struct where {
	enum at at;
	int64_t off;
	uint32_t len;
	uint16_t flags;
};

static uint64_t address(const struct where *w)
{
	switch (w->at) {
	case AT_FRAME:
		return (uintptr_t)frame + (uint64_t)w->off;
	case AT_BODY:
		return (uintptr_t)frame + VIRTIO_NET_HDR_SIZE + (uint64_t)w->off;
	case AT_GUARD:
		return (uintptr_t)guard + (uint64_t)w->off;
	case AT_RAM_END:
		return ram_end + (uint64_t)w->off;
	case AT_ABS:
		break;
	}
	return (uint64_t)w->off;
}

/* Descriptors 0..count-1 of eth0's transmit queue, chained in order. */
static void chain(const struct seg *s, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		uint16_t next = i + 1 < count ? VIRTQ_DESC_F_NEXT : 0;

		eth0.ring[TX]->desc[i] =
			(struct vdesc){ s[i].addr, s[i].len, (uint16_t)(s[i].flags | next),
					(uint16_t)(i + 1) };
	}
}

/* frame[] as a transmit buffer: a zero virtio-net header, then a probe of len bytes to eth1. */
static uint64_t probe(size_t len)
{
	lib_memset(frame, 0, VIRTIO_NET_HDR_SIZE);
	(void)frame_build(frame + VIRTIO_NET_HDR_SIZE, len, mac_eth1, mac_eth0, KIND_PROBE, 0);
	return (uintptr_t)frame;
}

/* Posts descriptor 0 as head, notifies; true if the chain came back used with len 0. */
static bool post_and_wait(const char *what)
{
	uint16_t slot = eth0.avail[TX] % VRING_SIZE;
	bool used;

	nic_post(&eth0, TX, 0);
	nic_notify(&eth0, TX);
	used = nic_tx_done(&eth0);
	return check(used && eth0.ring[TX]->used.ring[slot].id == 0 &&
			     eth0.ring[TX]->used.ring[slot].len == 0 &&
			     !vmmio_needs_reset(eth0.base),
		     "%s: dropped, the buffers come back used (len 0), no reset needed", what);
}

/* A chain the device must drop whole: used, nothing delivered. */
static void drop(const char *what, const struct seg *s, unsigned count)
{
	chain(s, count);
	(void)post_and_wait(what);
	(void)observe(what, 0);
}

/* A frame at a size limit must arrive at eth1 whole. */
static void edge(const char *what, size_t len, bool split)
{
	static uint8_t got[NIC_BUF];
	uint64_t b = (uintptr_t)frame;
	struct seg two[2] = { { b, VIRTIO_NET_HDR_SIZE, 0 },
			      { b + VIRTIO_NET_HDR_SIZE, (uint32_t)len, 0 } };
	struct seg one = { b, (uint32_t)(VIRTIO_NET_HDR_SIZE + len), 0 };
	bool h = false;
	int n;

	lib_memset(frame, 0, VIRTIO_NET_HDR_SIZE);
	(void)frame_build(frame + VIRTIO_NET_HDR_SIZE, len, mac_eth1, mac_eth0, KIND_EDGE, 7);
	chain(split ? two : &one, split ? 2 : 1);
	nic_post(&eth0, TX, 0);
	nic_notify(&eth0, TX);
	check(nic_tx_done(&eth0), "%s: sent", what);
	n = nic_recv(&eth1, got, sizeof(got), ANSWER_MS, &h);
	check(n == (int)len && h && lib_memcmp(got, frame + VIRTIO_NET_HDR_SIZE, len) == 0,
	      "%s: arrives at eth1 whole (%d bytes)", what, n);
	(void)observe(what, 0);
}

void scene_tx_sizes(void)
{
	uint64_t b = probe(64);
	uint8_t *hdr = frame;

	drop("only a virtio-net header", (struct seg[]){ { b, VIRTIO_NET_HDR_SIZE, 0 } }, 1);
	drop("a header split over two buffers, no frame",
	     (struct seg[]){ { b, 6, 0 }, { b + 6, 6, 0 } }, 2);
	drop("header and 13 bytes (runt)",
	     (struct seg[]){ { b, VIRTIO_NET_HDR_SIZE + ETH_HLEN - 1, 0 } }, 1);
	b = probe(FRAME_MAX + 1);
	drop("a frame of 1515 bytes (oversize)",
	     (struct seg[]){ { b, VIRTIO_NET_HDR_SIZE + FRAME_MAX + 1, 0 } }, 1);
	b = probe(9000);
	drop("a 9000-byte frame in three buffers",
	     (struct seg[]){ { b, 4000, 0 }, { b + 4000, 4000, 0 }, { b + 8000, 1012, 0 } }, 3);
	b = probe(sizeof(frame) - VIRTIO_NET_HDR_SIZE);
	drop("a 64 KiB frame", (struct seg[]){ { b, sizeof(frame), 0 } }, 1);
	b = probe(64);
	hdr[VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	drop("NEEDS_CSUM without VIRTIO_NET_F_CSUM",
	     (struct seg[]){ { b, VIRTIO_NET_HDR_SIZE + 64, 0 } }, 1);
	b = probe(64);
	hdr[VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_TCPV4;
	drop("GSO_TCPV4 without HOST_TSO4", (struct seg[]){ { b, VIRTIO_NET_HDR_SIZE + 64, 0 } },
	     1);
	edge("the smallest frame (14 bytes, an Ethernet header)", ETH_HLEN, false);
	edge("the largest frame (1514 bytes, header in its own buffer)", FRAME_MAX, true);
}

/* eth0 sends with another source address: the switch drops it, the device gives it back. */
void scene_tx_spoof(void)
{
	static const struct {
		const char *what;
		const uint8_t *src, *dst;
	} cases[] = {
		{ "source eth1's MAC, to eth1", mac_eth1, mac_eth1 },
		{ "source the peer VM's MAC, to eth1", mac_peer, mac_eth1 },
		{ "source the peer VM's MAC, to the peer", mac_peer, mac_peer },
		{ "source eth1's MAC, broadcast", mac_eth1, mac_broadcast },
		{ "source the broadcast address, to eth1", mac_broadcast, mac_eth1 },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = frame_build(frame, 64, cases[i].dst, cases[i].src, KIND_PROBE, i);
		uint16_t slot = eth0.avail[TX] % VRING_SIZE;

		check(nic_send(&eth0, frame, len) && eth0.ring[TX]->used.ring[slot].len == 0 &&
			      !vmmio_needs_reset(eth0.base),
		      "spoofed %s: the buffer comes back used, no reset needed", cases[i].what);
		(void)observe(cases[i].what, 0);
	}
}

struct broken_case {
	const char *what;
	struct where s[2];
	unsigned count;
	bool linked; /* the last descriptor has NEXT set, to last_next */
	uint16_t last_next;
	uint16_t head; /* what the avail ring names */
	uint16_t jump; /* added to avail idx past the entry */
	bool may_drop; /* a plain drop (used, nothing sent) is an answer too */
};

static void broken_one(const struct broken_case *bc)
{
	uint16_t used = nic_used_idx(&eth0, TX);
	struct seg s[2];
	bool reset;

	for (unsigned i = 0; i < bc->count; i++) {
		s[i] = (struct seg){ address(&bc->s[i]), bc->s[i].len, bc->s[i].flags };
	}
	(void)probe(64);
	chain(s, bc->count);
	if (bc->linked) {
		eth0.ring[TX]->desc[bc->count - 1].flags |= VIRTQ_DESC_F_NEXT;
		eth0.ring[TX]->desc[bc->count - 1].next = bc->last_next;
	}
	lib_memset(guard, 0xa5, sizeof(guard));
	nic_post(&eth0, TX, bc->head);
	if (bc->jump != 0) {
		eth0.avail[TX] = (uint16_t)(eth0.avail[TX] + bc->jump);
		*(volatile uint16_t *)&eth0.ring[TX]->avail.idx = eth0.avail[TX];
	}
	nic_notify(&eth0, TX);
	(void)nic_wait_used(&eth0, TX, (uint16_t)(used + 1), ANSWER_MS);
	reset = vmmio_needs_reset(eth0.base);
	if (reset) {
		check((vmmio_read(eth0.base, VIRTIO_MMIO_INTERRUPT_STATUS) &
		       VIRTIO_MMIO_INT_CONFIG) != 0 &&
			      nic_used_idx(&eth0, TX) == used,
		      "%s: DEVICE_NEEDS_RESET, a configuration interrupt, nothing used", bc->what);
	} else {
		check(bc->may_drop && nic_used_idx(&eth0, TX) == (uint16_t)(used + 1),
		      "%s: DEVICE_NEEDS_RESET%s (used idx %u -> %u)", bc->what,
		      bc->may_drop ? " or a drop" : "", used, nic_used_idx(&eth0, TX));
	}
	say("%s: %s\n", bc->what, reset ? "DEVICE_NEEDS_RESET" : "used, dropped");
	for (unsigned i = 0; i < sizeof(guard); i++) {
		if (guard[i] != 0xa5) {
			check(false, "%s: the device wrote into guard byte %u", bc->what, i);
			break;
		}
	}
	if (restart(&eth0, bc->what)) {
		(void)observe(bc->what, 0);
	}
}

void scene_tx_broken(void)
{
	static const struct broken_case cases[] = {
		{ .what = "a loop back to the head",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_BODY, 0, 64, 0 } },
		  .count = 2,
		  .linked = true },
		{ .what = "a descriptor that is its own next",
		  .s = { { AT_FRAME, 0, LEN, 0 } },
		  .count = 1,
		  .linked = true },
		{ .what = "a next index past the queue size",
		  .s = { { AT_FRAME, 0, HDR, 0 } },
		  .count = 1,
		  .linked = true,
		  .last_next = VRING_SIZE + 5 },
		{ .what = "a head index past the queue size",
		  .s = { { AT_FRAME, 0, LEN, 0 } },
		  .count = 1,
		  .head = 200 },
		{ .what = "avail idx more than the queue size ahead",
		  .s = { { AT_FRAME, 0, LEN, 0 } },
		  .count = 1,
		  .jump = VRING_SIZE + 3 },
		{ .what = "a buffer past the end of RAM",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_RAM_END, 0, 64, 0 } },
		  .count = 2 },
		{ .what = "a buffer across the end of RAM",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_RAM_END, -32, 64, 0 } },
		  .count = 2 },
		{ .what = "a buffer in the UART",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_ABS, MACHINE_UART, 64, 0 } },
		  .count = 2 },
		{ .what = "a buffer in the PLIC",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_ABS, MACHINE_PLIC, 64, 0 } },
		  .count = 2 },
		{ .what = "a buffer of 2^32 - 1 bytes",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_BODY, 0, HUGE_LEN, 0 } },
		  .count = 2 },
		{ .what = "a buffer at an address that wraps",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_ABS, -64, 128, 0 } },
		  .count = 2 },
		{ .what = "a device-writable frame buffer",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_GUARD, 0, 64, VIRTQ_DESC_F_WRITE } },
		  .count = 2 },
		{ .what = "only a device-writable buffer",
		  .s = { { AT_GUARD, 0, LEN, VIRTQ_DESC_F_WRITE } },
		  .count = 1 },
		{ .what = "an indirect descriptor, not negotiated",
		  .s = { { AT_FRAME, 0, 32, VIRTQ_DESC_F_INDIRECT } },
		  .count = 1 },
		{ .what = "a chain of one buffer of length 0",
		  .s = { { AT_FRAME, 0, 0, 0 } },
		  .count = 1,
		  .may_drop = true },
		{ .what = "a header, then a buffer of length 0",
		  .s = { { AT_FRAME, 0, HDR, 0 }, { AT_BODY, 0, 0, 0 } },
		  .count = 2,
		  .may_drop = true },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		broken_one(&cases[i]);
	}
}
