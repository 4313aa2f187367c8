/* SPDX-License-Identifier: Apache-2.0 */
/* A fake of the scheduler's hardware hooks for host tests: a settable clock and hart, recorded kicks. */
#ifndef TESTS_FAKES_FAKE_SCHED_ARCH_H
#define TESTS_FAKES_FAKE_SCHED_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sched.h"

#define FAKE_SLICE 100 /* timebase ticks in a time slice */

struct fake_sched_arch {
	uint64_t now;  /* sched_arch_now; an idle with a deadline moves it there */
	unsigned hart; /* the hart the calling code runs on */
	unsigned nharts;
	uint32_t kicked; /* harts kicked since the last reset, one bit each */
	unsigned kicks;
	unsigned unloads; /* sched_arch_unload calls (vcpu_put of whatever was loaded) */
	unsigned idles;
	uint64_t idle_deadline;
	bool stuck; /* an idle without any deadline: the hart would sleep until a kick */
	/* What sched_arch_switch does (NULL: nothing, as if the other side switched straight back). */
	void (*on_switch)(struct sched_ctx *save, const struct sched_ctx *load);
};

extern struct fake_sched_arch fake_sched;

/* Forgets every thread (sched_reset) and resets the fake: 1 hart, time 0. */
void fake_sched_reset(unsigned nharts);

#endif
