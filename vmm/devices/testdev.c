/* rvkvm's test device: naturally aligned 1/2/4/8-byte accesses to an 8-byte register at offset 0. */
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
	if (offset == TESTDEV_CMD && width == 8) {
		if (t->command) {
			t->command(t->opaque, value);
		}
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
}

const struct device_desc testdev_device = {
	.name = "testdev",
	.compatible = TESTDEV_COMPATIBLE,
	.read = testdev_read,
	.write = testdev_write,
	.reset = testdev_reset,
};
