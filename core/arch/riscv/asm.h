/* SPDX-License-Identifier: Apache-2.0 */
/* What assembly needs to be the same source on rv32 and rv64: one register load, store and size. */
#ifndef CORE_ARCH_RISCV_ASM_H
#define CORE_ARCH_RISCV_ASM_H

#if __riscv_xlen == 64
#define REG_L ld
#define REG_S sd
#define REGBYTES 8
#define LOG_REGBYTES 3
#define HLV_ULONG_FUNCT7 0x36 /* hlv.d */
#elif __riscv_xlen == 32
#define REG_L lw
#define REG_S sw
#define REGBYTES 4
#define LOG_REGBYTES 2
#define HLV_ULONG_FUNCT7 0x34 /* hlv.w */
#else
#error "rvkvm builds for rv32 or rv64"
#endif

#endif
