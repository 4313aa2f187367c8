/* Hooks the portable VM and vCPU code needs from the hardware (core/arch/riscv/vcpu_arch.c). */
#ifndef CORE_VM_ARCH_H
#define CORE_VM_ARCH_H

#include "core/vcpu.h"

/* Makes sure no hart holds stale G-stage translations of this VM. */
void vm_arch_flush_gstage(struct rvkvm_vm *vm);
/* Puts the vCPU's VS-level state and G-stage into this hart's CSRs (vcpu_load). */
void vcpu_arch_load(struct rvkvm_vcpu *v);
/* Enters the guest until it traps; the trap details land in v->ctx. */
void vcpu_arch_run_once(struct rvkvm_vcpu *v);
/* Makes the guest take a synchronous exception in VS-mode, as if the hart had raised it there. */
void vcpu_arch_inject_exception(struct rvkvm_vcpu *v, unsigned long cause, unsigned long tval);
/* Reads the instruction at the guest's virtual address; false if the guest cannot fetch it. */
bool vcpu_arch_read_insn(struct rvkvm_vcpu *v, unsigned long gva, uint32_t *insn);

#endif
