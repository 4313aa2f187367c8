/* SPDX-License-Identifier: Apache-2.0 */
/* World switch between the hypervisor and a guest, and the HS-mode trap vector. */
#include "core/arch/riscv/asm.h"
#include "asm-offsets.h"
#include "core/arch/riscv/csr.h"

#define GPR(n) (CTX_GPR + (n) * REGBYTES)

/*
 * void vcpu_arch_enter(struct vcpu_ctx *ctx)
 * Saves the host's callee-saved registers in ctx, loads the guest and srets into it.
 * It "returns" when the guest traps: hs_trap_vector restores the host state.
 */
	.text
	.globl vcpu_arch_enter
	.align 2
vcpu_arch_enter:
	REG_S ra, CTX_HOST_RA(a0)
	REG_S sp, CTX_HOST_SP(a0)
	REG_S gp, CTX_HOST_GP(a0)
	REG_S tp, CTX_HOST_TP(a0)
	REG_S s0, CTX_HOST_S + 0 * REGBYTES(a0)
	REG_S s1, CTX_HOST_S + 1 * REGBYTES(a0)
	REG_S s2, CTX_HOST_S + 2 * REGBYTES(a0)
	REG_S s3, CTX_HOST_S + 3 * REGBYTES(a0)
	REG_S s4, CTX_HOST_S + 4 * REGBYTES(a0)
	REG_S s5, CTX_HOST_S + 5 * REGBYTES(a0)
	REG_S s6, CTX_HOST_S + 6 * REGBYTES(a0)
	REG_S s7, CTX_HOST_S + 7 * REGBYTES(a0)
	REG_S s8, CTX_HOST_S + 8 * REGBYTES(a0)
	REG_S s9, CTX_HOST_S + 9 * REGBYTES(a0)
	REG_S s10, CTX_HOST_S + 10 * REGBYTES(a0)
	REG_S s11, CTX_HOST_S + 11 * REGBYTES(a0)

	REG_L t0, CTX_SSTATUS(a0)
	csrw CSR_SSTATUS, t0
	REG_L t0, CTX_HSTATUS(a0)
	csrw CSR_HSTATUS, t0
	/* The callee-saved half here; .Lresume_guest loads the rest, as after a fast exit. */
	REG_L s0, GPR(8)(a0)
	REG_L s1, GPR(9)(a0)
	REG_L s2, GPR(18)(a0)
	REG_L s3, GPR(19)(a0)
	REG_L s4, GPR(20)(a0)
	REG_L s5, GPR(21)(a0)
	REG_L s6, GPR(22)(a0)
	REG_L s7, GPR(23)(a0)
	REG_L s8, GPR(24)(a0)
	REG_L s9, GPR(25)(a0)
	REG_L s10, GPR(26)(a0)
	REG_L s11, GPR(27)(a0)
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
	REG_S ra, GPR(1)(tp)
	REG_S sp, GPR(2)(tp)
	REG_S gp, GPR(3)(tp)
	REG_S t0, GPR(5)(tp)
	REG_S t1, GPR(6)(tp)
	REG_S t2, GPR(7)(tp)
	/*
	 * SBI PMU: what cycle and instret advanced since the entry is the guest's. Read first of
	 * all, so only the few instructions above count as the guest's; two more when it is off.
	 */
	REG_L t0, CTX_PMU_ON(tp)
	beqz t0, .Lpmu_exit_done
	PMU_ADD_GUEST CTX_PMU_ENTRY, CTX_PMU_GUEST
.Lpmu_exit_done:
	REG_S a0, GPR(10)(tp)
	REG_S a1, GPR(11)(tp)
	REG_S a2, GPR(12)(tp)
	REG_S a3, GPR(13)(tp)
	REG_S a4, GPR(14)(tp)
	REG_S a5, GPR(15)(tp)
	REG_S a6, GPR(16)(tp)
	REG_S a7, GPR(17)(tp)
	REG_S t3, GPR(28)(tp)
	REG_S t4, GPR(29)(tp)
	REG_S t5, GPR(30)(tp)
	REG_S t6, GPR(31)(tp)
	csrrw t0, CSR_SSCRATCH, zero
	REG_S t0, GPR(4)(tp)
	csrr t0, CSR_SEPC
	REG_S t0, CTX_SEPC(tp)

	mv a0, tp
	REG_L sp, CTX_HOST_SP(a0)
	REG_L gp, CTX_HOST_GP(a0)
	REG_L tp, CTX_HOST_TP(a0)
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
	REG_L t0, CTX_SEPC(a0)
	csrw CSR_SEPC, t0
	csrw CSR_SSCRATCH, a0
	REG_L ra, GPR(1)(a0)
	REG_L sp, GPR(2)(a0)
	REG_L gp, GPR(3)(a0)
	REG_L tp, GPR(4)(a0)
	REG_L a1, GPR(11)(a0)
	REG_L a2, GPR(12)(a0)
	REG_L a3, GPR(13)(a0)
	REG_L a4, GPR(14)(a0)
	REG_L a5, GPR(15)(a0)
	REG_L a6, GPR(16)(a0)
	REG_L a7, GPR(17)(a0)
	REG_L t3, GPR(28)(a0)
	REG_L t4, GPR(29)(a0)
	REG_L t5, GPR(30)(a0)
	REG_L t6, GPR(31)(a0)
	/* SBI PMU: the counters as the guest starts, read as late as a free register allows. */
	REG_L t0, CTX_PMU_ON(a0)
	beqz t0, .Lpmu_entry_done
	PMU_STAMP_ENTRY CTX_PMU_ENTRY
.Lpmu_entry_done:
	REG_L t0, GPR(5)(a0)
	REG_L t1, GPR(6)(a0)
	REG_L t2, GPR(7)(a0)
	REG_L a0, GPR(10)(a0)
	sret

.Lslow_exit_cause:
	/* The run loop takes over: save the trap details and the guest's callee-saved registers. */
	REG_S t0, CTX_SCAUSE(a0)
	csrr t0, CSR_STVAL
	REG_S t0, CTX_STVAL(a0)
	csrr t0, CSR_HTVAL
	REG_S t0, CTX_HTVAL(a0)
	csrr t0, CSR_HTINST
	REG_S t0, CTX_HTINST(a0)
.Lslow_exit_regs:
	REG_S s0, GPR(8)(a0)
	REG_S s1, GPR(9)(a0)
	REG_S s2, GPR(18)(a0)
	REG_S s3, GPR(19)(a0)
	REG_S s4, GPR(20)(a0)
	REG_S s5, GPR(21)(a0)
	REG_S s6, GPR(22)(a0)
	REG_S s7, GPR(23)(a0)
	REG_S s8, GPR(24)(a0)
	REG_S s9, GPR(25)(a0)
	REG_S s10, GPR(26)(a0)
	REG_S s11, GPR(27)(a0)
	/* The trap left sstatus.SPP/hstatus.SPV/SPVP describing the guest; keep them. */
	csrr t0, CSR_SSTATUS
	REG_S t0, CTX_SSTATUS(a0)
	csrr t0, CSR_HSTATUS
	REG_S t0, CTX_HSTATUS(a0)

	REG_L ra, CTX_HOST_RA(a0)
	REG_L s0, CTX_HOST_S + 0 * REGBYTES(a0)
	REG_L s1, CTX_HOST_S + 1 * REGBYTES(a0)
	REG_L s2, CTX_HOST_S + 2 * REGBYTES(a0)
	REG_L s3, CTX_HOST_S + 3 * REGBYTES(a0)
	REG_L s4, CTX_HOST_S + 4 * REGBYTES(a0)
	REG_L s5, CTX_HOST_S + 5 * REGBYTES(a0)
	REG_L s6, CTX_HOST_S + 6 * REGBYTES(a0)
	REG_L s7, CTX_HOST_S + 7 * REGBYTES(a0)
	REG_L s8, CTX_HOST_S + 8 * REGBYTES(a0)
	REG_L s9, CTX_HOST_S + 9 * REGBYTES(a0)
	REG_L s10, CTX_HOST_S + 10 * REGBYTES(a0)
	REG_L s11, CTX_HOST_S + 11 * REGBYTES(a0)
	ret

.Lfrom_hs:
	/* A trap taken by the hypervisor itself: tp is 0 now, the real tp is in sscratch. */
	csrrw tp, CSR_SSCRATCH, zero
	addi sp, sp, -HS_FRAME_SIZE
	REG_S x1, 1 * REGBYTES(sp)
	REG_S x3, 3 * REGBYTES(sp)
	REG_S x4, 4 * REGBYTES(sp)
	REG_S x5, 5 * REGBYTES(sp)
	REG_S x6, 6 * REGBYTES(sp)
	REG_S x7, 7 * REGBYTES(sp)
	REG_S x8, 8 * REGBYTES(sp)
	REG_S x9, 9 * REGBYTES(sp)
	REG_S x10, 10 * REGBYTES(sp)
	REG_S x11, 11 * REGBYTES(sp)
	REG_S x12, 12 * REGBYTES(sp)
	REG_S x13, 13 * REGBYTES(sp)
	REG_S x14, 14 * REGBYTES(sp)
	REG_S x15, 15 * REGBYTES(sp)
	REG_S x16, 16 * REGBYTES(sp)
	REG_S x17, 17 * REGBYTES(sp)
	REG_S x18, 18 * REGBYTES(sp)
	REG_S x19, 19 * REGBYTES(sp)
	REG_S x20, 20 * REGBYTES(sp)
	REG_S x21, 21 * REGBYTES(sp)
	REG_S x22, 22 * REGBYTES(sp)
	REG_S x23, 23 * REGBYTES(sp)
	REG_S x24, 24 * REGBYTES(sp)
	REG_S x25, 25 * REGBYTES(sp)
	REG_S x26, 26 * REGBYTES(sp)
	REG_S x27, 27 * REGBYTES(sp)
	REG_S x28, 28 * REGBYTES(sp)
	REG_S x29, 29 * REGBYTES(sp)
	REG_S x30, 30 * REGBYTES(sp)
	REG_S x31, 31 * REGBYTES(sp)
	addi t0, sp, HS_FRAME_SIZE
	REG_S t0, 2 * REGBYTES(sp)
	csrr t0, CSR_SEPC
	REG_S t0, 32 * REGBYTES(sp)
	csrr t0, CSR_SCAUSE
	REG_S t0, 33 * REGBYTES(sp)
	csrr t0, CSR_STVAL
	REG_S t0, 34 * REGBYTES(sp)
	csrr t0, CSR_SSTATUS
	REG_S t0, 35 * REGBYTES(sp)
	mv a0, sp
	call hs_trap_handler
	/* The handler returns only for traps it could absorb (a stray interrupt). */
	REG_L t0, 32 * REGBYTES(sp)
	csrw CSR_SEPC, t0
	REG_L t0, 35 * REGBYTES(sp)
	csrw CSR_SSTATUS, t0
	REG_L x1, 1 * REGBYTES(sp)
	REG_L x3, 3 * REGBYTES(sp)
	REG_L x4, 4 * REGBYTES(sp)
	REG_L x5, 5 * REGBYTES(sp)
	REG_L x6, 6 * REGBYTES(sp)
	REG_L x7, 7 * REGBYTES(sp)
	REG_L x8, 8 * REGBYTES(sp)
	REG_L x9, 9 * REGBYTES(sp)
	REG_L x10, 10 * REGBYTES(sp)
	REG_L x11, 11 * REGBYTES(sp)
	REG_L x12, 12 * REGBYTES(sp)
	REG_L x13, 13 * REGBYTES(sp)
	REG_L x14, 14 * REGBYTES(sp)
	REG_L x15, 15 * REGBYTES(sp)
	REG_L x16, 16 * REGBYTES(sp)
	REG_L x17, 17 * REGBYTES(sp)
	REG_L x18, 18 * REGBYTES(sp)
	REG_L x19, 19 * REGBYTES(sp)
	REG_L x20, 20 * REGBYTES(sp)
	REG_L x21, 21 * REGBYTES(sp)
	REG_L x22, 22 * REGBYTES(sp)
	REG_L x23, 23 * REGBYTES(sp)
	REG_L x24, 24 * REGBYTES(sp)
	REG_L x25, 25 * REGBYTES(sp)
	REG_L x26, 26 * REGBYTES(sp)
	REG_L x27, 27 * REGBYTES(sp)
	REG_L x28, 28 * REGBYTES(sp)
	REG_L x29, 29 * REGBYTES(sp)
	REG_L x30, 30 * REGBYTES(sp)
	REG_L x31, 31 * REGBYTES(sp)
	addi sp, sp, HS_FRAME_SIZE
	sret

/*
 * unsigned long guest_read_insn_hlvx(unsigned long gva, unsigned long *scause)
 * Reads the instruction at gva as the guest would fetch it: a halfword, and the next one
 * when the first says the instruction is longer (so a 16-bit instruction at the end of a
 * page never touches the next). Returns the instruction (zero-extended) with *scause = 0, or
 * 0 with *scause = the scause of a fault, which a private vector catches. (The fault is not
 * a flag in the returned value: on RV32 a 32-bit instruction may have any bit set, e.g.
 * csrr of a CSR at 0x800 and above.)
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
	li t4, 0
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
	REG_S t4, 0(a1)
	mv a0, a2
	ret
	.align 2
.Lhlvx_fault:
	csrr t4, CSR_SCAUSE
	li a2, 0
	j .Lhlvx_done

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
	.insn r 0x73, 4, HLV_ULONG_FUNCT7, a2, a0, x0 /* hlv.d (RV64) or hlv.w (RV32) a2, (a0) */
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
	REG_S t3, 0(a1)
	mv a0, a2
	ret
