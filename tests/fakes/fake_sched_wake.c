/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sched_wake for host tests that link the SBI code without the scheduler (core/sched.c): a kicked
 * vCPU's thread is only counted, in fake_arch.wakes. Tests that link core/sched.c leave this out.
 */
#include "core/sched.h"
#include "tests/fakes/fake_arch.h"

void sched_wake(struct sched_thread *t)
{
	(void)t;
	fake_arch.wakes++;
}
