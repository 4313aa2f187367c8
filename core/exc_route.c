/* SPDX-License-Identifier: Apache-2.0 */
/* Exception routing (include/rvkvm/reg.h, RVKVM_REG_RISCV_EXC_ROUTE): per vCPU, per cause. */
#include "core/exc_route.h"

#include "core/arch/riscv/csr.h"
#include "core/vcpu.h"
#include "core/vm_arch.h"
#include "rvkvm/rvkvm.h"

/* Delegated always: the guest's own system calls and page faults never concern the machine below. */
#define HEDELEG_FIXED                                                                         \
	((1UL << EXC_ECALL_U) | (1UL << EXC_INST_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) | \
	 (1UL << EXC_STORE_PAGE_FAULT))

/* What RVKVM_EXC_ROUTE_CORE delegates in hardware (as Linux KVM's default). */
#define HEDELEG_CORE_DEFAULT \
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INSN) | (1UL << EXC_BREAKPOINT))

#define ROUTABLE RVKVM_EXC_ROUTE_CAUSES
_Static_assert(ROUTABLE == ((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INSN) |
			    (1UL << EXC_BREAKPOINT) | (1UL << EXC_LOAD_MISALIGNED) |
			    (1UL << EXC_LOAD_ACCESS) | (1UL << EXC_STORE_MISALIGNED) |
			    (1UL << EXC_STORE_ACCESS)),
	       "the ABI's routable causes are the ones this file knows");

_Static_assert(RVKVM_EXC_ROUTE_CORE == 0, "a zeroed vCPU routes everything to the core");
_Static_assert(EXC_STORE_ACCESS < EXC_ROUTE_CAUSES, "route table covers every routable cause");

bool exc_route_routable(unsigned long cause)
{
	return cause < EXC_ROUTE_CAUSES && (ROUTABLE >> cause) & 1;
}

int exc_route_set(struct rvkvm_vcpu *v, unsigned long cause, unsigned long route)
{
	if (!exc_route_routable(cause)) {
		return RVKVM_ENOENT;
	}
	if (route != RVKVM_EXC_ROUTE_CORE && route != RVKVM_EXC_ROUTE_GUEST &&
	    route != RVKVM_EXC_ROUTE_VMM) {
		return RVKVM_EINVAL;
	}
	v->cfg.exc_route[cause] = (uint8_t)route;
	exc_route_apply(v);
	return 0;
}

int exc_route_get(const struct rvkvm_vcpu *v, unsigned long cause, unsigned long *route)
{
	if (!exc_route_routable(cause)) {
		return RVKVM_ENOENT;
	}
	*route = v->cfg.exc_route[cause];
	return 0;
}

bool exc_route_misaligned_pinned(const struct rvkvm_vcpu *v)
{
	return v->cfg.exc_route[EXC_LOAD_MISALIGNED] != RVKVM_EXC_ROUTE_CORE ||
	       v->cfg.exc_route[EXC_STORE_MISALIGNED] != RVKVM_EXC_ROUTE_CORE;
}

unsigned long exc_route_hedeleg(const struct rvkvm_vcpu *v)
{
	unsigned long deleg = HEDELEG_FIXED;

	for (unsigned long cause = 0; cause < EXC_ROUTE_CAUSES; cause++) {
		bool to_guest;

		if (!exc_route_routable(cause)) {
			continue;
		}
		switch (v->cfg.exc_route[cause]) {
		case RVKVM_EXC_ROUTE_GUEST:
			to_guest = true;
			break;
		case RVKVM_EXC_ROUTE_VMM:
			to_guest = false;
			break;
		default:
			to_guest = (HEDELEG_CORE_DEFAULT >> cause) & 1;
			if (cause == EXC_LOAD_MISALIGNED || cause == EXC_STORE_MISALIGNED) {
				to_guest = v->fwft[VCPU_FWFT_MISALIGNED_DELEG].value != 0;
			}
			break;
		}
		if (to_guest) {
			deleg |= 1UL << cause;
		}
	}
	return deleg;
}

bool exc_route_misaligned_delegated(const struct rvkvm_vcpu *v)
{
	unsigned long deleg = exc_route_hedeleg(v);

	return (deleg >> EXC_LOAD_MISALIGNED) & (deleg >> EXC_STORE_MISALIGNED) & 1;
}

bool exc_route_to_vmm(const struct rvkvm_vcpu *v, unsigned long cause)
{
	return exc_route_routable(cause) && v->cfg.exc_route[cause] == RVKVM_EXC_ROUTE_VMM;
}

void exc_route_apply(struct rvkvm_vcpu *v)
{
	v->hedeleg = exc_route_hedeleg(v);
	vcpu_arch_apply_traps(v);
}
