/* SPDX-License-Identifier: Apache-2.0 */
/* A fake of the scheduler's hardware hooks for host tests (see fake_sched_arch.h). */
#include "tests/fakes/fake_sched_arch.h"

#include <string.h>

struct fake_sched_arch fake_sched;

void fake_sched_reset(unsigned nharts)
{
	sched_reset();
	memset(&fake_sched, 0, sizeof(fake_sched));
	fake_sched.nharts = nharts;
}

void sched_arch_switch(struct sched_ctx *save, const struct sched_ctx *load)
{
	if (fake_sched.on_switch) {
		fake_sched.on_switch(save, load);
	}
}

void sched_arch_ctx_init(struct sched_ctx *ctx, void (*fn)(void *), void *arg, void *stack_top)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->sp = (unsigned long)(uintptr_t)stack_top;
	ctx->s[0] = (unsigned long)(uintptr_t)fn;
	ctx->s[1] = (unsigned long)(uintptr_t)arg;
}

unsigned sched_arch_hart_index(void)
{
	return fake_sched.hart;
}

unsigned sched_arch_nharts(void)
{
	return fake_sched.nharts;
}

uint64_t sched_arch_now(void)
{
	return fake_sched.now;
}

uint64_t sched_arch_slice_ticks(void)
{
	return FAKE_SLICE;
}

void sched_arch_kick_hart(unsigned index)
{
	fake_sched.kicked |= 1u << index;
	fake_sched.kicks++;
}

void sched_arch_ack_kick(void)
{
}

void sched_arch_idle(uint64_t deadline)
{
	fake_sched.idles++;
	fake_sched.idle_deadline = deadline;
	if (deadline == SCHED_NO_DEADLINE) {
		fake_sched.stuck = true;
	} else if (deadline > fake_sched.now) {
		fake_sched.now = deadline;
	}
}

void sched_arch_unload(void)
{
	fake_sched.unloads++;
}
