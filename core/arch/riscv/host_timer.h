/* The hypervisor's own per-hart timer (stimecmp with Sstc, the firmware's set_timer without). */
#ifndef CORE_ARCH_RISCV_HOST_TIMER_H
#define CORE_ARCH_RISCV_HOST_TIMER_H

#include <stdint.h>

#include "core/vcpu.h"

#define HOST_TIMER_OFF UINT64_MAX

void host_timer_init(void);
/* Programs this hart's timer; only writes when the deadline changes. */
void host_timer_arm(uint64_t deadline);
/* Programs the timer for what the vCPU needs while it runs: its SBI timer, its exit interval. */
void vcpu_arch_arm_host_timer(struct rvkvm_vcpu *v);

#endif
