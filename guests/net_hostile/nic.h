/* SPDX-License-Identifier: Apache-2.0 */
/* A tiny polled virtio-net driver (receiveq1, transmitq1) whose rings the hostile guest may break. */
#ifndef GUESTS_NET_HOSTILE_NIC_H
#define GUESTS_NET_HOSTILE_NIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmmio.h"

#define ETH_ALEN 6
#define ETH_HLEN 14
#define FRAME_MAX 1514u                           /* VIRTIO_NET_MAX_PACKET */
#define NIC_BUF (VIRTIO_NET_HDR_SIZE + FRAME_MAX) /* 1526: section 5.1.6.3.1's SHOULD */
#define RX VIRTIO_NET_Q_RX0
#define TX VIRTIO_NET_Q_TX0

struct nic {
	const char *name;
	unsigned long base;
	struct vring *ring[2];                  /* [RX], [TX] */
	uint8_t (*buf)[2][VRING_SIZE][NIC_BUF]; /* descriptor i of queue q owns buf[q][i] */
	uint16_t avail[2];                      /* avail idx the driver published */
	uint16_t seen[2];                       /* used entries the driver has consumed */
	uint64_t features;
	uint8_t mac[ETH_ALEN];
};

/*
 * Reset, handshake (features VERSION_1, MAC, plus `want`), both queues, DRIVER_OK, and rx_posts
 * receive buffers of NIC_BUF bytes. NULL or what went wrong.
 */
const char *nic_start(struct nic *n, unsigned long base, uint64_t want, unsigned rx_posts);
/* Publishes head on queue q (avail idx + 1), without a notify. */
void nic_post(struct nic *n, unsigned q, uint16_t head);
void nic_notify(const struct nic *n, unsigned q);
uint16_t nic_used_idx(const struct nic *n, unsigned q);
/* Polls until queue q's used idx reaches want or DEVICE_NEEDS_RESET is set, at most ms. */
bool nic_wait_used(const struct nic *n, unsigned q, uint16_t want, unsigned ms);
/* Whether the transmit chains posted so far have all come back, within a second. */
bool nic_tx_done(struct nic *n);

/* Transmit descriptor i on buffer i: the header (flags 0, GSO_NONE) and frame[0, len). */
void nic_tx_fill(struct nic *n, uint16_t i, const void *frame, size_t len);
/* One frame: filled, posted, notified and waited for; false if it did not come back. */
bool nic_send(struct nic *n, const void *frame, size_t len);
/*
 * The next received frame, copied to out (at most max bytes): its length, or -1 when none came
 * within ms (or the NIC needs a reset). The buffer goes back to the device. *hdr_ok: the header
 * is what the device owes this driver (flags 0, GSO_NONE, num_buffers 1).
 */
int nic_recv(struct nic *n, void *out, size_t max, unsigned ms, bool *hdr_ok);

#endif
