/* SPDX-License-Identifier: Apache-2.0 */
/* What the scheduler needs from a RISC-V hart: its index, time, IPIs, WFI, and vcpu_put on switch-out. */
#include "core/sched.h"

#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/host_timer.h"
#include "core/host_caps.h"
#include "core/remote_fence.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "platform/platform.h"

void sched_thread_trampoline(void);

void sched_arch_ctx_init(struct sched_ctx *ctx, void (*fn)(void *), void *arg, void *stack_top)
{
	lib_memset(ctx, 0, sizeof(*ctx));
	ctx->ra = (unsigned long)(uintptr_t)sched_thread_trampoline;
	ctx->sp = (unsigned long)(uintptr_t)stack_top;
	ctx->s[0] = (unsigned long)(uintptr_t)fn;
	ctx->s[1] = (unsigned long)(uintptr_t)arg;
}

unsigned sched_arch_hart_index(void)
{
	return hart_self()->index;
}

unsigned sched_arch_nharts(void)
{
	return hart_count;
}

uint64_t sched_arch_now(void)
{
	return arch_time_now();
}

uint64_t sched_arch_slice_ticks(void)
{
	return (uint64_t)SCHED_SLICE_US * host_caps.timebase_freq / 1000000;
}

void sched_arch_kick_hart(unsigned index)
{
	firmware_send_ipi_to(harts[index].hartid);
}

void sched_arch_ack_kick(void)
{
	csr_clear(CSR_SIP, 1UL << IRQ_S_SOFT);
	remote_fence_service(); /* a remote fence request comes with the same IPI */
}

/*
 * Spins shorter than SPIN_LONG_US leave the timer alone; a longer one keeps it at most
 * SPIN_LONG_US ahead (see sched.h). Looks further apart than SPIN_LONG_US begin a new spin.
 */
#define SPIN_LONG_US 50u

void sched_arch_spinning(void)
{
	struct hart *h = hart_self();
	uint64_t now = arch_time_now();
	uint64_t span = (uint64_t)SPIN_LONG_US * host_caps.timebase_freq / 1000000;
	uint64_t armed = h->timer_armed;

	if (now - h->spin_last > span) {
		h->spin_start = now;
	}
	h->spin_last = now;
	if (now - h->spin_start < span) {
		return;
	}
	/* Not armed, armed later, or fired already (a spin outlasting one turn needs the next). */
	if (armed > now + span || armed <= now) {
		host_timer_arm(now + span);
	}
}

/*
 * In WFI, never spinning: under QEMU's -icount all harts share one host thread, and a
 * spinning hart would keep it from the others for its whole share.
 */
void sched_arch_idle(uint64_t deadline)
{
	host_timer_arm(deadline);
	__asm__ volatile("wfi");
	if (arch_time_now() >= deadline) {
		/* Rang (or about to): stop it ringing; the loop arms the next deadline. */
		host_timer_arm(HOST_TIMER_OFF);
	}
	/* A host device's interrupt (a completion a VMM thread may wait for). */
	if (csr_read(CSR_SIP) & (1UL << IRQ_S_EXT)) {
		platform_external_irq(hart_self()->hartid);
	}
}

void sched_arch_unload(void)
{
	struct hart *h = hart_self();

	if (h->loaded) {
		vcpu_arch_put(h->loaded);
	}
}
