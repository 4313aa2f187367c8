/* SPDX-License-Identifier: Apache-2.0 */
/* The host PLIC: the interrupts of the host devices rvkvm drives itself (platform/drivers/). */
#ifndef PLATFORM_DRIVERS_HOST_PLIC_H
#define PLATFORM_DRIVERS_HOST_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/discover.h"

typedef void host_plic_handler(void *arg);

/*
 * Takes the PLIC over at boot, before any host device is enabled: every source's priority 0
 * (none interrupts), nothing enabled in the harts' S-mode contexts, their thresholds 0.
 */
void host_plic_init(const struct discover_plic *plic, const unsigned long *hartids,
		    unsigned nharts);
/*
 * Routes source irq to handler(arg) on whichever hart claims it first: priority 1, enabled in
 * every hart's S-mode context. The handler must quiet its device before it returns. False when
 * there is no PLIC or no such source, or it already has a handler.
 */
bool host_plic_enable(uint32_t irq, host_plic_handler *handler, void *arg);
/* Claims and serves, until none is left, the sources pending for S-mode on hart hartid (the caller). */
void host_plic_dispatch(unsigned long hartid);

#endif
