/* SPDX-License-Identifier: Apache-2.0 */
/* SBI System Reset (SRST): shutdown and reboot requests become a system-event exit to the VMM. */
#include "core/sbi/sbi.h"

/* Shutdown and the two reboots; vendor types are valid only where implemented, and none is. */
static bool type_valid(uint32_t type)
{
	return type <= SBI_SRST_TYPE_LAST_STANDARD;
}

static bool reason_valid(uint32_t reason)
{
	return reason <= SBI_SRST_REASON_LAST_STANDARD || reason >= SBI_SRST_REASON_SBI_FIRST;
}

static int srst_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	uint32_t type = sbi_arg_u32(c, 0);
	uint32_t reason = sbi_arg_u32(c, 1);

	if (c->fid != SBI_SRST_SYSTEM_RESET) {
		r->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
	/* The spec: reserved, or platform-specific and unimplemented, is INVALID_PARAM. */
	if (!type_valid(type) || !reason_valid(reason)) {
		r->error = SBI_ERR_INVALID_PARAM;
		return 0;
	}
	v->exit.reason = RVKVM_EXIT_SYSTEM_EVENT;
	v->exit.system_event.type = type == SBI_SRST_TYPE_SHUTDOWN ? RVKVM_SYSTEM_EVENT_SHUTDOWN
								   : RVKVM_SYSTEM_EVENT_RESET;
	v->exit.system_event.ndata = 1;
	v->exit.system_event.data[0] = reason;
	r->error = SBI_SUCCESS;
	r->next = SBI_NEXT_EXIT;
	return 0;
}

const struct sbi_ext sbi_ext_srst = {
	.name = "SRST",
	.eid_lo = SBI_EID_SRST,
	.eid_hi = SBI_EID_SRST,
	.kvm_id = RVKVM_RISCV_SBI_EXT_SRST,
	.handler = srst_handler,
};
