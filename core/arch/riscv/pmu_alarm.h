/* SPDX-License-Identifier: Apache-2.0 */
/* The SBI PMU's overflow alarm on this hart (core/arch/riscv/pmu_alarm.c); vcpu_arch_pmu_alarm arms it. */
#ifndef CORE_ARCH_RISCV_PMU_ALARM_H
#define CORE_ARCH_RISCV_PMU_ALARM_H

#include <stdbool.h>

#include "core/vcpu.h"

/* At boot: the ISA names Sscofpmf and the firmware has an SBI PMU (host_caps.has_pmu_overflow). */
bool pmu_alarm_probe(void);
/*
 * Each hart as it comes up: claims its two alarm counters from the firmware and enables LCOFI in
 * sie. The boot hart's failure takes has_pmu_overflow back.
 */
void pmu_alarm_hart_init(void);
/*
 * v, loaded here, leaves the guest for longer than an exit (vcpu_put, a wait on the hart): what
 * overflowed up to now is signalled, and the alarm stops (no other vCPU may take it).
 */
void pmu_alarm_put(struct rvkvm_vcpu *v);

#endif
