/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SBI RFENCE extension: remote FENCE.I and SFENCE.VMA(.ASID) for the guest's harts.
 * vCPUs move between physical harts, so each target vCPU gets a request that its next
 * vcpu_load carries out (KVM's requests); the harts the targets are loaded on right now are
 * fenced with rvkvm's own requests and IPIs (platform/remote_fence.c), as HFENCE.VVMA for the
 * VMID in this hart's hgatp (the guest's).
 */
#include "core/arch/riscv/csr.h"
#include "core/hart.h"
#include "core/sbi/sbi.h"
#include "core/remote_fence.h"

struct rfence_targets {
	unsigned long request; /* VCPU_REQ_* */
	unsigned long mask;    /* physical harts to fence now */
	struct rvkvm_vcpu *sender;
	unsigned sent_event; /* SBI_PMU_FW_*_SENT; the _RECEIVED one follows it */
};

static void add_target(struct rvkvm_vcpu *target, void *arg)
{
	struct rfence_targets *r = arg;
	struct hart *h;

	sbi_pmu_fw_event(r->sender, r->sent_event);
	sbi_pmu_fw_event(target, r->sent_event + 1);
	/* The request before the look at target->hart: vcpu_arch_load orders them the other way. */
	__atomic_or_fetch(&target->requests, r->request, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	h = __atomic_load_n(&target->hart, __ATOMIC_ACQUIRE);
	if (h) {
		r->mask |= 1UL << h->hartid;
	}
}

_Static_assert(SBI_PMU_FW_FENCE_I_RECEIVED == SBI_PMU_FW_FENCE_I_SENT + 1 &&
		       SBI_PMU_FW_SFENCE_VMA_RECEIVED == SBI_PMU_FW_SFENCE_VMA_SENT + 1 &&
		       SBI_PMU_FW_SFENCE_VMA_ASID_RECEIVED == SBI_PMU_FW_SFENCE_VMA_ASID_SENT + 1,
	       "each RECEIVED event follows its SENT one");

long sbi_rfence(struct rvkvm_vcpu *v, unsigned long fid, unsigned long hart_mask,
		unsigned long hart_mask_base, unsigned long start, unsigned long size,
		unsigned long asid)
{
	struct rfence_targets r = {
		.request =
			fid == SBI_RFENCE_REMOTE_FENCE_I ? VCPU_REQ_FENCE_I : VCPU_REQ_HFENCE_VVMA,
		.sender = v,
		.sent_event = fid == SBI_RFENCE_REMOTE_FENCE_I ? SBI_PMU_FW_FENCE_I_SENT
			      : fid == SBI_RFENCE_REMOTE_SFENCE_VMA
				      ? SBI_PMU_FW_SFENCE_VMA_SENT
				      : SBI_PMU_FW_SFENCE_VMA_ASID_SENT,
	};
	long err;

	/* The spec's INVALID_PARAM for an ASID no satp can hold, before anything is done. */
	if (fid == SBI_RFENCE_REMOTE_SFENCE_VMA_ASID && asid > SATP_ASID_MAX) {
		return SBI_ERR_INVALID_PARAM;
	}
	err = sbi_for_each_hart(v->vm, hart_mask, hart_mask_base, add_target, &r);

	/* No target loaded anywhere: the requests do it all when they next run. */
	if (err != SBI_SUCCESS || r.mask == 0) {
		return err;
	}
	if (fid == SBI_RFENCE_REMOTE_FENCE_I) {
		remote_fence_i(r.mask);
	} else if (fid == SBI_RFENCE_REMOTE_SFENCE_VMA) {
		remote_fence_hfence_vvma(r.mask, start, size);
	} else {
		remote_fence_hfence_vvma_asid(r.mask, start, size, asid);
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
