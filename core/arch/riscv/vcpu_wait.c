/* SPDX-License-Identifier: Apache-2.0 */
/* Time and waiting for a vCPU: the host timer, SBI set_timer, WFI/HSM waits (blocking its thread), HS interrupts. */
#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/host_timer.h"
#include "core/arch/riscv/pmu_alarm.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/sched.h"
#include "core/vcpu_irq.h"
#include "core/remote_fence.h"
#include "core/vm_arch.h"
#include "platform/platform.h"

uint64_t arch_time_now(void)
{
	return csr_read64(CSR_TIME);
}

void host_timer_init(void)
{
	hart_self()->timer_armed = 0;
	host_timer_arm(HOST_TIMER_OFF);
}

void host_timer_write(struct hart *h, uint64_t deadline)
{
	h->timer_armed = deadline;
	if (host_caps.has_sstc) {
		csr_write64(CSR_STIMECMP, deadline);
	} else {
		firmware_set_timer(deadline);
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * A guest deadline (guest time: host time + the VM's time_delta, which ONE_REG TIMER time
 * sets) in host time, for this hart's timer. One already past is "now"; one further away than
 * the host's clock can count (the guest's value is its own choice) is never.
 */
static uint64_t host_deadline(const struct rvkvm_vcpu *v, uint64_t guest_deadline, uint64_t now)
{
	uint64_t delta = v->vm->time_delta;
	uint64_t guest_now = now + delta;
	uint64_t ahead;

	if (delta == 0 || guest_deadline == HOST_TIMER_OFF) {
		return guest_deadline;
	}
	if (guest_deadline <= guest_now) {
		return now;
	}
	ahead = guest_deadline - guest_now;
	return ahead >= HOST_TIMER_OFF - now ? HOST_TIMER_OFF : now + ahead;
}

uint64_t vcpu_arch_host_deadline(struct rvkvm_vcpu *v)
{
	uint64_t deadline = v->timer_deadline;

	if (v->vm->time_delta != 0) {
		deadline = host_deadline(v, deadline, arch_time_now());
	}
	if (v->exit_interval) {
		deadline = min_u64(deadline, v->next_exit);
	}
	/* The end of its time slice, and sleepers' deadlines, when the harts are overcommitted. */
	if (sched_overcommitted()) {
		deadline = min_u64(deadline, sched_timer_deadline());
	}
	return deadline;
}

void vcpu_arch_set_timer(struct rvkvm_vcpu *v, uint64_t deadline)
{
	if (v->cfg.sstc) {
		/* The guest's own comparator: VSTIP follows it in hardware. */
		csr_write64(CSR_VSTIMECMP, deadline);
		return;
	}
	v->timer_deadline = deadline;
	v->csr.hvip &= ~VCPU_IRQ_VSTIP;
	csr_write(CSR_HVIP, v->csr.hvip);
	/* The fast exit path re-enters without the run loop's re-arm: arm for it now. */
	vcpu_arch_arm_host_timer(v);
}

/* Raises VSTIP in the vCPU's hvip once the SBI timer deadline (guest time) has passed (no Sstc). */
static bool guest_timer_fire(struct rvkvm_vcpu *v, uint64_t now)
{
	if (v->timer_deadline > now + v->vm->time_delta) {
		return false;
	}
	v->timer_deadline = HOST_TIMER_OFF;
	v->csr.hvip |= VCPU_IRQ_VSTIP;
	v->stats.timer_injected++;
	return true;
}

/* The same for a loaded vCPU: the hart's hvip follows. */
static void check_guest_timer(struct rvkvm_vcpu *v, uint64_t now)
{
	if (guest_timer_fire(v, now)) {
		csr_write(CSR_HVIP, v->csr.hvip);
	}
}

static bool exit_due(struct rvkvm_vcpu *v, uint64_t now)
{
	if (v->exit_interval && now >= v->next_exit) {
		v->next_exit = now + v->exit_interval;
		return true;
	}
	return false;
}

bool vcpu_arch_handle_interrupt(struct rvkvm_vcpu *v, unsigned long cause)
{
	uint64_t now;

	switch (cause & ~SCAUSE_INTERRUPT) {
	case IRQ_S_SOFT:
		/* A kick: the run loop looks at irqs_changed and kick_exit before entering again. */
		csr_clear(CSR_SIP, 1UL << IRQ_S_SOFT);
		remote_fence_service();
		return false;
	case IRQ_S_TIMER:
		now = arch_time_now();
		/*
		 * The timer is re-armed before the next entry; until then, stop it ringing. Written
		 * whatever timer_armed says: with a spinning hart re-arming often (sched_arch_spinning),
		 * QEMU 7.2 was seen to leave STIP raised with the timer already moved on and
		 * timer_armed saying so (a storm of these interrupts on one hart); our reading is its
		 * timer callback running just after the move. A write makes it compare again; on
		 * hardware STIP is the comparison, and the write costs one CSR access.
		 */
		host_timer_write(hart_self(), HOST_TIMER_OFF);
		check_guest_timer(v, now);
		/* The time slice is over and another thread waits: the run loop yields the hart. */
		if (sched_tick(now)) {
			v->yield_due = true;
		}
		return exit_due(v, now);
	case IRQ_S_EXT:
		/* A host device's (a disk's completion...): served here, the guest goes on. */
		platform_external_irq(hart_self()->hartid);
		return false;
	case IRQ_LCOF:
		/* The SBI PMU's overflow alarm (pmu_alarm.c): signal what overflowed, arm again. */
		vcpu_arch_pmu_alarm(v);
		return false;
	default:
		return false;
	}
}

bool vcpu_arch_irq_pending(struct rvkvm_vcpu *v)
{
	if (hart_self()->loaded == v) {
		/* Loaded: the hart's own view (hvip, vsie, vstimecmp live in its CSRs). */
		return (csr_read(CSR_HIP) & csr_read(CSR_HIE) & VCPU_IRQ_MASK) != 0;
	}
	return vcpu_irq_ready(v, arch_time_now() + v->vm->time_delta, v->cfg.sstc);
}

/*
 * When a waiting vCPU must look again by itself: its timers. Not its exit interval, which counts
 * only while the guest runs: a VMM that wants a waiting vCPU kicks it (rvkvm_vcpu_kick).
 */
static uint64_t wait_deadline(const struct rvkvm_vcpu *v, uint64_t now)
{
	uint64_t deadline = host_deadline(v, v->timer_deadline, now);

	/*
	 * With Sstc the guest's vstimecmp, if it enabled the interrupt: a deadline already past
	 * is either pending (ready() saw it) or masked, and waking for it would only spin.
	 */
	if (v->cfg.sstc && (vcpu_irq_enabled(v) & VCPU_IRQ_VSTIP) &&
	    v->csr.vstimecmp > now + v->vm->time_delta) {
		deadline = min_u64(deadline, host_deadline(v, v->csr.vstimecmp, now));
	}
	return deadline;
}

/*
 * While the harts are not overcommitted a vCPU has its hart to itself: it waits right there in
 * WFI, still loaded, without the vcpu_put/vcpu_load a block costs (a timer interrupt's delivery
 * takes a third of the instructions). A kick's IPI ends the WFI. Returns false, having waited
 * for nothing, once the harts become overcommitted: then the thread blocks instead.
 */
static bool wait_on_hart(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v),
			 enum vcpu_wait_result *result)
{
	while (!sched_overcommitted()) {
		uint64_t now = arch_time_now();
		uint64_t deadline = host_deadline(v, v->timer_deadline, now);

		/* Clear the kick first: a kick that arrives after this still ends the WFI below. */
		csr_clear(CSR_SIP, 1UL << IRQ_S_SOFT);
		remote_fence_service();
		if (vcpu_irq_apply(v)) {
			csr_write(CSR_HVIP, v->csr.hvip); /* lines other harts raised or lowered */
		}
		check_guest_timer(v, now);
		if (ready(v)) {
			*result = VCPU_WAIT_READY;
			return true;
		}
		if (__atomic_load_n(&v->kick_exit, __ATOMIC_ACQUIRE) || exit_due(v, now)) {
			*result = VCPU_WAIT_EXIT;
			return true;
		}
		if (v->cfg.sstc && (csr_read(CSR_HIE) & VCPU_IRQ_VSTIP)) {
			/* hip.VSTIP follows vstimecmp; a deadline already past is pending or masked. */
			uint64_t cmp = csr_read64(CSR_VSTIMECMP);

			if (cmp > now + v->vm->time_delta) {
				deadline = min_u64(deadline, host_deadline(v, cmp, now));
			}
		}
		host_timer_arm(deadline);
		__asm__ volatile("wfi");
		if (arch_time_now() >= deadline) {
			host_timer_arm(HOST_TIMER_OFF);
		}
		/* Left pending, a host device's interrupt would end every WFI at once. */
		if (csr_read(CSR_SIP) & (1UL << IRQ_S_EXT)) {
			platform_external_irq(hart_self()->hartid);
		}
	}
	return false;
}

enum vcpu_wait_result vcpu_arch_wait(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v))
{
	enum vcpu_wait_result result;

	/*
	 * Its counters stand still while it waits, and the overflow alarm must not end the WFI. A
	 * watched counter is a running one (ctx.pmu_on, near the vCPU's start, unlike pmu): a vCPU
	 * with none pays a load and a branch each way.
	 */
	if (__builtin_expect(v->ctx.pmu_on != 0, 0) && v->pmu.ovf_watch) {
		pmu_alarm_put(v);
	}
	if (wait_on_hart(v, ready, &result)) {
		if (__builtin_expect(v->ctx.pmu_on != 0, 0) && v->pmu.ovf_watch) {
			vcpu_arch_pmu_alarm(v);
		}
		return result;
	}
	/* Off the hart: the thread blocks and the hart runs others or sleeps (sched_run). */
	vcpu_arch_put(v);
	for (;;) {
		/* Before looking: a kick from here on makes sched_block return at once. */
		unsigned long seq = sched_wait_begin();
		uint64_t now = arch_time_now();

		vcpu_irq_apply(v);
		guest_timer_fire(v, now);
		if (ready(v)) {
			result = VCPU_WAIT_READY;
			break;
		}
		if (__atomic_load_n(&v->kick_exit, __ATOMIC_ACQUIRE) || exit_due(v, now)) {
			result = VCPU_WAIT_EXIT;
			break;
		}
		sched_block(seq, wait_deadline(v, now));
	}
	vcpu_arch_load(v);
	return result;
}
