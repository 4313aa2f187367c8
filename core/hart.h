/* SPDX-License-Identifier: Apache-2.0 */
/* Per-physical-hart state of the hypervisor, reached through tp while in HS-mode. */
#ifndef CORE_HART_H
#define CORE_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "core/core.h"

#define HART_MAX CORE_HART_MAX
#define HART_STACK_SIZE (16 * 1024)

struct rvkvm_vcpu;

struct hart {
	unsigned index;            /* dense index used by rvkvm */
	unsigned long hartid;      /* the platform's hart id */
	unsigned online;           /* 0, then 1 once the hart has set itself up */
	struct rvkvm_vcpu *loaded; /* vCPU whose VS-level state is in this hart's CSRs */
	struct rvkvm_vcpu *
		last_loaded; /* the last vCPU loaded here: its VS-stage translations may be cached */
	uint64_t vmid_generation; /* generation this hart last flushed for */
	unsigned long hgatp;      /* what this hart's hgatp holds */
	bool hgatp_stale;         /* hgatp must be written before the next guest entry */
	bool flush_vvma;      /* HFENCE.VVMA (after hgatp is written) before the next guest entry */
	uint64_t timer_armed; /* the deadline this hart's timer holds (host_timer_arm) */
	uint64_t spin_start, spin_last; /* the time this hart's current spin began, last looked */
	unsigned long
		dbtr_installed; /* the firmware's indexes of the loaded vCPU's debug triggers */
	/*
	 * The firmware PMU counters of this hart that count cycles and instructions (by
	 * VCPU_PMU_SRC_*) as the SBI PMU's overflow alarm, or -1; the vCPU they are armed for.
	 */
	long pmu_alarm_ctr[2];
	bool pmu_alarm_running[2];
	struct rvkvm_vcpu *pmu_alarm_vcpu;
};

extern struct hart harts[HART_MAX];
extern unsigned hart_count;

static inline struct hart *hart_self(void)
{
	struct hart *h;

	/* volatile: a thread may move to another hart between two calls, the value must be re-read. */
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

#endif
