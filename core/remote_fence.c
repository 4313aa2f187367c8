/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fences on other harts (see core/remote_fence.h). The firmware could do them (SBI RFENCE),
 * but OpenSBI waits for the other harts by spinning, and under QEMU's -icount, where one
 * thread runs every hart in turn, a hart spinning for a later one keeps the thread and the
 * later hart never runs: the machine hangs. Here the requester sleeps in WFI instead.
 */
#include "core/remote_fence.h"

#include "core/hart.h"
#include "core/sched.h"
#include "lib/spinlock.h"

struct fence_req {
	struct remote_fence fence;
	unsigned left; /* harts that have not done it yet */
};

/* reqs[i] is hart i's request (a hart has at most one at a time: it waits for it). */
static struct fence_req reqs[HART_MAX];
/* pending[t]: bit i set while hart i's request waits for hart t. */
static unsigned long pending[HART_MAX];

void remote_fence_service(void)
{
	unsigned self = hart_self()->index;
	unsigned long todo;

	if (!__atomic_load_n(&pending[self], __ATOMIC_RELAXED)) {
		return;
	}
	todo = __atomic_exchange_n(&pending[self], 0, __ATOMIC_ACQUIRE);
	/* Invariant: every bit still in todo is a request read by nobody on this hart yet. */
	while (todo) {
		unsigned from = (unsigned)__builtin_ctzl(todo);

		todo &= todo - 1;
		remote_fence_arch_run(&reqs[from].fence, false);
		/* The last hart to finish wakes the requester. */
		if (__atomic_sub_fetch(&reqs[from].left, 1, __ATOMIC_ACQ_REL) == 0) {
			remote_fence_arch_kick(harts[from].hartid);
		}
	}
}

/*
 * Hook of lib/spinlock.h: a hart waiting for a lock still answers fences (its holder may wait
 * for them), and keeps its timer near (sched_arch_spinning).
 */
void spin_relax(void)
{
	remote_fence_service();
	sched_arch_spinning();
}

static void request(unsigned long hart_mask, struct remote_fence f)
{
	struct hart *self = hart_self();
	struct fence_req *mine = &reqs[self->index];
	unsigned long targets = 0;
	unsigned count = 0;
	bool woken = false;

	for (unsigned i = 0; i < hart_count; i++) {
		if (!harts[i].online || harts[i].hartid >= 64 ||
		    !((hart_mask >> harts[i].hartid) & 1)) {
			continue;
		}
		if (&harts[i] == self) {
			remote_fence_arch_run(&f, true);
		} else {
			targets |= 1UL << i;
			count++;
		}
	}
	if (!count) {
		return;
	}
	mine->fence = f;
	mine->left = count;
	for (unsigned i = 0; i < hart_count; i++) {
		if ((targets >> i) & 1) {
			__atomic_or_fetch(&pending[i], 1UL << self->index, __ATOMIC_RELEASE);
			remote_fence_arch_kick(harts[i].hartid);
		}
	}
	for (;;) {
		/* Clear the doorbell before looking, so a wake-up after the look still ends the WFI. */
		if (remote_fence_arch_take_kick()) {
			woken = true;
		}
		remote_fence_service();
		if (__atomic_load_n(&mine->left, __ATOMIC_ACQUIRE) == 0) {
			break;
		}
		remote_fence_arch_wait();
	}
	/*
	 * The IPI just taken may also have been a kick for this hart's vCPU: leave it pending
	 * so whoever looks next (the run loop, a WFI loop) still sees it.
	 */
	if (woken) {
		remote_fence_arch_repost_kick();
	}
}

void remote_fence_hfence_gvma_vmid(unsigned long hart_mask, unsigned long vmid)
{
	request(hart_mask, (struct remote_fence){ .kind = REMOTE_FENCE_GVMA_VMID, .vmid = vmid });
}

void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	request(hart_mask, (struct remote_fence){ .kind = REMOTE_FENCE_VVMA,
						  .vmid = remote_fence_arch_current_vmid(),
						  .start = start,
						  .size = size });
}

void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid)
{
	request(hart_mask, (struct remote_fence){ .kind = REMOTE_FENCE_VVMA_ASID,
						  .vmid = remote_fence_arch_current_vmid(),
						  .start = start,
						  .size = size,
						  .asid = asid });
}

void remote_fence_i(unsigned long hart_mask)
{
	request(hart_mask, (struct remote_fence){ .kind = REMOTE_FENCE_I });
}
