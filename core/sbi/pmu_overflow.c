/* SPDX-License-Identifier: Apache-2.0 */
/* When a guest's SBI PMU hardware counter overflows: once, as Sscofpmf's OF bit would, made an SSE event. */
#include "core/sbi/pmu_overflow.h"

#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"

/*
 * The guest counters that can overflow are the hardware ones, 0 (cycle) and 2 (instret), each
 * counting the source of the same VCPU_PMU_SRC_* as its index halved. Which counter overflowed
 * the guest tells by its value: it wrapped, so it reads less than it was started with (rvkvm
 * offers no snapshot memory, and the guest has no scountovf).
 */
#define CTR_CYCLE 0
#define CTR_INSTRET 2
_Static_assert(VCPU_PMU_SRC_CYCLE == CTR_CYCLE / 2 && VCPU_PMU_SRC_INSTRET == CTR_INSTRET / 2,
	       "counter n counts source n / 2");

bool sbi_pmu_overflow_offered(const struct rvkvm_vcpu *v)
{
	return host_caps.has_pmu_overflow && sbi_find_ext(v, SBI_EID_PMU) == &sbi_ext_pmu &&
	       !sbi_vmm_owns(v, SBI_EID_PMU) && sbi_ext_offered(v, &sbi_ext_pmu);
}

static bool watched(const struct rvkvm_vcpu *v, unsigned idx)
{
	const struct vcpu_pmu_counter *c = &v->pmu.ctr[idx];

	return c->started && !c->overflowed && v->sse.pmu_overflow.state != SBI_SSE_STATE_UNUSED;
}

bool sbi_pmu_overflow_check(struct rvkvm_vcpu *v, uint64_t left[2])
{
	static const unsigned hw[2] = { CTR_CYCLE, CTR_INSTRET };
	bool signal = false, watch = false;

	for (unsigned i = 0; i < 2; i++) {
		struct vcpu_pmu_counter *c = &v->pmu.ctr[hw[i]];
		uint64_t now;

		left[i] = PMU_OVF_NONE;
		if (!watched(v, hw[i])) {
			continue;
		}
		/* c->value is the value it started with, while it runs. */
		now = sbi_pmu_counter_value(v, hw[i]);
		if (pmu_ovf_wrapped(c->value, now)) {
			c->overflowed = true;
			signal = true;
			continue;
		}
		left[i] = pmu_ovf_left(now);
		watch = true;
	}
	if (signal) {
		sbi_sse_pmu_overflow(v);
	}
	v->pmu.ovf_watch = watch;
	return watch;
}

void sbi_pmu_overflow_update(struct rvkvm_vcpu *v)
{
	uint64_t left[2];
	bool was = v->pmu.ovf_watch;

	if (sbi_pmu_overflow_check(v, left) || was) {
		vcpu_arch_pmu_alarm(v);
	}
}
