/* SPDX-License-Identifier: Apache-2.0 */
/* Interrupt lines of a vCPU and kicks: any hart may raise or lower a line or kick; the vCPU's owner applies it. */
#include "core/vcpu_irq.h"

#include "core/sched.h"
#include "core/vm_arch.h"
#include "rvkvm/rvkvm.h"

/*
 * A raise or lower announces the change in irqs_changed both before and after it writes the
 * level. After: an apply that read the old level sees the change still announced and applies it
 * again. Before: the owner dropping a line the guest cleared itself (vcpu_irq_guest_cleared) may
 * have dropped this write's level; it looks for an announced change only after its drop, and puts
 * the line back when it finds one. With the announce after the write alone, a raise could write
 * its level just before the drop and announce just after the owner's look, and the guest never
 * got that IPI.
 */
void vcpu_irq_set_step(struct rvkvm_vcpu *v, unsigned step, unsigned long lines, bool level)
{
	if (step != 1) {
		__atomic_or_fetch(&v->irqs_changed, lines, __ATOMIC_SEQ_CST);
	} else if (level) {
		__atomic_or_fetch(&v->irqs_pending, lines, __ATOMIC_SEQ_CST);
	} else {
		__atomic_and_fetch(&v->irqs_pending, ~lines, __ATOMIC_SEQ_CST);
	}
}

void vcpu_irq_set(struct rvkvm_vcpu *v, unsigned long lines, bool level)
{
	for (unsigned step = 0; step < VCPU_IRQ_SET_STEPS; step++) {
		vcpu_irq_set_step(v, step, lines, level);
	}
	vcpu_kick(v);
}

void vcpu_irq_guest_cleared_step(struct rvkvm_vcpu *v, unsigned step, unsigned long lines)
{
	if (step == 0) {
		__atomic_and_fetch(&v->irqs_pending, ~lines, __ATOMIC_SEQ_CST);
		return;
	}
	/* A raise announced and not yet applied: its level may be the one just dropped. */
	lines &= __atomic_load_n(&v->irqs_changed, __ATOMIC_SEQ_CST);
	if (lines) {
		__atomic_or_fetch(&v->irqs_pending, lines, __ATOMIC_SEQ_CST);
	}
}

void vcpu_irq_guest_cleared(struct rvkvm_vcpu *v, unsigned long lines)
{
	for (unsigned step = 0; step < VCPU_IRQ_CLEARED_STEPS; step++) {
		vcpu_irq_guest_cleared_step(v, step, lines);
	}
}

void vcpu_kick(struct rvkvm_vcpu *v)
{
	struct sched_thread *t;

	/*
	 * The change was written before; the loads of v->thread (here) and v->hart (in the arch
	 * kick) must not pass it: rvkvm_vcpu_run and vcpu_arch_load publish those first and then
	 * look at the state, so one side or the other sees it.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t = __atomic_load_n(&v->thread, __ATOMIC_ACQUIRE);
	if (t) {
		sched_wake(t);
	}
	vcpu_arch_kick(v);
}

bool vcpu_irq_apply(struct rvkvm_vcpu *v)
{
	unsigned long changed;

	if (!__atomic_load_n(&v->irqs_changed, __ATOMIC_RELAXED)) {
		return false;
	}
	changed = __atomic_exchange_n(&v->irqs_changed, 0, __ATOMIC_ACQUIRE);
	v->csr.hvip = (v->csr.hvip & ~changed) |
		      (__atomic_load_n(&v->irqs_pending, __ATOMIC_RELAXED) & changed);
	return changed != 0;
}

/* vsie has the guest's view: its SSIE/STIE/SEIE sit one bit below hvip's VSSIP/VSTIP/VSEIP. */
_Static_assert(VCPU_IRQ_VSSIP == 1UL << 2 && VCPU_IRQ_VSTIP == 1UL << 6 &&
		       VCPU_IRQ_VSEIP == 1UL << 10,
	       "VS lines are the S lines shifted by one");

unsigned long vcpu_irq_enabled(const struct rvkvm_vcpu *v)
{
	return (v->csr.vsie << 1) & VCPU_IRQ_MASK;
}

bool vcpu_irq_ready(const struct rvkvm_vcpu *v, uint64_t now, bool sstc)
{
	unsigned long pending = v->csr.hvip & VCPU_IRQ_MASK;

	if (sstc && v->csr.vstimecmp <= now) {
		pending |= VCPU_IRQ_VSTIP;
	}
	return (pending & vcpu_irq_enabled(v)) != 0;
}

int rvkvm_vcpu_interrupt(struct rvkvm_vcpu *v, int level)
{
	vcpu_irq_set(v, VCPU_IRQ_VSEIP, level != 0);
	return 0;
}

void rvkvm_vcpu_kick(struct rvkvm_vcpu *v)
{
	__atomic_store_n(&v->kick_exit, true, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

int rvkvm_vcpu_set_mp_state(struct rvkvm_vcpu *v, unsigned state)
{
	if (state != RVKVM_MP_STATE_RUNNABLE && state != RVKVM_MP_STATE_STOPPED) {
		return RVKVM_EINVAL;
	}
	__atomic_store_n(&v->hsm_state,
			 state == RVKVM_MP_STATE_STOPPED ? VCPU_HSM_STOPPED : VCPU_HSM_STARTED,
			 __ATOMIC_RELEASE);
	return 0;
}
