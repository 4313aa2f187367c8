/* SPDX-License-Identifier: Apache-2.0 */
/* One register's load, store and size in assembly, for rv32 and rv64 alike (hypervisor and guests). */
#ifndef LIB_RISCV_XLEN_H
#define LIB_RISCV_XLEN_H

#if __riscv_xlen == 64
#define REG_L ld
#define REG_S sd
#define REGBYTES 8
#define LOG_REGBYTES 3
#elif __riscv_xlen == 32
#define REG_L lw
#define REG_S sw
#define REGBYTES 4
#define LOG_REGBYTES 2
#else
#error "rvkvm builds for rv32 or rv64"
#endif

#endif
