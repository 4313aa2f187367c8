/* SPDX-License-Identifier: Apache-2.0 */
/* SBI TIME extension: set_timer programs the vCPU's timer (vstimecmp with Sstc, else emulated). */
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"

static int time_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	if (c->fid != SBI_TIME_SET_TIMER) {
		r->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
	vcpu_arch_set_timer(v, sbi_arg_u64(c, 0));
	sbi_pmu_fw_event(v, SBI_PMU_FW_SET_TIMER);
	r->error = SBI_SUCCESS;
	return 0;
}

const struct sbi_ext sbi_ext_time = {
	.name = "TIME",
	.eid_lo = SBI_EID_TIME,
	.eid_hi = SBI_EID_TIME,
	.kvm_id = RVKVM_RISCV_SBI_EXT_TIME,
	.handler = time_handler,
};
