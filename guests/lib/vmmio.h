/* SPDX-License-Identifier: Apache-2.0 */
/* What the test guests' own virtio-mmio drivers share: registers, reset, feature handshake, rings. */
#ifndef GUESTS_LIB_VMMIO_H
#define GUESTS_LIB_VMMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/virtio_spec.h"

/* The guest machine (vmm/machine.h): virtio slot i, the PLIC and the UART. */
#define VMMIO_SLOT(i) (0x10001000UL + 0x1000UL * (i))
#define MACHINE_PLIC 0x0c000000UL
#define MACHINE_UART 0x10000000UL

#define VRING_SIZE 128u /* the queue size the guests' handshakes ask for */

struct vdesc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* The three areas of one split queue (VIRTIO 1.2 section 2.7), in guest RAM. */
struct vring {
	struct vdesc desc[VRING_SIZE];
	struct {
		uint16_t flags, idx, ring[VRING_SIZE], used_event;
	} avail __attribute__((aligned(16)));
	struct {
		uint16_t flags, idx;
		struct {
			uint32_t id, len;
		} ring[VRING_SIZE];
		uint16_t avail_event;
	} used __attribute__((aligned(16)));
};

uint32_t vmmio_read(unsigned long base, unsigned off);
void vmmio_write(unsigned long base, unsigned off, uint32_t v);
/* A 64-bit address into a LOW/HIGH register pair. */
void vmmio_set_addr(unsigned long base, unsigned off, uint64_t gpa);
uint8_t vmmio_config8(unsigned long base, unsigned off);

/* Status 0, then waits (bounded) for it to read 0 as section 2.4 says; false if it never does. */
bool vmmio_reset(unsigned long base);
/*
 * Reset, then the handshake up to FEATURES_OK (section 3.1.1): magic, version 2, device_id,
 * ACKNOWLEDGE, DRIVER, features VERSION_1 plus what of `want` is offered (*features gets them).
 * Returns NULL or what went wrong.
 */
const char *vmmio_negotiate(unsigned long base, uint32_t device_id, uint64_t want,
			    uint64_t *features);
/* Writes the selected queue's size and the areas of ring r (QueueSel and QueueReady untouched). */
void vmmio_queue_regs(unsigned long base, const struct vring *r, uint32_t num);
/* Selects queue q, sets it up on ring r (cleared) with VRING_SIZE entries, makes it ready. */
const char *vmmio_queue_start(unsigned long base, unsigned q, struct vring *r);
/* Sets DRIVER_OK on top of FEATURES_OK; NULL or what went wrong. */
const char *vmmio_driver_ok(unsigned long base);
/* Whether the device has set DEVICE_NEEDS_RESET. */
bool vmmio_needs_reset(unsigned long base);

#endif
