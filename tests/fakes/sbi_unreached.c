/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The arch, scheduler-free and remote-fence hooks the SBI table needs in order to link, for unit
 * tests that never go down those paths (test_sbi, test_sbi_config): reaching one is a failure,
 * meaning a call was sent somewhere it should not have gone. vcpu_arch_apply_traps is a no-op:
 * hedeleg reaches a hart only at load, which these tests do not do. sched_wake is each test's own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/remote_fence.h"
#include "core/sbi/sbi.h"
#include "core/vcpu.h"
#include "core/vm_arch.h"

#define UNEXPECTED() fail_msg("%s called: this test must not reach it", __func__)

bool vcpu_arch_read_guest_ulong(struct rvkvm_vcpu *v, unsigned long gva, unsigned long *val)
{
	(void)v;
	(void)gva;
	(void)val;
	UNEXPECTED();
	return false;
}

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	(void)v;
	UNEXPECTED();
}

enum vcpu_wait_result vcpu_arch_wait(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v))
{
	(void)v;
	(void)ready;
	UNEXPECTED();
	return VCPU_WAIT_EXIT;
}

bool vcpu_arch_irq_pending(struct rvkvm_vcpu *v)
{
	(void)v;
	UNEXPECTED();
	return false;
}

void vcpu_arch_apply_traps(struct rvkvm_vcpu *v)
{
	(void)v;
}

void vcpu_arch_pmu_alarm(struct rvkvm_vcpu *v)
{
	(void)v;
	UNEXPECTED();
}

void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque)
{
	(void)v;
	(void)entry;
	(void)opaque;
	UNEXPECTED();
}

void vcpu_arch_get_vs_trap(struct rvkvm_vcpu *v, unsigned long *vsepc, unsigned long *vsstatus)
{
	(void)v;
	(void)vsepc;
	(void)vsstatus;
	UNEXPECTED();
}

void vcpu_arch_set_vs_trap(struct rvkvm_vcpu *v, unsigned long vsepc, unsigned long vsstatus)
{
	(void)v;
	(void)vsepc;
	(void)vsstatus;
	UNEXPECTED();
}

void vcpu_arch_set_timer(struct rvkvm_vcpu *v, uint64_t deadline)
{
	(void)v;
	(void)deadline;
	UNEXPECTED();
}

void remote_fence_i(unsigned long hart_mask)
{
	(void)hart_mask;
	UNEXPECTED();
}

void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	(void)hart_mask;
	(void)start;
	(void)size;
	UNEXPECTED();
}

void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid)
{
	(void)hart_mask;
	(void)start;
	(void)size;
	(void)asid;
	UNEXPECTED();
}

unsigned long vcpu_arch_scounteren(struct rvkvm_vcpu *v)
{
	(void)v;
	UNEXPECTED();
	return 0;
}

unsigned dbtr_arch_triggers(void)
{
	return 0; /* a host firmware without DBTR */
}

long dbtr_arch_install(struct rvkvm_vcpu *v, const struct vcpu_dbtr *d)
{
	(void)v;
	(void)d;
	UNEXPECTED();
	return 0;
}
