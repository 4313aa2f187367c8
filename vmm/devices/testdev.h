/* rvkvm's test device: one 64-bit scratch register that takes every access width (for MMIO tests). */
#ifndef VMM_DEVICES_TESTDEV_H
#define VMM_DEVICES_TESTDEV_H

#include <stdint.h>

#include "vmm/devices/device.h"

#define TESTDEV_WINDOW_SIZE 0x1000
#define TESTDEV_COMPATIBLE "rvkvm,testdev"

/* An 8-byte write here is a command for the VMM's test hooks (vmm/memtest.c), not device state. */
#define TESTDEV_CMD 0x10

struct testdev {
	uint8_t reg[8]; /* offset 0..7, little endian */
	void (*command)(void *opaque, uint64_t value);
	void *opaque;
};

extern const struct device_desc testdev_device;

#endif
