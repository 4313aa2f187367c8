/* SPDX-License-Identifier: Apache-2.0 */
/* Explicit-width loads and stores for test guests (never compressed), one per RV64I form. */
#ifndef GUESTS_LIB_MMIO_ACCESS_H
#define GUESTS_LIB_MMIO_ACCESS_H

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
MMIO_DEFINE_LOAD(load_wu, "lwu")
MMIO_DEFINE_LOAD(load_d, "ld")
MMIO_DEFINE_STORE(store_b, "sb")
MMIO_DEFINE_STORE(store_h, "sh")
MMIO_DEFINE_STORE(store_w, "sw")
MMIO_DEFINE_STORE(store_d, "sd")

#endif
