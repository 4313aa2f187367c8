/* SPDX-License-Identifier: Apache-2.0 */
/* Hooks the portable VM and vCPU code needs from the hardware (core/arch/riscv/). */
#ifndef CORE_VM_ARCH_H
#define CORE_VM_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"

/* Makes sure no hart holds stale G-stage translations of this VM. */
void vm_arch_flush_gstage(struct rvkvm_vm *vm);
/* Drops this hart's G-stage translations of one guest page of the running VM. */
void vm_arch_flush_gstage_page(struct rvkvm_vm *vm, uint64_t gpa);
/* Puts the vCPU's VS-level state and G-stage into this hart's CSRs (vcpu_load). */
void vcpu_arch_load(struct rvkvm_vcpu *v);
/*
 * The reverse (vcpu_put): if v is loaded on this hart, saves its VS-level CSRs (and its FP
 * and vector registers if the guest dirtied them) into v and unloads it, so the next run loads
 * it again, here or on another hart. Returns RVKVM_EBUSY, touching nothing, if v is loaded on
 * another hart; else 0.
 */
int vcpu_arch_put(struct rvkvm_vcpu *v);
/* Enters the guest until it traps; the trap details land in v->ctx. */
void vcpu_arch_run_once(struct rvkvm_vcpu *v);
/*
 * Puts v->hedeleg (and the henvcfg bits FWFT controls, and the hcounteren the SBI PMU sets)
 * into the hart if v is loaded here.
 */
void vcpu_arch_apply_traps(struct rvkvm_vcpu *v);
/* The guest's scounteren as it is now (the hart's, when v is loaded here). */
unsigned long vcpu_arch_scounteren(struct rvkvm_vcpu *v);
/* Makes the guest take a synchronous exception in VS-mode, as if the hart had raised it there. */
void vcpu_arch_inject_exception(struct rvkvm_vcpu *v, unsigned long cause, unsigned long tval);
/*
 * Reads the instruction at the guest's virtual address; false if the guest cannot fetch it.
 * From the run loop's exit handlers only, not the fast exit path (see guest_read_insn_hlvx).
 */
bool vcpu_arch_read_insn(struct rvkvm_vcpu *v, unsigned long gva, uint32_t *insn);
/* Reads an unsigned long the guest can read at gva (its own translation); false if it cannot. */
bool vcpu_arch_read_guest_ulong(struct rvkvm_vcpu *v, unsigned long gva, unsigned long *val);
/* Makes the hart v is loaded on (if another one) leave the guest and look at v again (an IPI). */
void vcpu_arch_kick(struct rvkvm_vcpu *v);

/* Why vcpu_arch_wait returned. */
enum vcpu_wait_result {
	VCPU_WAIT_READY, /* the condition holds */
	VCPU_WAIT_EXIT,  /* kicked, or the exit interval elapsed: return to the VMM */
};
/*
 * Waits, without spinning, until ready(v) holds or the VMM must get control: the vCPU is put
 * and its thread blocks, leaving the hart to other threads; ready is called on the saved state.
 * The vCPU is loaded again (on whichever hart the thread then runs on) when it returns.
 */
enum vcpu_wait_result vcpu_arch_wait(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v));
/* True when the guest has an interrupt pending that it has enabled (what wakes WFI); v is put. */
bool vcpu_arch_irq_pending(struct rvkvm_vcpu *v);
/*
 * The guest's vsepc and vsstatus, which an SBI SSE event saves and sets as a trap would; v is
 * loaded on this hart (the run loop, or an SBI handler on the slow path).
 */
void vcpu_arch_get_vs_trap(struct rvkvm_vcpu *v, unsigned long *vsepc, unsigned long *vsstatus);
void vcpu_arch_set_vs_trap(struct rvkvm_vcpu *v, unsigned long vsepc, unsigned long vsstatus);
/* Puts the vCPU at entry with a0 = its hart id, a1 = opaque, paging off, interrupts off (HSM start). */
void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque);
/* SBI set_timer for the guest: vstimecmp with Sstc, else the host timer. */
void vcpu_arch_set_timer(struct rvkvm_vcpu *v, uint64_t deadline);
/*
 * The SBI PMU's overflow alarm (core/sbi/pmu_overflow.h), when v is loaded on this hart: signals
 * what of v's watched counters overflowed, then arms host counters to interrupt (LCOFI) no
 * later than the next overflow, or stops them when v watches none.
 */
void vcpu_arch_pmu_alarm(struct rvkvm_vcpu *v);
/* Handles an HS interrupt taken while the guest ran; true if the VMM must get control. */
bool vcpu_arch_handle_interrupt(struct rvkvm_vcpu *v, unsigned long cause);
uint64_t arch_time_now(void);

#endif
