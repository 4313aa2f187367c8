/* rvkvm's test device: one 64-bit scratch register that takes every access width (for MMIO tests). */
#ifndef VMM_DEVICES_TESTDEV_H
#define VMM_DEVICES_TESTDEV_H

#include <stdint.h>

#include "vmm/devices/device.h"

#define TESTDEV_WINDOW_SIZE 0x1000
#define TESTDEV_COMPATIBLE "rvkvm,testdev"

struct testdev {
	uint8_t reg[8]; /* offset 0..7, little endian */
};

extern const struct device_desc testdev_device;

#endif
