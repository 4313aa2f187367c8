/* Handing work to the idle secondary harts: each runs one function at a time (a VMM vCPU thread). */
#ifndef PLATFORM_HART_WORK_H
#define PLATFORM_HART_WORK_H

#include <stdbool.h>

/* Number of harts rvkvm runs on; index 0 is the boot hart, which runs the VMM itself. */
unsigned hart_work_harts(void);
/* Runs fn(arg) on secondary hart `index`; false if that hart does not exist or is busy. */
bool hart_work_start(unsigned index, void (*fn)(void *), void *arg);
/* Sleeps in WFI until *flag reaches at least want; whoever changes it calls hart_work_wake(). */
void hart_work_wait(const unsigned *flag, unsigned want);
/* Wakes the boot hart from hart_work_wait. */
void hart_work_wake_boot(void);
/* The idle loop of a secondary hart: waits for work and runs it, forever. */
void hart_work_idle(void) __attribute__((noreturn));

#endif
