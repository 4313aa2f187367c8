/* SPDX-License-Identifier: Apache-2.0 */
/* Test guest that loads from a guest-physical address that is neither RAM nor a device: rvkvm must stop it (status 3). */
#include "guest.h"

#define NOWHERE 0x40000000UL

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)hartid;
	(void)fdt;
	guest_printf("wild_access: loading from 0x%lx\n", NOWHERE);
	(void)*(volatile unsigned long *)NOWHERE;
	guest_printf("FAIL: the load returned\n");
	return 1;
}
