/* SPDX-License-Identifier: Apache-2.0 */
/* SBI extensions the VMM implements itself (vmm/sbi_vmm.c). */
#ifndef VMM_SBI_VMM_H
#define VMM_SBI_VMM_H

#include "vmm/vmm.h"

/*
 * With vmm_sbi=dbcn in the VM's config the VMM owns the Debug Console extension
 * (RVKVM_REG_RISCV_SBI_VMM): the core forwards every DBCN call and this file answers it as
 * the core would (same buffer checks, the VM's own console).
 */

/* Answers a forwarded SBI call it knows in e->riscv_sbi.ret; others keep NOT_SUPPORTED. */
void sbi_vmm_call(struct vmm_vm *vm, struct rvkvm_exit *e);
/* Claims the extensions the config gives the VMM, through ONE_REG, before the vCPU first runs. */
int sbi_vmm_claim(struct rvkvm_vcpu *vcpu, const struct vm_config *cfg);

#endif
