/* SPDX-License-Identifier: Apache-2.0 */
/* A settable clock for host tests: what arch_time_now() (core/vm_arch.h) returns. */
#ifndef TESTS_FAKES_FAKE_CLOCK_H
#define TESTS_FAKES_FAKE_CLOCK_H

#include <stdint.h>

/* Timebase ticks; tests set it, nothing advances it on its own. */
extern uint64_t fake_clock_now;

#endif
