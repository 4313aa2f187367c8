/* SPDX-License-Identifier: Apache-2.0 */
/* The SBI PMU's overflow alarm: host counters (Sscofpmf) that interrupt no later than a loaded vCPU's counter overflows. */
#include "core/arch/riscv/pmu_alarm.h"

#include "core/arch/riscv/csr.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/isa_ext.h"
#include "core/sbi/pmu_overflow.h"
#include "core/vm_arch.h"
#include "lib/sbi_spec.h"
#include "platform/platform.h"
#include "rvkvm/host.h"

/*
 * A guest's hardware counter counts the host's cycles or instructions while the guest runs
 * (core/sbi/pmu.c); a host counter of the same event counts them in every mode, the guest's
 * among them. Started left events before the guest's counter overflows, it overflows no later
 * than that, and its interrupt (LCOFI, which the firmware delegates to S-mode and the core keeps
 * out of hideleg) makes the guest exit wherever it is. Then the guest's counters say whether one
 * overflowed (core/sbi/pmu_overflow.c); when none did (the alarm also counted rvkvm's and the
 * firmware's instructions, and QEMU 7.2 makes an overflow of a timer at one event a nanosecond),
 * the alarm is armed again for what is left. It runs only while its vCPU is loaded here, so no
 * other vCPU ever takes it; a vCPU that watches no overflow never reaches this file.
 */
static const unsigned long alarm_event[2] = {
	[VCPU_PMU_SRC_CYCLE] = SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES),
	[VCPU_PMU_SRC_INSTRET] = SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS),
};

#define LCOFIP (1UL << IRQ_LCOF)

bool pmu_alarm_probe(void)
{
	struct isa_set isa;

	isa_set_parse(&isa, host_caps.isa);
	return isa_set_has(&isa, RVKVM_RISCV_ISA_EXT_SSCOFPMF) && firmware_pmu_present();
}

/*
 * An RV32 hart's firmware writes a counter in halves: the low half (twice), then the high one.
 * QEMU 7.2 arms its overflow timer at each write with the value so far, so the first start after
 * reset sees its low half with a high half of 0: nearly 2^64 events from the wrap, past QEMU's
 * 63-bit timers. QEMU keeps the rest as a leftover, and when the timer next fires with the
 * counter running, it arms itself again for the leftover instead of interrupting: the first
 * alarm of each counter never rang, and the first overflow a guest watched came late or never.
 * Started once here at 0xffffffff00000000, a counter sees on the way only 0 (whose timer QEMU
 * puts in the past: no leftover) and its value, and keeps a high half of all ones. With the
 * alarms' high halves 0xc0000000 or more (PMU_OVF_ALARM_MAX is 2^62), no later start passes
 * through a value 2^63 from the wrap. An interrupt that comes of it is taken back here, or
 * later found to be no overflow, like any early alarm.
 */
static void prime_halves(const struct hart *h)
{
	if (sizeof(unsigned long) >= sizeof(uint64_t)) {
		return; /* the counter is written whole */
	}
	for (unsigned s = 0; s < 2; s++) {
		firmware_pmu_start((unsigned long)h->pmu_alarm_ctr[s],
				   UINT64_C(0xffffffff00000000));
		firmware_pmu_stop((unsigned long)h->pmu_alarm_ctr[s]);
	}
	csr_clear(CSR_SIP, LCOFIP);
}

void pmu_alarm_hart_init(void)
{
	struct hart *h = hart_self();
	bool ok = true;

	h->pmu_alarm_vcpu = NULL;
	for (unsigned s = 0; s < 2; s++) {
		h->pmu_alarm_ctr[s] = -1;
		h->pmu_alarm_running[s] = false;
	}
	if (!host_caps.has_pmu_overflow) {
		return;
	}
	for (unsigned s = 0; s < 2; s++) {
		h->pmu_alarm_ctr[s] = firmware_pmu_claim(alarm_event[s]);
		ok = ok && h->pmu_alarm_ctr[s] >= 0;
	}
	if (!ok) {
		/* Another hart's vCPUs then see their overflows only as they leave the guest. */
		console_printf("rvkvm: hart %lu: the firmware has no overflowing counter of cycles "
			       "and instructions%s\n",
			       h->hartid, h->index == 0 ? ": no SBI PMU overflow for guests" : "");
		if (h->index == 0) {
			host_caps.has_pmu_overflow = false;
		}
		return;
	}
	prime_halves(h);
	csr_set(CSR_SIE, LCOFIP);
}

/* Stops this hart's alarm counters, and takes back an interrupt they raised. */
static void stop(struct hart *h)
{
	for (unsigned s = 0; s < 2; s++) {
		if (h->pmu_alarm_running[s]) {
			firmware_pmu_stop((unsigned long)h->pmu_alarm_ctr[s]);
			h->pmu_alarm_running[s] = false;
		}
	}
	csr_clear(CSR_SIP, LCOFIP);
	h->pmu_alarm_vcpu = NULL;
}

void vcpu_arch_pmu_alarm(struct rvkvm_vcpu *v)
{
	struct hart *h = hart_self();
	uint64_t left[2];

	if (h->loaded != v) {
		return; /* vcpu_load arms it */
	}
	stop(h);
	if (!sbi_pmu_overflow_check(v, left)) {
		return;
	}
	for (unsigned s = 0; s < 2; s++) {
		if (left[s] != PMU_OVF_NONE && h->pmu_alarm_ctr[s] >= 0 &&
		    firmware_pmu_start((unsigned long)h->pmu_alarm_ctr[s],
				       pmu_ovf_alarm_start(left[s])) == SBI_SUCCESS) {
			h->pmu_alarm_running[s] = true;
		}
	}
	h->pmu_alarm_vcpu = v;
}

void pmu_alarm_put(struct rvkvm_vcpu *v)
{
	uint64_t left[2];

	sbi_pmu_overflow_check(v, left);
	stop(hart_self());
}
