/* Fences on other harts done by rvkvm itself: a request per requesting hart, an IPI, and a wait in WFI. */
#ifndef PLATFORM_REMOTE_FENCE_H
#define PLATFORM_REMOTE_FENCE_H

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

#endif
