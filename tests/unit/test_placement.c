/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of vCPU placement: every vCPU on a hart of its own, and a refusal when they do not fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/placement.h"

static struct placement p;

/* No two vCPUs share a hart, and every hart is below nharts. */
static void assert_one_per_hart(const unsigned *ncpus, unsigned nvms, unsigned nharts)
{
	bool used[PLACEMENT_MAX_VMS * PLACEMENT_MAX_VCPUS] = { false };

	for (unsigned v = 0; v < nvms; v++) {
		for (unsigned i = 0; i < ncpus[v]; i++) {
			assert_true(p.hart[v][i] < nharts);
			assert_false(used[p.hart[v][i]]);
			used[p.hart[v][i]] = true;
		}
	}
}

static void test_single_vm_as_before(void **state)
{
	const unsigned ncpus[] = { 4 };

	(void)state;
	assert_int_equal(placement_assign(ncpus, 1, 4, &p), 0);
	assert_int_equal(p.total, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(p.hart[0][i], i); /* vCPU i on hart i, vCPU 0 on the boot hart */
	}
}

static void test_several_vms(void **state)
{
	const unsigned ncpus[] = { 2, 1, 3 };

	(void)state;
	memset(&p, 0xff, sizeof(p));
	assert_int_equal(placement_assign(ncpus, 3, 8, &p), 0);
	assert_int_equal(p.total, 6);
	assert_int_equal(p.hart[0][0], 0);
	assert_int_equal(p.hart[1][0], 2);
	assert_int_equal(p.hart[2][2], 5);
	assert_one_per_hart(ncpus, 3, 6);
}

/* One hart each when they fit; with fewer harts (overcommit) they share them in turn. */
static void test_exact_fit_and_overcommit(void **state)
{
	const unsigned ncpus[] = { 3, 1 };

	(void)state;
	assert_int_equal(placement_assign(ncpus, 2, 4, &p), 0);
	assert_one_per_hart(ncpus, 2, 4);
	assert_int_equal(placement_assign(ncpus, 2, 3, &p), 0);
	assert_int_equal(p.total, 4);
	assert_int_equal(p.hart[0][0], 0);
	assert_int_equal(p.hart[0][1], 1);
	assert_int_equal(p.hart[0][2], 2);
	assert_int_equal(p.hart[1][0], 0); /* the fourth vCPU starts on the boot hart again */
	assert_int_equal(placement_assign(ncpus, 2, 1, &p), 0);
	assert_int_equal(p.hart[0][2], 0);
	assert_int_equal(placement_assign(ncpus, 2, 0, &p), -1); /* no hart at all */
}

static void test_bad_counts(void **state)
{
	unsigned ncpus[PLACEMENT_MAX_VMS + 1];

	(void)state;
	for (unsigned v = 0; v <= PLACEMENT_MAX_VMS; v++) {
		ncpus[v] = 1;
	}
	assert_int_equal(placement_assign(ncpus, PLACEMENT_MAX_VMS, 64, &p), 0);
	assert_one_per_hart(ncpus, PLACEMENT_MAX_VMS, PLACEMENT_MAX_VMS);
	assert_int_equal(placement_assign(ncpus, PLACEMENT_MAX_VMS + 1, 64, &p), -1);
	ncpus[1] = 0;
	assert_int_equal(placement_assign(ncpus, 2, 64, &p), -1);
	ncpus[1] = PLACEMENT_MAX_VCPUS + 1;
	assert_int_equal(placement_assign(ncpus, 2, 1000, &p), -1);
	assert_int_equal(placement_assign(ncpus, 0, 1, &p), 0); /* nothing to place */
	assert_int_equal(p.total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_vm_as_before),
		cmocka_unit_test(test_several_vms),
		cmocka_unit_test(test_exact_fit_and_overcommit),
		cmocka_unit_test(test_bad_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
