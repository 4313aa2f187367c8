/* SPDX-License-Identifier: Apache-2.0 */
/* Test guest that reports a system failure through SRST: the run must end with status 1. */
#include "guest.h"

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)hartid;
	(void)fdt;
	guest_printf("srst_fail: shutting down with reason system-failure\n");
	sbi_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		 SBI_SRST_REASON_SYSTEM_FAILURE, 0, 0, 0, 0);
	guest_printf("FAIL: SRST returned\n");
	return 1;
}
