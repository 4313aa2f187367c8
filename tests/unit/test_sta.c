/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of SBI STA (core/sbi/sta.c): registration, and what vcpu_load records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "core/sched.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/unit/xlen.h"

#define RAM_BASE 0x80000000UL
#define RAM_PAGES 4
#define RAM_SIZE (RAM_PAGES * 4096UL)
#define SHMEM (RAM_BASE + 0x1040) /* in page 1 */
#define NS_PER_TICK 100           /* a 10 MHz timebase, as on QEMU virt */

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu, other;
static struct sched_thread thread;
static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));
static unsigned long dirty_bits[DIRTY_LOG_WORDS(RAM_PAGES)];

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&other, 0, sizeof(other));
	memset(&thread, 0, sizeof(thread));
	memset(&host_caps, 0, sizeof(host_caps));
	memset(ram, 0x5a, sizeof(ram));
	host_caps.timebase_freq = 1000000000 / NS_PER_TICK;
	vm.memslots.slot[0] = (struct memslot){
		.used = true, .base = gpa(RAM_BASE), .size = RAM_SIZE, .host = hpa_of(ram)
	};
	vm.vcpus[0] = &vcpu;
	vm.vcpus[1] = &other;
	vm.nvcpus = 2;
	vcpu.vm = other.vm = &vm;
	other.id = 1;
	vcpu.sta.shmem = other.sta.shmem = VCPU_STA_OFF; /* as rvkvm_create_vcpu */
	vcpu.thread = &thread;
	fake_arch_reset();
	return 0;
}

static struct sbi_result call(unsigned long eid, unsigned long fid, unsigned long a0,
			      unsigned long a1, unsigned long a2)
{
	struct sbi_call c = { .eid = eid, .fid = fid, .args = { a0, a1, a2, 7, 7, 7 } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu, &c, &r), 0);
	return r;
}

static long set_shmem(unsigned long lo, unsigned long hi, unsigned long flags)
{
	struct sbi_result r = call(SBI_EID_STA, SBI_STA_STEAL_TIME_SET_SHMEM, lo, hi, flags);

	assert_int_equal(r.next, SBI_NEXT_RETURN);
	assert_int_equal(r.value, 0);
	return r.error;
}

static uint8_t *at(unsigned long gpa_v)
{
	return &ram[gpa_v - RAM_BASE];
}

static uint32_t u32_at(unsigned long gpa_v)
{
	const uint8_t *p = at(gpa_v);

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t u64_at(unsigned long gpa_v)
{
	return u32_at(gpa_v) | (uint64_t)u32_at(gpa_v + 4) << 32;
}

static uint32_t sequence(void)
{
	return u32_at(SHMEM + SBI_STA_OFF_SEQUENCE);
}

static uint64_t steal(void)
{
	return u64_at(SHMEM + SBI_STA_OFF_STEAL);
}

/* The thread waited ticks more for a hart; then vcpu_load records it. */
static void wait_and_load(uint64_t ticks)
{
	thread.ready_wait += ticks;
	sbi_sta_record(&vcpu);
}

static void test_probe_and_register(void **state)
{
	(void)state;
	assert_int_equal(call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_STA, 0, 0).value, 1);
	/* What the thread waited before the guest asked is not its steal. */
	thread.ready_wait = 1000;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	assert_true(vcpu.sta.shmem == SHMEM);
	assert_true(vcpu.sta.counted == 1000);
	assert_true(thread.count_wait); /* the scheduler times its waits from now on */
	for (unsigned i = 0; i < SBI_STA_SHMEM_SIZE; i++) {
		assert_int_equal(at(SHMEM)[i], 0);
	}
	assert_int_equal(at(SHMEM)[-1], 0x5a);
	assert_int_equal(at(SHMEM)[SBI_STA_SHMEM_SIZE], 0x5a);
	assert_true(other.sta.shmem == VCPU_STA_OFF);
	/* Off again, and with the switch of ONE_REG SBI_EXT the extension is gone. */
	assert_int_equal(set_shmem(~0UL, ~0UL, 0), SBI_SUCCESS);
	assert_true(vcpu.sta.shmem == VCPU_STA_OFF);
	vcpu.cfg.sbi_disabled = 1ULL << RVKVM_RISCV_SBI_EXT_STA;
	assert_int_equal(call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_STA, 0, 0).value, 0);
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_ERR_NOT_SUPPORTED);
	assert_true(vcpu.sta.shmem == VCPU_STA_OFF);
}

static void test_record(void **state)
{
	(void)state;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	/* No wait: nothing written, not even the sequence. */
	wait_and_load(0);
	assert_int_equal(sequence(), 0);
	wait_and_load(25);
	assert_int_equal(sequence(), 2);
	assert_true(steal() == 25 * NS_PER_TICK);
	wait_and_load(1);
	wait_and_load(0);
	assert_int_equal(sequence(), 4);
	assert_true(steal() == 26 * NS_PER_TICK);
	/* flags, preempted and the padding stay zero. */
	assert_int_equal(u32_at(SHMEM + SBI_STA_OFF_FLAGS), 0);
	for (unsigned i = SBI_STA_OFF_PREEMPTED; i < SBI_STA_SHMEM_SIZE; i++) {
		assert_int_equal(at(SHMEM)[i], 0);
	}
	/* The guest wrote there itself: steal goes on from its value, the sequence ends even. */
	at(SHMEM)[SBI_STA_OFF_SEQUENCE] = 7;
	at(SHMEM)[SBI_STA_OFF_PREEMPTED] = 1;
	wait_and_load(3);
	assert_int_equal(sequence(), 8);
	assert_true(steal() == 29 * NS_PER_TICK);
	assert_int_equal(at(SHMEM)[SBI_STA_OFF_PREEMPTED], 0);
	/* Off (vcpu_load then records nothing); registered again, steal starts at 0. */
	assert_int_equal(set_shmem(~0UL, ~0UL, 0), SBI_SUCCESS);
	thread.ready_wait += 50;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	wait_and_load(2);
	assert_true(steal() == 2 * NS_PER_TICK);
}

/* A timebase that is no divisor of 1 GHz: a tick at a time, the nanoseconds still add up. */
static void test_record_rounding(void **state)
{
	(void)state;
	host_caps.timebase_freq = 24000000;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	for (unsigned i = 0; i < 2400; i++) {
		wait_and_load(1);
	}
	assert_true(steal() == 100000);
	/* And no overflow for a wait of a year at the highest 32-bit timebase. */
	host_caps.timebase_freq = 0xffffffffu;
	vcpu.sta.counted = thread.ready_wait = 0;
	memset(at(SHMEM + SBI_STA_OFF_STEAL), 0, 8);
	wait_and_load(365ULL * 24 * 3600 * 0xffffffffu);
	assert_true(steal() == 365ULL * 24 * 3600 * 1000000000ULL);
}

/* The same rules as a guest's own write: logged, and nothing written where it may not write. */
static void test_record_dirty_and_readonly(void **state)
{
	(void)state;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	dirty_log_init(&vm.dirty[0], dirty_bits, RAM_PAGES);
	vm.memslots.slot[0].flags = RVKVM_MEM_LOG_DIRTY_PAGES;
	wait_and_load(4);
	assert_int_equal(dirty_bits[0], 1UL << 1);
	/* The VMM made the region read-only after the guest registered: no write, no harm. */
	vm.memslots.slot[0].flags = RVKVM_MEM_READONLY;
	wait_and_load(4);
	assert_true(steal() == 4 * NS_PER_TICK);
	assert_int_equal(sequence(), 2);
	/* ... and registering there now is refused. */
	assert_int_equal(set_shmem(SHMEM + 0x40, 0, 0), SBI_ERR_INVALID_ADDRESS);
}

/*
 * shmem_phys_hi holds the address's bits from XLEN up: on RV32 bits 32 to 63, where an Sv32x4
 * guest can have RAM; on RV64 no guest address has any.
 */
static void test_shmem_above_4g(void **state)
{
	static uint8_t high[4096] __attribute__((aligned(4096)));
	const uint64_t high_base = 0x100000000ULL;
	uint64_t steal_ns;

	(void)state;
	memset(high, 0x5a, sizeof(high));
	vm.memslots.slot[1] = (struct memslot){
		.used = true, .base = gpa(high_base), .size = sizeof(high), .host = hpa_of(high)
	};
	if (XLEN == 64) {
		assert_int_equal(set_shmem(0x40, 1, 0), SBI_ERR_INVALID_ADDRESS);
		assert_true(vcpu.sta.shmem == VCPU_STA_OFF);
		return;
	}
	assert_int_equal(set_shmem(0x40, 1, 0), SBI_SUCCESS);
	assert_true(vcpu.sta.shmem == high_base + 0x40);
	assert_int_equal(high[0x40], 0);
	wait_and_load(3);
	assert_int_equal(high[0x40 + SBI_STA_OFF_SEQUENCE], 2);
	memcpy(&steal_ns, &high[0x40 + SBI_STA_OFF_STEAL], sizeof(steal_ns));
	assert_true(steal_ns == 3 * NS_PER_TICK);
	assert_int_equal(high[0x3f], 0x5a);
	assert_int_equal(set_shmem(0x40, 2, 0), SBI_ERR_INVALID_ADDRESS); /* no RAM there */
}

/* An address not 64-byte aligned (ONE_REG's halves while an RV32 VMM sets them) is not written. */
static void test_record_skips_unaligned(void **state)
{
	(void)state;
	vcpu.sta.shmem = SHMEM + 1;
	wait_and_load(5);
	for (unsigned i = 0; i < SBI_STA_SHMEM_SIZE + 1; i++) {
		assert_int_equal(at(SHMEM)[i], 0x5a);
	}
}

/* HSM hart_stop: the hart is not runnable, and the spec stops steal-time writes. */
static void test_stop_ends_it(void **state)
{
	(void)state;
	assert_int_equal(set_shmem(SHMEM, 0, 0), SBI_SUCCESS);
	assert_int_equal(call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0).next, SBI_NEXT_NO_RETURN);
	assert_true(vcpu.sta.shmem == VCPU_STA_OFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe_and_register, setup),
		cmocka_unit_test_setup(test_record, setup),
		cmocka_unit_test_setup(test_record_rounding, setup),
		cmocka_unit_test_setup(test_record_dirty_and_readonly, setup),
		cmocka_unit_test_setup(test_stop_ends_it, setup),
		cmocka_unit_test_setup(test_shmem_above_4g, setup),
		cmocka_unit_test_setup(test_record_skips_unaligned, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
