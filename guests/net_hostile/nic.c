/* SPDX-License-Identifier: Apache-2.0 */
/* The net guest's virtio-net driver: one buffer per descriptor, everything polled. */
#include "nic.h"

#include "hart.h"
#include "lib/string.h"

#define WANT_ALWAYS (1ull << VIRTIO_NET_F_MAC)
#define TX_MS 1000u

const char *nic_start(struct nic *n, unsigned long base, uint64_t want, unsigned rx_posts)
{
	const char *why;

	n->base = base;
	why = vmmio_negotiate(base, VIRTIO_ID_NET, WANT_ALWAYS | want, &n->features);
	if (why != NULL) {
		return why;
	}
	if ((n->features & (1ull << VIRTIO_NET_F_MAC)) == 0) {
		return "VIRTIO_NET_F_MAC not offered";
	}
	for (unsigned i = 0; i < ETH_ALEN; i++) {
		n->mac[i] = vmmio_config8(base, VIRTIO_NET_CFG_MAC + i);
	}
	for (unsigned q = RX; q <= TX; q++) {
		n->avail[q] = 0;
		n->seen[q] = 0;
		why = vmmio_queue_start(base, q, n->ring[q]);
		if (why != NULL) {
			return why;
		}
	}
	why = vmmio_driver_ok(base);
	if (why != NULL) {
		return why;
	}
	for (unsigned i = 0; i < rx_posts && i < VRING_SIZE; i++) {
		n->ring[RX]->desc[i] = (struct vdesc){ (uintptr_t)(*n->buf)[RX][i], NIC_BUF,
						       VIRTQ_DESC_F_WRITE, 0 };
		nic_post(n, RX, (uint16_t)i);
	}
	nic_notify(n, RX);
	return NULL;
}

void nic_post(struct nic *n, unsigned q, uint16_t head)
{
	struct vring *r = n->ring[q];

	*(volatile uint16_t *)&r->avail.ring[n->avail[q] % VRING_SIZE] = head;
	n->avail[q]++;
	/* The descriptors and the ring entry must be seen before the new idx. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	*(volatile uint16_t *)&r->avail.idx = n->avail[q];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void nic_notify(const struct nic *n, unsigned q)
{
	vmmio_write(n->base, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

uint16_t nic_used_idx(const struct nic *n, unsigned q)
{
	return *(volatile uint16_t *)&n->ring[q]->used.idx;
}

bool nic_wait_used(const struct nic *n, unsigned q, uint16_t want, unsigned ms)
{
	unsigned long start = now();

	while (now() - start < MS_TICKS(ms)) {
		if (nic_used_idx(n, q) == want) {
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			return true;
		}
		if (vmmio_needs_reset(n->base)) {
			return false;
		}
	}
	return false;
}

bool nic_tx_done(struct nic *n)
{
	if (!nic_wait_used(n, TX, n->avail[TX], TX_MS)) {
		return false;
	}
	n->seen[TX] = n->avail[TX];
	return true;
}

void nic_tx_fill(struct nic *n, uint16_t i, const void *frame, size_t len)
{
	uint8_t *b = (*n->buf)[TX][i % VRING_SIZE];

	lib_memset(b, 0, VIRTIO_NET_HDR_SIZE);
	lib_memcpy(b + VIRTIO_NET_HDR_SIZE, frame, len);
	n->ring[TX]->desc[i % VRING_SIZE] =
		(struct vdesc){ (uintptr_t)b, (uint32_t)(VIRTIO_NET_HDR_SIZE + len), 0, 0 };
}

bool nic_send(struct nic *n, const void *frame, size_t len)
{
	uint16_t i = n->avail[TX] % VRING_SIZE;

	nic_tx_fill(n, i, frame, len);
	nic_post(n, TX, i);
	nic_notify(n, TX);
	return nic_tx_done(n);
}

int nic_recv(struct nic *n, void *out, size_t max, unsigned ms, bool *hdr_ok)
{
	struct vring *r = n->ring[RX];
	unsigned long start = now();
	uint32_t id, len;
	const uint8_t *b;

	while (nic_used_idx(n, RX) == n->seen[RX]) {
		if (now() - start >= MS_TICKS(ms) || vmmio_needs_reset(n->base)) {
			return -1;
		}
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	id = r->used.ring[n->seen[RX] % VRING_SIZE].id;
	len = r->used.ring[n->seen[RX] % VRING_SIZE].len;
	n->seen[RX]++;
	if (id >= VRING_SIZE || len < VIRTIO_NET_HDR_SIZE || len > NIC_BUF) {
		*hdr_ok = false;
		return 0;
	}
	b = (*n->buf)[RX][id];
	*hdr_ok = b[VIRTIO_NET_HDR_FLAGS] == 0 && b[VIRTIO_NET_HDR_GSO_TYPE] == 0 &&
		  b[VIRTIO_NET_HDR_NUM_BUFFERS] == 1 && b[VIRTIO_NET_HDR_NUM_BUFFERS + 1] == 0;
	len -= VIRTIO_NET_HDR_SIZE;
	lib_memcpy(out, b + VIRTIO_NET_HDR_SIZE, len < max ? len : max);
	/* The descriptor is as nic_start made it: the buffer goes straight back. */
	nic_post(n, RX, (uint16_t)id);
	nic_notify(n, RX);
	return (int)len;
}
