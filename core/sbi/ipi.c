/* SPDX-License-Identifier: Apache-2.0 */
/* SBI IPI extension: a supervisor software interrupt (VSSIP) for every vCPU in a hart mask. */
#include "core/sbi/sbi.h"
#include "core/vcpu_irq.h"

static void raise_ssip(struct rvkvm_vcpu *target, void *arg)
{
	struct rvkvm_vcpu *sender = arg;

	sender->stats.ipi_sent++;
	__atomic_add_fetch(&target->stats.ipi_received, 1, __ATOMIC_RELAXED);
	sbi_pmu_fw_event(sender, SBI_PMU_FW_IPI_SENT);
	sbi_pmu_fw_event(target, SBI_PMU_FW_IPI_RECEIVED);
	vcpu_irq_set(target, VCPU_IRQ_VSSIP, true);
}

long sbi_ipi_send(struct rvkvm_vcpu *v, unsigned long mask, unsigned long base)
{
	return sbi_for_each_hart(v->vm, mask, base, raise_ssip, v);
}

static int ipi_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	if (c->fid != SBI_IPI_SEND_IPI) {
		r->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
	r->error = sbi_ipi_send(v, c->args[0], c->args[1]);
	return 0;
}

const struct sbi_ext sbi_ext_ipi = {
	.name = "IPI",
	.eid_lo = SBI_EID_IPI,
	.eid_hi = SBI_EID_IPI,
	.kvm_id = RVKVM_RISCV_SBI_EXT_IPI,
	.handler = ipi_handler,
};
