/* SPDX-License-Identifier: Apache-2.0 */
/* The hypervisor's own per-hart timer (stimecmp with Sstc, the firmware's set_timer without). */
#ifndef CORE_ARCH_RISCV_HOST_TIMER_H
#define CORE_ARCH_RISCV_HOST_TIMER_H

#include <stdint.h>

#include "core/hart.h"
#include "core/sched.h"
#include "core/vcpu.h"

#define HOST_TIMER_OFF UINT64_MAX

void host_timer_init(void);
/* Writes this hart's timer (host_timer_arm decided it changes). */
void host_timer_write(struct hart *h, uint64_t deadline);

/* Programs this hart's timer; only writes when the deadline changes. */
static inline void host_timer_arm(uint64_t deadline)
{
	struct hart *h = hart_self();

	if (h->timer_armed != deadline) {
		host_timer_write(h, deadline);
	}
}

/* The host deadline for the vCPU's SBI timer in guest time, its exit interval, its time slice. */
uint64_t vcpu_arch_host_deadline(struct rvkvm_vcpu *v);

/*
 * Programs the timer for what the vCPU needs while it runs: its SBI timer, its exit interval.
 * On every guest entry: the common case (no time offset, no overcommit) without a call, and
 * mostly the deadline armed already.
 */
static inline void vcpu_arch_arm_host_timer(struct rvkvm_vcpu *v)
{
	uint64_t deadline = v->timer_deadline;

	if (__builtin_expect(v->vm->time_delta == 0 && !sched_overcommitted(), 1)) {
		if (v->exit_interval && v->next_exit < deadline) {
			deadline = v->next_exit;
		}
		host_timer_arm(deadline);
	} else {
		host_timer_arm(vcpu_arch_host_deadline(v));
	}
}

#endif
