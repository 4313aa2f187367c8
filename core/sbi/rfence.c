/*
 * SBI RFENCE extension: remote FENCE.I and SFENCE.VMA(.ASID) for the guest's harts.
 * Each vCPU runs on one physical hart, so the fences go to those harts (rvkvm's own
 * requests and IPIs, platform/remote_fence.c), as HFENCE.VVMA for the VMID in this hart's
 * hgatp (the guest's).
 */
#include "core/hart.h"
#include "core/sbi/sbi.h"
#include "platform/remote_fence.h"

static void add_hart(struct rvkvm_vcpu *target, void *arg)
{
	unsigned long *mask = arg;
	struct hart *h = __atomic_load_n(&target->hart, __ATOMIC_ACQUIRE);

	/* A vCPU that never ran has no translations cached anywhere. */
	if (h) {
		*mask |= 1UL << h->hartid;
	}
}

long sbi_rfence(struct rvkvm_vcpu *v, unsigned long fid, unsigned long hart_mask,
		unsigned long hart_mask_base, unsigned long start, unsigned long size,
		unsigned long asid)
{
	unsigned long mask = 0;
	long err = sbi_for_each_hart(v->vm, hart_mask, hart_mask_base, add_hart, &mask);

	if (err != SBI_SUCCESS || mask == 0) {
		return err;
	}
	if (fid == SBI_RFENCE_REMOTE_FENCE_I) {
		remote_fence_i(mask);
	} else if (fid == SBI_RFENCE_REMOTE_SFENCE_VMA) {
		remote_fence_hfence_vvma(mask, start, size);
	} else {
		remote_fence_hfence_vvma_asid(mask, start, size, asid);
	}
	return SBI_SUCCESS;
}

static int rfence_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	switch (c->fid) {
	case SBI_RFENCE_REMOTE_FENCE_I:
	case SBI_RFENCE_REMOTE_SFENCE_VMA:
	case SBI_RFENCE_REMOTE_SFENCE_VMA_ASID:
		r->error = sbi_rfence(v, c->fid, c->args[0], c->args[1], c->args[2], c->args[3],
				      c->args[4]);
		break;
	default:
		/* The HFENCE functions are for guests that are hypervisors themselves. */
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

const struct sbi_ext sbi_ext_rfence = {
	.name = "RFENCE",
	.eid_lo = SBI_EID_RFENCE,
	.eid_hi = SBI_EID_RFENCE,
	.kvm_id = RVKVM_RISCV_SBI_EXT_RFENCE,
	.handler = rfence_handler,
};
