/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eth1's receive buffers broken (device-readable, shorter than the header or the frame, not in
 * RAM) while eth0 sends it a probe: the device must write nothing into them or around them
 * (guard bytes), and either drop the frame or set DEVICE_NEEDS_RESET (section 2.1.2; a
 * receiveq buffer MUST be device-writable, section 2.7.4, and with MRG_RXBUF at least a header
 * long, section 5.1.6.3.1). Then the floods: 100,000 doorbells with nothing new, and thousands of
 * broadcast frames; the NICs, the switch and the peer VM go on.
 */
#include "hart.h"
#include "lib/string.h"
#include "scenes.h"

#define ANSWER_MS 1000u
#define SETTLE_MS 300u
#define BUF_AT 1024u /* the broken buffers start here in guard[] */
#define NOTIFY_FLOOD 100000u
#define FLOOD_FRAMES 4096u
#define FLOOD_BATCH 64u

#define MRG (1ull << VIRTIO_NET_F_MRG_RXBUF)

enum rx_answer {
	RESET,   /* DEVICE_NEEDS_RESET is the answer rvkvm must give */
	DROP_OK, /* dropping the frame, or DEVICE_NEEDS_RESET: both are the spec's */
};

struct rx_case {
	const char *what;
	uint64_t want;     /* features besides VERSION_1 and MAC */
	bool in_uart;      /* the first buffer is the UART's registers, not guard[] */
	struct vdesc d[2]; /* addr: offset from guard[BUF_AT] */
	unsigned count;
	enum rx_answer answer;
	uint32_t guard_skip; /* bytes from BUF_AT the device may write: only what it owns */
};

/* Whether guard[] is all 0xa5 but [BUF_AT, BUF_AT + skip); reports the first change. */
static bool guard_intact(const char *what, uint32_t skip)
{
	for (unsigned i = 0; i < sizeof(guard); i++) {
		if ((i < BUF_AT || i >= BUF_AT + skip) && guard[i] != 0xa5) {
			return check(false, "%s: the device wrote guard byte %u", what, i);
		}
	}
	return check(true, "%s: no guard byte written", what);
}

static void rx_one(const struct rx_case *rc)
{
	const char *why = nic_start(&eth1, eth1.base, rc->want, 0);
	size_t len = frame_build(frame, 200, mac_eth1, mac_eth0, KIND_PROBE, 1);
	unsigned long t0;
	bool reset;

	if (!check(why == NULL, "%s: eth1 handshake (%s)", rc->what, why ? why : "ok")) {
		return;
	}
	lib_memset(guard, 0xa5, sizeof(guard));
	for (unsigned i = 0; i < rc->count; i++) {
		eth1.ring[RX]->desc[i] = rc->d[i];
		eth1.ring[RX]->desc[i].addr += (uintptr_t)guard + BUF_AT;
	}
	if (rc->in_uart) {
		eth1.ring[RX]->desc[0].addr = MACHINE_UART;
	}
	nic_post(&eth1, RX, 0);
	nic_notify(&eth1, RX);
	check(nic_send(&eth0, frame, len), "%s: eth0 sends a probe to eth1", rc->what);
	/* Waits for the reset when it is the only answer; a drop cannot be seen, only waited for. */
	t0 = now();
	while (!vmmio_needs_reset(eth1.base) &&
	       now() - t0 < MS_TICKS(rc->answer == RESET ? ANSWER_MS : SETTLE_MS)) {
	}
	reset = vmmio_needs_reset(eth1.base);
	check(nic_used_idx(&eth1, RX) == 0, "%s: no receive buffer used", rc->what);
	if (rc->answer == RESET || reset) {
		check(reset && (vmmio_read(eth1.base, VIRTIO_MMIO_INTERRUPT_STATUS) &
				VIRTIO_MMIO_INT_CONFIG) != 0,
		      "%s: DEVICE_NEEDS_RESET and a configuration interrupt", rc->what);
	}
	say("%s: %s\n", rc->what, reset ? "DEVICE_NEEDS_RESET" : "dropped");
	(void)guard_intact(rc->what, rc->guard_skip);
	if (restart(&eth1, rc->what)) {
		/*
		 * The probe may come now, in a good buffer: it is a good frame, and a device that
		 * found the ring broken (or had not looked yet) may have left it at the switch.
		 */
		(void)observe(rc->what, KIND_PROBE);
	}
}

void scene_rx_buffers(void)
{
	static const struct rx_case cases[] = {
		{ "a device-readable receive buffer",
		  0,
		  false,
		  { { 0, NIC_BUF, 0, 0 } },
		  1,
		  RESET,
		  0 },
		{ "a readable buffer before a writable one",
		  0,
		  false,
		  { { 0, VIRTIO_NET_HDR_SIZE, VIRTQ_DESC_F_NEXT, 1 },
		    { 1024, NIC_BUF, VIRTQ_DESC_F_WRITE, 0 } },
		  2,
		  RESET,
		  0 },
		{ "a receive buffer shorter than the header, MRG_RXBUF",
		  MRG,
		  false,
		  { { 0, VIRTIO_NET_HDR_SIZE - 4, VIRTQ_DESC_F_WRITE, 0 } },
		  1,
		  RESET,
		  0 },
		{ "a receive buffer shorter than the header, no MRG_RXBUF",
		  0,
		  false,
		  { { 0, VIRTIO_NET_HDR_SIZE - 4, VIRTQ_DESC_F_WRITE, 0 } },
		  1,
		  DROP_OK,
		  0 },
		{ "a receive buffer shorter than the frame, no MRG_RXBUF",
		  0,
		  false,
		  { { 0, 40, VIRTQ_DESC_F_WRITE, 0 } },
		  1,
		  DROP_OK,
		  40 },
		{ "a receive buffer in the UART",
		  0,
		  true,
		  { { 0, NIC_BUF, VIRTQ_DESC_F_WRITE, 0 } },
		  1,
		  RESET,
		  0 },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rx_one(&cases[i]);
	}
}

/* Doorbells with nothing new, on every queue and some that do not exist. */
static void notify_flood(void)
{
	static const uint32_t queues[] = { TX, RX, 2, 0xffffffffu };
	uint16_t tx0 = nic_used_idx(&eth0, TX), rx1 = nic_used_idx(&eth1, RX);
	unsigned long t0 = now();

	for (unsigned i = 0; i < NOTIFY_FLOOD; i++) {
		vmmio_write(eth0.base, VIRTIO_MMIO_QUEUE_NOTIFY, queues[i % 4]);
		vmmio_write(eth1.base, VIRTIO_MMIO_QUEUE_NOTIFY, queues[(i + 1) % 4]);
	}
	say("notify flood: %u doorbells on each NIC in %lu ms\n", NOTIFY_FLOOD,
	    (now() - t0) / MS_TICKS(1));
	check(!vmmio_needs_reset(eth0.base) && !vmmio_needs_reset(eth1.base) &&
		      nic_used_idx(&eth0, TX) == tx0 && nic_used_idx(&eth1, RX) == rx1,
	      "notify flood: nothing used, no reset needed");
	(void)observe("notify flood", 0);
}

/* Broadcasts as fast as eth0 gives them back: eth1 and the peer VM get what their queues hold. */
static void broadcast_flood(void)
{
	unsigned sent = 0, got;
	bool all_back = true;

	/* Invariant: sent frames posted so far, all of them given back before the next batch. */
	while (sent < FLOOD_FRAMES) {
		for (unsigned k = 0; k < FLOOD_BATCH; k++, sent++) {
			size_t len = 60 + sent % (FRAME_MAX - 59);
			uint16_t i = eth0.avail[TX] % VRING_SIZE;

			(void)frame_build(frame, len, mac_broadcast, mac_eth0, KIND_FLOOD, sent);
			nic_tx_fill(&eth0, i, frame, len);
			nic_post(&eth0, TX, i);
		}
		nic_notify(&eth0, TX);
		all_back &= nic_tx_done(&eth0);
		if (!all_back) {
			break;
		}
	}
	check(all_back && !vmmio_needs_reset(eth0.base),
	      "broadcast flood: %u frames sent, every buffer given back", sent);
	got = observe("broadcast flood", KIND_FLOOD);
	check(got > 0, "broadcast flood: eth1 received %u of them", got);
}

void scene_floods(void)
{
	notify_flood();
	broadcast_flood();
}
