/* SPDX-License-Identifier: Apache-2.0 */
/* Saving and restoring a guest's FP registers: the only FP instructions in the hypervisor (see the Makefile's check). */
#include "asm-offsets.h"
#include "core/arch/riscv/csr.h"

#define F(n) (FP_F + (n) * 8)

/*
 * void fp_arch_save(struct vcpu_fp *fp)
 * HS-mode may run FP instructions only with sstatus.FS on: it is set for the copy and put
 * back as it was, so the guest's FS (which the world switch keeps in sstatus) is untouched.
 */
	.text
	.globl fp_arch_save
	.align 2
fp_arch_save:
	li t1, ASM_SSTATUS_FS
	csrrs t0, CSR_SSTATUS, t1
	fsd f0, F(0)(a0)
	fsd f1, F(1)(a0)
	fsd f2, F(2)(a0)
	fsd f3, F(3)(a0)
	fsd f4, F(4)(a0)
	fsd f5, F(5)(a0)
	fsd f6, F(6)(a0)
	fsd f7, F(7)(a0)
	fsd f8, F(8)(a0)
	fsd f9, F(9)(a0)
	fsd f10, F(10)(a0)
	fsd f11, F(11)(a0)
	fsd f12, F(12)(a0)
	fsd f13, F(13)(a0)
	fsd f14, F(14)(a0)
	fsd f15, F(15)(a0)
	fsd f16, F(16)(a0)
	fsd f17, F(17)(a0)
	fsd f18, F(18)(a0)
	fsd f19, F(19)(a0)
	fsd f20, F(20)(a0)
	fsd f21, F(21)(a0)
	fsd f22, F(22)(a0)
	fsd f23, F(23)(a0)
	fsd f24, F(24)(a0)
	fsd f25, F(25)(a0)
	fsd f26, F(26)(a0)
	fsd f27, F(27)(a0)
	fsd f28, F(28)(a0)
	fsd f29, F(29)(a0)
	fsd f30, F(30)(a0)
	fsd f31, F(31)(a0)
	frcsr t2
	sw t2, FP_FCSR(a0)
	csrw CSR_SSTATUS, t0
	ret

/* void fp_arch_restore(const struct vcpu_fp *fp): the reverse, with the same care for sstatus.FS. */
	.globl fp_arch_restore
	.align 2
fp_arch_restore:
	li t1, ASM_SSTATUS_FS
	csrrs t0, CSR_SSTATUS, t1
	fld f0, F(0)(a0)
	fld f1, F(1)(a0)
	fld f2, F(2)(a0)
	fld f3, F(3)(a0)
	fld f4, F(4)(a0)
	fld f5, F(5)(a0)
	fld f6, F(6)(a0)
	fld f7, F(7)(a0)
	fld f8, F(8)(a0)
	fld f9, F(9)(a0)
	fld f10, F(10)(a0)
	fld f11, F(11)(a0)
	fld f12, F(12)(a0)
	fld f13, F(13)(a0)
	fld f14, F(14)(a0)
	fld f15, F(15)(a0)
	fld f16, F(16)(a0)
	fld f17, F(17)(a0)
	fld f18, F(18)(a0)
	fld f19, F(19)(a0)
	fld f20, F(20)(a0)
	fld f21, F(21)(a0)
	fld f22, F(22)(a0)
	fld f23, F(23)(a0)
	fld f24, F(24)(a0)
	fld f25, F(25)(a0)
	fld f26, F(26)(a0)
	fld f27, F(27)(a0)
	fld f28, F(28)(a0)
	fld f29, F(29)(a0)
	fld f30, F(30)(a0)
	fld f31, F(31)(a0)
	lw t2, FP_FCSR(a0)
	fscsr t2
	csrw CSR_SSTATUS, t0
	ret
