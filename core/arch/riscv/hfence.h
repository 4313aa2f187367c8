/* SPDX-License-Identifier: Apache-2.0 */
/* The H extension's fences, spelled with .insn so no assembler H-extension support is needed. */
#ifndef CORE_ARCH_RISCV_HFENCE_H
#define CORE_ARCH_RISCV_HFENCE_H

#include <stdint.h>

/*
 * HFENCE.GVMA: rs1 = guest-physical address >> 2, rs2 = VMID. HFENCE.VVMA: rs1 = guest-virtual
 * address, rs2 = ASID, both of the VMID in hgatp. x0 in either operand means all of them.
 */

static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

static inline void hfence_gvma_vmid(unsigned long vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" : : "r"(vmid) : "memory");
}

static inline void hfence_gvma_gpa(uint64_t gpa, unsigned long vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, %0, %1"
			 :
			 : "r"((unsigned long)(gpa >> 2)), "r"(vmid)
			 : "memory");
}

/* Every VS-stage translation of the current VMID. */
static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

static inline void hfence_vvma_asid(unsigned long asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, %0" : : "r"(asid) : "memory");
}

/* One page, every ASID. */
static inline void hfence_vvma_va(unsigned long va)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, x0" : : "r"(va) : "memory");
}

static inline void hfence_vvma_va_asid(unsigned long va, unsigned long asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, %1" : : "r"(va), "r"(asid) : "memory");
}

#endif
