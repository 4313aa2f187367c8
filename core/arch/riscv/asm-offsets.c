/* SPDX-License-Identifier: Apache-2.0 */
/* Emits the offsets of C structures used by assembly; the build turns them into asm-offsets.h. */
#include <stddef.h>

#include "core/arch/riscv/csr.h"
#include "core/sched.h"
#include "core/vcpu.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define OFFSET(sym, type, member) DEFINE(sym, offsetof(type, member))

_Static_assert(VCPU_PMU_SRC_CYCLE == 0 && VCPU_PMU_SRC_INSTRET == 1,
	       "switch.S: pmu_entry and pmu_guest hold cycle, then instret");
_Static_assert(sizeof(((struct vcpu_ctx *)0)->pmu_guest[0]) == 8 &&
		       sizeof(((struct vcpu_ctx *)0)->pmu_entry[0]) == 8,
	       "switch.S: pmu_entry and pmu_guest hold 64-bit counts, the second at +8");

void asm_offsets(void);

void asm_offsets(void)
{
	OFFSET(CTX_GPR, struct vcpu_ctx, gpr);
	OFFSET(CTX_SEPC, struct vcpu_ctx, sepc);
	OFFSET(CTX_SSTATUS, struct vcpu_ctx, sstatus);
	OFFSET(CTX_HSTATUS, struct vcpu_ctx, hstatus);
	OFFSET(CTX_HOST_RA, struct vcpu_ctx, host_ra);
	OFFSET(CTX_HOST_SP, struct vcpu_ctx, host_sp);
	OFFSET(CTX_HOST_GP, struct vcpu_ctx, host_gp);
	OFFSET(CTX_HOST_TP, struct vcpu_ctx, host_tp);
	OFFSET(CTX_HOST_S, struct vcpu_ctx, host_s);
	OFFSET(CTX_SCAUSE, struct vcpu_ctx, scause);
	OFFSET(CTX_STVAL, struct vcpu_ctx, stval);
	OFFSET(CTX_HTVAL, struct vcpu_ctx, htval);
	OFFSET(CTX_HTINST, struct vcpu_ctx, htinst);
	OFFSET(CTX_PMU_ON, struct vcpu_ctx, pmu_on);
	OFFSET(CTX_PMU_ENTRY, struct vcpu_ctx, pmu_entry);
	OFFSET(CTX_PMU_GUEST, struct vcpu_ctx, pmu_guest);
	DEFINE(HS_FRAME_SIZE, 36 * sizeof(unsigned long));
	OFFSET(FP_F, struct vcpu_fp, f);
	OFFSET(FP_FCSR, struct vcpu_fp, fcsr);
	DEFINE(ASM_SSTATUS_FS,
	       SSTATUS_FS); /* csr.h's constants carry C suffixes the assembler rejects */
	DEFINE(ASM_SSTATUS_VS, SSTATUS_VS);
	OFFSET(VEC_VSTART, struct vcpu_vec, vstart);
	OFFSET(VEC_VCSR, struct vcpu_vec, vcsr);
	OFFSET(VEC_VL, struct vcpu_vec, vl);
	OFFSET(VEC_VTYPE, struct vcpu_vec, vtype);
	OFFSET(VEC_REGS, struct vcpu_vec, regs);
	OFFSET(SCHED_CTX_RA, struct sched_ctx, ra);
	OFFSET(SCHED_CTX_SP, struct sched_ctx, sp);
	OFFSET(SCHED_CTX_S, struct sched_ctx, s);
}
