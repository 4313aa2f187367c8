/* SPDX-License-Identifier: Apache-2.0 */
/* SBI extensions the VMM implements itself (vmm/sbi_vmm.c). */
#ifndef VMM_SBI_VMM_H
#define VMM_SBI_VMM_H

#include "vmm/vmm.h"

/*
 * rvkvm's vendor extension: EID 0x09000000 | mvendorid[23:0] (the SBI vendor space; the
 * guest sees the host's mvendorid through SBI BASE). FID 0 returns SBI_VMM_VENDOR_MAGIC,
 * FID 1 returns a0 + a1 + a2 and FID 2 the calling vCPU's index.
 */
#define SBI_VMM_VENDOR_BASE 0x09000000UL
#define SBI_VMM_VENDOR_MAGIC 0x52564B4DUL /* "RVKM" */

/*
 * With vmm_sbi=dbcn in the VM's config the VMM owns the Debug Console extension
 * (RVKVM_REG_RISCV_SBI_VMM): the core forwards every DBCN call and this file answers it as
 * the core would (same buffer checks, the VM's own console).
 */

/* Answers a forwarded SBI call it knows in e->riscv_sbi.ret; others keep NOT_SUPPORTED. */
void sbi_vmm_call(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e);
/* Claims the extensions the config gives the VMM, through ONE_REG, before the vCPU first runs. */
int sbi_vmm_claim(struct rvkvm_vcpu *vcpu, const struct vm_config *cfg);

#endif
