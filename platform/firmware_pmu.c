/* SPDX-License-Identifier: Apache-2.0 */
/* The firmware's SBI PMU, as the core uses it: host counters that overflow after a given count (Sscofpmf). */
#include <limits.h>

#include "lib/sbi_spec.h"
#include "platform/firmware.h"
#include "platform/platform.h"

#define XLEN_BITS (sizeof(unsigned long) * CHAR_BIT)

bool firmware_pmu_present(void)
{
	return firmware_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_PMU, 0, 0, 0, 0)
		       .value != 0;
}

/* The firmware's hardware counters past cycle, time and instret: those it can give an OF bit. */
static unsigned long programmable_counters(void)
{
	struct firmware_ret r = firmware_call(SBI_EID_PMU, SBI_PMU_NUM_COUNTERS, 0, 0, 0, 0, 0);
	unsigned long mask = 0;

	for (unsigned long i = 3; r.error == SBI_SUCCESS && i < r.value && i < XLEN_BITS; i++) {
		struct firmware_ret info =
			firmware_call(SBI_EID_PMU, SBI_PMU_COUNTER_GET_INFO, i, 0, 0, 0, 0);

		if (info.error == SBI_SUCCESS && !(info.value & SBI_PMU_INFO_TYPE_FW)) {
			mask |= 1UL << i;
		}
	}
	return mask;
}

long firmware_pmu_claim(unsigned long event)
{
	unsigned long mask = programmable_counters();
	struct firmware_ret r;

	if (mask == 0) {
		return -1;
	}
	/* Counting in every mode: the alarm must count at least what the guest's counter does. */
	r = firmware_call(SBI_EID_PMU, SBI_PMU_COUNTER_CONFIG_MATCHING, 0, mask, 0, event, 0);
	/* A firmware without Sscofpmf gives the fixed cycle or instret counter, which has no OF. */
	if (r.error != SBI_SUCCESS || r.value >= XLEN_BITS || !((mask >> r.value) & 1)) {
		return -1;
	}
	return (long)r.value;
}

long firmware_pmu_start(unsigned long idx, uint64_t value)
{
	unsigned long hi = 0;

	if (sizeof(unsigned long) < sizeof(uint64_t)) {
		hi = (unsigned long)(value >> (XLEN_BITS % 64)); /* RV32: the high half in a4 */
	}
	return firmware_call(SBI_EID_PMU, SBI_PMU_COUNTER_START, idx, 1,
			     SBI_PMU_START_SET_INIT_VALUE, (unsigned long)value, hi)
		.error;
}

long firmware_pmu_stop(unsigned long idx)
{
	return firmware_call(SBI_EID_PMU, SBI_PMU_COUNTER_STOP, idx, 1, 0, 0, 0).error;
}
