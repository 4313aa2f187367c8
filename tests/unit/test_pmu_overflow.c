/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the SBI PMU's counter overflow (core/sbi/pmu_overflow.c) and its SSE event:
 * the distance to the wrap and the alarm's bounds, when the event is offered, which counters are
 * watched, the once-only signal, the watch again after a restart, and what the hart is asked to
 * arm (the recording arch fake plays vcpu_arch_pmu_alarm; the test plays the alarm's interrupt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/sbi/pmu_overflow.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/unit/xlen.h"

#define EV_CYCLES SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES)
#define EV_INSNS SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS)
#define EV_FW(code) SBI_PMU_EVENT(SBI_PMU_TYPE_FW, (code))
#define CY 0
#define IR 2
#define OVF SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW
#define HANDLER 0x80000800UL
#define ARG 0xa0a0UL
#define PC 0x80000400UL
#define CY_SRC VCPU_PMU_SRC_CYCLE
#define IR_SRC VCPU_PMU_SRC_INSTRET

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_counters = true;
	host_caps.has_pmu_overflow = true;
	vm.vcpus[0] = &vcpu;
	vm.nvcpus = 1;
	vcpu.vm = &vm;
	vcpu.pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT;
	vcpu.sta.shmem = VCPU_STA_OFF;
	vcpu.ctx.sepc = PC;
	vcpu.ctx.sstatus = SSTATUS_SPP;
	fake_arch_reset();
	return 0;
}

static struct sbi_result dispatch(const struct sbi_call *c)
{
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu, c, &r), 0);
	return r;
}

static struct sbi_result call(unsigned long eid, unsigned long fid, unsigned long a0,
			      unsigned long a1, unsigned long a2, unsigned long a3)
{
	struct sbi_call c = { .eid = eid, .fid = fid, .args = { a0, a1, a2, a3, 0, 0 } };

	return dispatch(&c);
}

static long pmu(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
		unsigned long a3)
{
	return call(SBI_EID_PMU, fid, a0, a1, a2, a3).error;
}

static long sse(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return call(SBI_EID_SSE, fid, a0, a1, a2, 0).error;
}

/* Counters 0 and 2 matched (both stopped, at 0), the event registered, enabled, unmasked. */
static void ready(void)
{
	assert_int_equal(call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0x5,
			      SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_CYCLES)
				 .value,
			 CY);
	assert_int_equal(call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0x5,
			      SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_INSNS)
				 .value,
			 IR);
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_SUCCESS);
	assert_int_equal(sse(SBI_SSE_ENABLE, OVF, 0, 0), SBI_SUCCESS);
	assert_int_equal(sse(SBI_SSE_HART_UNMASK, 0, 0, 0), SBI_SUCCESS);
}

/* The counter value n events below the wrap. */
static uint64_t below(uint64_t n)
{
	return 0 - n;
}

/* initial_value is a uint64_t: a3, or a3 and a4 (low and high halves) on RV32. */
static long start_at(unsigned long idx, uint64_t value)
{
	struct sbi_call c = { .eid = SBI_EID_PMU,
			      .fid = SBI_PMU_COUNTER_START,
			      .args = { idx, 1, SBI_PMU_START_SET_INIT_VALUE, U64_ARGS(value) } };

	return dispatch(&c).error;
}

/* What the world switch does while the guest runs. */
static void guest_runs(uint64_t cycles, uint64_t insns)
{
	if (vcpu.ctx.pmu_on) {
		vcpu.ctx.pmu_guest[CY_SRC] += cycles;
		vcpu.ctx.pmu_guest[IR_SRC] += insns;
	}
}

/* The alarm's interrupt, as the hart answers it: the check, and left[] for the re-arm. */
static bool alarm(uint64_t left[2])
{
	return sbi_pmu_overflow_check(&vcpu, left);
}

static bool pending(void)
{
	return __atomic_load_n(&vcpu.sse.pmu_overflow.pending, __ATOMIC_RELAXED) != 0;
}

/* The run loop before it enters the guest: the event's handler, if it is due. */
static bool delivered(void)
{
	if (sbi_sse_look(&vcpu)) {
		sbi_sse_deliver(&vcpu);
	}
	return vcpu.ctx.sepc == HANDLER;
}

static void complete(void)
{
	assert_int_equal(call(SBI_EID_SSE, SBI_SSE_COMPLETE, 0, 0, 0, 0).next, SBI_NEXT_NO_RETURN);
	assert_int_equal(vcpu.ctx.sepc, PC);
}

/* The arithmetic: a 64-bit counter's wrap, the events left, and the alarm's bounds. */
static void test_distance(void **state)
{
	(void)state;
	assert_false(pmu_ovf_wrapped(UINT64_MAX - 5, UINT64_MAX));
	assert_true(pmu_ovf_wrapped(UINT64_MAX - 5, 0));
	assert_true(pmu_ovf_wrapped(UINT64_MAX, UINT64_MAX - 1)); /* all the way round, but one */
	assert_false(pmu_ovf_wrapped(0, 0));
	assert_false(pmu_ovf_wrapped(7, 7));
	assert_true(pmu_ovf_left(UINT64_MAX) == 1);
	assert_true(pmu_ovf_left(UINT64_MAX - 299999) == 300000);
	assert_true(pmu_ovf_left(1) == UINT64_MAX);
	assert_true(pmu_ovf_left(0) == PMU_OVF_NONE); /* 2^64 away */
	/* The host counter starts that far below its own wrap, within the bounds. */
	assert_true(pmu_ovf_alarm_start(300000) == 0 - (uint64_t)300000);
	assert_true(pmu_ovf_alarm_start(1) == 0 - (uint64_t)PMU_OVF_ALARM_MIN);
	assert_true(pmu_ovf_alarm_start(PMU_OVF_ALARM_MIN) == 0 - (uint64_t)PMU_OVF_ALARM_MIN);
	assert_true(pmu_ovf_alarm_start(PMU_OVF_ALARM_MAX + 1) == 0 - PMU_OVF_ALARM_MAX);
	assert_true(pmu_ovf_alarm_start(UINT64_MAX) == 0 - PMU_OVF_ALARM_MAX);
	assert_true((int64_t)(0 - pmu_ovf_alarm_start(UINT64_MAX)) > 0); /* QEMU's signed time */
}

/* Offered with the host's overflow and the core's PMU; else valid but NOT_SUPPORTED. */
static void test_offered(void **state)
{
	(void)state;
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_SUCCESS);
	assert_int_equal(sse(SBI_SSE_UNREGISTER, OVF, 0, 0), SBI_SUCCESS);
	host_caps.has_pmu_overflow = false;
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_ERR_NOT_SUPPORTED);
	host_caps.has_pmu_overflow = true;
	vcpu.cfg.sbi_disabled = 1ULL << RVKVM_RISCV_SBI_EXT_PMU; /* the VMM switched PMU off */
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_ERR_NOT_SUPPORTED);
	vcpu.cfg.sbi_disabled = 0;
	vcpu.cfg.sbi_vmm = 1ULL << RVKVM_RISCV_SBI_EXT_PMU; /* the VMM's own PMU */
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_ERR_NOT_SUPPORTED);
	vcpu.cfg.sbi_vmm = 0;
	host_caps.has_counters = false; /* no PMU at all */
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_ERR_NOT_SUPPORTED);
}

/*
 * Watched: a started hardware counter while the event is registered. Nothing else makes the
 * hart arm anything (a vCPU that watches nothing pays nothing), and the hart is told as soon as
 * the watch starts or ends.
 */
static void test_watch(void **state)
{
	uint64_t left[2];

	(void)state;
	assert_int_equal(call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0x5,
			      SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_INSNS)
				 .value,
			 IR);
	assert_int_equal(call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, 3, 1,
			      SBI_PMU_CFG_FLAG_AUTO_START, EV_FW(SBI_PMU_FW_SET_TIMER))
				 .value,
			 3);
	assert_int_equal(start_at(IR, below(1000)), SBI_SUCCESS);
	assert_false(vcpu.pmu.ovf_watch); /* no event registered: nobody to tell */
	assert_int_equal(fake_arch.pmu_alarms, 0);
	assert_int_equal(sse(SBI_SSE_REGISTER, OVF, HANDLER, ARG), SBI_SUCCESS);
	assert_true(vcpu.pmu.ovf_watch);
	assert_int_equal(fake_arch.pmu_alarms, 1);
	assert_true(fake_arch.pmu_alarm_watch);
	assert_true(alarm(left));
	assert_true(left[IR_SRC] == 1000 && left[CY_SRC] == PMU_OVF_NONE);
	/* Enabling changes nothing of the watch; a firmware counter is never watched. */
	assert_int_equal(sse(SBI_SSE_ENABLE, OVF, 0, 0), SBI_SUCCESS);
	assert_int_equal(fake_arch.pmu_alarms, 1);
	assert_int_equal(sse(SBI_SSE_DISABLE, OVF, 0, 0), SBI_SUCCESS);
	/* Stopped: not watched, and the hart hears it. */
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, IR, 1, 0, 0), SBI_SUCCESS);
	assert_false(vcpu.pmu.ovf_watch);
	assert_int_equal(fake_arch.pmu_alarms, 2);
	assert_false(fake_arch.pmu_alarm_watch);
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, 3, 1, 0, 0), SBI_SUCCESS);
	assert_int_equal(fake_arch.pmu_alarms, 2); /* nothing watched before nor after */
	/* Started again, then the event unregistered: the watch ends with it. */
	assert_int_equal(start_at(IR, below(1000)), SBI_SUCCESS);
	assert_int_equal(fake_arch.pmu_alarms, 3);
	assert_int_equal(sse(SBI_SSE_UNREGISTER, OVF, 0, 0), SBI_SUCCESS);
	assert_false(vcpu.pmu.ovf_watch);
	assert_int_equal(fake_arch.pmu_alarms, 4);
	assert_false(alarm(left));
	assert_true(left[IR_SRC] == PMU_OVF_NONE && left[CY_SRC] == PMU_OVF_NONE);
}

/* An alarm before the wrap re-arms for what is left; the wrap signals once, and never again. */
static void test_signalled_once(void **state)
{
	uint64_t left[2];

	(void)state;
	ready();
	assert_int_equal(start_at(IR, below(1000)), SBI_SUCCESS);
	guest_runs(5000, 999);
	assert_true(alarm(left)); /* early (the host's own instructions): armed again */
	assert_true(left[IR_SRC] == 1);
	assert_false(pending());
	assert_false(delivered());
	guest_runs(5000, 2);
	assert_false(alarm(left)); /* wrapped: signalled, nothing left to watch */
	assert_true(left[IR_SRC] == PMU_OVF_NONE);
	assert_true(pending());
	assert_true(vcpu.pmu.ctr[IR].overflowed);
	assert_true(delivered());
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], ARG);
	/* The handler reads the counter: it wrapped, to 1. */
	unsigned long v = 0xdead;
	assert_true(sbi_pmu_read_csr(&vcpu, CSR_INSTRET, &v));
	assert_int_equal(v, 1);
	complete();
	/* Running on, far past: no second signal, and the guest is not entered again. */
	guest_runs(5000, 100000);
	assert_false(alarm(left));
	assert_false(pending());
	assert_false(delivered());
	/* A stop (here a put's check) signals nothing more either. */
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, IR, 1, 0, 0), SBI_SUCCESS);
	assert_false(pending());
}

/* Started or configured anew, a counter that overflowed is watched and signalled again. */
static void test_rearm_after_restart(void **state)
{
	uint64_t left[2];

	(void)state;
	ready();
	assert_int_equal(start_at(IR, UINT64_MAX), SBI_SUCCESS);
	guest_runs(0, 1);
	assert_false(alarm(left));
	assert_true(delivered());
	complete();
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, IR, 1, 0, 0), SBI_SUCCESS);
	unsigned alarms = fake_arch.pmu_alarms;
	assert_int_equal(start_at(IR, below(50)), SBI_SUCCESS);
	assert_false(vcpu.pmu.ctr[IR].overflowed);
	assert_true(vcpu.pmu.ovf_watch);
	assert_int_equal(fake_arch.pmu_alarms, alarms + 1); /* the hart arms it */
	assert_true(alarm(left));
	assert_true(left[IR_SRC] == 50);
	guest_runs(0, 60);
	assert_false(alarm(left));
	assert_true(delivered());
	complete();
	/* Released and configured again: the same. */
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, IR, 1, SBI_PMU_STOP_FLAG_RESET, 0), SBI_SUCCESS);
	assert_int_equal(call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, IR, 1,
			      SBI_PMU_CFG_FLAG_AUTO_START, EV_INSNS)
				 .value,
			 IR);
	assert_false(vcpu.pmu.ctr[IR].overflowed);
	assert_true(vcpu.pmu.ovf_watch);
}

/* An overflow not yet seen by an alarm is signalled by the stop that would fold it away. */
static void test_stop_sees_overflow(void **state)
{
	(void)state;
	ready();
	assert_int_equal(start_at(IR, below(10)), SBI_SUCCESS);
	guest_runs(0, 20);
	assert_false(pending());
	assert_int_equal(pmu(SBI_PMU_COUNTER_STOP, IR, 1, 0, 0), SBI_SUCCESS);
	assert_true(pending());
	assert_true(delivered());
}

/* Each source's distance for its own host counter; both wrapping signal one event. */
static void test_both_sources(void **state)
{
	uint64_t left[2];

	(void)state;
	ready();
	assert_int_equal(start_at(CY, below(7000)), SBI_SUCCESS);
	assert_int_equal(start_at(IR, below(3000)), SBI_SUCCESS);
	guest_runs(1000, 1000);
	assert_true(alarm(left));
	assert_true(left[CY_SRC] == 6000 && left[IR_SRC] == 2000);
	guest_runs(3000, 2500); /* instret wraps, cycle not yet */
	assert_true(alarm(left));
	assert_true(left[CY_SRC] == 3000 && left[IR_SRC] == PMU_OVF_NONE);
	assert_true(pending());
	assert_true(delivered());
	complete();
	guest_runs(3000, 0); /* cycle wraps: a second event, its own */
	assert_false(alarm(left));
	assert_true(vcpu.pmu.ctr[CY].overflowed && vcpu.pmu.ctr[IR].overflowed);
	assert_true(delivered());
	complete();
}

/* Far from the wrap: armed for at most the alarm's bound, and no event however often it fires. */
static void test_far_from_wrap(void **state)
{
	uint64_t left[2];

	(void)state;
	ready();
	assert_int_equal(start_at(IR, 0), SBI_SUCCESS);
	for (unsigned i = 0; i < 4; i++) {
		assert_true(alarm(left));
		assert_true(pmu_ovf_alarm_start(left[IR_SRC]) == 0 - PMU_OVF_ALARM_MAX);
		guest_runs(0, 1ULL << 40);
	}
	assert_false(pending());
	assert_false(delivered());
}

/* A hart start (HSM) resets both: nothing watched, and the hart is told. */
static void test_reset(void **state)
{
	(void)state;
	ready();
	assert_int_equal(start_at(IR, below(1000)), SBI_SUCCESS);
	assert_true(vcpu.pmu.ovf_watch);
	unsigned alarms = fake_arch.pmu_alarms;
	sbi_sse_reset(&vcpu);
	sbi_pmu_reset(&vcpu);
	assert_false(vcpu.pmu.ovf_watch);
	assert_int_equal(fake_arch.pmu_alarms, alarms + 1);
	assert_int_equal(vcpu.sse.pmu_overflow.state, SBI_SSE_STATE_UNUSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_distance, setup),
		cmocka_unit_test_setup(test_offered, setup),
		cmocka_unit_test_setup(test_watch, setup),
		cmocka_unit_test_setup(test_signalled_once, setup),
		cmocka_unit_test_setup(test_rearm_after_restart, setup),
		cmocka_unit_test_setup(test_stop_sees_overflow, setup),
		cmocka_unit_test_setup(test_both_sources, setup),
		cmocka_unit_test_setup(test_far_from_wrap, setup),
		cmocka_unit_test_setup(test_reset, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
