/* SPDX-License-Identifier: Apache-2.0 */
/* Calls from the hypervisor to the SBI firmware below it (OpenSBI in M-mode). */
#ifndef PLATFORM_FIRMWARE_H
#define PLATFORM_FIRMWARE_H

#include <stdint.h>

#include "platform/platform.h" /* firmware_send_ipi_to, firmware_set_timer */

struct firmware_ret {
	long error;
	unsigned long value;
};

struct firmware_ret firmware_call(unsigned long eid, unsigned long fid, unsigned long a0,
				  unsigned long a1, unsigned long a2, unsigned long a3,
				  unsigned long a4);
long firmware_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
void firmware_putchar(char c);
void firmware_system_reset(unsigned long type, unsigned long reason);
unsigned long firmware_base(unsigned long fid);
long firmware_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);

#endif
