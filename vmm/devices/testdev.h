/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rvkvm's test device: a 64-bit scratch register that takes every access width (for MMIO tests),
 * the test hooks' command word and a doorbell.
 */
#ifndef VMM_DEVICES_TESTDEV_H
#define VMM_DEVICES_TESTDEV_H

#include <stdint.h>

#include "vmm/devices/device.h"

#define TESTDEV_WINDOW_SIZE 0x1000
#define TESTDEV_COMPATIBLE "rvkvm,testdev"

/*
 * A register-wide write here is a command for the VMM's test hooks (vmm/memtest.c), not device
 * state: 8 bytes from an rv64 guest, 4 from an rv32 one (its value zero-extended).
 */
#define TESTDEV_CMD 0x10

/*
 * A doorbell (rvkvm_ioeventfd): a 4-byte write of TESTDEV_DOORBELL_MATCH at TESTDEV_DOORBELL rings
 * it in the core and never reaches this model. Every other write there does, and is counted.
 * 64-bit counters, read whole or by 4-byte halves (low word first: reading it takes in the rings
 * since, the high word then matches it): TESTDEV_DOORBELL_RUNG, the rings so far;
 * TESTDEV_DOORBELL_EXITS, the writes there that came to the VMM instead.
 */
#define TESTDEV_DOORBELL 0x18
#define TESTDEV_DOORBELL_LEN 4
#define TESTDEV_DOORBELL_MATCH 1
#define TESTDEV_DOORBELL_RUNG 0x20
#define TESTDEV_DOORBELL_EXITS 0x28

struct testdev {
	uint8_t reg[8]; /* offset 0..7, little endian */
	void (*command)(void *opaque, uint64_t value);
	uint64_t (*doorbell_rung)(void *opaque); /* rings since the last call (NULL: none) */
	void *opaque;
	uint64_t rung;           /* rings counted so far */
	uint64_t doorbell_exits; /* writes at TESTDEV_DOORBELL that came here */
};

extern const struct device_desc testdev_device;

#endif
