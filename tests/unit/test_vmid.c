/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of VMID allocation: sequence, reserved VMID 0, generation rollover, no VMIDs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/vmid.h"

static struct vmid_space space;

static void test_sequence_and_stability(void **state)
{
	struct vm_vmid a = { 0, 0 };
	struct vm_vmid b = { 0, 0 };
	struct vm_vmid c = { 0, 0 };

	(void)state;
	memset(&space, 0xA5, sizeof(space));
	vmid_space_init(&space, 14);
	assert_false(vmid_valid(&space, &a)); /* generation 0 is "never allocated" */

	assert_false(vmid_refresh(&space, &a));
	assert_false(vmid_refresh(&space, &b));
	assert_false(vmid_refresh(&space, &c));
	assert_int_equal(a.vmid, 1);
	assert_int_equal(b.vmid, 2);
	assert_int_equal(c.vmid, 3);
	assert_true(vmid_valid(&space, &a));
	assert_true(vmid_valid(&space, &b));
	assert_true(vmid_valid(&space, &c));

	/* A VM that still holds a current VMID keeps it and consumes nothing. */
	for (unsigned i = 0; i < 10; i++) {
		assert_false(vmid_refresh(&space, &b));
		assert_int_equal(b.vmid, 2);
	}
	struct vm_vmid d = { 0, 0 };

	assert_false(vmid_refresh(&space, &d));
	assert_int_equal(d.vmid, 4);
}

static void test_full_space_then_rollover(void **state)
{
	struct vm_vmid first = { 0, 0 };
	struct vm_vmid v = { 0, 0 };
	uint64_t gen;

	(void)state;
	vmid_space_init(&space, 14);
	assert_false(vmid_refresh(&space, &first));
	gen = first.generation;
	/* VMIDs 2..16383 follow without a rollover... */
	for (uint32_t want = 2; want < (1u << 14); want++) {
		v.generation = 0;
		assert_false(vmid_refresh(&space, &v));
		assert_int_equal(v.vmid, want);
		assert_int_equal(v.generation, gen);
	}
	assert_true(vmid_valid(&space, &first));
	/* ...and the next one starts a new generation at VMID 1, never 0. */
	v.generation = 0;
	assert_true(vmid_refresh(&space, &v));
	assert_int_equal(v.vmid, 1);
	assert_true(v.generation != gen);
	assert_false(vmid_valid(&space, &first));
	assert_true(vmid_valid(&space, &v));
}

static void test_two_bits_rollover(void **state)
{
	struct vm_vmid vm[5];
	unsigned rollovers = 0;
	uint64_t last_gen;

	(void)state;
	memset(vm, 0, sizeof(vm));
	vmid_space_init(&space, 2); /* VMIDs 1..3 */
	for (unsigned i = 0; i < 3; i++) {
		assert_false(vmid_refresh(&space, &vm[i]));
		assert_int_equal(vm[i].vmid, i + 1);
	}
	last_gen = vm[0].generation;

	/* The fourth VM rolls over: it gets VMID 1 of a new generation, once. */
	assert_true(vmid_refresh(&space, &vm[3]));
	assert_int_equal(vm[3].vmid, 1);
	assert_true(vm[3].generation != last_gen);
	for (unsigned i = 0; i < 3; i++) {
		assert_false(vmid_valid(&space, &vm[i]));
	}
	assert_true(vmid_valid(&space, &vm[3]));
	assert_false(vmid_refresh(&space, &vm[3])); /* no second "true" for the same rollover */

	/* Old-generation VMs come back one by one and take the rest of the new generation. */
	assert_false(vmid_refresh(&space, &vm[0]));
	assert_int_equal(vm[0].vmid, 2);
	assert_false(vmid_refresh(&space, &vm[1]));
	assert_int_equal(vm[1].vmid, 3);
	assert_true(vmid_valid(&space, &vm[0]));
	assert_true(vmid_valid(&space, &vm[3]));

	/* vm[2] finds the space used up: the next rollover, and again exactly one true. */
	assert_true(vmid_refresh(&space, &vm[2]));
	assert_int_equal(vm[2].vmid, 1);
	assert_false(vmid_valid(&space, &vm[0]));
	assert_false(vmid_valid(&space, &vm[1]));
	assert_false(vmid_valid(&space, &vm[3]));

	/* Many rounds: within a generation the VMIDs are distinct and in 1..3. */
	memset(vm, 0, sizeof(vm));
	vmid_space_init(&space, 2);
	for (unsigned round = 0; round < 200; round++) {
		unsigned i = round % 5;
		bool seen[4] = { false, false, false, false };
		bool rolled = vmid_refresh(&space, &vm[i]);

		rollovers += rolled ? 1 : 0;
		assert_true(vm[i].vmid >= 1 && vm[i].vmid <= 3);
		for (unsigned j = 0; j < 5; j++) {
			if (vmid_valid(&space, &vm[j])) {
				assert_false(seen[vm[j].vmid]);
				seen[vm[j].vmid] = true;
			}
		}
	}
	/* Five VMs round-robin over three VMIDs: every refresh needs a VMID; 200 of them,
	 * three per generation, the first generation free: ceil(200 / 3) - 1 rollovers. */
	assert_int_equal(rollovers, 66);
}

static void test_one_bit(void **state)
{
	struct vm_vmid a = { 0, 0 };
	struct vm_vmid b = { 0, 0 };

	(void)state;
	vmid_space_init(&space, 1); /* only VMID 1 */
	assert_false(vmid_refresh(&space, &a));
	assert_int_equal(a.vmid, 1);
	assert_true(vmid_refresh(&space, &b));
	assert_int_equal(b.vmid, 1);
	assert_false(vmid_valid(&space, &a));
	assert_true(vmid_refresh(&space, &a));
	assert_int_equal(a.vmid, 1);
	assert_false(vmid_valid(&space, &b));
}

static void test_no_vmids(void **state)
{
	struct vm_vmid vm[3];
	uint64_t gen;

	(void)state;
	memset(vm, 0, sizeof(vm));
	vmid_space_init(&space, 0);
	gen = space.generation;
	for (unsigned round = 0; round < 50; round++) {
		for (unsigned i = 0; i < 3; i++) {
			assert_false(vmid_refresh(&space, &vm[i]));
			assert_int_equal(vm[i].vmid, 0);
			assert_true(vmid_valid(&space, &vm[i]));
		}
	}
	assert_int_equal(space.generation, gen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequence_and_stability),
		cmocka_unit_test(test_full_space_then_rollover),
		cmocka_unit_test(test_two_bits_rollover),
		cmocka_unit_test(test_one_bit),
		cmocka_unit_test(test_no_vmids),
	};

	return cmocka_run_group_tests_name("vmid", tests, NULL, NULL);
}
