/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Powers the machine off. OpenSBI 1.1 ends QEMU with status 0 for every SRST
 * shutdown, whatever the reason, so a failure status is written to QEMU's
 * sifive,test finisher (FAIL code 0x3333 with the status in bits 31:16) first.
 */
#include "platform/poweroff.h"

#include "lib/sbi_spec.h"
#include "platform/firmware.h"

#define FINISHER_FAIL 0x3333u

static volatile uint32_t *finisher;

void poweroff_set_finisher(uint64_t base)
{
	finisher = (volatile uint32_t *)(uintptr_t)base;
}

void poweroff(int status)
{
	if (status != 0 && finisher) {
		*finisher = ((uint32_t)status << 16) | FINISHER_FAIL;
	}
	firmware_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			      status ? SBI_SRST_REASON_SYSTEM_FAILURE : SBI_SRST_REASON_NONE);
	for (;;) {
		__asm__ volatile("wfi");
	}
}
