/* SPDX-License-Identifier: Apache-2.0 */
/* World switch between the hypervisor and a guest, and the HS-mode trap vector. */
#include "asm-offsets.h"
#include "core/arch/riscv/csr.h"

#define GPR(n) (CTX_GPR + (n) * 8)

/*
 * void vcpu_arch_enter(struct vcpu_ctx *ctx)
 * Saves the host's callee-saved registers in ctx, loads the guest and srets into it.
 * It "returns" when the guest traps: hs_trap_vector restores the host state.
 */
	.text
	.globl vcpu_arch_enter
	.align 2
vcpu_arch_enter:
	sd ra, CTX_HOST_RA(a0)
	sd sp, CTX_HOST_SP(a0)
	sd gp, CTX_HOST_GP(a0)
	sd tp, CTX_HOST_TP(a0)
	sd s0, CTX_HOST_S + 0 * 8(a0)
	sd s1, CTX_HOST_S + 1 * 8(a0)
	sd s2, CTX_HOST_S + 2 * 8(a0)
	sd s3, CTX_HOST_S + 3 * 8(a0)
	sd s4, CTX_HOST_S + 4 * 8(a0)
	sd s5, CTX_HOST_S + 5 * 8(a0)
	sd s6, CTX_HOST_S + 6 * 8(a0)
	sd s7, CTX_HOST_S + 7 * 8(a0)
	sd s8, CTX_HOST_S + 8 * 8(a0)
	sd s9, CTX_HOST_S + 9 * 8(a0)
	sd s10, CTX_HOST_S + 10 * 8(a0)
	sd s11, CTX_HOST_S + 11 * 8(a0)

	ld t0, CTX_SSTATUS(a0)
	csrw CSR_SSTATUS, t0
	ld t0, CTX_HSTATUS(a0)
	csrw CSR_HSTATUS, t0
	/* The callee-saved half here; .Lresume_guest loads the rest, as after a fast exit. */
	ld s0, GPR(8)(a0)
	ld s1, GPR(9)(a0)
	ld s2, GPR(18)(a0)
	ld s3, GPR(19)(a0)
	ld s4, GPR(20)(a0)
	ld s5, GPR(21)(a0)
	ld s6, GPR(22)(a0)
	ld s7, GPR(23)(a0)
	ld s8, GPR(24)(a0)
	ld s9, GPR(25)(a0)
	ld s10, GPR(26)(a0)
	ld s11, GPR(27)(a0)
	j .Lresume_guest

/*
 * Every trap into HS-mode lands here. sscratch holds the running vCPU's context
 * while a guest runs and 0 while the hypervisor runs.
 *
 * A trap from the guest first saves only what C code may clobber (the caller-saved
 * registers, sp, gp, tp, sepc, scause) and calls vcpu_arch_fast_exit on the host
 * stack: the guest's s0-s11 stay live in their registers because C preserves them.
 * If the exit was handled there, the guest resumes at once (the fast path: SBI calls
 * the core answers). Otherwise the rest of the guest state is saved and control
 * returns to vcpu_arch_enter's caller, the run loop (the slow path).
 */
	.globl hs_trap_vector
	.align 4
hs_trap_vector:
	csrrw tp, CSR_SSCRATCH, tp
	beqz tp, .Lfrom_hs

	/* From the guest: tp = ctx, sscratch = guest tp. */
	sd ra, GPR(1)(tp)
	sd sp, GPR(2)(tp)
	sd gp, GPR(3)(tp)
	sd t0, GPR(5)(tp)
	sd t1, GPR(6)(tp)
	sd t2, GPR(7)(tp)
	/*
	 * SBI PMU: what cycle and instret advanced since the entry is the guest's. Read first of
	 * all, so only the few instructions above count as the guest's; two more when it is off.
	 */
	ld t0, CTX_PMU_ON(tp)
	beqz t0, .Lpmu_exit_done
	csrr t0, CSR_INSTRET
	csrr t1, CSR_CYCLE
	ld t2, CTX_PMU_ENTRY + 8(tp)
	sub t0, t0, t2
	ld t2, CTX_PMU_GUEST + 8(tp)
	add t0, t0, t2
	sd t0, CTX_PMU_GUEST + 8(tp)
	ld t2, CTX_PMU_ENTRY(tp)
	sub t1, t1, t2
	ld t2, CTX_PMU_GUEST(tp)
	add t1, t1, t2
	sd t1, CTX_PMU_GUEST(tp)
.Lpmu_exit_done:
	sd a0, GPR(10)(tp)
	sd a1, GPR(11)(tp)
	sd a2, GPR(12)(tp)
	sd a3, GPR(13)(tp)
	sd a4, GPR(14)(tp)
	sd a5, GPR(15)(tp)
	sd a6, GPR(16)(tp)
	sd a7, GPR(17)(tp)
	sd t3, GPR(28)(tp)
	sd t4, GPR(29)(tp)
	sd t5, GPR(30)(tp)
	sd t6, GPR(31)(tp)
	csrrw t0, CSR_SSCRATCH, zero
	sd t0, GPR(4)(tp)
	csrr t0, CSR_SEPC
	sd t0, CTX_SEPC(tp)

	mv a0, tp
	ld sp, CTX_HOST_SP(a0)
	ld gp, CTX_HOST_GP(a0)
	ld tp, CTX_HOST_TP(a0)
	/* Only an ecall can take the fast path, which stores scause only if it gives up. */
	csrr t0, CSR_SCAUSE
	li t1, EXC_ECALL_VS
	bne t0, t1, .Lslow_exit_cause
	call vcpu_arch_fast_exit
	/*
	 * a0 = ctx, a1 = 0: resume the guest; a1 != 0: take the slow path, where the trap
	 * details are what vcpu_exit_fast_ecall put in ctx (an HLV fault in a handler may have
	 * changed the CSRs since).
	 */
	bnez a1, .Lslow_exit_regs

.Lresume_guest:
	/* a0 = ctx; the guest's s0-s11 are in place. A non-zero sscratch marks "in the guest". */
	ld t0, CTX_SEPC(a0)
	csrw CSR_SEPC, t0
	csrw CSR_SSCRATCH, a0
	ld ra, GPR(1)(a0)
	ld sp, GPR(2)(a0)
	ld gp, GPR(3)(a0)
	ld tp, GPR(4)(a0)
	ld a1, GPR(11)(a0)
	ld a2, GPR(12)(a0)
	ld a3, GPR(13)(a0)
	ld a4, GPR(14)(a0)
	ld a5, GPR(15)(a0)
	ld a6, GPR(16)(a0)
	ld a7, GPR(17)(a0)
	ld t3, GPR(28)(a0)
	ld t4, GPR(29)(a0)
	ld t5, GPR(30)(a0)
	ld t6, GPR(31)(a0)
	/* SBI PMU: the counters as the guest starts, read as late as a free register allows. */
	ld t0, CTX_PMU_ON(a0)
	beqz t0, .Lpmu_entry_done
	csrr t1, CSR_CYCLE
	sd t1, CTX_PMU_ENTRY(a0)
	csrr t1, CSR_INSTRET
	sd t1, CTX_PMU_ENTRY + 8(a0)
.Lpmu_entry_done:
	ld t0, GPR(5)(a0)
	ld t1, GPR(6)(a0)
	ld t2, GPR(7)(a0)
	ld a0, GPR(10)(a0)
	sret

.Lslow_exit_cause:
	/* The run loop takes over: save the trap details and the guest's callee-saved registers. */
	sd t0, CTX_SCAUSE(a0)
	csrr t0, CSR_STVAL
	sd t0, CTX_STVAL(a0)
	csrr t0, CSR_HTVAL
	sd t0, CTX_HTVAL(a0)
	csrr t0, CSR_HTINST
	sd t0, CTX_HTINST(a0)
.Lslow_exit_regs:
	sd s0, GPR(8)(a0)
	sd s1, GPR(9)(a0)
	sd s2, GPR(18)(a0)
	sd s3, GPR(19)(a0)
	sd s4, GPR(20)(a0)
	sd s5, GPR(21)(a0)
	sd s6, GPR(22)(a0)
	sd s7, GPR(23)(a0)
	sd s8, GPR(24)(a0)
	sd s9, GPR(25)(a0)
	sd s10, GPR(26)(a0)
	sd s11, GPR(27)(a0)
	/* The trap left sstatus.SPP/hstatus.SPV/SPVP describing the guest; keep them. */
	csrr t0, CSR_SSTATUS
	sd t0, CTX_SSTATUS(a0)
	csrr t0, CSR_HSTATUS
	sd t0, CTX_HSTATUS(a0)

	ld ra, CTX_HOST_RA(a0)
	ld s0, CTX_HOST_S + 0 * 8(a0)
	ld s1, CTX_HOST_S + 1 * 8(a0)
	ld s2, CTX_HOST_S + 2 * 8(a0)
	ld s3, CTX_HOST_S + 3 * 8(a0)
	ld s4, CTX_HOST_S + 4 * 8(a0)
	ld s5, CTX_HOST_S + 5 * 8(a0)
	ld s6, CTX_HOST_S + 6 * 8(a0)
	ld s7, CTX_HOST_S + 7 * 8(a0)
	ld s8, CTX_HOST_S + 8 * 8(a0)
	ld s9, CTX_HOST_S + 9 * 8(a0)
	ld s10, CTX_HOST_S + 10 * 8(a0)
	ld s11, CTX_HOST_S + 11 * 8(a0)
	ret

.Lfrom_hs:
	/* A trap taken by the hypervisor itself: tp is 0 now, the real tp is in sscratch. */
	csrrw tp, CSR_SSCRATCH, zero
	addi sp, sp, -HS_FRAME_SIZE
	sd x1, 1 * 8(sp)
	sd x3, 3 * 8(sp)
	sd x4, 4 * 8(sp)
	sd x5, 5 * 8(sp)
	sd x6, 6 * 8(sp)
	sd x7, 7 * 8(sp)
	sd x8, 8 * 8(sp)
	sd x9, 9 * 8(sp)
	sd x10, 10 * 8(sp)
	sd x11, 11 * 8(sp)
	sd x12, 12 * 8(sp)
	sd x13, 13 * 8(sp)
	sd x14, 14 * 8(sp)
	sd x15, 15 * 8(sp)
	sd x16, 16 * 8(sp)
	sd x17, 17 * 8(sp)
	sd x18, 18 * 8(sp)
	sd x19, 19 * 8(sp)
	sd x20, 20 * 8(sp)
	sd x21, 21 * 8(sp)
	sd x22, 22 * 8(sp)
	sd x23, 23 * 8(sp)
	sd x24, 24 * 8(sp)
	sd x25, 25 * 8(sp)
	sd x26, 26 * 8(sp)
	sd x27, 27 * 8(sp)
	sd x28, 28 * 8(sp)
	sd x29, 29 * 8(sp)
	sd x30, 30 * 8(sp)
	sd x31, 31 * 8(sp)
	addi t0, sp, HS_FRAME_SIZE
	sd t0, 2 * 8(sp)
	csrr t0, CSR_SEPC
	sd t0, 32 * 8(sp)
	csrr t0, CSR_SCAUSE
	sd t0, 33 * 8(sp)
	csrr t0, CSR_STVAL
	sd t0, 34 * 8(sp)
	csrr t0, CSR_SSTATUS
	sd t0, 35 * 8(sp)
	mv a0, sp
	call hs_trap_handler
	/* The handler returns only for traps it could absorb (a stray interrupt). */
	ld t0, 32 * 8(sp)
	csrw CSR_SEPC, t0
	ld t0, 35 * 8(sp)
	csrw CSR_SSTATUS, t0
	ld x1, 1 * 8(sp)
	ld x3, 3 * 8(sp)
	ld x4, 4 * 8(sp)
	ld x5, 5 * 8(sp)
	ld x6, 6 * 8(sp)
	ld x7, 7 * 8(sp)
	ld x8, 8 * 8(sp)
	ld x9, 9 * 8(sp)
	ld x10, 10 * 8(sp)
	ld x11, 11 * 8(sp)
	ld x12, 12 * 8(sp)
	ld x13, 13 * 8(sp)
	ld x14, 14 * 8(sp)
	ld x15, 15 * 8(sp)
	ld x16, 16 * 8(sp)
	ld x17, 17 * 8(sp)
	ld x18, 18 * 8(sp)
	ld x19, 19 * 8(sp)
	ld x20, 20 * 8(sp)
	ld x21, 21 * 8(sp)
	ld x22, 22 * 8(sp)
	ld x23, 23 * 8(sp)
	ld x24, 24 * 8(sp)
	ld x25, 25 * 8(sp)
	ld x26, 26 * 8(sp)
	ld x27, 27 * 8(sp)
	ld x28, 28 * 8(sp)
	ld x29, 29 * 8(sp)
	ld x30, 30 * 8(sp)
	ld x31, 31 * 8(sp)
	addi sp, sp, HS_FRAME_SIZE
	sret

/*
 * unsigned long guest_read_insn_hlvx(unsigned long gva)
 * Reads the instruction at gva as the guest would fetch it: a halfword, and the next one
 * when the first says the instruction is longer (so a 16-bit instruction at the end of a
 * page never touches the next). Returns the instruction (zero-extended), or bit 63 set
 * with the scause of a fault, which a private vector catches.
 *
 * For the run loop only: a fault rewrites sstatus.SPP/SPIE and hstatus.SPV/GVA, which there
 * vcpu_arch_enter reloads from ctx (the fast exit path, which srets with the CSRs as they
 * are, uses guest_read_ulong_hlv, which puts them back).
 */
	.globl guest_read_insn_hlvx
	.align 2
guest_read_insn_hlvx:
	csrr t1, CSR_STVEC
	la t2, .Lhlvx_fault
	csrw CSR_STVEC, t2
	.insn r 0x73, 4, 0x32, a2, a0, x3 /* hlvx.hu a2, (a0) */
	andi t3, a2, 3
	li t2, 3
	bne t3, t2, .Lhlvx_done
	addi a0, a0, 2
	.insn r 0x73, 4, 0x32, t3, a0, x3 /* hlvx.hu t3, (a0) */
	slli t3, t3, 16
	or a2, a2, t3
.Lhlvx_done:
	csrw CSR_STVEC, t1
	mv a0, a2
	ret
	.align 2
.Lhlvx_fault:
	csrw CSR_STVEC, t1
	csrr a0, CSR_SCAUSE
	li t2, 1
	slli t2, t2, 63
	or a0, a0, t2
	ret

/*
 * unsigned long guest_read_ulong_hlv(unsigned long gva, unsigned long *scause)
 * Reads a doubleword the guest can read at gva (VS-stage and G-stage translation,
 * with the guest's privilege from hstatus.SPVP); a fault sets *scause.
 */
	.globl guest_read_ulong_hlv
	.align 2
guest_read_ulong_hlv:
	csrr t1, CSR_STVEC
	la t2, .Lhlv_fault
	csrw CSR_STVEC, t2
	csrr t4, CSR_SSTATUS
	csrr t5, CSR_HSTATUS
	li t3, 0
	.insn r 0x73, 4, 0x36, a2, a0, x0 /* hlv.d a2, (a0) */
	j .Lhlv_done
	.align 2
.Lhlv_fault:
	/*
	 * The fault rewrote sstatus.SPP/SPIE/SIE and hstatus.SPV, which still describe the guest
	 * when this runs on the fast exit path (that srets without reloading them).
	 */
	csrw CSR_SSTATUS, t4
	csrw CSR_HSTATUS, t5
	csrr t3, CSR_SCAUSE
	li a2, 0
.Lhlv_done:
	csrw CSR_STVEC, t1
	sd t3, 0(a1)
	mv a0, a2
	ret
