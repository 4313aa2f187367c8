/* SPDX-License-Identifier: Apache-2.0 */
/* The host console: the hypervisor's own messages and every VM's console share it (platform/console_mux.h). */
#ifndef PLATFORM_CONSOLE_H
#define PLATFORM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rvkvm/host.h"

/* Switches output from the firmware's console to the 16550 UART at base (register stride 1 << shift). */
void console_use_uart(uint64_t base, unsigned reg_shift);
/* Takes the UART's input by its interrupt, PLIC source irq (after host_plic_init). */
void console_input_interrupts(uint32_t irq);
/* The rest (the VMs' consoles, console_printf) is in rvkvm/host.h: the VMM uses it too. */

#endif
