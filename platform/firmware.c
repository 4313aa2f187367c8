/* SPDX-License-Identifier: Apache-2.0 */
/* SBI calls from the hypervisor to the firmware. */
#include "platform/firmware.h"

#include "lib/sbi_spec.h"

struct firmware_ret firmware_call(unsigned long eid, unsigned long fid, unsigned long a0,
				  unsigned long a1, unsigned long a2, unsigned long a3,
				  unsigned long a4)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r4 __asm__("a4") = a4;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r6), "r"(r7)
			 : "memory");
	return (struct firmware_ret){ (long)r0, r1 };
}

long firmware_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return firmware_call(SBI_EID_HSM, SBI_HSM_HART_START, hartid, start, opaque, 0, 0).error;
}

void firmware_putchar(char c)
{
	firmware_call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, (unsigned char)c, 0, 0, 0, 0);
}

void firmware_system_reset(unsigned long type, unsigned long reason)
{
	firmware_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0, 0, 0);
}

unsigned long firmware_base(unsigned long fid)
{
	return firmware_call(SBI_EID_BASE, fid, 0, 0, 0, 0, 0).value;
}

long firmware_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return firmware_call(SBI_EID_IPI, SBI_IPI_SEND_IPI, hart_mask, hart_mask_base, 0, 0, 0)
		.error;
}

long firmware_send_ipi_to(unsigned long hartid)
{
	return firmware_send_ipi(1, hartid);
}

void firmware_set_timer(uint64_t deadline)
{
	/* stime_value is a uint64_t: a0 on RV64, a0 and a1 (the high half) on RV32. */
	unsigned long high = sizeof(unsigned long) == 4
				     ? (unsigned long)(deadline >> (sizeof(long) * 8 % 64))
				     : 0;

	firmware_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, (unsigned long)deadline, high, 0, 0, 0);
}

long firmware_dbtr(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long *value)
{
	struct firmware_ret r;

	if (fid == SBI_DBTR_NUM_TRIGGERS &&
	    firmware_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_DBTR, 0, 0, 0, 0).value ==
		    0) {
		*value = 0; /* a firmware without DBTR has no trigger to give */
		return SBI_SUCCESS;
	}
	r = firmware_call(SBI_EID_DBTR, fid, a0, a1, a2, 0, 0);
	*value = r.value;
	return r.error;
}
