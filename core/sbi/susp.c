/* SPDX-License-Identifier: Apache-2.0 */
/* SBI System Suspend (SUSP): suspend to RAM once the other harts are stopped; the VMM sees it, the guest wakes at resume_addr. */
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"
#include "rvkvm/rvkvm.h"

#define SUSP_SLEEP_TYPE_RAM 0u /* 1-0x7fffffff are reserved, 0x80000000 up platform-specific */

static bool others_stopped(const struct rvkvm_vcpu *v)
{
	for (unsigned i = 0; i < v->vm->nvcpus; i++) {
		const struct rvkvm_vcpu *o = v->vm->vcpus[i];

		if (o && o != v &&
		    __atomic_load_n(&o->hsm_state, __ATOMIC_ACQUIRE) != VCPU_HSM_STOPPED) {
			return false;
		}
	}
	return true;
}

/*
 * On success the call does not return: the vCPU is already set to resume at resume_addr (a0 =
 * its hart id, a1 = opaque, paging and interrupts off, as the spec's wake-up state) and exits to
 * the VMM with system event SUSPEND, as KVM does; the VMM's next run is the wake-up.
 */
static int susp_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	uint32_t type = sbi_arg_u32(c, 0);

	if (c->fid != SBI_SUSP_SYSTEM_SUSPEND) {
		r->error = SBI_ERR_NOT_SUPPORTED;
		return 0;
	}
	/* The spec: reserved, or platform-specific and unimplemented (none is), is invalid. */
	if (type != SUSP_SLEEP_TYPE_RAM) {
		r->error = SBI_ERR_INVALID_PARAM;
		return 0;
	}
	if (!memslot_find(&v->vm->memslots, gpa(c->args[1]), 1)) {
		r->error = SBI_ERR_INVALID_ADDRESS;
		return 0;
	}
	if (!others_stopped(v)) {
		r->error = SBI_ERR_DENIED;
		return 0;
	}
	vcpu_arch_reset_to(v, c->args[1], c->args[2]);
	v->exit.reason = RVKVM_EXIT_SYSTEM_EVENT;
	v->exit.system_event.type = RVKVM_SYSTEM_EVENT_SUSPEND;
	v->exit.system_event.ndata = 1;
	v->exit.system_event.data[0] = type;
	r->next = SBI_NEXT_NO_RETURN_EXIT;
	return 0;
}

const struct sbi_ext sbi_ext_susp = {
	.name = "SUSP",
	.eid_lo = SBI_EID_SUSP,
	.eid_hi = SBI_EID_SUSP,
	.kvm_id = RVKVM_RISCV_SBI_EXT_SUSP,
	.resets_vcpu = true,
	.handler = susp_handler,
};
