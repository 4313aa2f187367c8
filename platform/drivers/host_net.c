/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host NICs on virtio-net (VIRTIO 1.2 section 5.1): rvkvm/host.h's host_net_*. Only VERSION_1, MAC
 * and STATUS (the link state, when offered) are negotiated, no offloads, one queue pair: receiveq1
 * (queue 0) is kept full of the driver's buffers, transmitq1 (queue 1) takes one buffer per frame.
 * Every buffer holds the 12-byte struct virtio_net_hdr and a whole frame in one descriptor, which
 * VERSION_1 allows (section 5.1.6); frames are copied between these buffers and the caller's
 * memory.
 */
#include "platform/drivers/host_net.h"

#include "core/core.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "lib/virtio_spec.h"
#include "platform/drivers/virtio_host.h"
#include "rvkvm/host.h"

#define BIT(n) (1ull << (n))
#define NET_FEATURES (BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS))
#define MAC_LEN 6

/*
 * A buffer: header, then the frame. Without MRG_RXBUF and the GUEST_TSO/UFO features a receive
 * buffer should hold at least 1526 bytes (section 5.1.6.3.1), which is this.
 */
#define BUF_BYTES (VIRTIO_NET_HDR_SIZE + HOST_NET_FRAME_MAX)
#define BUF_STRIDE 1536u /* BUF_BYTES rounded up to a multiple of 64 */
_Static_assert(BUF_BYTES == 1526, "a receive buffer is header and a 1514-byte frame");
_Static_assert(BUF_STRIDE >= BUF_BYTES && BUF_STRIDE % 64 == 0, "buffers are 64-byte aligned");
_Static_assert(HOST_NET_FRAME_MAX == VIRTIO_NET_MAX_PACKET, "a frame is a virtio-net packet");

/* What ./rvkvm run puts in the first four bytes of a named NIC's MAC (rvkvm/host.h). */
static const uint8_t named_mac[4] = { 0x52, 0x54, 0x00, 0x72 };

struct host_net {
	spinlock_t lock; /* both queues, their buffers, the counters: send and receive */
	struct virtio_host dev;
	uint8_t mac[MAC_LEN];
	char name[HOST_NET_NAME_MAX + 1];
	uint8_t *rx_buf;          /* [queue 0's qsize][BUF_STRIDE], by descriptor */
	uint8_t *tx_buf;          /* [queue 1's qsize][BUF_STRIDE], by descriptor */
	struct rvkvm_event *done; /* set once, at open */
	bool open;
	bool link_up; /* atomic: written by the config-change interrupt, read by the NIC's user */
	uint64_t dropped;
};

static struct host_net nics[HOST_NET_NICS];
static unsigned nnics;
static spinlock_t open_lock;

static struct virtio_host_queue *rxq(struct host_net *n)
{
	return &n->dev.queue[VIRTIO_NET_Q_RX0];
}

static struct virtio_host_queue *txq(struct host_net *n)
{
	return &n->dev.queue[VIRTIO_NET_Q_TX0];
}

/*
 * Gives the device the receive buffer of the next free descriptor: each chain is one descriptor,
 * so a descriptor names its buffer for as long as the device has it.
 */
static bool post_rx(struct host_net *n)
{
	struct virtio_host_queue *q = rxq(n);
	struct virtio_host_buf b = {
		n->rx_buf + (size_t)virtio_host_next_head(q) * BUF_STRIDE,
		BUF_BYTES,
		true,
	};

	return virtio_host_add(q, &b, 1) >= 0;
}

/* The name ./rvkvm run gave the NIC through its MAC, or netI by the order it was found in. */
static void set_name(struct host_net *n, unsigned index)
{
	if (lib_memcmp(n->mac, named_mac, sizeof(named_mac)) == 0) {
		lib_snprintf(n->name, sizeof(n->name), "rvkvm-v%u-n%u", n->mac[4], n->mac[5]);
	} else {
		lib_snprintf(n->name, sizeof(n->name), "net%u", index);
	}
}

static void wake_user(struct host_net *n)
{
	struct rvkvm_event *done = __atomic_load_n(&n->done, __ATOMIC_ACQUIRE);

	if (done) {
		rvkvm_event_signal(done);
	}
}

static void on_used(void *arg)
{
	wake_user(arg);
}

/* The device's link state: always up without STATUS (section 5.1.4). */
static bool read_link(const struct host_net *n)
{
	if (!(n->dev.features & BIT(VIRTIO_NET_F_STATUS))) {
		return true;
	}
	return (virtio_host_config16(&n->dev, VIRTIO_NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP) != 0;
}

/* The config space changed: with STATUS that is the link; the user looks again. */
static void on_config(void *arg)
{
	struct host_net *n = arg;

	__atomic_store_n(&n->link_up, read_link(n), __ATOMIC_RELEASE);
	wake_user(n);
}

/* Reads the MAC, allocates the buffers and fills the receive ring. */
static const char *set_up(struct host_net *n)
{
	if (!(n->dev.features & BIT(VIRTIO_NET_F_MAC))) {
		return "it has no MAC (VIRTIO_NET_F_MAC)";
	}
	for (unsigned i = 0; i < MAC_LEN; i++) {
		n->mac[i] = virtio_host_config8(&n->dev, VIRTIO_NET_CFG_MAC + i);
	}
	/* Before the interrupt is on: a change after this read interrupts once it is. */
	n->link_up = read_link(n);
	n->rx_buf = core_alloc_zeroed((size_t)rxq(n)->qsize * BUF_STRIDE, 64);
	n->tx_buf = core_alloc_zeroed((size_t)txq(n)->qsize * BUF_STRIDE, 64);
	if (!n->rx_buf || !n->tx_buf) {
		return "no memory for its buffers";
	}
	while (virtio_host_free(rxq(n)) > 0) {
		post_rx(n);
	}
	virtio_host_notify(rxq(n));
	return NULL;
}

void host_net_probe(uint64_t base, uint32_t irq)
{
	struct host_net *n = &nics[nnics];
	const char *err;

	if (nnics == HOST_NET_NICS) {
		err = "rvkvm drives 8 at most";
	} else if (irq == 0) {
		err = "it has no interrupt on the host PLIC";
	} else {
		err = virtio_host_start(&n->dev, base, irq, NET_FEATURES, 2);
	}
	if (!err) {
		err = set_up(n);
	}
	if (!err) {
		virtio_host_on_config_change(&n->dev, on_config);
		if (!virtio_host_enable_interrupt(&n->dev, on_used, n)) {
			err = "its interrupt cannot be enabled";
		}
	}
	if (err) {
		console_printf("rvkvm: host NIC at 0x%llx not used: %s\n", (unsigned long long)base,
			       err);
		return;
	}
	set_name(n, nnics);
	nnics++;
	console_printf("rvkvm: host NIC %s: mac %02x:%02x:%02x:%02x:%02x:%02x, %u receive and %u "
		       "transmit buffers, link %s\n",
		       n->name, n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5],
		       rxq(n)->qsize, txq(n)->qsize, host_net_link_up(n) ? "up" : "down");
}

unsigned host_net_count(void)
{
	return nnics;
}

const char *host_net_name(unsigned i)
{
	return i < nnics ? nics[i].name : NULL;
}

int host_net_open(const char *name, struct rvkvm_event *done, struct host_net **net, uint8_t mac[6])
{
	int ret = RVKVM_ENOENT;

	if (!done || !net || !mac) {
		return RVKVM_EINVAL;
	}
	if (!name || !name[0]) {
		return RVKVM_ENOENT;
	}
	spin_lock(&open_lock);
	for (unsigned i = 0; i < nnics; i++) {
		struct host_net *n = &nics[i];

		if (lib_strcmp(n->name, name) != 0) {
			continue;
		}
		if (n->open) {
			ret = RVKVM_EBUSY;
			break;
		}
		n->open = true;
		__atomic_store_n(&n->done, done, __ATOMIC_RELEASE);
		lib_memcpy(mac, n->mac, MAC_LEN);
		*net = n;
		ret = 0;
		break;
	}
	spin_unlock(&open_lock);
	return ret;
}

int host_net_send(struct host_net *net, const void *frame, size_t len)
{
	struct virtio_host_queue *q = txq(net);
	struct virtio_host_buf b;
	uint16_t head;
	uint32_t written;
	uint8_t *buf;

	if (!frame || len < HOST_NET_FRAME_MIN || len > HOST_NET_FRAME_MAX) {
		return RVKVM_EINVAL;
	}
	spin_lock(&net->lock);
	/* Frames the device has sent free their buffers; nothing else is owed for them. */
	while (virtio_host_pop(q, &head, &written)) {
	}
	if (virtio_host_free(q) == 0) {
		spin_unlock(&net->lock);
		return RVKVM_ENOSPC;
	}
	buf = net->tx_buf + (size_t)virtio_host_next_head(q) * BUF_STRIDE;
	/*
	 * No offloads (section 5.1.6.2): flags 0, gso_type NONE, and the other fields 0, num_buffers
	 * included; the frame right behind the header.
	 */
	lib_memset(buf, 0, VIRTIO_NET_HDR_SIZE);
	buf[VIRTIO_NET_HDR_GSO_TYPE] = VIRTIO_NET_HDR_GSO_NONE;
	lib_memcpy(buf + VIRTIO_NET_HDR_SIZE, frame, len);
	b = (struct virtio_host_buf){ buf, (uint32_t)(VIRTIO_NET_HDR_SIZE + len), false };
	virtio_host_add(q, &b, 1);
	virtio_host_notify(q);
	spin_unlock(&net->lock);
	return 0;
}

/*
 * The frame's length in a used receive buffer, 0 if it is malformed: shorter than a header and an
 * Ethernet header, longer than the buffer, or segmented, which no negotiated feature allows
 * (section 5.1.6.4). Flags are ignored: without GUEST_CSUM they are only a hint (5.1.6.4.2).
 */
static size_t rx_frame_len(const uint8_t *buf, uint32_t written)
{
	if (written < VIRTIO_NET_HDR_SIZE + HOST_NET_FRAME_MIN || written > BUF_BYTES) {
		return 0;
	}
	if (buf[VIRTIO_NET_HDR_GSO_TYPE] != VIRTIO_NET_HDR_GSO_NONE) {
		return 0;
	}
	return written - VIRTIO_NET_HDR_SIZE;
}

size_t host_net_receive(struct host_net *net, void *buf, size_t size)
{
	struct virtio_host_queue *q = rxq(net);
	uint16_t head;
	uint32_t written;
	size_t len = 0;
	bool posted = false;

	spin_lock(&net->lock);
	/* Until one frame is copied out: each used buffer goes straight back to the device. */
	while (len == 0 && virtio_host_pop(q, &head, &written)) {
		const uint8_t *b = net->rx_buf + (size_t)head * BUF_STRIDE;

		len = rx_frame_len(b, written);
		if (len > size) {
			len = 0;
		}
		if (len) {
			lib_memcpy(buf, b + VIRTIO_NET_HDR_SIZE, len);
		} else {
			__atomic_add_fetch(&net->dropped, 1, __ATOMIC_RELAXED);
		}
		posted |= post_rx(net);
	}
	if (posted) {
		virtio_host_notify(q);
	}
	spin_unlock(&net->lock);
	return len;
}

uint64_t host_net_dropped(const struct host_net *net)
{
	return __atomic_load_n(&net->dropped, __ATOMIC_RELAXED);
}

bool host_net_link_up(const struct host_net *net)
{
	return __atomic_load_n(&net->link_up, __ATOMIC_ACQUIRE);
}
