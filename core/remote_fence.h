/* SPDX-License-Identifier: Apache-2.0 */
/* Fences on other harts done by rvkvm itself: a request per requesting hart, an IPI, and a wait in WFI. */
#ifndef CORE_REMOTE_FENCE_H
#define CORE_REMOTE_FENCE_H

#include <stdbool.h>

/*
 * Each call runs the fence on every online hart whose id is set in hart_mask (ids below 64,
 * base 0; the calling hart does it at once) and returns when all of them have. The VVMA
 * fences act on the VMID in the caller's hgatp, like SBI RFENCE's HFENCE.VVMA.
 */
void remote_fence_hfence_gvma_vmid(unsigned long hart_mask, unsigned long vmid);
void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size);
void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid);
void remote_fence_i(unsigned long hart_mask);

/*
 * Runs the fences other harts asked of this one. Called wherever a hart clears its IPI
 * (kick handler, WFI loops) and while it spins on a lock, so a requester never waits on a
 * hart that is itself waiting.
 */
void remote_fence_service(void);

/* ---- what the hardware does (core/arch/riscv/remote_fence_arch.c) ------------------------ */

enum remote_fence_kind {
	REMOTE_FENCE_GVMA_VMID,
	REMOTE_FENCE_VVMA,
	REMOTE_FENCE_VVMA_ASID,
	REMOTE_FENCE_I,
};

struct remote_fence {
	enum remote_fence_kind kind;
	unsigned long vmid, start, size, asid;
};

/* Runs the fence on this hart; local: asked by this hart, whose hgatp holds the VMID already. */
void remote_fence_arch_run(const struct remote_fence *f, bool local);
/* The VMID in this hart's hgatp. */
unsigned long remote_fence_arch_current_vmid(void);
/* Sends hart hartid an IPI. */
void remote_fence_arch_kick(unsigned long hartid);
/* Clears this hart's IPI; true if it was pending. */
bool remote_fence_arch_take_kick(void);
/* Sets this hart's IPI pending again, for whoever looks at it next. */
void remote_fence_arch_repost_kick(void);
/* Sleeps until an interrupt is pending (WFI). */
void remote_fence_arch_wait(void);

#endif
