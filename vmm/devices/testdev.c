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

/* A 64-bit counter at base, read whole or by its 4-byte halves (rv32 has no 8-byte load). */
static bool counter_read(uint64_t offset, unsigned width, uint64_t base, uint64_t counter,
			 uint64_t *value)
{
	if (offset < base || offset >= base + 8 || (width != 4 && width != 8) ||
	    offset % width != 0) {
		return false;
	}
	*value = counter >> (8 * (offset - base));
	if (width == 4) {
		*value &= 0xffffffffu;
	}
	return true;
}

static bool testdev_read(void *dev, uint64_t offset, unsigned width, uint64_t *value)
{
	struct testdev *t = dev;

	*value = 0;
	if (offset >= TESTDEV_WINDOW_SIZE) {
		return false;
	}
	/* The low word (or all 8 bytes) takes in the rings since; the high word follows it. */
	if (offset == TESTDEV_DOORBELL_RUNG && (width == 4 || width == 8) && t->doorbell_rung) {
		t->rung += t->doorbell_rung(t->opaque);
	}
	if (counter_read(offset, width, TESTDEV_DOORBELL_RUNG, t->rung, value) ||
	    counter_read(offset, width, TESTDEV_DOORBELL_EXITS, t->doorbell_exits, value)) {
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
