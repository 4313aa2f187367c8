/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rvkvm's test device: naturally aligned 1/2/4/8-byte accesses to an 8-byte register at offset 0,
 * the test hooks' command word (an 8- or 4-byte write) and a doorbell's counters
 * (vmm/devices/testdev.h).
 */
#include "vmm/devices/testdev.h"

#include <stdbool.h>

#include "lib/string.h"

static bool in_register(uint64_t offset, unsigned width)
{
	return offset % width == 0 && offset + width <= sizeof(((struct testdev *)0)->reg);
}

static bool testdev_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct testdev *t = dev;

	*value = 0;
	if (offset >= TESTDEV_WINDOW_SIZE) {
		return false;
	}
	if (offset == TESTDEV_DOORBELL_RUNG && width == 8) {
		if (t->doorbell_rung) {
			t->rung += t->doorbell_rung(t->opaque);
		}
		*value = t->rung;
		return true;
	}
	if (offset == TESTDEV_DOORBELL_EXITS && width == 8) {
		*value = t->doorbell_exits;
		return true;
	}
	if (!in_register(offset, width)) {
		return true; /* the rest of the window reads as zero */
	}
	for (unsigned i = 0; i < width; i++) {
		*value |= (uint64_t)t->reg[offset + i] << (8 * i);
	}
	return true;
}

static bool testdev_write(void *dev, uint64_t offset, unsigned width, uint64_t value)
{
	struct testdev *t = dev;

	if (offset >= TESTDEV_WINDOW_SIZE) {
		return false;
	}
	if (offset == TESTDEV_CMD && (width == 8 || width == 4)) {
		if (t->command) {
			t->command(t->opaque, value);
		}
		return true;
	}
	if (offset == TESTDEV_DOORBELL) {
		t->doorbell_exits++; /* a write the doorbell did not take */
		return true;
	}
	if (!in_register(offset, width)) {
		return true;
	}
	for (unsigned i = 0; i < width; i++) {
		t->reg[offset + i] = (uint8_t)(value >> (8 * i));
	}
	return true;
}

static void testdev_reset(void *dev)
{
	struct testdev *t = dev;

	lib_memset(t->reg, 0, sizeof(t->reg));
	if (t->doorbell_rung) {
		(void)t->doorbell_rung(t->opaque); /* rings before the reset are forgotten */
	}
	t->rung = 0;
	t->doorbell_exits = 0;
}

const struct device_desc testdev_device = {
	.name = "testdev",
	.compatible = TESTDEV_COMPATIBLE,
	.read = testdev_read,
	.write = testdev_write,
	.reset = testdev_reset,
};
