/* SPDX-License-Identifier: Apache-2.0 */
/* A settable clock for host tests (see fake_clock.h). */
#include "tests/fakes/fake_clock.h"

#include "core/vm_arch.h"

uint64_t fake_clock_now;

uint64_t arch_time_now(void)
{
	return fake_clock_now;
}
