/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of SBI System Suspend (core/sbi/susp.c): its checks, and the wake-up state it leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/unit/xlen.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (64UL * 1024)

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu[2];
static uint8_t *ram;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(vcpu, 0, sizeof(vcpu));
	ram = calloc(1, RAM_SIZE);
	vm.memslots.slot[0].used = true;
	vm.memslots.slot[0].base = gpa(RAM_BASE);
	vm.memslots.slot[0].size = RAM_SIZE;
	vm.memslots.slot[0].host = hpa_of(ram);
	for (unsigned i = 0; i < 2; i++) {
		vcpu[i].vm = &vm;
		vcpu[i].id = i;
		vm.vcpus[i] = &vcpu[i];
	}
	vm.nvcpus = 2;
	vcpu[1].hsm_state = VCPU_HSM_STOPPED;
	fake_arch_reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

static struct sbi_result suspend(unsigned long type, unsigned long addr, unsigned long opaque)
{
	struct sbi_call c = { .eid = SBI_EID_SUSP,
			      .fid = SBI_SUSP_SYSTEM_SUSPEND,
			      .args = { type, addr, opaque } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu[0], &c, &r), 0);
	return r;
}

static void expect_refused(long error, unsigned long type, unsigned long addr)
{
	struct sbi_result r = suspend(type, addr, 7);

	assert_int_equal(r.error, error);
	assert_int_equal(r.next, SBI_NEXT_RETURN);
	assert_int_equal(fake_arch.resets, 0);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refused(SBI_ERR_INVALID_PARAM, 1, RAM_BASE);
	expect_refused(SBI_ERR_INVALID_PARAM, 0x7fffffffUL, RAM_BASE);
	RV64_ONLY(expect_refused(SBI_ERR_INVALID_PARAM, 0x100000001UL, RAM_BASE));
	/* Platform-specific and unimplemented (rvkvm implements none): INVALID_PARAM too. */
	expect_refused(SBI_ERR_INVALID_PARAM, 0x80000000UL, RAM_BASE);
	expect_refused(SBI_ERR_INVALID_PARAM, 0xffffffffUL, RAM_BASE);
	expect_refused(SBI_ERR_INVALID_ADDRESS, 0, RAM_BASE - 4);
	expect_refused(SBI_ERR_INVALID_ADDRESS, 0, RAM_BASE + RAM_SIZE);
	vcpu[1].hsm_state = VCPU_HSM_STARTED;
	expect_refused(SBI_ERR_DENIED, 0, RAM_BASE);
	vcpu[1].hsm_state = VCPU_HSM_SUSPENDED; /* only stopped harts allow it */
	expect_refused(SBI_ERR_DENIED, 0, RAM_BASE);
}

static void test_suspend_to_ram(void **state)
{
	struct sbi_result r;

	(void)state;
	r = suspend(0, RAM_BASE + 0x100, 0x1234);
	assert_int_equal(r.next, SBI_NEXT_NO_RETURN_EXIT);
	assert_int_equal(fake_arch.resets, 1);
	assert_ptr_equal(fake_arch.reset_vcpu, &vcpu[0]);
	assert_int_equal(fake_arch.reset_entry, RAM_BASE + 0x100);
	assert_int_equal(fake_arch.reset_opaque, 0x1234);
	assert_int_equal(vcpu[0].exit.reason, RVKVM_EXIT_SYSTEM_EVENT);
	assert_int_equal(vcpu[0].exit.system_event.type, RVKVM_SYSTEM_EVENT_SUSPEND);
	assert_int_equal(vcpu[0].exit.system_event.data[0], 0);
}

/* sleep_type is a uint32_t: bits above 31 are not part of it, so this is SUSPEND_TO_RAM. */
static void test_sleep_type_low_32_bits(void **state)
{
	struct sbi_result r;

	(void)state;
	if (XLEN < 64) {
		skip(); /* an RV32 register has no bits above 31 */
	}
	r = suspend(REG_BITS_FROM(32), RAM_BASE + 0x100, 0x1234);
	assert_int_equal(r.next, SBI_NEXT_NO_RETURN_EXIT);
	assert_int_equal(fake_arch.resets, 1);
	assert_int_equal(vcpu[0].exit.system_event.type, RVKVM_SYSTEM_EVENT_SUSPEND);
	assert_int_equal(vcpu[0].exit.system_event.data[0], 0);
}

/* It rewrites every register: never on the fast exit path. */
static void test_not_fast(void **state)
{
	struct sbi_call c = { .eid = SBI_EID_SUSP,
			      .fid = SBI_SUSP_SYSTEM_SUSPEND,
			      .args = { 0, RAM_BASE } };
	struct sbi_result r;

	(void)state;
	assert_int_equal(sbi_dispatch_fast(&vcpu[0], &c, &r), SBI_DISPATCH_NOT_FAST);
	assert_int_equal(fake_arch.resets, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suspend_to_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sleep_type_low_32_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_fast, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
