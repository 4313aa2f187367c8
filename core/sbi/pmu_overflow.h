/* SPDX-License-Identifier: Apache-2.0 */
/* The SBI PMU's counter overflow (Sscofpmf's OF bit, as the guest sees it), signalled as SSE LOCAL_PMU_OVERFLOW. */
#ifndef CORE_SBI_PMU_OVERFLOW_H
#define CORE_SBI_PMU_OVERFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"

/*
 * A guest hardware counter is 64 bits wide (counter_info's width 63) and overflows as its value
 * wraps past 2^64 - 1. Started at start and reading now, with less than 2^64 counted since, it
 * has wrapped exactly when now < start.
 */
static inline bool pmu_ovf_wrapped(uint64_t start, uint64_t now)
{
	return now < start;
}

/* In left[]: no overflow is watched on that source. */
#define PMU_OVF_NONE UINT64_MAX

/* The events left until a counter that reads now wraps (2^64, from 0, is as good as never). */
static inline uint64_t pmu_ovf_left(uint64_t now)
{
	return now == 0 ? PMU_OVF_NONE : 0 - now;
}

/*
 * The fewest events a host counter is armed for. The alarm counts rvkvm's and the firmware's
 * instructions too: armed for fewer than a return into the guest takes, it would fire before
 * the guest ran again, each time, and the guest would never get there. So an overflow due
 * sooner is signalled up to this many events late.
 */
#define PMU_OVF_ALARM_MIN 16384U

/*
 * The most events a host counter is armed for: further, it fires early and is armed again. QEMU
 * 7.2 turns the count into a signed 64-bit time, and one of 2^63 or more comes out in the past:
 * the alarm would fire at once, forever.
 */
#define PMU_OVF_ALARM_MAX (UINT64_C(1) << 62)

/* The value a host counter starts at to overflow after left events (clamped to the two bounds). */
static inline uint64_t pmu_ovf_alarm_start(uint64_t left)
{
	if (left < PMU_OVF_ALARM_MIN) {
		left = PMU_OVF_ALARM_MIN;
	} else if (left > PMU_OVF_ALARM_MAX) {
		left = PMU_OVF_ALARM_MAX;
	}
	return 0 - left;
}

/*
 * Whether v's guest may register SSE LOCAL_PMU_OVERFLOW: the host can watch for overflows
 * (host_caps.has_pmu_overflow) and v's PMU is the core's (offered, not switched off nor the
 * VMM's).
 */
bool sbi_pmu_overflow_offered(const struct rvkvm_vcpu *v);
/*
 * Looks at v's watched counters: cycle and instret, started, not overflowed since, while v's
 * LOCAL_PMU_OVERFLOW is registered. Each that wrapped is marked overflowed (never signalled
 * again until the guest starts or configures it anew) and makes the SSE event pending;
 * left[VCPU_PMU_SRC_*] gets the events until the next overflow of that source, or
 * PMU_OVF_NONE. Sets and returns v->pmu.ovf_watch: whether any is watched still. With the
 * counters' sources current: v is out of the guest.
 */
bool sbi_pmu_overflow_check(struct rvkvm_vcpu *v, uint64_t left[2]);
/*
 * After v's counters or its event's registration changed: the hart's alarm follows
 * (vcpu_arch_pmu_alarm) if v watches, or watched until now. Costs nothing to a vCPU that
 * watches nothing.
 */
void sbi_pmu_overflow_update(struct rvkvm_vcpu *v);

/* core/sbi/pmu.c: counter idx's value now. */
uint64_t sbi_pmu_counter_value(const struct rvkvm_vcpu *v, unsigned idx);
/* core/sbi/sse.c: makes v's LOCAL_PMU_OVERFLOW pending (from v's own hart). */
void sbi_sse_pmu_overflow(struct rvkvm_vcpu *v);

#endif
