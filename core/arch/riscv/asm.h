/* SPDX-License-Identifier: Apache-2.0 */
/* What the hypervisor's assembly needs to be the same source on rv32 and rv64. */
#ifndef CORE_ARCH_RISCV_ASM_H
#define CORE_ARCH_RISCV_ASM_H

#include "core/arch/riscv/csr.h"
#include "lib/riscv_xlen.h" /* REG_L, REG_S, REGBYTES, LOG_REGBYTES */

/* The hypervisor load of an unsigned long of the guest: hlv.d on RV64, hlv.w on RV32. */
#if __riscv_xlen == 64
#define HLV_ULONG_FUNCT7 0x36
#else
#define HLV_ULONG_FUNCT7 0x34
#endif

/*
 * The SBI PMU's part of the world switch (switch.S): the guest's cycles and instructions in
 * struct vcpu_ctx's pmu_entry and pmu_guest, whose offsets the caller passes (asm-offsets.h),
 * 64 bits each on either width. A stint in the guest may outlast 2^32 events on RV32: with one
 * vCPU a hart, nothing need make it exit; so the high halves, cycleh and instreth, count too.
 *
 * PMU_STAMP_ENTRY entry: cycle and instret into pmu_entry (ctx in a0; t0, t1, t2 free).
 * PMU_ADD_GUEST entry, guest: what they advanced since, added to pmu_guest (ctx in tp; t0, t1,
 * t2 free); instret first, so the fewest of rvkvm's instructions count as the guest's.
 */
/* clang-format off */
#if __riscv_xlen == 64
.macro PMU_STAMP_ENTRY entry
	csrr t1, CSR_CYCLE
	sd t1, \entry(a0)
	csrr t1, CSR_INSTRET
	sd t1, \entry + 8(a0)
.endm

.macro PMU_ADD_GUEST entry, guest
	csrr t0, CSR_INSTRET
	csrr t1, CSR_CYCLE
	ld t2, \entry + 8(tp)
	sub t0, t0, t2
	ld t2, \guest + 8(tp)
	add t0, t0, t2
	sd t0, \guest + 8(tp)
	ld t2, \entry(tp)
	sub t1, t1, t2
	ld t2, \guest(tp)
	add t1, t1, t2
	sd t1, \guest(tp)
.endm
#else
/* A 64-bit counter into \hi:\lo, the high half read again until it held (\tmp clobbered). */
.macro READ_COUNTER64 hi, lo, tmp, csr, csrh
1:	csrr \hi, \csrh
	csrr \lo, \csr
	csrr \tmp, \csrh
	bne \hi, \tmp, 1b
.endm

.macro PMU_STAMP_ENTRY entry
	READ_COUNTER64 t0, t1, t2, CSR_CYCLE, CSR_CYCLEH
	sw t1, \entry(a0)
	sw t0, \entry + 4(a0)
	READ_COUNTER64 t0, t1, t2, CSR_INSTRET, CSR_INSTRETH
	sw t1, \entry + 8(a0)
	sw t0, \entry + 12(a0)
.endm

/* The 64-bit slot at \guest(tp) += \hi:\lo (a counter now) - the one at \entry(tp); t2 too. */
.macro ADD_SINCE hi, lo, entry, guest
	lw t2, \entry(tp)
	sub t2, \lo, t2		/* the advance's low half */
	sltu \lo, \lo, t2		/* its borrow: the low half now is below it */
	sub \hi, \hi, \lo
	lw \lo, \entry + 4(tp)
	sub \hi, \hi, \lo		/* \hi:t2 = the advance */
	lw \lo, \guest(tp)
	add t2, t2, \lo
	sltu \lo, t2, \lo		/* the carry out of the low halves */
	sw t2, \guest(tp)
	add \hi, \hi, \lo
	lw \lo, \guest + 4(tp)
	add \hi, \hi, \lo
	sw \hi, \guest + 4(tp)
.endm

.macro PMU_ADD_GUEST entry, guest
	READ_COUNTER64 t0, t1, t2, CSR_INSTRET, CSR_INSTRETH
	ADD_SINCE t0, t1, \entry + 8, \guest + 8
	READ_COUNTER64 t0, t1, t2, CSR_CYCLE, CSR_CYCLEH
	ADD_SINCE t0, t1, \entry, \guest
.endm
#endif
/* clang-format on */

#endif
