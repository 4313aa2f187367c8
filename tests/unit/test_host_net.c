/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of rvkvm's host NIC driver (platform/drivers/host_net.c) on the real ring code
 * (virtio_host_ring.c) and a fake transport whose device side the tests play: feature choice,
 * names, the receive ring kept full, frames and headers copied each way, a full transmit ring,
 * malformed frames from the device, the 16-bit ring indexes wrapping, and the link state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * The driver's own file: its NIC table is static, and each test starts from an empty one.
 * It includes the real ring header and host.h; the transport under it is the fake's.
 */
#include "platform/drivers/host_net.c"
#include "tests/fakes/fake_virtio_host.h"
#include "vmm/net_host_backend.h"

struct rvkvm_event {
	uint64_t count;
};

void rvkvm_event_signal(struct rvkvm_event *event)
{
	event->count++;
}

/* Every block stays reachable: the driver never frees, and tests drop its table. */
#define ALLOCS 256
static void *allocs[ALLOCS];
static unsigned nallocs;

void *core_alloc_zeroed(size_t size, size_t align)
{
	void *p;

	size = (size + align - 1) / align * align;
	p = aligned_alloc(align, size);
	assert_non_null(p);
	assert_true(nallocs < ALLOCS);
	memset(p, 0, size);
	allocs[nallocs++] = p;
	return p;
}

#define BASE 0x10008000ull
#define IRQ 8
#define ALL_FEATURES                                                                             \
	(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_CSUM) |              \
	 BIT(VIRTIO_NET_F_GUEST_CSUM) | BIT(VIRTIO_NET_F_MRG_RXBUF) | BIT(VIRTIO_NET_F_STATUS) | \
	 BIT(VIRTIO_NET_F_GUEST_TSO4) | BIT(VIRTIO_NET_F_HOST_TSO4) | BIT(VIRTIO_NET_F_CTRL_VQ))

static const uint8_t rvkvm_mac[6] = { 0x52, 0x54, 0x00, 0x72, 0x03, 0x01 };
static const uint8_t other_rvkvm_mac[6] = { 0x52, 0x54, 0x00, 0x72, 0x03, 0x02 };
static struct rvkvm_event done;

static void set_mac(const uint8_t mac[6])
{
	memcpy(fake_virtio_host.config + VIRTIO_NET_CFG_MAC, mac, 6);
}

/* The device's status field (le16): link up or not, and a bit no one defined, which must not matter. */
static void set_link(bool up)
{
	fake_virtio_host.config[VIRTIO_NET_CFG_STATUS] = up ? VIRTIO_NET_S_LINK_UP : 0x80;
	fake_virtio_host.config[VIRTIO_NET_CFG_STATUS + 1] = 0x40;
}

static int setup(void **state)
{
	(void)state;
	memset(nics, 0, sizeof(nics));
	nnics = 0;
	fake_virtio_host_reset();
	fake_virtio_host.offered = ALL_FEATURES;
	set_mac(rvkvm_mac);
	set_link(true);
	done.count = 0;
	return 0;
}

/* Probes one NIC and opens it by the name it got. */
static struct host_net *probe_open(void)
{
	struct host_net *n;
	uint8_t mac[6];

	host_net_probe(BASE + 0x1000 * nnics, IRQ);
	assert_int_equal(host_net_open(host_net_name(nnics - 1), &done, &n, mac), 0);
	return n;
}

/* A frame of len bytes whose bytes are seed, seed + 1, ... */
static void fill(uint8_t *frame, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++) {
		frame[i] = (uint8_t)(seed + i);
	}
}

/* The device sends the next transmitted frame: it must be the header (all zero) and expect. */
static void device_transmits(struct host_net *n, const uint8_t *expect, size_t len)
{
	struct virtio_host_queue *q = &n->dev.queue[VIRTIO_NET_Q_TX0];
	uint8_t zero[VIRTIO_NET_HDR_SIZE] = { 0 };
	unsigned ndesc;
	int head = fake_virtio_host_take(&n->dev, VIRTIO_NET_Q_TX0, &ndesc);
	const uint8_t *buf;

	assert_true(head >= 0);
	assert_int_equal(ndesc, 1);
	assert_int_equal(q->desc[head].flags, 0); /* read by the device, the chain's only one */
	assert_int_equal(q->desc[head].len, VIRTIO_NET_HDR_SIZE + len);
	buf = (const uint8_t *)(uintptr_t)q->desc[head].addr;
	assert_memory_equal(buf, zero, VIRTIO_NET_HDR_SIZE);
	assert_memory_equal(buf + VIRTIO_NET_HDR_SIZE, expect, len);
	fake_virtio_host_use(&n->dev, VIRTIO_NET_Q_TX0, (uint16_t)head, 0);
}

/*
 * The device receives frame[0, len) into the next receive buffer, with header hdr (NULL: zero,
 * num_buffers 1) and `written` in the used ring (0: header and frame), and interrupts.
 */
static void device_receives(struct host_net *n, const uint8_t *hdr, const uint8_t *frame,
			    size_t len, uint32_t written)
{
	struct virtio_host_queue *q = &n->dev.queue[VIRTIO_NET_Q_RX0];
	uint8_t plain[VIRTIO_NET_HDR_SIZE] = { [VIRTIO_NET_HDR_NUM_BUFFERS] = 1 };
	unsigned ndesc;
	int head = fake_virtio_host_take(&n->dev, VIRTIO_NET_Q_RX0, &ndesc);
	uint8_t *buf;

	assert_true(head >= 0);
	assert_int_equal(ndesc, 1);
	assert_int_equal(q->desc[head].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(q->desc[head].len, 1526);
	buf = (uint8_t *)(uintptr_t)q->desc[head].addr;
	memcpy(buf, hdr ? hdr : plain, VIRTIO_NET_HDR_SIZE);
	memcpy(buf + VIRTIO_NET_HDR_SIZE, frame, len < 1514 ? len : 1514);
	fake_virtio_host_use(&n->dev, VIRTIO_NET_Q_RX0, (uint16_t)head,
			     written ? written : (uint32_t)(VIRTIO_NET_HDR_SIZE + len));
	fake_virtio_host_interrupt(&n->dev);
}

static void test_probe_features_and_rx_ring(void **state)
{
	struct host_net *n;
	struct virtio_host_queue *q;
	uint8_t mac[6];

	(void)state;
	host_net_probe(BASE, IRQ);
	assert_int_equal(host_net_count(), 1);
	n = &nics[0];
	/* MAC, STATUS and VERSION_1, nothing else of what the device offers. */
	assert_int_equal(n->dev.features, BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_NET_F_MAC) |
						  BIT(VIRTIO_NET_F_STATUS));
	assert_int_equal(n->dev.nqueues, 2);
	assert_string_equal(host_net_name(0), "rvkvm-v3-n1");
	assert_null(host_net_name(1));
	/* The whole receive ring is the device's: one writable 1526-byte buffer per descriptor. */
	q = &n->dev.queue[VIRTIO_NET_Q_RX0];
	assert_int_equal(q->qsize, 256);
	assert_int_equal(virtio_host_free(q), 0);
	assert_int_equal(q->avail->idx, 256);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_RX0], 1);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_TX0], 0);
	for (unsigned i = 0; i < q->qsize; i++) {
		uint16_t head = q->avail->ring[i];

		assert_int_equal(q->desc[head].flags, VIRTQ_DESC_F_WRITE);
		assert_int_equal(q->desc[head].len, 1526);
		assert_int_equal(q->desc[head].addr,
				 (uint64_t)(uintptr_t)(n->rx_buf + (size_t)head * BUF_STRIDE));
	}
	assert_int_equal(virtio_host_free(&n->dev.queue[VIRTIO_NET_Q_TX0]), 256);
	/* Opened by its name, once. */
	assert_int_equal(host_net_open("rvkvm-v3-n1", &done, &n, mac), 0);
	assert_memory_equal(mac, rvkvm_mac, 6);
	assert_int_equal(host_net_open("rvkvm-v3-n1", &done, &n, mac), RVKVM_EBUSY);
	assert_int_equal(host_net_open("rvkvm-v3-n2", &done, &n, mac), RVKVM_ENOENT);
	assert_int_equal(host_net_open("", &done, &n, mac), RVKVM_ENOENT);
	assert_int_equal(host_net_open("rvkvm-v3-n1", NULL, &n, mac), RVKVM_EINVAL);
}

static void test_names_and_refusals(void **state)
{
	static const uint8_t other_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	(void)state;
	host_net_probe(BASE, IRQ); /* rvkvm-v3-n1 */
	set_mac(other_mac);
	host_net_probe(BASE + 0x1000, IRQ); /* by its place: the second NIC found */
	assert_string_equal(host_net_name(1), "net1");
	/* A device without a MAC, with no interrupt, or one whose interrupt cannot be had. */
	fake_virtio_host.offered &= ~BIT(VIRTIO_NET_F_MAC);
	host_net_probe(BASE + 0x2000, IRQ);
	fake_virtio_host.offered = ALL_FEATURES;
	host_net_probe(BASE + 0x3000, 0);
	fake_virtio_host.interrupt_fails = true;
	host_net_probe(BASE + 0x4000, IRQ);
	fake_virtio_host.interrupt_fails = false;
	fake_virtio_host.offered = BIT(VIRTIO_NET_F_MAC);
	host_net_probe(BASE + 0x5000, IRQ);
	assert_int_equal(host_net_count(), 2);
	/* Eight at most. */
	fake_virtio_host.offered = ALL_FEATURES;
	for (unsigned i = 2; i < 10; i++) {
		host_net_probe(BASE + 0x1000 * i, IRQ);
	}
	assert_int_equal(host_net_count(), HOST_NET_NICS);
	assert_string_equal(host_net_name(7), "net7");
}

static void test_send_copies_with_plain_header(void **state)
{
	struct host_net *n;
	uint8_t frame[HOST_NET_FRAME_MAX + 1], expect[HOST_NET_FRAME_MAX];

	(void)state;
	n = probe_open();
	fill(frame, sizeof(frame), 7);
	memcpy(expect, frame, 60);
	assert_int_equal(host_net_send(n, frame, 60), 0);
	/* The driver's copy is what goes out, whatever the caller does with its buffer after. */
	memset(frame, 0xee, 60);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_TX0], 1);
	device_transmits(n, expect, 60);
	/* The bounds: an Ethernet header at least, a 1514-byte frame at most. */
	fill(frame, sizeof(frame), 9);
	assert_int_equal(host_net_send(n, frame, HOST_NET_FRAME_MIN - 1), RVKVM_EINVAL);
	assert_int_equal(host_net_send(n, frame, HOST_NET_FRAME_MAX + 1), RVKVM_EINVAL);
	assert_int_equal(host_net_send(n, NULL, 60), RVKVM_EINVAL);
	assert_int_equal(host_net_send(n, frame, HOST_NET_FRAME_MIN), 0);
	device_transmits(n, frame, HOST_NET_FRAME_MIN);
	assert_int_equal(host_net_send(n, frame, HOST_NET_FRAME_MAX), 0);
	device_transmits(n, frame, HOST_NET_FRAME_MAX);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_TX0], 3);
}

static void test_send_full_ring(void **state)
{
	struct host_net *n;
	uint8_t frame[64];
	unsigned ndesc;

	(void)state;
	fake_virtio_host.queue_num_max = 8;
	n = probe_open();
	for (unsigned i = 0; i < 8; i++) {
		fill(frame, sizeof(frame), (uint8_t)i);
		assert_int_equal(host_net_send(n, frame, sizeof(frame)), 0);
	}
	assert_int_equal(host_net_send(n, frame, sizeof(frame)), RVKVM_ENOSPC);
	/* The device takes the first frame but has not used it: still full. */
	assert_true(fake_virtio_host_take(&n->dev, VIRTIO_NET_Q_TX0, &ndesc) >= 0);
	assert_int_equal(host_net_send(n, frame, sizeof(frame)), RVKVM_ENOSPC);
	/* Once it is used (and the interrupt says so), the next send reaps it and has room. */
	fake_virtio_host_use(&n->dev, VIRTIO_NET_Q_TX0, n->dev.queue[1].avail->ring[0], 0);
	fake_virtio_host_interrupt(&n->dev);
	assert_int_equal(done.count, 1);
	fill(frame, sizeof(frame), 0x40);
	assert_int_equal(host_net_send(n, frame, sizeof(frame)), 0);
	assert_int_equal(host_net_send(n, frame, sizeof(frame)), RVKVM_ENOSPC);
	/* The frames that were queued are intact, in order: 1..7, then the new one. */
	for (unsigned i = 1; i < 8; i++) {
		uint8_t expect[64];

		fill(expect, sizeof(expect), (uint8_t)i);
		device_transmits(n, expect, sizeof(expect));
	}
	device_transmits(n, frame, sizeof(frame));
}

static void test_receive_copies_and_reposts(void **state)
{
	struct host_net *n;
	struct virtio_host_queue *q;
	uint8_t frame[HOST_NET_FRAME_MAX], buf[HOST_NET_FRAME_MAX];
	uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { [VIRTIO_NET_HDR_FLAGS] = VIRTIO_NET_HDR_F_DATA_VALID,
					     [VIRTIO_NET_HDR_NUM_BUFFERS] = 7 };

	(void)state;
	n = probe_open();
	q = &n->dev.queue[VIRTIO_NET_Q_RX0];
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), 0);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_RX0], 1); /* the probe's */
	fill(frame, sizeof(frame), 3);
	device_receives(n, NULL, frame, 342, 0);
	assert_int_equal(done.count, 1);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), 342);
	assert_memory_equal(buf, frame, 342);
	/* The buffer went straight back, and the device was told. */
	assert_int_equal(virtio_host_free(q), 0);
	assert_int_equal(q->avail->idx, 257);
	assert_int_equal(fake_virtio_host.notifies[VIRTIO_NET_Q_RX0], 2);
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), 0);
	/* Flags it did not ask for and num_buffers are no reason to drop: a hint, ignored. */
	device_receives(n, hdr, frame, HOST_NET_FRAME_MAX, 0);
	device_receives(n, NULL, frame + 1, HOST_NET_FRAME_MIN, 0);
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), HOST_NET_FRAME_MAX);
	assert_memory_equal(buf, frame, HOST_NET_FRAME_MAX);
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), HOST_NET_FRAME_MIN);
	assert_memory_equal(buf, frame + 1, HOST_NET_FRAME_MIN);
	assert_int_equal(host_net_dropped(n), 0);
	assert_int_equal(virtio_host_free(q), 0);
}

static void test_receive_drops_malformed(void **state)
{
	struct host_net *n;
	uint8_t frame[HOST_NET_FRAME_MAX], buf[HOST_NET_FRAME_MAX + 16];
	uint8_t gso[VIRTIO_NET_HDR_SIZE] = { [VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_TCPV4 };

	(void)state;
	n = probe_open();
	fill(frame, sizeof(frame), 5);
	/* Runt, longer than the buffer, no header at all, segmented: each dropped and counted. */
	device_receives(n, NULL, frame, HOST_NET_FRAME_MIN - 1, 0);
	device_receives(n, NULL, frame, 100, VIRTIO_NET_HDR_SIZE + HOST_NET_FRAME_MAX + 1);
	device_receives(n, NULL, frame, 100, 4);
	device_receives(n, gso, frame, 100, 0);
	/* Then a good one, which the same call returns. */
	device_receives(n, NULL, frame, 99, 0);
	assert_int_equal(host_net_receive(n, buf, sizeof(buf)), 99);
	assert_memory_equal(buf, frame, 99);
	assert_int_equal(host_net_dropped(n), 4);
	/* A caller's buffer too small for the frame: dropped rather than cut. */
	device_receives(n, NULL, frame, 600, 0);
	assert_int_equal(host_net_receive(n, buf, 599), 0);
	assert_int_equal(host_net_dropped(n), 5);
	/* Every buffer is the device's again. */
	assert_int_equal(virtio_host_free(&n->dev.queue[VIRTIO_NET_Q_RX0]), 0);
	assert_int_equal(n->dev.queue[VIRTIO_NET_Q_RX0].avail->idx, 256 + 6);
}

/* 70,000 frames each way through 4-entry rings: the 16-bit indexes wrap, nothing is lost. */
static void test_indexes_wrap(void **state)
{
	struct host_net *n;
	uint8_t frame[64], buf[HOST_NET_FRAME_MAX];

	(void)state;
	fake_virtio_host.queue_num_max = 4;
	n = probe_open();
	for (unsigned i = 0; i < 70000; i++) {
		fill(frame, sizeof(frame), (uint8_t)i);
		frame[0] = (uint8_t)(i >> 8);
		assert_int_equal(host_net_send(n, frame, sizeof(frame)), 0);
		device_transmits(n, frame, sizeof(frame));
		device_receives(n, NULL, frame, sizeof(frame) - i % 3, 0);
		assert_int_equal(host_net_receive(n, buf, sizeof(buf)), sizeof(frame) - i % 3);
		assert_memory_equal(buf, frame, sizeof(frame) - i % 3);
	}
	assert_int_equal(n->dev.queue[VIRTIO_NET_Q_RX0].avail->idx, (uint16_t)(4 + 70000));
	assert_int_equal(virtio_host_free(&n->dev.queue[VIRTIO_NET_Q_RX0]), 0);
	assert_int_equal(host_net_dropped(n), 0);
	assert_int_equal(done.count, 70000);
}

/*
 * The link: read at probe, read again on each config-change interrupt, which wakes the user;
 * used-buffer interrupts do not read it. Before the NIC is open a change is kept, no one woken.
 */
static void test_link_follows_device(void **state)
{
	struct host_net *n;
	uint8_t mac[6];

	(void)state;
	host_net_probe(BASE, IRQ);
	n = &nics[0];
	assert_true(host_net_link_up(n));
	set_link(false);
	fake_virtio_host_config_changed(&n->dev);
	assert_false(host_net_link_up(n));
	assert_int_equal(host_net_open("rvkvm-v3-n1", &done, &n, mac), 0);
	assert_int_equal(done.count, 0);
	set_link(true);
	fake_virtio_host_interrupt(&n->dev); /* used buffers only: the link is not looked at */
	assert_false(host_net_link_up(n));
	assert_int_equal(done.count, 1);
	fake_virtio_host_config_changed(&n->dev);
	assert_true(host_net_link_up(n));
	assert_int_equal(done.count, 2);
	set_link(false);
	fake_virtio_host_config_changed(&n->dev);
	assert_false(host_net_link_up(n));
	assert_int_equal(done.count, 3);
	/* A change that is no change of the link still wakes: the user compares. */
	fake_virtio_host_config_changed(&n->dev);
	assert_false(host_net_link_up(n));
	assert_int_equal(done.count, 4);
}

/* A NIC whose link is down at probe starts down; without STATUS it is up whatever the field says. */
static void test_link_at_probe_and_without_status(void **state)
{
	struct host_net *down, *nostatus;

	(void)state;
	set_link(false);
	down = probe_open();
	assert_false(host_net_link_up(down));
	fake_virtio_host.offered &= ~BIT(VIRTIO_NET_F_STATUS);
	set_mac(other_rvkvm_mac);
	nostatus = probe_open();
	assert_false(nostatus->dev.features & BIT(VIRTIO_NET_F_STATUS));
	assert_true(host_net_link_up(nostatus));
	fake_virtio_host_config_changed(&nostatus->dev);
	assert_true(host_net_link_up(nostatus));
	assert_false(host_net_link_up(down));
}

/* The VMM's backend finds NIC 1 of VM 3 by the name ./rvkvm run's MAC gives it, and maps answers. */
static void test_vmm_backend(void **state)
{
	struct net_backend b = { 0 };
	struct host_net *n;
	uint8_t frame[NET_FRAME_MAX];
	static uint8_t buf[NET_PACKET_MAX];
	static const struct net_offload none;
	struct net_offload o = { .needs_csum = true };

	(void)state;
	fake_virtio_host.queue_num_max = 2;
	host_net_probe(BASE, IRQ);
	assert_int_equal(net_host_backend_open(&b, 3, 0, &done), RVKVM_ENOENT);
	assert_int_equal(net_host_backend_open(&b, 3, 1, &done), 0);
	assert_int_equal(net_host_backend_open(&b, 3, 1, &done), RVKVM_EBUSY);
	assert_ptr_equal(b.ops, &host_net_backend);
	n = b.ctx;
	assert_ptr_equal(n, &nics[0]);
	fill(frame, sizeof(frame), 1);
	assert_int_equal(b.ops->send(b.ctx, frame, 60, &none), 0);
	assert_int_equal(b.ops->send(b.ctx, frame, 61, &none), 0);
	assert_int_equal(b.ops->send(b.ctx, frame, 62, &none), RVKVM_ENOSPC);
	/* A frame the host refuses is taken (dropped), never handed back to be retried forever. */
	assert_int_equal(b.ops->send(b.ctx, frame, NET_FRAME_MAX + 1, &none), 0);
	device_transmits(n, frame, 60);
	device_transmits(n, frame, 61);
	assert_int_equal(b.ops->receive(b.ctx, buf, sizeof(buf), &o), 0);
	device_receives(n, NULL, frame, NET_FRAME_MAX, 0);
	assert_int_equal(b.ops->receive(b.ctx, buf, sizeof(buf), &o), NET_FRAME_MAX);
	assert_memory_equal(buf, frame, NET_FRAME_MAX);
	assert_false(net_offload_any(&o)); /* QEMU's user network hands over plain frames */
	assert_int_equal(host_net_backend.offloads, 0);
	/* Its link is the host NIC's. */
	assert_true(b.ops->link_up(b.ctx));
	set_link(false);
	fake_virtio_host_config_changed(&n->dev);
	assert_false(b.ops->link_up(b.ctx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_features_and_rx_ring, setup),
		cmocka_unit_test_setup(test_names_and_refusals, setup),
		cmocka_unit_test_setup(test_send_copies_with_plain_header, setup),
		cmocka_unit_test_setup(test_send_full_ring, setup),
		cmocka_unit_test_setup(test_receive_copies_and_reposts, setup),
		cmocka_unit_test_setup(test_receive_drops_malformed, setup),
		cmocka_unit_test_setup(test_indexes_wrap, setup),
		cmocka_unit_test_setup(test_link_follows_device, setup),
		cmocka_unit_test_setup(test_link_at_probe_and_without_status, setup),
		cmocka_unit_test_setup(test_vmm_backend, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
