/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ONE_REG register ids, bit for bit the encoding of Linux's riscv <asm/kvm.h> (and the generic
 * fields of <linux/kvm.h>) with the prefix RVKVM_ in place of KVM_, so a saved register set
 * means the same thing to rvkvm and to Linux KVM. tests/unit/test_reg_ids* compare every
 * shared id with Linux's headers. Two classes are rvkvm's own (type numbers Linux leaves
 * unused, from 0x80 up): RVKVM_REG_RISCV_SBI_VMM, RVKVM_REG_RISCV_EXC_ROUTE and
 * RVKVM_REG_RISCV_SBI_EXT_RVKVM, at the end.
 */
#ifndef RVKVM_REG_H
#define RVKVM_REG_H

#include <stddef.h>
#include <stdint.h>

/*
 * The classes of unsigned long registers (CONFIG, CORE, CSR, ISA_EXT, SBI_EXT, SBI_STATE and
 * rvkvm's own) are XLEN wide, as in Linux: RVKVM_REG_SIZE_ULONG is U64 on rv64 and U32 on rv32,
 * and an index counts unsigned longs. TIMER and FP_D registers are 64-bit on both.
 */

/* --- id fields common to every architecture (linux/kvm.h) ------------------------------ */
#define RVKVM_REG_ARCH_MASK 0xff00000000000000ULL
#define RVKVM_REG_RISCV 0x8000000000000000ULL

#define RVKVM_REG_SIZE_SHIFT 52
#define RVKVM_REG_SIZE_MASK 0x00f0000000000000ULL
#define RVKVM_REG_SIZE_U8 0x0000000000000000ULL
#define RVKVM_REG_SIZE_U16 0x0010000000000000ULL
#define RVKVM_REG_SIZE_U32 0x0020000000000000ULL
#define RVKVM_REG_SIZE_U64 0x0030000000000000ULL
#define RVKVM_REG_SIZE_U128 0x0040000000000000ULL
#define RVKVM_REG_SIZE_U256 0x0050000000000000ULL
#define RVKVM_REG_SIZE_U512 0x0060000000000000ULL
#define RVKVM_REG_SIZE_U1024 0x0070000000000000ULL
#define RVKVM_REG_SIZE_U2048 0x0080000000000000ULL
/* Bytes of the register an id names. */
#define RVKVM_REG_SIZE(id) (1U << (((id)&RVKVM_REG_SIZE_MASK) >> RVKVM_REG_SIZE_SHIFT))
/* rvkvm's name for Linux's KVM_REG_SIZE_ULONG: the size of an unsigned long (XLEN). */
#define RVKVM_REG_SIZE_ULONG (sizeof(unsigned long) == 8 ? RVKVM_REG_SIZE_U64 : RVKVM_REG_SIZE_U32)

/* --- riscv id fields (asm/kvm.h): type, subtype, index ----------------------------------- */
#define RVKVM_REG_RISCV_TYPE_MASK 0x00000000FF000000ULL
#define RVKVM_REG_RISCV_TYPE_SHIFT 24
#define RVKVM_REG_RISCV_SUBTYPE_MASK 0x0000000000FF0000ULL
#define RVKVM_REG_RISCV_SUBTYPE_SHIFT 16
/* rvkvm's name for what is left below the subtype: the register's index in its class. */
#define RVKVM_REG_RISCV_INDEX_MASK 0x000000000000FFFFULL

_Static_assert(RVKVM_REG_SIZE_MASK == 0xfULL << RVKVM_REG_SIZE_SHIFT, "size field: 4 bits at 52");
_Static_assert(RVKVM_REG_RISCV_TYPE_MASK == 0xffULL << RVKVM_REG_RISCV_TYPE_SHIFT,
	       "type: 8 bits at 24");
_Static_assert(RVKVM_REG_RISCV_SUBTYPE_MASK == 0xffULL << RVKVM_REG_RISCV_SUBTYPE_SHIFT,
	       "subtype: 8 bits at 16");
_Static_assert((RVKVM_REG_RISCV_TYPE_MASK & RVKVM_REG_RISCV_SUBTYPE_MASK) == 0 &&
		       ((RVKVM_REG_RISCV_TYPE_MASK | RVKVM_REG_RISCV_SUBTYPE_MASK) &
			RVKVM_REG_RISCV_INDEX_MASK) == 0 &&
		       ((RVKVM_REG_ARCH_MASK | RVKVM_REG_SIZE_MASK) &
			(RVKVM_REG_RISCV_TYPE_MASK | RVKVM_REG_RISCV_SUBTYPE_MASK |
			 RVKVM_REG_RISCV_INDEX_MASK)) == 0,
	       "id fields overlap");
_Static_assert(RVKVM_REG_SIZE(RVKVM_REG_SIZE_U32) == 4 && RVKVM_REG_SIZE(RVKVM_REG_SIZE_U64) == 8,
	       "size field is log2 of the byte count");

/* A whole id from its size, type (with subtype) and index: what Linux's tools spell by hand. */
#define RVKVM_REG_RISCV_ID(size, type_subtype, index) \
	(RVKVM_REG_RISCV | (uint64_t)(size) | (uint64_t)(type_subtype) | (uint64_t)(index))

/* --- type 1: CONFIG --------------------------------------------------------------------- */
struct rvkvm_riscv_config {
	unsigned long isa; /* single-letter extensions: bit n is the letter 'a' + n */
	unsigned long zicbom_block_size;
	unsigned long mvendorid;
	unsigned long marchid;
	unsigned long mimpid;
	unsigned long zicboz_block_size;
	unsigned long
		satp_mode; /* satp.MODE of the largest VS-stage mode: 8 Sv39, 9 Sv48, 10 Sv57 */
	unsigned long zicbop_block_size;
};
#define RVKVM_REG_RISCV_CONFIG (0x01 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_CONFIG_REG(name) \
	(offsetof(struct rvkvm_riscv_config, name) / sizeof(unsigned long))

/* --- type 2: CORE ----------------------------------------------------------------------- */
/* The GPRs in the order of Linux's riscv struct user_regs_struct: pc, then x1..x31. */
struct rvkvm_riscv_user_regs {
	unsigned long pc;
	unsigned long ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
};
struct rvkvm_riscv_core {
	struct rvkvm_riscv_user_regs regs;
	unsigned long mode; /* the privilege the guest resumes in */
};
#define RVKVM_RISCV_MODE_S 1
#define RVKVM_RISCV_MODE_U 0
#define RVKVM_REG_RISCV_CORE (0x02 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_CORE_REG(name) \
	(offsetof(struct rvkvm_riscv_core, name) / sizeof(unsigned long))
/* rvkvm's shorthands: the CORE index of pc and of GPR xN (1..31), and a whole CORE id. */
#define RVKVM_REG_RISCV_CORE_INDEX_PC RVKVM_REG_RISCV_CORE_REG(regs.pc)
#define RVKVM_REG_RISCV_CORE_INDEX_X(n) (RVKVM_REG_RISCV_CORE_INDEX_PC + (n))
#define RVKVM_REG_RISCV_CORE_ID(index) \
	RVKVM_REG_RISCV_ID(RVKVM_REG_SIZE_ULONG, RVKVM_REG_RISCV_CORE, index)
_Static_assert(RVKVM_REG_RISCV_CORE_REG(regs.ra) == 1 && RVKVM_REG_RISCV_CORE_REG(regs.a0) == 10 &&
		       RVKVM_REG_RISCV_CORE_REG(regs.t6) == 31 &&
		       RVKVM_REG_RISCV_CORE_REG(mode) == 32,
	       "CORE index of xN is N");

/* --- type 3: CSR, in subtypes ------------------------------------------------------------ */
struct rvkvm_riscv_csr {
	unsigned long sstatus;
	unsigned long sie;
	unsigned long stvec;
	unsigned long sscratch;
	unsigned long sepc;
	unsigned long scause;
	unsigned long stval;
	unsigned long sip;
	unsigned long satp;
	unsigned long scounteren;
	unsigned long senvcfg;
};
struct rvkvm_riscv_aia_csr {
	unsigned long siselect;
	unsigned long iprio1;
	unsigned long iprio2;
	unsigned long sieh;
	unsigned long siph;
	unsigned long iprio1h;
	unsigned long iprio2h;
};
struct rvkvm_riscv_smstateen_csr {
	unsigned long sstateen0;
};
#define RVKVM_REG_RISCV_CSR (0x03 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_CSR_GENERAL (0x0 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_CSR_AIA (0x1 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_CSR_SMSTATEEN (0x2 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_CSR_REG(name) \
	(offsetof(struct rvkvm_riscv_csr, name) / sizeof(unsigned long))
#define RVKVM_REG_RISCV_CSR_AIA_REG(name) \
	(offsetof(struct rvkvm_riscv_aia_csr, name) / sizeof(unsigned long))
#define RVKVM_REG_RISCV_CSR_SMSTATEEN_REG(name) \
	(offsetof(struct rvkvm_riscv_smstateen_csr, name) / sizeof(unsigned long))

/* --- type 4: TIMER (64-bit whatever the XLEN) ------------------------------------------- */
struct rvkvm_riscv_timer {
	uint64_t frequency;
	uint64_t time;
	uint64_t compare;
	uint64_t state;
};
#define RVKVM_RISCV_TIMER_STATE_OFF 0
#define RVKVM_RISCV_TIMER_STATE_ON 1
#define RVKVM_REG_RISCV_TIMER (0x04 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_TIMER_REG(name) \
	(offsetof(struct rvkvm_riscv_timer, name) / sizeof(uint64_t))

/* --- types 5 and 6: FP_F and FP_D (Linux's struct __riscv_f/d_ext_state) ------------------ */
struct rvkvm_riscv_f_ext_state {
	uint32_t f[32];
	uint32_t fcsr;
};
struct rvkvm_riscv_d_ext_state {
	uint64_t f[32];
	uint32_t fcsr;
};
#define RVKVM_REG_RISCV_FP_F (0x05 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_FP_F_REG(name) \
	(offsetof(struct rvkvm_riscv_f_ext_state, name) / sizeof(uint32_t))
#define RVKVM_REG_RISCV_FP_D (0x06 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_FP_D_REG(name) \
	(offsetof(struct rvkvm_riscv_d_ext_state, name) / sizeof(uint64_t))

/* --- type 7: ISA_EXT --------------------------------------------------------------------- */
/* Linux KVM's own numbering of ISA extensions (not the host kernel's). */
enum RVKVM_RISCV_ISA_EXT_ID {
	RVKVM_RISCV_ISA_EXT_A = 0,
	RVKVM_RISCV_ISA_EXT_C,
	RVKVM_RISCV_ISA_EXT_D,
	RVKVM_RISCV_ISA_EXT_F,
	RVKVM_RISCV_ISA_EXT_H,
	RVKVM_RISCV_ISA_EXT_I,
	RVKVM_RISCV_ISA_EXT_M,
	RVKVM_RISCV_ISA_EXT_SVPBMT,
	RVKVM_RISCV_ISA_EXT_SSTC,
	RVKVM_RISCV_ISA_EXT_SVINVAL,
	RVKVM_RISCV_ISA_EXT_ZIHINTPAUSE,
	RVKVM_RISCV_ISA_EXT_ZICBOM,
	RVKVM_RISCV_ISA_EXT_ZICBOZ,
	RVKVM_RISCV_ISA_EXT_ZBB,
	RVKVM_RISCV_ISA_EXT_SSAIA,
	RVKVM_RISCV_ISA_EXT_V,
	RVKVM_RISCV_ISA_EXT_SVNAPOT,
	RVKVM_RISCV_ISA_EXT_ZBA,
	RVKVM_RISCV_ISA_EXT_ZBS,
	RVKVM_RISCV_ISA_EXT_ZICNTR,
	RVKVM_RISCV_ISA_EXT_ZICSR,
	RVKVM_RISCV_ISA_EXT_ZIFENCEI,
	RVKVM_RISCV_ISA_EXT_ZIHPM,
	RVKVM_RISCV_ISA_EXT_SMSTATEEN,
	RVKVM_RISCV_ISA_EXT_ZICOND,
	RVKVM_RISCV_ISA_EXT_ZBC,
	RVKVM_RISCV_ISA_EXT_ZBKB,
	RVKVM_RISCV_ISA_EXT_ZBKC,
	RVKVM_RISCV_ISA_EXT_ZBKX,
	RVKVM_RISCV_ISA_EXT_ZKND,
	RVKVM_RISCV_ISA_EXT_ZKNE,
	RVKVM_RISCV_ISA_EXT_ZKNH,
	RVKVM_RISCV_ISA_EXT_ZKR,
	RVKVM_RISCV_ISA_EXT_ZKSED,
	RVKVM_RISCV_ISA_EXT_ZKSH,
	RVKVM_RISCV_ISA_EXT_ZKT,
	RVKVM_RISCV_ISA_EXT_ZVBB,
	RVKVM_RISCV_ISA_EXT_ZVBC,
	RVKVM_RISCV_ISA_EXT_ZVKB,
	RVKVM_RISCV_ISA_EXT_ZVKG,
	RVKVM_RISCV_ISA_EXT_ZVKNED,
	RVKVM_RISCV_ISA_EXT_ZVKNHA,
	RVKVM_RISCV_ISA_EXT_ZVKNHB,
	RVKVM_RISCV_ISA_EXT_ZVKSED,
	RVKVM_RISCV_ISA_EXT_ZVKSH,
	RVKVM_RISCV_ISA_EXT_ZVKT,
	RVKVM_RISCV_ISA_EXT_ZFH,
	RVKVM_RISCV_ISA_EXT_ZFHMIN,
	RVKVM_RISCV_ISA_EXT_ZIHINTNTL,
	RVKVM_RISCV_ISA_EXT_ZVFH,
	RVKVM_RISCV_ISA_EXT_ZVFHMIN,
	RVKVM_RISCV_ISA_EXT_ZFA,
	RVKVM_RISCV_ISA_EXT_ZTSO,
	RVKVM_RISCV_ISA_EXT_ZACAS,
	RVKVM_RISCV_ISA_EXT_SSCOFPMF,
	RVKVM_RISCV_ISA_EXT_ZIMOP,
	RVKVM_RISCV_ISA_EXT_ZCA,
	RVKVM_RISCV_ISA_EXT_ZCB,
	RVKVM_RISCV_ISA_EXT_ZCD,
	RVKVM_RISCV_ISA_EXT_ZCF,
	RVKVM_RISCV_ISA_EXT_ZCMOP,
	RVKVM_RISCV_ISA_EXT_ZAWRS,
	RVKVM_RISCV_ISA_EXT_SMNPM,
	RVKVM_RISCV_ISA_EXT_SSNPM,
	RVKVM_RISCV_ISA_EXT_SVADE,
	RVKVM_RISCV_ISA_EXT_SVADU,
	RVKVM_RISCV_ISA_EXT_SVVPTC,
	RVKVM_RISCV_ISA_EXT_ZABHA,
	RVKVM_RISCV_ISA_EXT_ZICCRSE,
	RVKVM_RISCV_ISA_EXT_ZAAMO,
	RVKVM_RISCV_ISA_EXT_ZALRSC,
	RVKVM_RISCV_ISA_EXT_ZICBOP,
	RVKVM_RISCV_ISA_EXT_ZFBFMIN,
	RVKVM_RISCV_ISA_EXT_ZVFBFMIN,
	RVKVM_RISCV_ISA_EXT_ZVFBFWMA,
	RVKVM_RISCV_ISA_EXT_ZCLSD,
	RVKVM_RISCV_ISA_EXT_ZILSD,
	RVKVM_RISCV_ISA_EXT_ZALASR,
	RVKVM_RISCV_ISA_EXT_MAX,
};
#define RVKVM_REG_RISCV_ISA_EXT (0x07 << RVKVM_REG_RISCV_TYPE_SHIFT)
/* SINGLE: index = extension id, value 0/1. MULTI_EN/DIS: index = id / XLEN, value = one bit per
 * id (set bits are enabled, resp. disabled). */
#define RVKVM_REG_RISCV_ISA_SINGLE (0x0 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_ISA_MULTI_EN (0x1 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_ISA_MULTI_DIS (0x2 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_ISA_MULTI_REG(ext_id) ((ext_id) / (8 * sizeof(unsigned long)))
#define RVKVM_REG_RISCV_ISA_MULTI_MASK(ext_id) (1UL << ((ext_id) % (8 * sizeof(unsigned long))))
#define RVKVM_REG_RISCV_ISA_MULTI_REG_LAST \
	RVKVM_REG_RISCV_ISA_MULTI_REG(RVKVM_RISCV_ISA_EXT_MAX - 1)

/* --- type 8: SBI_EXT --------------------------------------------------------------------- */
/* Linux KVM's own numbering of SBI extensions (not the SBI extension ids). */
enum RVKVM_RISCV_SBI_EXT_ID {
	RVKVM_RISCV_SBI_EXT_V01 = 0,
	RVKVM_RISCV_SBI_EXT_TIME,
	RVKVM_RISCV_SBI_EXT_IPI,
	RVKVM_RISCV_SBI_EXT_RFENCE,
	RVKVM_RISCV_SBI_EXT_SRST,
	RVKVM_RISCV_SBI_EXT_HSM,
	RVKVM_RISCV_SBI_EXT_PMU,
	RVKVM_RISCV_SBI_EXT_EXPERIMENTAL,
	RVKVM_RISCV_SBI_EXT_VENDOR,
	RVKVM_RISCV_SBI_EXT_DBCN,
	RVKVM_RISCV_SBI_EXT_STA,
	RVKVM_RISCV_SBI_EXT_SUSP,
	RVKVM_RISCV_SBI_EXT_FWFT,
	RVKVM_RISCV_SBI_EXT_MPXY,
	RVKVM_RISCV_SBI_EXT_MAX,
};
#define RVKVM_REG_RISCV_SBI_EXT (0x08 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_SINGLE (0x0 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_MULTI_EN (0x1 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_MULTI_DIS (0x2 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_MULTI_REG(ext_id) ((ext_id) / (8 * sizeof(unsigned long)))
#define RVKVM_REG_RISCV_SBI_MULTI_MASK(ext_id) (1UL << ((ext_id) % (8 * sizeof(unsigned long))))
#define RVKVM_REG_RISCV_SBI_MULTI_REG_LAST \
	RVKVM_REG_RISCV_SBI_MULTI_REG(RVKVM_RISCV_SBI_EXT_MAX - 1)

/* --- type 9: VECTOR (not implemented by rvkvm: no id of this type exists) ------------------ */
#define RVKVM_REG_RISCV_VECTOR (0x09 << RVKVM_REG_RISCV_TYPE_SHIFT)

/* --- type 10: SBI_STATE, the state of single SBI extensions, in subtypes ------------------- */
struct rvkvm_riscv_sbi_sta {
	unsigned long shmem_lo;
	unsigned long shmem_hi;
};
struct rvkvm_riscv_sbi_fwft_feature {
	unsigned long enable; /* the feature is offered to the guest */
	unsigned long flags;  /* SBI FWFT flags the guest set (bit 0: LOCK) */
	unsigned long value;  /* the value the guest set */
};
struct rvkvm_riscv_sbi_fwft {
	struct rvkvm_riscv_sbi_fwft_feature misaligned_deleg;
	struct rvkvm_riscv_sbi_fwft_feature pointer_masking;
};
#define RVKVM_REG_RISCV_SBI_STATE (0x0a << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_STA (0x0 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_STA_REG(name) \
	(offsetof(struct rvkvm_riscv_sbi_sta, name) / sizeof(unsigned long))
#define RVKVM_REG_RISCV_SBI_FWFT (0x1 << RVKVM_REG_RISCV_SUBTYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_FWFT_REG(name) \
	(offsetof(struct rvkvm_riscv_sbi_fwft, name) / sizeof(unsigned long))

/*
 * --- rvkvm's own classes -------------------------------------------------------------------
 * Linux uses types 1 to 10; rvkvm's own start at 0x80 so that Linux can add many more before
 * they could meet. A VMM written for both must use them only under rvkvm.
 */

/*
 * Type 0x80, SBI_VMM: which SBI extensions the VMM implements itself. Index: the same
 * RVKVM_RISCV_SBI_EXT_* id as SBI_EXT (EXPERIMENTAL and VENDOR name their whole eid ranges);
 * value 1: every call into that extension is an RVKVM_EXIT_RISCV_SBI exit instead of being
 * handled by the core, and BASE probe_extension reports it present; 0 (default): the core's.
 * Changes only before the vCPU first runs. Size: unsigned long.
 */
#define RVKVM_REG_RISCV_SBI_VMM (0x80ULL << RVKVM_REG_RISCV_TYPE_SHIFT)

/*
 * Type 0x81, EXC_ROUTE: who handles a synchronous exception the guest raises, one register
 * per cause (index = scause code), size unsigned long. Routable causes: 0 (misaligned fetch),
 * 2 (illegal instruction), 3 (breakpoint), 4 and 6 (misaligned load/store), 5 and 7
 * (load/store access fault); the others (ecalls, page faults, guest-page faults, virtual
 * instructions) are always the guest's or the core's. Values:
 *   RVKVM_EXC_ROUTE_CORE  (default) rvkvm's policy, as Linux KVM: illegal instruction,
 *                         breakpoint and misaligned fetch are delegated to the guest in
 *                         hardware; misaligned load/store are delegated when the guest
 *                         asked through SBI FWFT MISALIGNED_EXC_DELEG, else the core passes
 *                         them to the guest; access faults are passed to the guest.
 *   RVKVM_EXC_ROUTE_GUEST delegated to the guest in hardware (hedeleg), always.
 *   RVKVM_EXC_ROUTE_VMM   the vCPU exits with RVKVM_EXIT_RISCV_EXCEPTION, or with
 *                         RVKVM_EXIT_RISCV_CSR for a CSR instruction (illegal and virtual
 *                         instruction traps of CSR accesses the core does not emulate).
 * The VMM's choice wins over FWFT: once the VMM routes cause 4 or 6 anywhere but CORE, the
 * guest's MISALIGNED_EXC_DELEG set returns SBI_ERR_DENIED and its get reports the VMM's
 * choice. Changes take effect at once (the vCPU is put, then reloaded with the new hedeleg).
 */
#define RVKVM_REG_RISCV_EXC_ROUTE (0x81ULL << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_EXC_ROUTE_CORE 0
#define RVKVM_EXC_ROUTE_GUEST 1
#define RVKVM_EXC_ROUTE_VMM 2
#define RVKVM_EXC_ROUTE_CAUSES \
	((1UL << 0) | (1UL << 2) | (1UL << 3) | (1UL << 4) | (1UL << 5) | (1UL << 6) | (1UL << 7))
#define RVKVM_EXC_ROUTE_NR 8 /* routable causes are below this */

/* XLEN wide like rvkvm's other classes (it said U64, which the core refuses on rv32). */
#define RVKVM_REG_RISCV_EXC_ROUTE_REG(cause) \
	(RVKVM_REG_RISCV | RVKVM_REG_SIZE_ULONG | RVKVM_REG_RISCV_EXC_ROUTE | (uint64_t)(cause))

/*
 * Type 0x82, SBI_EXT_RVKVM: SBI_EXT for the SBI extensions the core implements that Linux's
 * asm/kvm.h has no RVKVM_RISCV_SBI_EXT_* id for (up to Debian forky's headers). Index: an
 * RVKVM_RISCV_SBI_EXT_RVKVM_* id; value 1 (the default, where the host can do it): offered;
 * 0: BASE probe_extension reports it absent and its calls answer SBI_ERR_NOT_SUPPORTED, as for
 * SBI_EXT. Changes only before the vCPU first runs. Size: unsigned long. No MULTI subtypes.
 */
#define RVKVM_REG_RISCV_SBI_EXT_RVKVM (0x82ULL << RVKVM_REG_RISCV_TYPE_SHIFT)
enum RVKVM_RISCV_SBI_EXT_RVKVM_ID {
	RVKVM_RISCV_SBI_EXT_RVKVM_SSE = 0,
	RVKVM_RISCV_SBI_EXT_RVKVM_DBTR,
	RVKVM_RISCV_SBI_EXT_RVKVM_MAX,
};

#endif
