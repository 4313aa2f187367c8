/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of SBI PMU (core/sbi/pmu.c): what counters count, and when; sets of counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"

#define EV_CYCLES SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES)
#define EV_INSNS SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS)
#define EV_FW(code) SBI_PMU_EVENT(SBI_PMU_TYPE_FW, (code))
#define FW_MASK (((1UL << (VCPU_PMU_COUNTERS - 3)) - 1) << 3) /* every firmware counter */
#define CY 0
#define IR 2

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu, other;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&other, 0, sizeof(other));
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_counters = true;
	vm.vcpus[0] = &vcpu;
	vm.vcpus[1] = &other;
	vm.nvcpus = 2;
	vcpu.vm = other.vm = &vm;
	other.id = 1;
	vcpu.pmu.hcounteren = other.pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT; /* as created */
	vcpu.sta.shmem = other.sta.shmem = VCPU_STA_OFF;
	fake_arch_reset();
	return 0;
}

static struct sbi_result call_on(struct rvkvm_vcpu *v, unsigned long eid, unsigned long fid,
				 unsigned long a0, unsigned long a1, unsigned long a2,
				 unsigned long a3)
{
	struct sbi_call c = { .eid = eid, .fid = fid, .args = { a0, a1, a2, a3, 0, 0 } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(v, &c, &r), 0);
	return r;
}

static struct sbi_result pmu(unsigned long fid, unsigned long a0, unsigned long a1,
			     unsigned long a2, unsigned long a3)
{
	return call_on(&vcpu, SBI_EID_PMU, fid, a0, a1, a2, a3);
}

static unsigned long match(unsigned long base, unsigned long mask, unsigned long flags,
			   unsigned long event)
{
	struct sbi_result r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, base, mask, flags, event);

	assert_int_equal(r.error, SBI_SUCCESS);
	return r.value;
}

static long start(unsigned long base, unsigned long mask)
{
	return pmu(SBI_PMU_COUNTER_START, base, mask, 0, 0).error;
}

static long stop(unsigned long base, unsigned long mask, unsigned long flags)
{
	return pmu(SBI_PMU_COUNTER_STOP, base, mask, flags, 0).error;
}

static unsigned long read_csr(unsigned csr)
{
	unsigned long val = 0xdead;

	assert_true(sbi_pmu_read_csr(&vcpu, csr, &val));
	return val;
}

static unsigned long fw_read(unsigned long idx)
{
	struct sbi_result r = pmu(SBI_PMU_COUNTER_FW_READ, idx, 0, 0, 0);

	assert_int_equal(r.error, SBI_SUCCESS);
	return r.value;
}

/* What the world switch does while the guest runs: cycle and instret advance in guest mode. */
static void guest_runs(unsigned long cycles, unsigned long insns)
{
	if (vcpu.ctx.pmu_on) {
		vcpu.ctx.pmu_guest[VCPU_PMU_SRC_CYCLE] += cycles;
		vcpu.ctx.pmu_guest[VCPU_PMU_SRC_INSTRET] += insns;
	}
}

/* The hardware counters count what the guest ran while started, and only then. */
static void test_hardware_counters_count_guest_mode(void **state)
{
	(void)state;
	guest_runs(1000, 1000); /* before any counter: nothing is counted */
	assert_int_equal(vcpu.ctx.pmu_on, 0);
	assert_int_equal(match(0, 0x5, SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_CYCLES), CY);
	assert_int_equal(match(0, 0x5, SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_INSNS), IR);
	/* Configured: the guest's reads of cycle and instret trap (hcounteren CY, IR clear). */
	assert_int_equal(vcpu.pmu.hcounteren, VCPU_HCOUNTEREN_DEFAULT & ~0x5UL);
	assert_int_equal(fake_arch.trap_applies, 2);
	guest_runs(50, 50);
	assert_int_equal(read_csr(0xc00), 0);
	assert_int_equal(start(0, 0x5), SBI_SUCCESS);
	assert_int_equal(vcpu.ctx.pmu_on, 1);
	guest_runs(300, 120);
	assert_int_equal(read_csr(0xc00), 300);
	assert_int_equal(read_csr(0xc02), 120);
	/* Stopped: no longer advances; the value stays readable. */
	assert_int_equal(stop(0, 0x4, 0), SBI_SUCCESS);
	guest_runs(10, 10);
	assert_int_equal(read_csr(0xc02), 120);
	assert_int_equal(read_csr(0xc00), 310);
	assert_int_equal(vcpu.ctx.pmu_on, 1); /* cycle still runs */
	assert_int_equal(stop(0, 0x1, SBI_PMU_STOP_FLAG_RESET), SBI_SUCCESS);
	assert_int_equal(vcpu.ctx.pmu_on, 0);
	/* Released: the guest reads cycle directly again. */
	assert_int_equal(vcpu.pmu.hcounteren, VCPU_HCOUNTEREN_DEFAULT & ~0x4UL);
	/* Restarted with an initial value, counts on from it. */
	assert_int_equal(
		pmu(SBI_PMU_COUNTER_START, 0, 0x4, SBI_PMU_START_SET_INIT_VALUE, 1000).error,
		SBI_SUCCESS);
	guest_runs(5, 7);
	assert_int_equal(read_csr(0xc02), 1007);
	/* Only cycle and instret are emulated; hpmcounter3 and time are not. */
	assert_false(sbi_pmu_read_csr(&vcpu, 0xc03, &(unsigned long){ 0 }));
	assert_false(sbi_pmu_read_csr(&vcpu, 0xc01, &(unsigned long){ 0 }));
	assert_false(sbi_pmu_read_csr(&vcpu, 0xc80, &(unsigned long){ 0 })); /* RV64: no cycleh */
}

/* A counter's value as the guest reads it: on RV32 with its high half (cycleh, instreth). */
static uint64_t read_csr64(unsigned csr)
{
	uint64_t v = read_csr(csr);

	if (sizeof(unsigned long) < sizeof(uint64_t)) {
		v |= (uint64_t)read_csr(csr + 0x80) << 32;
	}
	return v;
}

/*
 * A hardware counter left running counts on past 2^32 (in a 32-bit build too: the guest's sum
 * is 64 bits on RV32, where one in unsigned long wrapped there).
 */
static void test_hardware_counter_past_2_32(void **state)
{
	(void)state;
	assert_int_equal(match(0, 0x5, SBI_PMU_CFG_FLAG_CLEAR_VALUE | SBI_PMU_CFG_FLAG_AUTO_START,
			       EV_CYCLES),
			 CY);
	for (int i = 0; i < 3; i++) {
		guest_runs(0xc0000000UL, 0);
	}
	assert_true(read_csr64(0xc00) == 3 * UINT64_C(0xc0000000));
	guest_runs(1, 0);
	assert_true(read_csr64(0xc00) == 3 * UINT64_C(0xc0000000) + 1);
}

/* Firmware events count on the vCPU that made or received them; a counter shows them started. */
static void test_firmware_counters(void **state)
{
	unsigned long timer, sent, recvd, fence;

	(void)state;
	timer = match(0, FW_MASK, 0, EV_FW(SBI_PMU_FW_SET_TIMER));
	sent = match(0, FW_MASK, 0, EV_FW(SBI_PMU_FW_IPI_SENT));
	fence = match(0, FW_MASK, 0, EV_FW(SBI_PMU_FW_SFENCE_VMA_SENT));
	assert_int_equal(timer, 3); /* the first free firmware counters, in order */
	assert_int_equal(sent, 4);
	assert_int_equal(fence, 5);
	assert_int_equal(vcpu.pmu.hcounteren, VCPU_HCOUNTEREN_DEFAULT); /* no hardware counter */
	call_on(&vcpu, SBI_EID_TIME, SBI_TIME_SET_TIMER, 1, 0, 0, 0); /* not started: not counted */
	assert_int_equal(fw_read(timer), 0);
	assert_int_equal(start(timer, 0x7), SBI_SUCCESS);
	for (int i = 0; i < 3; i++) {
		call_on(&vcpu, SBI_EID_TIME, SBI_TIME_SET_TIMER, 1, 0, 0, 0);
	}
	call_on(&vcpu, SBI_EID_LEGACY_SET_TIMER, 0, 1, 0, 0, 0);
	call_on(&vcpu, SBI_EID_IPI, SBI_IPI_SEND_IPI, 0x3, 0, 0, 0);   /* both vCPUs */
	call_on(&vcpu, SBI_EID_IPI, SBI_IPI_SEND_IPI, 0x4, 0, 0, 0);   /* no hart 2: refused */
	call_on(&other, SBI_EID_TIME, SBI_TIME_SET_TIMER, 1, 0, 0, 0); /* another vCPU's */
	call_on(&vcpu, SBI_EID_RFENCE, SBI_RFENCE_REMOTE_SFENCE_VMA, 0x2, 0, 0, 0x1000);
	assert_int_equal(fw_read(timer), 4);
	assert_int_equal(fw_read(sent), 2);
	assert_int_equal(fw_read(fence), 1);
	assert_int_equal(pmu(SBI_PMU_COUNTER_FW_READ_HI, timer, 0, 0, 0).value, 0);
	/* The receivers' totals, which their own counters would show. */
	assert_int_equal(other.pmu.fw_events[SBI_PMU_FW_IPI_RECEIVED], 1);
	assert_int_equal(vcpu.pmu.fw_events[SBI_PMU_FW_IPI_RECEIVED], 1);
	assert_int_equal(other.pmu.fw_events[SBI_PMU_FW_SFENCE_VMA_RECEIVED], 1);
	assert_int_equal(other.pmu.fw_events[SBI_PMU_FW_SET_TIMER], 1);
	/* Stopped: stays. */
	assert_int_equal(stop(timer, 0x1, 0), SBI_SUCCESS);
	call_on(&vcpu, SBI_EID_TIME, SBI_TIME_SET_TIMER, 1, 0, 0, 0);
	assert_int_equal(fw_read(timer), 4);
	/* Traps the core handles for the guest. */
	recvd = match(0, FW_MASK, SBI_PMU_CFG_FLAG_AUTO_START, EV_FW(SBI_PMU_FW_ILLEGAL_INSN));
	sbi_pmu_count_trap(&vcpu, EXC_ILLEGAL_INSN);
	sbi_pmu_count_trap(&vcpu, EXC_BREAKPOINT); /* no event for it */
	sbi_pmu_count_trap(&vcpu, EXC_LOAD_MISALIGNED);
	assert_int_equal(fw_read(recvd), 1);
	assert_int_equal(vcpu.pmu.fw_events[SBI_PMU_FW_MISALIGNED_LOAD], 1);
}

/* A set of counters: one already in the asked state does not keep the others from changing. */
static void test_sets(void **state)
{
	unsigned long n = 0;

	(void)state;
	/* Every firmware counter taken, then none is left. */
	for (unsigned i = 3; i < VCPU_PMU_COUNTERS; i++, n++) {
		assert_int_equal(match(0, FW_MASK, 0, EV_FW(SBI_PMU_FW_SET_TIMER)), i);
	}
	assert_int_equal(n, VCPU_PMU_COUNTERS - 3);
	assert_int_equal(
		pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, FW_MASK, 0, EV_FW(SBI_PMU_FW_SET_TIMER))
			.error,
		SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(start(3, 0x1), SBI_SUCCESS);
	assert_int_equal(start(3, 0x3), SBI_ERR_ALREADY_STARTED); /* 3 was; 4 starts all the same */
	assert_true(vcpu.pmu.ctr[4].started);
	assert_int_equal(stop(3, 0x7, 0), SBI_ERR_ALREADY_STOPPED); /* 5 was not started */
	assert_false(vcpu.pmu.ctr[3].started || vcpu.pmu.ctr[4].started);
	/* Linux stops every counter with RESET as a CPU comes up: all released, started or not. */
	assert_int_equal(start(3, 0x1), SBI_SUCCESS);
	assert_int_equal(stop(0, FW_MASK | 0x5, SBI_PMU_STOP_FLAG_RESET), SBI_ERR_ALREADY_STOPPED);
	for (unsigned i = 0; i < VCPU_PMU_COUNTERS; i++) {
		assert_int_equal(vcpu.pmu.ctr[i].event, 0);
		assert_false(vcpu.pmu.ctr[i].started);
	}
	/* SKIP_MATCH takes a configured, stopped counter again (Linux's legacy mode does). */
	assert_int_equal(match(0, 0x1, 0, EV_CYCLES), CY);
	assert_int_equal(match(0, 0x1, SBI_PMU_CFG_FLAG_SKIP_MATCH, EV_CYCLES), CY);
	assert_int_equal(start(0, 0x1), SBI_SUCCESS);
	assert_int_equal(
		pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0x1, SBI_PMU_CFG_FLAG_SKIP_MATCH, EV_CYCLES)
			.error,
		SBI_ERR_NOT_SUPPORTED); /* not while it runs */
}

/* HSM start releases every counter; the direct reads come back. */
static void test_reset(void **state)
{
	(void)state;
	match(0, 0x5, SBI_PMU_CFG_FLAG_AUTO_START, EV_INSNS);
	match(0, FW_MASK, SBI_PMU_CFG_FLAG_AUTO_START, EV_FW(SBI_PMU_FW_SET_TIMER));
	assert_int_equal(vcpu.ctx.pmu_on, 1);
	sbi_pmu_reset(&vcpu);
	assert_int_equal(vcpu.ctx.pmu_on, 0);
	assert_int_equal(vcpu.pmu.hcounteren, VCPU_HCOUNTEREN_DEFAULT);
	assert_int_equal(pmu(SBI_PMU_COUNTER_FW_READ, 3, 0, 0, 0).error, SBI_ERR_INVALID_PARAM);
}

/* Switched off through ONE_REG SBI_EXT: not offered, and no call reaches it. */
static void test_switched_off(void **state)
{
	struct sbi_result r;

	(void)state;
	/* The core's: ONE_REG has an SBI_EXT register for it (and get-reg-list lists it). */
	assert_ptr_equal(sbi_core_ext(&vcpu, RVKVM_RISCV_SBI_EXT_PMU), &sbi_ext_pmu);
	assert_int_equal(
		call_on(&vcpu, SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_PMU, 0, 0, 0).value,
		1);
	vcpu.cfg.sbi_disabled = 1ULL << RVKVM_RISCV_SBI_EXT_PMU;
	assert_int_equal(
		call_on(&vcpu, SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_PMU, 0, 0, 0).value,
		0);
	r = pmu(SBI_PMU_NUM_COUNTERS, 0, 0, 0, 0);
	assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
}

/* A firmware that keeps cycle or instret from HS-mode: no PMU (the VMM's, if it wants it). */
static void test_absent_without_counters(void **state)
{
	(void)state;
	host_caps.has_counters = false;
	assert_int_equal(
		call_on(&vcpu, SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_PMU, 0, 0, 0).value,
		0);
	assert_null(sbi_core_ext(&vcpu, RVKVM_RISCV_SBI_EXT_PMU));
	assert_int_equal(pmu(SBI_PMU_NUM_COUNTERS, 0, 0, 0, 0).next, SBI_NEXT_FORWARD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hardware_counters_count_guest_mode, setup),
		cmocka_unit_test_setup(test_hardware_counter_past_2_32, setup),
		cmocka_unit_test_setup(test_firmware_counters, setup),
		cmocka_unit_test_setup(test_sets, setup),
		cmocka_unit_test_setup(test_reset, setup),
		cmocka_unit_test_setup(test_switched_off, setup),
		cmocka_unit_test_setup(test_absent_without_counters, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
