/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for vmm/devices/testdev.c: the scratch register and which writes are commands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "vmm/devices/testdev.h"

static uint64_t commands[4];
static unsigned ncommands;

static void record(void *opaque, uint64_t value)
{
	(void)opaque;
	if (ncommands < 4) {
		commands[ncommands] = value;
	}
	ncommands++;
}

static struct testdev dev = { .command = record };

static int setup(void **state)
{
	(void)state;
	testdev_device.reset(&dev);
	ncommands = 0;
	return 0;
}

/* The register takes every naturally aligned width; reads put the bytes back little endian. */
static void test_testdev_register(void **state)
{
	uint64_t v;

	(void)state;
	assert_true(testdev_device.write(&dev, 0, 8, 0x1122334455667788ull));
	assert_true(testdev_device.write(&dev, 4, 4, 0xaabbccdd));
	assert_true(testdev_device.read(&dev, 0, 8, &v));
	assert_int_equal(v, 0xaabbccdd55667788ull);
	assert_true(testdev_device.read(&dev, 2, 2, &v));
	assert_int_equal(v, 0x5566);
	assert_int_equal(ncommands, 0);
}

/*
 * The command word: an 8-byte write (rv64) and a 4-byte one (rv32, zero-extended) are commands;
 * narrower or misplaced writes are not, and never reach the hooks.
 */
static void test_testdev_command_widths(void **state)
{
	(void)state;
	assert_true(testdev_device.write(&dev, TESTDEV_CMD, 8, 0x200000005ull));
	assert_true(testdev_device.write(&dev, TESTDEV_CMD, 4, 0x20000005));
	assert_true(testdev_device.write(&dev, TESTDEV_CMD, 2, 0x0005));
	assert_true(testdev_device.write(&dev, TESTDEV_CMD, 1, 0x05));
	assert_true(testdev_device.write(&dev, TESTDEV_CMD + 4, 4, 0x05));
	assert_int_equal(ncommands, 2);
	assert_int_equal(commands[0], 0x200000005ull);
	assert_int_equal(commands[1], 0x20000005);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_testdev_register, setup),
		cmocka_unit_test_setup(test_testdev_command_widths, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
