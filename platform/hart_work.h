/* Threads for the VMM (a vCPU thread each), run by the core's scheduler on every hart, and waiting for them. */
#ifndef PLATFORM_HART_WORK_H
#define PLATFORM_HART_WORK_H

#include <stdbool.h>

/* Number of harts rvkvm runs on; index 0 is the boot hart, which runs the VMM itself. */
unsigned hart_work_harts(void);
/*
 * Starts fn(arg) as a thread, preferably first on hart `index` (modulo the hart count); it
 * may run on any hart, and several threads may share one. False if it cannot be created.
 */
bool hart_work_start(unsigned index, void (*fn)(void *), void *arg);
/*
 * Runs threads on this hart until *flag reaches at least want, sleeping in WFI when there is
 * nothing to run; whoever changes the flag calls hart_work_wake_boot().
 */
void hart_work_wait(const unsigned *flag, unsigned want);
/* Wakes the boot hart from hart_work_wait. */
void hart_work_wake_boot(void);
/* The loop of a secondary hart: runs threads, forever. */
void hart_work_idle(void) __attribute__((noreturn));

#endif
