/* SPDX-License-Identifier: Apache-2.0 */
/* Whether HS-mode may read the cycle and instret counters, which the SBI PMU's world switch reads. */
#include "core/arch/riscv/csr.h"

/*
 * bool hs_counters_readable(void)
 * Reads cycle and instret under a private trap vector: 1 when both reads went through, 0 when
 * one trapped to HS-mode (the firmware leaves mcounteren.CY or IR clear and sends the illegal
 * instruction on). For core_arch_probe at boot, with interrupts off in HS-mode; a trap's
 * sstatus changes are undone.
 */
	.text
	.globl hs_counters_readable
	.align 2
hs_counters_readable:
	csrr t1, CSR_STVEC
	csrr t3, CSR_SSTATUS
	la t2, .Lcounter_fault
	csrw CSR_STVEC, t2
	csrr t0, CSR_CYCLE
	csrr t0, CSR_INSTRET
	li a0, 1
	j .Lcounter_done
	.align 2
.Lcounter_fault:
	csrw CSR_SSTATUS, t3
	li a0, 0
.Lcounter_done:
	csrw CSR_STVEC, t1
	ret
