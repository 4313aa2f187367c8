/* SPDX-License-Identifier: Apache-2.0 */
/* The test image's demos of guest exceptions and CSR accesses routed to the VMM (vmm/guest_traps.c). */
#ifndef VMM_GUEST_TRAPS_H
#define VMM_GUEST_TRAPS_H

#include "vmm/vmm.h"

/* rvkvm's demonstration instruction, emulated by the VMM: custom-0 R-type, rd = rs1 + rs2 + 1. */
#define GUEST_TRAPS_INSN_ADD1(rd, rs1, rs2) (0x0bu | ((rd) << 7) | ((rs1) << 15) | ((rs2) << 20))
/* A custom read/write CSR (0x8c0, user custom range) the VMM keeps per vCPU. */
#define GUEST_TRAPS_CSR_SCRATCH 0x8c0

/* RVKVM_EXIT_RISCV_EXCEPTION: emulate, step over, or set action INJECT. */
void guest_traps_exception(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e);
/* RVKVM_EXIT_RISCV_CSR: the old value into ret_value; the new one kept. */
void guest_traps_csr(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e);

#endif
