/* SPDX-License-Identifier: Apache-2.0 */
/* Who handles each synchronous exception a guest raises: the VMM's routing and the guest's FWFT choice. */
#ifndef CORE_EXC_ROUTE_H
#define CORE_EXC_ROUTE_H

#include <stdbool.h>

#include "rvkvm/reg.h"

struct rvkvm_vcpu;

/* Causes 0..EXC_ROUTE_CAUSES-1 may be routable; exc_route_routable says which. */
#define EXC_ROUTE_CAUSES RVKVM_EXC_ROUTE_NR

bool exc_route_routable(unsigned long cause);
/* RVKVM_REG_RISCV_EXC_ROUTE: 0, or RVKVM_ENOENT (not routable) / RVKVM_EINVAL (bad route). */
int exc_route_set(struct rvkvm_vcpu *v, unsigned long cause, unsigned long route);
int exc_route_get(const struct rvkvm_vcpu *v, unsigned long cause, unsigned long *route);
/* True when the VMM pinned the misaligned load/store route, so FWFT may not change it. */
bool exc_route_misaligned_pinned(const struct rvkvm_vcpu *v);
/* True when misaligned loads/stores currently reach the guest directly (what FWFT get reports). */
bool exc_route_misaligned_delegated(const struct rvkvm_vcpu *v);
/* The hedeleg value for this vCPU: the fixed delegations plus the routable causes' choices. */
unsigned long exc_route_hedeleg(const struct rvkvm_vcpu *v);
/* Recomputes v->hedeleg after a route or FWFT change and hands it to the hart. */
void exc_route_apply(struct rvkvm_vcpu *v);
/* For a routable exception that reached the core: true if it goes to the VMM, else to the guest. */
bool exc_route_to_vmm(const struct rvkvm_vcpu *v, unsigned long cause);

#endif
