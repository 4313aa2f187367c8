/* SPDX-License-Identifier: Apache-2.0 */
/* The descriptor every emulated MMIO device model provides to the VMM's bus. */
#ifndef VMM_DEVICES_DEVICE_H
#define VMM_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A device sees offsets into its own window, never absolute addresses.
 * read/write return false when the access is not one the device supports
 * (bad width or alignment); the VMM then ignores a write and returns 0 for
 * a read, as real buses do for unclaimed lanes.
 */
struct device_desc {
	const char *name;
	const char *compatible;
	bool (*read)(void *dev, uint64_t offset, unsigned width, uint64_t *value);
	bool (*write)(void *dev, uint64_t offset, unsigned width, uint64_t value);
	void (*reset)(void *dev);
};

#endif
