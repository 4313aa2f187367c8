/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of a vCPU's pending-interrupt logic (core/vcpu_irq.c) with the real scheduler:
 * lines raised or lowered while the vCPU is not loaded reach its hvip when it is loaded; a vCPU
 * waiting in WFI is woken by a raise and is ready exactly when a line it enabled is pending.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/sched.h"
#include "core/vcpu_irq.h"
#include "core/vm_arch.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_sched_arch.h"

/* vsie bits (the guest's view): software, timer, external. */
#define VSIE_SSIE (1UL << 1)
#define VSIE_STIE (1UL << 5)
#define VSIE_SEIE (1UL << 9)

static struct rvkvm_vcpu vcpu;
static struct sched_thread thread;
static uint8_t stack[64];
static unsigned arch_kicks; /* vcpu_arch_kick: IPIs to the hart the vCPU is loaded on */

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	assert_ptr_equal(v, &vcpu);
	arch_kicks++;
}

static void thread_fn(void *arg)
{
	(void)arg;
}

static int setup(void **state)
{
	(void)state;
	fake_sched_reset(2);
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.csr.vstimecmp = UINT64_MAX;
	arch_kicks = 0;
	return 0;
}

/* What vcpu_arch_load does with the lines: apply what changed, then write hvip. */
static unsigned long load_hvip(void)
{
	vcpu_irq_apply(&vcpu);
	return vcpu.csr.hvip;
}

static void test_raise_while_not_loaded_reaches_load(void **state)
{
	(void)state;
	assert_int_equal(rvkvm_vcpu_interrupt(&vcpu, 1), 0);
	/* Only recorded: the vCPU's own hvip is its owner's to change. */
	assert_int_equal(vcpu.csr.hvip, 0);
	assert_int_equal(vcpu.irqs_pending, VCPU_IRQ_VSEIP);
	assert_int_equal(vcpu.irqs_changed, VCPU_IRQ_VSEIP);
	assert_int_equal(arch_kicks, 1);
	assert_int_equal(load_hvip(), VCPU_IRQ_VSEIP);
	assert_int_equal(vcpu.irqs_changed, 0);
	/* Nothing new: nothing to apply, the line stays. */
	assert_false(vcpu_irq_apply(&vcpu));
	assert_int_equal(vcpu.csr.hvip, VCPU_IRQ_VSEIP);
}

static void test_lowered_before_load_is_not_delivered(void **state)
{
	(void)state;
	vcpu.csr.hvip = VCPU_IRQ_VSEIP; /* was up when the vCPU was put */
	rvkvm_vcpu_interrupt(&vcpu, 0);
	rvkvm_vcpu_interrupt(&vcpu, 1);
	rvkvm_vcpu_interrupt(&vcpu, 0);
	assert_int_equal(load_hvip(), 0);
	assert_int_equal(arch_kicks, 3);
}

static void test_lines_are_independent(void **state)
{
	(void)state;
	vcpu.csr.hvip = VCPU_IRQ_VSSIP | VCPU_IRQ_VSTIP; /* the timer line is the core's own */
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSEIP, true);
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSSIP, false);
	assert_int_equal(load_hvip(), VCPU_IRQ_VSTIP | VCPU_IRQ_VSEIP);
	/* A later raise of the IPI line alone keeps the rest. */
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSSIP, true);
	assert_int_equal(load_hvip(), VCPU_IRQ_VSSIP | VCPU_IRQ_VSTIP | VCPU_IRQ_VSEIP);
}

static void test_ready_needs_an_enabled_pending_line(void **state)
{
	(void)state;
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	vcpu.csr.hvip = VCPU_IRQ_VSEIP;
	/* WFI does not end for an interrupt the guest masked in sie (sstatus.SIE does not matter). */
	vcpu.csr.vsie = VSIE_SSIE | VSIE_STIE;
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	vcpu.csr.vsie = VSIE_SEIE;
	assert_true(vcpu_irq_ready(&vcpu, 0, false));
	vcpu.csr.hvip = VCPU_IRQ_VSSIP;
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	vcpu.csr.vsie = VSIE_SSIE;
	assert_true(vcpu_irq_ready(&vcpu, 0, false));
	/* The emulated SBI timer raises VSTIP in hvip (no Sstc). */
	vcpu.csr.hvip = VCPU_IRQ_VSTIP;
	vcpu.csr.vsie = VSIE_STIE;
	assert_true(vcpu_irq_ready(&vcpu, 0, false));
	assert_int_equal(vcpu_irq_enabled(&vcpu), VCPU_IRQ_VSTIP);
}

static void test_ready_with_sstc_follows_vstimecmp(void **state)
{
	(void)state;
	vcpu.csr.vstimecmp = 1000;
	vcpu.csr.vsie = VSIE_STIE;
	assert_false(vcpu_irq_ready(&vcpu, 999, true));
	assert_true(vcpu_irq_ready(&vcpu, 1000, true));
	assert_true(vcpu_irq_ready(&vcpu, 5000, true));
	/* Masked, or no Sstc (then vstimecmp means nothing): not ready. */
	vcpu.csr.vsie = VSIE_SEIE;
	assert_false(vcpu_irq_ready(&vcpu, 5000, true));
	vcpu.csr.vsie = VSIE_STIE;
	assert_false(vcpu_irq_ready(&vcpu, 5000, false));
}

/* The vCPU's thread runs on hart 0 and blocks as vcpu_arch_wait does, nothing pending. */
static void block_thread(void)
{
	uint64_t deadline;
	unsigned long seq;

	sched_thread_setup(&thread, thread_fn, NULL, stack + sizeof(stack));
	assert_true(sched_thread_start(&thread));
	fake_sched.hart = 0;
	assert_ptr_equal(sched_pick(0, 0, &deadline), &thread);
	vcpu.thread = &thread;
	seq = sched_wait_begin();
	vcpu_irq_apply(&vcpu);
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	assert_true(sched_block_prepare(&thread, seq, SCHED_NO_DEADLINE));
	sched_switched_out(0, &thread);
	assert_int_equal(thread.state, SCHED_BLOCKED);
	assert_null(sched_pick(0, 0, &deadline)); /* hart 0 idle */
}

static void test_wfi_woken_by_enabled_raise(void **state)
{
	uint64_t deadline;

	(void)state;
	vcpu.csr.vsie = VSIE_SSIE;
	block_thread();
	/* An IPI from a vCPU on hart 1: the waiting thread becomes runnable and hart 0 is kicked. */
	fake_sched.hart = 1;
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSSIP, true);
	assert_int_equal(thread.state, SCHED_RUNNABLE);
	assert_int_equal(fake_sched.kicked, 1u << 0);
	fake_sched.hart = 0;
	assert_ptr_equal(sched_pick(0, 0, &deadline), &thread);
	/* Running again, it looks: the line is pending and enabled, the wait is over. */
	vcpu_irq_apply(&vcpu);
	assert_true(vcpu_irq_ready(&vcpu, 0, false));
}

static void test_wfi_masked_raise_wakes_but_not_ready(void **state)
{
	uint64_t deadline;

	(void)state;
	vcpu.csr.vsie = VSIE_SSIE;
	block_thread();
	/* An external interrupt the guest masked: the thread looks again, and would block again. */
	fake_sched.hart = 1;
	rvkvm_vcpu_interrupt(&vcpu, 1);
	fake_sched.hart = 0;
	assert_ptr_equal(sched_pick(0, 0, &deadline), &thread);
	vcpu_irq_apply(&vcpu);
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	assert_int_equal(vcpu.csr.hvip, VCPU_IRQ_VSEIP); /* kept for when the guest enables it */
}

static void test_kick_wakes_for_the_vmm(void **state)
{
	(void)state;
	block_thread();
	fake_sched.hart = 1;
	rvkvm_vcpu_kick(&vcpu);
	assert_true(vcpu.kick_exit);
	assert_int_equal(thread.state, SCHED_RUNNABLE);
	assert_int_equal(arch_kicks, 1);
}

static void test_raise_before_block_is_not_lost(void **state)
{
	uint64_t deadline;
	unsigned long seq;

	(void)state;
	vcpu.csr.vsie = VSIE_SEIE;
	sched_thread_setup(&thread, thread_fn, NULL, stack + sizeof(stack));
	assert_true(sched_thread_start(&thread));
	assert_ptr_equal(sched_pick(0, 0, &deadline), &thread);
	vcpu.thread = &thread;
	/* The thread has looked (nothing pending) and is about to block when the raise comes. */
	seq = sched_wait_begin();
	vcpu_irq_apply(&vcpu);
	assert_false(vcpu_irq_ready(&vcpu, 0, false));
	fake_sched.hart = 1;
	rvkvm_vcpu_interrupt(&vcpu, 1);
	fake_sched.hart = 0;
	/* The block does not happen: the thread looks again and finds the line. */
	assert_false(sched_block_prepare(&thread, seq, SCHED_NO_DEADLINE));
	vcpu_irq_apply(&vcpu);
	assert_true(vcpu_irq_ready(&vcpu, 0, false));
}

static void test_no_thread_only_ipi(void **state)
{
	(void)state;
	/* A vCPU that never ran has no thread: only the arch kick (which finds no hart). */
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSSIP, true);
	assert_int_equal(arch_kicks, 1);
	assert_int_equal(fake_sched.kicks, 0);
}

/*
 * Every interleaving of another hart's IPI (vcpu_irq_set's steps) with the owner dropping the
 * line after the guest cleared its last IPI (vcpu_irq_guest_cleared's steps): the new IPI must
 * reach hvip at the next apply. Steps are bits of a mask: a set bit is the raiser's next step.
 */
static void test_ipi_during_guest_clear_is_not_lost(void **state)
{
	const unsigned n = VCPU_IRQ_SET_STEPS + VCPU_IRQ_CLEARED_STEPS;
	unsigned tried = 0;

	(void)state;
	for (unsigned order = 0; order < 1u << n; order++) {
		unsigned raise = 0, clear = 0;

		if ((unsigned)__builtin_popcount(order) != VCPU_IRQ_SET_STEPS) {
			continue;
		}
		/* The last IPI was applied to hvip and the guest cleared it there. */
		memset(&vcpu, 0, sizeof(vcpu));
		vcpu.irqs_pending = VCPU_IRQ_VSSIP;
		for (unsigned i = 0; i < n; i++) {
			if (order & (1u << i)) {
				vcpu_irq_set_step(&vcpu, raise++, VCPU_IRQ_VSSIP, true);
			} else {
				vcpu_irq_guest_cleared_step(&vcpu, clear++, VCPU_IRQ_VSSIP);
			}
		}
		vcpu_irq_apply(&vcpu);
		if (!(vcpu.csr.hvip & VCPU_IRQ_VSSIP)) {
			fail_msg("IPI lost with raiser steps at mask 0x%x", order);
		}
		tried++;
	}
	assert_int_equal(tried, 10); /* 5 choose 3 */
}

/* The guest cleared its IPI and nothing was raised since: it stays cleared. */
static void test_guest_clear_alone_drops_the_line(void **state)
{
	(void)state;
	vcpu_irq_set(&vcpu, VCPU_IRQ_VSSIP, true);
	assert_int_equal(load_hvip(), VCPU_IRQ_VSSIP);
	vcpu.csr.hvip = 0; /* the guest wrote sip.SSIP = 0 */
	vcpu_irq_guest_cleared(&vcpu, VCPU_IRQ_VSSIP);
	assert_int_equal(vcpu.irqs_pending, 0);
	assert_int_equal(load_hvip(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_raise_while_not_loaded_reaches_load, setup),
		cmocka_unit_test_setup(test_lowered_before_load_is_not_delivered, setup),
		cmocka_unit_test_setup(test_lines_are_independent, setup),
		cmocka_unit_test_setup(test_ready_needs_an_enabled_pending_line, setup),
		cmocka_unit_test_setup(test_ready_with_sstc_follows_vstimecmp, setup),
		cmocka_unit_test_setup(test_wfi_woken_by_enabled_raise, setup),
		cmocka_unit_test_setup(test_wfi_masked_raise_wakes_but_not_ready, setup),
		cmocka_unit_test_setup(test_kick_wakes_for_the_vmm, setup),
		cmocka_unit_test_setup(test_raise_before_block_is_not_lost, setup),
		cmocka_unit_test_setup(test_no_thread_only_ipi, setup),
		cmocka_unit_test_setup(test_ipi_during_guest_clear_is_not_lost, setup),
		cmocka_unit_test_setup(test_guest_clear_alone_drops_the_line, setup),
	};

	return cmocka_run_group_tests_name("vcpu_irq", tests, NULL, NULL);
}
