/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The platform as the core sees it: what the core may call in its host beneath it. The core
 * runs on top of the platform (firmware calls, host interrupts, power-off) and uses the host
 * services of rvkvm/host.h (the console); the platform calls up into the core only through
 * core/core.h. tools/check-layers.sh checks both directions on the objects' symbols.
 */
#ifndef PLATFORM_PLATFORM_H
#define PLATFORM_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

/* An IPI to one hart, whatever its id (the firmware's SBI IPI, a mask of one bit based at the id). */
long firmware_send_ipi_to(unsigned long hartid);
/* The firmware's SBI timer, for a hart without Sstc. */
void firmware_set_timer(uint64_t deadline);
/*
 * The firmware's SBI DBTR (debug triggers) on the calling hart: the SBI error, and the value in
 * *value. NUM_TRIGGERS answers 0 when the firmware has no DBTR.
 */
long firmware_dbtr(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long *value);

/*
 * The firmware's SBI PMU, for the SBI PMU's overflow alarm (platform/firmware_pmu.c): whether
 * the firmware has it; claim configures, stopped, a programmable hardware counter of this hart
 * for an event (SBI_PMU_EVENT(SBI_PMU_TYPE_HW, ...)) and returns its index, or -1 when only a
 * fixed counter (no overflow bit) or none can count it; start runs it from value, which also
 * clears its overflow bit, so it interrupts (LCOFI) as it wraps; stop stops it. Both return the
 * SBI error.
 */
bool firmware_pmu_present(void);
long firmware_pmu_claim(unsigned long event);
long firmware_pmu_start(unsigned long idx, uint64_t value);
long firmware_pmu_stop(unsigned long idx);

/*
 * Serves the host interrupts pending for S-mode on the hart whose id is hartid, the calling
 * one (the host PLIC's devices). Called with sip.SEIP set: from the trap of a running guest,
 * or after a WFI that it ended.
 */
void platform_external_irq(unsigned long hartid);

/* Powers the machine off with status 0 (all VMs ended normally) or the worst VM's status. */
void poweroff(int status) __attribute__((noreturn));

#endif
