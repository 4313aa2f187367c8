/* SPDX-License-Identifier: Apache-2.0 */
/* CSR numbers, bit fields and accessors of the privileged and H-extension architecture used by the core. */
#ifndef CORE_ARCH_RISCV_CSR_H
#define CORE_ARCH_RISCV_CSR_H

/* Supervisor CSRs. */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG 0x10a
#define CSR_SSTATEEN0 0x10c
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_STIMECMPH 0x15d
#define CSR_SATP 0x180

/* Hypervisor CSRs. */
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HTIMEDELTAH 0x615
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HENVCFGH 0x61a
#define CSR_HSTATEEN0 0x60c
#define CSR_HSTATEEN0H 0x61c
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680

/* Virtual supervisor CSRs. */
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSTIMECMP 0x24d
#define CSR_VSTIMECMPH 0x25d
#define CSR_VSATP 0x280

/* Vector CSRs. */
#define CSR_VSTART 0x008
#define CSR_VCSR 0x00f
#define CSR_VL 0xc20
#define CSR_VTYPE 0xc21
#define CSR_VLENB 0xc22

/* Unprivileged counters. */
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02
#define CSR_CYCLEH 0xc80 /* RV32: the high halves */
#define CSR_TIMEH 0xc81
#define CSR_INSTRETH 0xc82

/* sstatus fields. */
#define SSTATUS_SIE (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)
#define SSTATUS_FS_SHIFT 13
#define SSTATUS_FS (3UL << SSTATUS_FS_SHIFT)
#define SSTATUS_FS_OFF (0UL << SSTATUS_FS_SHIFT)
#define SSTATUS_FS_INITIAL (1UL << SSTATUS_FS_SHIFT)
#define SSTATUS_FS_CLEAN (2UL << SSTATUS_FS_SHIFT)
#define SSTATUS_FS_DIRTY (3UL << SSTATUS_FS_SHIFT)
#define SSTATUS_VS_SHIFT 9
#define SSTATUS_VS (3UL << SSTATUS_VS_SHIFT)
#define SSTATUS_VS_OFF (0UL << SSTATUS_VS_SHIFT)
#define SSTATUS_VS_INITIAL (1UL << SSTATUS_VS_SHIFT)
#define SSTATUS_VS_CLEAN (2UL << SSTATUS_VS_SHIFT)
#define SSTATUS_VS_DIRTY (3UL << SSTATUS_VS_SHIFT)
#define SSTATUS_SUM (1UL << 18)
#define SSTATUS_MXR (1UL << 19)

/* hstatus fields. */
#define HSTATUS_GVA (1UL << 6)
#define HSTATUS_SPV (1UL << 7)
#define HSTATUS_SPVP (1UL << 8)
#define HSTATUS_HU (1UL << 9)
#define HSTATUS_VTVM (1UL << 20)
#define HSTATUS_VTW (1UL << 21)
#define HSTATUS_VTSR (1UL << 22)

/*
 * henvcfg and hstateen0 are 64-bit CSRs (rv32: the CSR and its high half, csr_write64): their
 * fields are uint64_t.
 */
#define HENVCFG_FIOM (1ULL << 0)
#define HENVCFG_CBIE_INVAL (3ULL << 4) /* cbo.inval invalidates */
#define HENVCFG_CBCFE (1ULL << 6)
#define HENVCFG_CBZE (1ULL << 7)
#define HENVCFG_ADUE (1ULL << 61)
#define HENVCFG_PBMTE (1ULL << 62)
#define HENVCFG_STCE (1ULL << 63)

#define HSTATEEN0_ENVCFG (1ULL << 62) /* VS-mode may reach senvcfg */
#define HSTATEEN0_SE0 (1ULL << 63)    /* VS-mode may reach sstateen0 */

/* Hypervisor interrupts: the top bit of scause, whatever the width. */
#define SCAUSE_INTERRUPT (1UL << (sizeof(unsigned long) * 8 - 1))

/* What differs between the widths: hstatus.VSXL, satp's ASID, hgatp's layout and modes. */
#if __SIZEOF_LONG__ == 8
#define HSTATUS_VSXL_SHIFT 32
#define HSTATUS_VSXL (3UL << HSTATUS_VSXL_SHIFT)
#define HSTATUS_VSXL_GUEST (2UL << HSTATUS_VSXL_SHIFT) /* the guest is RV64 */
/* satp and vsatp: ASID is bits 59:44 on RV64, the widest a guest can have whatever ASIDLEN is. */
#define SATP_ASID_MAX 0xffffUL
#define HGATP_PPN_MASK ((1UL << 44) - 1)
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK (0x3fffUL << HGATP_VMID_SHIFT)
#define HGATP_MODE_SHIFT 60
#else
#define HSTATUS_VSXL_GUEST 0UL /* RV32 has no VSXL: the guest is RV32 */
#define SATP_ASID_MAX 0x1ffUL  /* satp.ASID is bits 30:22 */
#define HGATP_PPN_MASK ((1UL << 22) - 1)
#define HGATP_VMID_SHIFT 22
#define HGATP_VMID_MASK (0x7fUL << HGATP_VMID_SHIFT)
#define HGATP_MODE_SHIFT 31
#endif
#define HGATP_MODE_BARE 0UL
#define HGATP_MODE_SV32X4 1UL
#define HGATP_MODE_SV39X4 8UL
#define HGATP_MODE_SV48X4 9UL
#define HGATP_MODE_SV57X4 10UL

/* Interrupt numbers (bit positions in sip/hvip/hideleg). */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define IRQ_S_GEXT 12
#define IRQ_LCOF 13 /* Sscofpmf's local counter overflow */

/* Synchronous exception causes. */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INSN 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_ECALL_VS 10
#define EXC_ECALL_M 11
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15
#define EXC_INST_GUEST_PAGE_FAULT 20
#define EXC_LOAD_GUEST_PAGE_FAULT 21
#define EXC_VIRTUAL_INSN 22
#define EXC_STORE_GUEST_PAGE_FAULT 23
#define EXC_COUNT 24

#ifndef __ASSEMBLER__

#include <stdint.h>

#define CSR_STR_(x) #x
#define CSR_STR(x) CSR_STR_(x)

#define csr_read(csr)                                                  \
	({                                                             \
		unsigned long v_;                                      \
		__asm__ volatile("csrr %0, " CSR_STR(csr) : "=r"(v_)); \
		v_;                                                    \
	})

#define csr_write(csr, val) __asm__ volatile("csrw " CSR_STR(csr) ", %0" : : "rK"(val) : "memory")

#define csr_set(csr, val) __asm__ volatile("csrs " CSR_STR(csr) ", %0" : : "rK"(val) : "memory")

#define csr_clear(csr, val) __asm__ volatile("csrc " CSR_STR(csr) ", %0" : : "rK"(val) : "memory")

/*
 * A 64-bit CSR (time, htimedelta, vstimecmp, stimecmp, henvcfg, hstateen0): one CSR on rv64, the
 * CSR and its high half csr##H on rv32. A write of the pair leaves the low half all-ones first,
 * so a comparison never passes through a smaller value than either end; a read of a counting
 * CSR reads the high half again until it is the same on both sides of the low one.
 */
#if __SIZEOF_LONG__ == 8
#define csr_read64(csr) ((uint64_t)csr_read(csr))
#define csr_write64(csr, val) csr_write(csr, (unsigned long)(val))
#else
#define csr_read64(csr)                            \
	({                                         \
		unsigned long hi_, lo_;            \
		do {                               \
			hi_ = csr_read(csr##H);    \
			lo_ = csr_read(csr);       \
		} while (hi_ != csr_read(csr##H)); \
		((uint64_t)hi_ << 32) | lo_;       \
	})
#define csr_write64(csr, val)                                   \
	do {                                                    \
		uint64_t v64_ = (val);                          \
		csr_write(csr, ~0UL);                           \
		csr_write(csr##H, (unsigned long)(v64_ >> 32)); \
		csr_write(csr, (unsigned long)v64_);            \
	} while (0)
#endif

#define csr_swap(csr, val)                                                                  \
	({                                                                                  \
		unsigned long v_ = (val);                                                   \
		__asm__ volatile("csrrw %0, " CSR_STR(csr) ", %0" : "+r"(v_) : : "memory"); \
		v_;                                                                         \
	})

#endif /* __ASSEMBLER__ */

#endif
