/* SPDX-License-Identifier: Apache-2.0 */
/* Explicit-width loads and stores for test guests (never compressed), one per RV32I/RV64I form. */
#ifndef GUESTS_LIB_MMIO_ACCESS_H
#define GUESTS_LIB_MMIO_ACCESS_H

#include <stdint.h>

#ifndef NORVC
#define NORVC(insn) ".option push\n.option norvc\n" insn "\n.option pop\n"
#endif

/* The result starts at 0, so a load whose trap the guest catches and skips reads as 0. */
#define MMIO_DEFINE_LOAD(name, insn)                                                         \
	static inline unsigned long name(unsigned long addr)                                 \
	{                                                                                    \
		unsigned long v = 0;                                                         \
		__asm__ volatile(NORVC(insn " %0, 0(%1)") : "+r"(v) : "r"(addr) : "memory"); \
		return v;                                                                    \
	}
#define MMIO_DEFINE_STORE(name, insn)                                                        \
	static inline void name(unsigned long addr, unsigned long v)                         \
	{                                                                                    \
		__asm__ volatile(NORVC(insn " %0, 0(%1)") : : "r"(v), "r"(addr) : "memory"); \
	}

MMIO_DEFINE_LOAD(load_b, "lb")
MMIO_DEFINE_LOAD(load_bu, "lbu")
MMIO_DEFINE_LOAD(load_h, "lh")
MMIO_DEFINE_LOAD(load_hu, "lhu")
MMIO_DEFINE_LOAD(load_w, "lw")
MMIO_DEFINE_STORE(store_b, "sb")
MMIO_DEFINE_STORE(store_h, "sh")
MMIO_DEFINE_STORE(store_w, "sw")

/*
 * MMIO_X is the width letter of a full-register access (ld, sd, c.ld, lr.d on rv64; lw, sw,
 * c.lw, lr.w on rv32). lwu, ld and sd are RV64I's: on rv32 they are declared and never defined,
 * so a use that sizeof(long) == 8 does not fold away fails to link.
 */
#if __riscv_xlen == 64
#define MMIO_X "d"
MMIO_DEFINE_LOAD(load_wu, "lwu")
MMIO_DEFINE_LOAD(load_d, "ld")
MMIO_DEFINE_STORE(store_d, "sd")
#else
#define MMIO_X "w"
unsigned long load_wu(unsigned long addr);
unsigned long load_d(unsigned long addr);
void store_d(unsigned long addr, unsigned long v);
#endif
MMIO_DEFINE_LOAD(load_x, "l" MMIO_X)
MMIO_DEFINE_STORE(store_x, "s" MMIO_X)

/* The 8 bytes at addr (aligned): one ld or sd on rv64, the halves by lw or sw on rv32, low first. */
static inline uint64_t mmio_read64(unsigned long addr)
{
	if (sizeof(unsigned long) == 8) {
		return load_x(addr);
	}
	return (uint32_t)load_w(addr) | (uint64_t)(uint32_t)load_w(addr + 4) << 32;
}

static inline void mmio_write64(unsigned long addr, uint64_t v)
{
	if (sizeof(unsigned long) == 8) {
		store_x(addr, (unsigned long)v);
		return;
	}
	store_w(addr, (uint32_t)v);
	store_w(addr + 4, (uint32_t)(v >> 32));
}

#endif
