/* SPDX-License-Identifier: Apache-2.0 */
/* Threads for the VMM (its vCPU and I/O threads), run by the scheduler on every hart, and waiting for them. */
#ifndef CORE_HART_WORK_H
#define CORE_HART_WORK_H

#include <stdbool.h>

#include "rvkvm/host.h" /* hart_work_start, hart_work_wait and the rest the VMM uses */

/* The loop of a secondary hart: runs threads, forever. */
void hart_work_idle(void) __attribute__((noreturn));

#endif
