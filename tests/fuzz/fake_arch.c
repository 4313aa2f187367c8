/* A recording stand-in for the arch and firmware hooks of the SBI extensions (see fake_arch.h). */
#include "tests/fuzz/fake_arch.h"

#include <string.h>

#include "core/remote_fence.h"
#include "core/sched.h"
#include "platform/firmware.h"

struct fake_arch fake_arch;

void fake_arch_reset(void)
{
	memset(&fake_arch, 0, sizeof(fake_arch));
	fake_arch.wait_result = VCPU_WAIT_READY;
}

bool vcpu_arch_read_guest_ulong(struct rvkvm_vcpu *v, unsigned long gva, unsigned long *val)
{
	(void)v;
	fake_arch.guest_reads++;
	fake_arch.guest_read_addr = gva;
	if (fake_arch.guest_read_fails) {
		return false;
	}
	*val = fake_arch.guest_word;
	return true;
}

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	if (fake_arch.kicks < FAKE_ARCH_MAX_KICKS) {
		fake_arch.kicked[fake_arch.kicks] = v;
	}
	fake_arch.kicks++;
}

void sched_wake(struct sched_thread *t)
{
	(void)t;
	fake_arch.wakes++;
}

enum vcpu_wait_result vcpu_arch_wait(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v))
{
	fake_arch.waits++;
	/* The condition is evaluated as the real wait would, so it is exercised too. */
	(void)ready(v);
	return fake_arch.wait_result;
}

bool vcpu_arch_irq_pending(struct rvkvm_vcpu *v)
{
	return (__atomic_load_n(&v->irqs_pending, __ATOMIC_ACQUIRE) & VCPU_IRQ_MASK) != 0;
}

void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque)
{
	fake_arch.resets++;
	fake_arch.reset_vcpu = v;
	fake_arch.reset_entry = entry;
	fake_arch.reset_opaque = opaque;
}

void vcpu_arch_apply_traps(struct rvkvm_vcpu *v)
{
	fake_arch.trap_applies++;
	fake_arch.applied_hedeleg = v->hedeleg;
}

void vcpu_arch_set_timer(struct rvkvm_vcpu *v, uint64_t deadline)
{
	(void)v;
	fake_arch.timers++;
	fake_arch.timer_deadline = deadline;
}

static void fence(int kind, unsigned long mask, unsigned long start, unsigned long size,
		  unsigned long asid)
{
	fake_arch.fences++;
	fake_arch.fence_kind = kind;
	fake_arch.fence_mask = mask;
	fake_arch.fence_start = start;
	fake_arch.fence_size = size;
	fake_arch.fence_asid = asid;
}

void remote_fence_i(unsigned long hart_mask)
{
	fence(0, hart_mask, 0, 0, 0);
}

void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	fence(1, hart_mask, start, size, 0);
}

void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid)
{
	fence(2, hart_mask, start, size, asid);
}
