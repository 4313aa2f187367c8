/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the G-stage mode rvkvm_create_vm gives a VM: the hart's largest, or one it names that this hart has. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"

#define MIB (1ull << 20)
#define POOL_SIZE (24 * MIB) /* one VM at a time: its 16 MiB of G-stage tables and its structs */

static uint8_t *pool;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_h = true;
	/* A hart like QEMU's with Sv57x4 switched off. */
	host_caps.gstage_modes[0] = &gstage_sv39x4;
	host_caps.gstage_modes[1] = &gstage_sv48x4;
	pool = aligned_alloc(2 * MIB, POOL_SIZE);
	assert_non_null(pool);
	host_mem_init(&core_host_mem);
	assert_true(host_mem_add(&core_host_mem, (uint64_t)(uintptr_t)pool, POOL_SIZE));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool);
	return 0;
}

/* The mode a VM created with this name gets, or NULL when creation is refused. */
static const struct gstage_mode *created_mode(const char *name)
{
	struct rvkvm_vm_params params = { name, 0 };
	struct rvkvm_vm *vm = NULL;
	const struct gstage_mode *mode;
	int rc = rvkvm_create_vm(&params, &vm);

	if (rc != 0) {
		assert_int_equal(rc, RVKVM_EINVAL);
		return NULL;
	}
	mode = vm->gstage.mode;
	assert_int_equal(rvkvm_destroy_vm(vm), 0);
	return mode;
}

static void test_default_is_the_largest(void **state)
{
	(void)state;
	assert_ptr_equal(created_mode(NULL), &gstage_sv48x4);
	assert_ptr_equal(created_mode(""), &gstage_sv48x4);
}

static void test_named_mode_the_hart_has(void **state)
{
	(void)state;
	assert_ptr_equal(created_mode("sv39x4"), &gstage_sv39x4);
	assert_ptr_equal(created_mode("sv48x4"), &gstage_sv48x4);
	assert_null(created_mode("sv57x4")); /* this hart lacks it */
	assert_null(created_mode("sv39"));
}

/*
 * Sv32x4 is an RV32 hart's mode: an RV64 hart's hgatp has no such MODE, so a VM never gets it
 * there, even from a host_caps that (wrongly) listed it.
 */
static void test_sv32x4_only_on_rv32(void **state)
{
	(void)state;
	if (sizeof(unsigned long) != 8) {
		skip();
	}
	assert_null(created_mode("sv32x4"));
	host_caps.gstage_modes[2] = &gstage_sv32x4;
	assert_null(created_mode("sv32x4"));
	assert_ptr_equal(created_mode("sv39x4"), &gstage_sv39x4);
}

/*
 * The stats name the mode and the size of a leaf at each level (--stats prints the leaves by
 * size): 4 KiB, 2 MiB, 1 GiB on the 64-bit modes, 4 KiB and 4 MiB on Sv32x4, which has no third.
 */
static void test_stats_leaf_sizes(void **state)
{
	bool rv32 = sizeof(unsigned long) == 4;
	struct rvkvm_vm_params params = { rv32 ? "sv32x4" : "sv39x4", 0 };
	struct rvkvm_vm_stats st;
	struct rvkvm_vm *vm = NULL;

	(void)state;
	if (rv32) {
		host_caps.gstage_modes[2] = &gstage_sv32x4;
	}
	assert_int_equal(rvkvm_create_vm(&params, &vm), 0);
	assert_int_equal(rvkvm_vm_get_stats(vm, &st), 0);
	assert_string_equal(st.gstage, params.gstage);
	assert_int_equal(st.leaf_shift[0], 12);
	assert_int_equal(st.leaf_shift[1], rv32 ? 22 : 21);
	assert_int_equal(st.leaf_shift[2], rv32 ? 0 : 30);
	assert_int_equal(rvkvm_destroy_vm(vm), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_default_is_the_largest),
		T(test_named_mode_the_hart_has),
		T(test_sv32x4_only_on_rv32),
		T(test_stats_leaf_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
