/* SPDX-License-Identifier: Apache-2.0 */
/* Saving and restoring a guest's vector registers: the only vector instructions in the hypervisor (see the Makefile's check). */
#include "core/arch/riscv/asm.h"
#include "asm-offsets.h"
#include "core/arch/riscv/csr.h"

	/* Only this file is assembled for V: the rest of the image must not use it. */
	.option arch, +v

/*
 * void vec_arch_save(struct vcpu_vec *vec)
 * HS-mode may use the vector unit only with sstatus.VS on: it is turned on for the copy and
 * put back as it was (the guest's VS lives in its saved sstatus, which the world switch loads).
 * vstart, vcsr, vl and vtype first, then v0-v31 with whole-register stores, which need no
 * valid vtype and ignore vl, but start at vstart: hence vstart = 0 before them.
 */
	.text
	.globl vec_arch_save
	.align 2
vec_arch_save:
	li t1, ASM_SSTATUS_VS
	csrrs t0, CSR_SSTATUS, t1
	csrr t2, CSR_VSTART
	REG_S t2, VEC_VSTART(a0)
	csrr t2, CSR_VCSR
	REG_S t2, VEC_VCSR(a0)
	csrr t2, CSR_VL
	REG_S t2, VEC_VL(a0)
	csrr t2, CSR_VTYPE
	REG_S t2, VEC_VTYPE(a0)
	csrw CSR_VSTART, zero
	REG_L a1, VEC_REGS(a0)
	csrr t3, CSR_VLENB
	slli t3, t3, 3 /* eight registers per store */
	vs8r.v v0, (a1)
	add a1, a1, t3
	vs8r.v v8, (a1)
	add a1, a1, t3
	vs8r.v v16, (a1)
	add a1, a1, t3
	vs8r.v v24, (a1)
	csrw CSR_SSTATUS, t0
	ret

/*
 * void vec_arch_restore(const struct vcpu_vec *vec): the reverse. vsetvl with the saved vl as
 * the requested length gives back exactly that vl (it is at most VLMAX of the saved vtype), and
 * a saved vtype with vill set sets vill again; vstart goes last since vsetvl clears it.
 */
	.globl vec_arch_restore
	.align 2
vec_arch_restore:
	li t1, ASM_SSTATUS_VS
	csrrs t0, CSR_SSTATUS, t1
	csrw CSR_VSTART, zero
	REG_L a1, VEC_REGS(a0)
	csrr t3, CSR_VLENB
	slli t3, t3, 3
	vl8re8.v v0, (a1)
	add a1, a1, t3
	vl8re8.v v8, (a1)
	add a1, a1, t3
	vl8re8.v v16, (a1)
	add a1, a1, t3
	vl8re8.v v24, (a1)
	REG_L t2, VEC_VL(a0)
	REG_L t4, VEC_VTYPE(a0)
	vsetvl zero, t2, t4
	REG_L t2, VEC_VCSR(a0)
	csrw CSR_VCSR, t2
	REG_L t2, VEC_VSTART(a0)
	csrw CSR_VSTART, t2
	csrw CSR_SSTATUS, t0
	ret

/* unsigned long vec_arch_vlenb(void): the bytes in one vector register (VLEN / 8). */
	.globl vec_arch_vlenb
	.align 2
vec_arch_vlenb:
	li t1, ASM_SSTATUS_VS
	csrrs t0, CSR_SSTATUS, t1
	csrr a0, CSR_VLENB
	csrw CSR_SSTATUS, t0
	ret
