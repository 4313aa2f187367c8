/* SPDX-License-Identifier: Apache-2.0 */
/* What the hypervisor's assembly needs to be the same source on rv32 and rv64. */
#ifndef CORE_ARCH_RISCV_ASM_H
#define CORE_ARCH_RISCV_ASM_H

#include "lib/riscv_xlen.h" /* REG_L, REG_S, REGBYTES, LOG_REGBYTES */

/* The hypervisor load of an unsigned long of the guest: hlv.d on RV64, hlv.w on RV32. */
#if __riscv_xlen == 64
#define HLV_ULONG_FUNCT7 0x36
#else
#define HLV_ULONG_FUNCT7 0x34
#endif

#endif
