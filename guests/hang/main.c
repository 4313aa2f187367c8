/* SPDX-License-Identifier: Apache-2.0 */
/* Test guest that never ends (a loop with interrupts masked): the run must end at --timeout (124). */
#include "guest.h"

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)hartid;
	(void)fdt;
	guest_printf("hang: looping forever\n");
	for (;;) {
		__asm__ volatile("nop");
	}
	return 0;
}
