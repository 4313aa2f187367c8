/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ONE_REG names rvkvm shares with Linux, listed once for the header-id test: each list is
 * expanded once against Linux's <asm/kvm.h> (prefix KVM_) and once against rvkvm/reg.h (prefix
 * RVKVM_), and tests/unit/test_reg_ids.c compares the two tables entry by entry. The lists
 * follow the Linux versions that added the names: 6.1 (Debian's linux-libc-dev-riscv64-cross),
 * 6.12 (trixie's linux-libc-dev) and newer (forky's).
 *
 * N(name): a constant both spell <prefix>name. E(label, expr): an expression built with P(x),
 * which pastes the prefix onto x: function-like macros and whole register ids.
 * No include guard: each table file expands the lists with its own N, E and P.
 */

/* The lists are laid out by hand, a few names a line. */
/* clang-format off */
struct reg_id {
	const char *name;
	unsigned long long value;
};

/*
 * A whole id; sub is an expression (0, or P(subtype): P() must not nest inside P()). The
 * registers of an unsigned long are REG_SIZE_ULONG: U64 on rv64, U32 on rv32 (Linux's
 * KVM_REG_SIZE_ULONG, which its uapi headers leave to the user: reg_ids_linux.c defines it).
 */
#define REG_ID_FULL(E, label, size, type, sub, index) \
	E(label, P(REG_RISCV) | P(size) | P(type) | (sub) | (index))

#define REG_IDS_LINUX_6_1(N, E)                                                                 \
	N(REG_ARCH_MASK) N(REG_RISCV) N(REG_SIZE_SHIFT) N(REG_SIZE_MASK) N(REG_SIZE_U8)          \
	N(REG_SIZE_U16) N(REG_SIZE_U32) N(REG_SIZE_U64) N(REG_SIZE_U128) N(REG_SIZE_U256)        \
	N(REG_SIZE_U512) N(REG_SIZE_U1024) N(REG_SIZE_U2048)                                     \
	E(REG_SIZE_of_U32, P(REG_SIZE)(P(REG_SIZE_U32))) E(REG_SIZE_of_U64, P(REG_SIZE)(P(REG_SIZE_U64))) \
	N(REG_RISCV_TYPE_MASK) N(REG_RISCV_TYPE_SHIFT)                                           \
	N(REG_RISCV_CONFIG) N(REG_RISCV_CORE) N(REG_RISCV_CSR) N(REG_RISCV_TIMER)                \
	N(REG_RISCV_FP_F) N(REG_RISCV_FP_D) N(REG_RISCV_ISA_EXT)                                 \
	E(CONFIG_isa, P(REG_RISCV_CONFIG_REG)(isa))                                              \
	E(CONFIG_zicbom_block_size, P(REG_RISCV_CONFIG_REG)(zicbom_block_size))                  \
	E(CORE_pc, P(REG_RISCV_CORE_REG)(regs.pc)) E(CORE_ra, P(REG_RISCV_CORE_REG)(regs.ra))    \
	E(CORE_sp, P(REG_RISCV_CORE_REG)(regs.sp)) E(CORE_gp, P(REG_RISCV_CORE_REG)(regs.gp))    \
	E(CORE_tp, P(REG_RISCV_CORE_REG)(regs.tp)) E(CORE_t0, P(REG_RISCV_CORE_REG)(regs.t0))    \
	E(CORE_t1, P(REG_RISCV_CORE_REG)(regs.t1)) E(CORE_t2, P(REG_RISCV_CORE_REG)(regs.t2))    \
	E(CORE_s0, P(REG_RISCV_CORE_REG)(regs.s0)) E(CORE_s1, P(REG_RISCV_CORE_REG)(regs.s1))    \
	E(CORE_a0, P(REG_RISCV_CORE_REG)(regs.a0)) E(CORE_a1, P(REG_RISCV_CORE_REG)(regs.a1))    \
	E(CORE_a2, P(REG_RISCV_CORE_REG)(regs.a2)) E(CORE_a3, P(REG_RISCV_CORE_REG)(regs.a3))    \
	E(CORE_a4, P(REG_RISCV_CORE_REG)(regs.a4)) E(CORE_a5, P(REG_RISCV_CORE_REG)(regs.a5))    \
	E(CORE_a6, P(REG_RISCV_CORE_REG)(regs.a6)) E(CORE_a7, P(REG_RISCV_CORE_REG)(regs.a7))    \
	E(CORE_s2, P(REG_RISCV_CORE_REG)(regs.s2)) E(CORE_s3, P(REG_RISCV_CORE_REG)(regs.s3))    \
	E(CORE_s4, P(REG_RISCV_CORE_REG)(regs.s4)) E(CORE_s5, P(REG_RISCV_CORE_REG)(regs.s5))    \
	E(CORE_s6, P(REG_RISCV_CORE_REG)(regs.s6)) E(CORE_s7, P(REG_RISCV_CORE_REG)(regs.s7))    \
	E(CORE_s8, P(REG_RISCV_CORE_REG)(regs.s8)) E(CORE_s9, P(REG_RISCV_CORE_REG)(regs.s9))    \
	E(CORE_s10, P(REG_RISCV_CORE_REG)(regs.s10)) E(CORE_s11, P(REG_RISCV_CORE_REG)(regs.s11)) \
	E(CORE_t3, P(REG_RISCV_CORE_REG)(regs.t3)) E(CORE_t4, P(REG_RISCV_CORE_REG)(regs.t4))    \
	E(CORE_t5, P(REG_RISCV_CORE_REG)(regs.t5)) E(CORE_t6, P(REG_RISCV_CORE_REG)(regs.t6))    \
	E(CORE_mode, P(REG_RISCV_CORE_REG)(mode)) N(RISCV_MODE_S) N(RISCV_MODE_U)                \
	E(CSR_sstatus, P(REG_RISCV_CSR_REG)(sstatus)) E(CSR_sie, P(REG_RISCV_CSR_REG)(sie))      \
	E(CSR_stvec, P(REG_RISCV_CSR_REG)(stvec)) E(CSR_sscratch, P(REG_RISCV_CSR_REG)(sscratch)) \
	E(CSR_sepc, P(REG_RISCV_CSR_REG)(sepc)) E(CSR_scause, P(REG_RISCV_CSR_REG)(scause))      \
	E(CSR_stval, P(REG_RISCV_CSR_REG)(stval)) E(CSR_sip, P(REG_RISCV_CSR_REG)(sip))          \
	E(CSR_satp, P(REG_RISCV_CSR_REG)(satp))                                                  \
	E(CSR_scounteren, P(REG_RISCV_CSR_REG)(scounteren))                                      \
	E(TIMER_frequency, P(REG_RISCV_TIMER_REG)(frequency))                                    \
	E(TIMER_time, P(REG_RISCV_TIMER_REG)(time))                                              \
	E(TIMER_compare, P(REG_RISCV_TIMER_REG)(compare))                                        \
	E(TIMER_state, P(REG_RISCV_TIMER_REG)(state))                                            \
	N(RISCV_TIMER_STATE_OFF) N(RISCV_TIMER_STATE_ON)                                         \
	E(FP_F_f0, P(REG_RISCV_FP_F_REG)(f[0])) E(FP_F_f17, P(REG_RISCV_FP_F_REG)(f[17]))        \
	E(FP_F_f31, P(REG_RISCV_FP_F_REG)(f[31])) E(FP_F_fcsr, P(REG_RISCV_FP_F_REG)(fcsr))      \
	E(FP_D_f0, P(REG_RISCV_FP_D_REG)(f[0])) E(FP_D_f17, P(REG_RISCV_FP_D_REG)(f[17]))        \
	E(FP_D_f31, P(REG_RISCV_FP_D_REG)(f[31])) E(FP_D_fcsr, P(REG_RISCV_FP_D_REG)(fcsr))      \
	N(RISCV_ISA_EXT_A) N(RISCV_ISA_EXT_C) N(RISCV_ISA_EXT_D) N(RISCV_ISA_EXT_F)              \
	N(RISCV_ISA_EXT_H) N(RISCV_ISA_EXT_I) N(RISCV_ISA_EXT_M) N(RISCV_ISA_EXT_SVPBMT)         \
	N(RISCV_ISA_EXT_SSTC) N(RISCV_ISA_EXT_SVINVAL) N(RISCV_ISA_EXT_ZIHINTPAUSE)              \
	N(RISCV_ISA_EXT_ZICBOM)                                                                  \
	REG_ID_FULL(E, ID_CONFIG_isa, REG_SIZE_ULONG, REG_RISCV_CONFIG, 0, P(REG_RISCV_CONFIG_REG)(isa)) \
	REG_ID_FULL(E, ID_CORE_a0, REG_SIZE_ULONG, REG_RISCV_CORE, 0, P(REG_RISCV_CORE_REG)(regs.a0)) \
	REG_ID_FULL(E, ID_CSR_satp, REG_SIZE_ULONG, REG_RISCV_CSR, 0, P(REG_RISCV_CSR_REG)(satp))     \
	REG_ID_FULL(E, ID_TIMER_compare, REG_SIZE_U64, REG_RISCV_TIMER, 0,                        \
		    P(REG_RISCV_TIMER_REG)(compare))                                             \
	REG_ID_FULL(E, ID_FP_F_fcsr, REG_SIZE_U32, REG_RISCV_FP_F, 0, P(REG_RISCV_FP_F_REG)(fcsr))  \
	REG_ID_FULL(E, ID_FP_D_f5, REG_SIZE_U64, REG_RISCV_FP_D, 0, P(REG_RISCV_FP_D_REG)(f[5]))    \
	REG_ID_FULL(E, ID_ISA_EXT_SSTC, REG_SIZE_ULONG, REG_RISCV_ISA_EXT, 0, P(RISCV_ISA_EXT_SSTC))

#define REG_IDS_LINUX_6_12(N, E)                                                                \
	N(REG_RISCV_SUBTYPE_MASK) N(REG_RISCV_SUBTYPE_SHIFT)                                     \
	E(CONFIG_mvendorid, P(REG_RISCV_CONFIG_REG)(mvendorid))                                  \
	E(CONFIG_marchid, P(REG_RISCV_CONFIG_REG)(marchid))                                      \
	E(CONFIG_mimpid, P(REG_RISCV_CONFIG_REG)(mimpid))                                        \
	E(CONFIG_zicboz_block_size, P(REG_RISCV_CONFIG_REG)(zicboz_block_size))                  \
	E(CONFIG_satp_mode, P(REG_RISCV_CONFIG_REG)(satp_mode))                                  \
	E(CSR_senvcfg, P(REG_RISCV_CSR_REG)(senvcfg))                                            \
	N(REG_RISCV_CSR_GENERAL) N(REG_RISCV_CSR_AIA) N(REG_RISCV_CSR_SMSTATEEN)                 \
	E(CSR_AIA_siselect, P(REG_RISCV_CSR_AIA_REG)(siselect))                                  \
	E(CSR_AIA_iprio1, P(REG_RISCV_CSR_AIA_REG)(iprio1))                                      \
	E(CSR_AIA_iprio2, P(REG_RISCV_CSR_AIA_REG)(iprio2))                                      \
	E(CSR_AIA_sieh, P(REG_RISCV_CSR_AIA_REG)(sieh))                                          \
	E(CSR_AIA_siph, P(REG_RISCV_CSR_AIA_REG)(siph))                                          \
	E(CSR_AIA_iprio1h, P(REG_RISCV_CSR_AIA_REG)(iprio1h))                                    \
	E(CSR_AIA_iprio2h, P(REG_RISCV_CSR_AIA_REG)(iprio2h))                                    \
	E(CSR_SMSTATEEN_sstateen0, P(REG_RISCV_CSR_SMSTATEEN_REG)(sstateen0))                    \
	N(RISCV_ISA_EXT_ZICBOZ) N(RISCV_ISA_EXT_ZBB) N(RISCV_ISA_EXT_SSAIA) N(RISCV_ISA_EXT_V)   \
	N(RISCV_ISA_EXT_SVNAPOT) N(RISCV_ISA_EXT_ZBA) N(RISCV_ISA_EXT_ZBS)                       \
	N(RISCV_ISA_EXT_ZICNTR) N(RISCV_ISA_EXT_ZICSR) N(RISCV_ISA_EXT_ZIFENCEI)                 \
	N(RISCV_ISA_EXT_ZIHPM) N(RISCV_ISA_EXT_SMSTATEEN) N(RISCV_ISA_EXT_ZICOND)                \
	N(RISCV_ISA_EXT_ZBC) N(RISCV_ISA_EXT_ZBKB) N(RISCV_ISA_EXT_ZBKC) N(RISCV_ISA_EXT_ZBKX)   \
	N(RISCV_ISA_EXT_ZKND) N(RISCV_ISA_EXT_ZKNE) N(RISCV_ISA_EXT_ZKNH) N(RISCV_ISA_EXT_ZKR)   \
	N(RISCV_ISA_EXT_ZKSED) N(RISCV_ISA_EXT_ZKSH) N(RISCV_ISA_EXT_ZKT) N(RISCV_ISA_EXT_ZVBB)  \
	N(RISCV_ISA_EXT_ZVBC) N(RISCV_ISA_EXT_ZVKB) N(RISCV_ISA_EXT_ZVKG)                        \
	N(RISCV_ISA_EXT_ZVKNED) N(RISCV_ISA_EXT_ZVKNHA) N(RISCV_ISA_EXT_ZVKNHB)                  \
	N(RISCV_ISA_EXT_ZVKSED) N(RISCV_ISA_EXT_ZVKSH) N(RISCV_ISA_EXT_ZVKT)                     \
	N(RISCV_ISA_EXT_ZFH) N(RISCV_ISA_EXT_ZFHMIN) N(RISCV_ISA_EXT_ZIHINTNTL)                  \
	N(RISCV_ISA_EXT_ZVFH) N(RISCV_ISA_EXT_ZVFHMIN) N(RISCV_ISA_EXT_ZFA) N(RISCV_ISA_EXT_ZTSO) \
	N(RISCV_ISA_EXT_ZACAS) N(RISCV_ISA_EXT_SSCOFPMF) N(RISCV_ISA_EXT_ZIMOP)                  \
	N(RISCV_ISA_EXT_ZCA) N(RISCV_ISA_EXT_ZCB) N(RISCV_ISA_EXT_ZCD) N(RISCV_ISA_EXT_ZCF)      \
	N(RISCV_ISA_EXT_ZCMOP) N(RISCV_ISA_EXT_ZAWRS)                                            \
	N(REG_RISCV_ISA_SINGLE) N(REG_RISCV_ISA_MULTI_EN) N(REG_RISCV_ISA_MULTI_DIS)             \
	E(ISA_MULTI_REG_0, P(REG_RISCV_ISA_MULTI_REG)(0))                                        \
	E(ISA_MULTI_REG_70, P(REG_RISCV_ISA_MULTI_REG)(70))                                      \
	E(ISA_MULTI_MASK_0, P(REG_RISCV_ISA_MULTI_MASK)(0))                                      \
	E(ISA_MULTI_MASK_70, P(REG_RISCV_ISA_MULTI_MASK)(70))                                    \
	N(REG_RISCV_SBI_EXT) N(REG_RISCV_SBI_SINGLE) N(REG_RISCV_SBI_MULTI_EN)                   \
	N(REG_RISCV_SBI_MULTI_DIS)                                                               \
	E(SBI_MULTI_REG_0, P(REG_RISCV_SBI_MULTI_REG)(0))                                        \
	E(SBI_MULTI_REG_65, P(REG_RISCV_SBI_MULTI_REG)(65))                                      \
	E(SBI_MULTI_MASK_3, P(REG_RISCV_SBI_MULTI_MASK)(3))                                      \
	E(SBI_MULTI_MASK_65, P(REG_RISCV_SBI_MULTI_MASK)(65))                                    \
	N(RISCV_SBI_EXT_V01) N(RISCV_SBI_EXT_TIME) N(RISCV_SBI_EXT_IPI) N(RISCV_SBI_EXT_RFENCE)  \
	N(RISCV_SBI_EXT_SRST) N(RISCV_SBI_EXT_HSM) N(RISCV_SBI_EXT_PMU)                          \
	N(RISCV_SBI_EXT_EXPERIMENTAL) N(RISCV_SBI_EXT_VENDOR) N(RISCV_SBI_EXT_DBCN)              \
	N(RISCV_SBI_EXT_STA) N(REG_RISCV_VECTOR) N(REG_RISCV_SBI_STATE) N(REG_RISCV_SBI_STA)     \
	E(SBI_STA_shmem_lo, P(REG_RISCV_SBI_STA_REG)(shmem_lo))                                  \
	E(SBI_STA_shmem_hi, P(REG_RISCV_SBI_STA_REG)(shmem_hi))                                  \
	REG_ID_FULL(E, ID_CONFIG_satp_mode, REG_SIZE_ULONG, REG_RISCV_CONFIG, 0,                      \
		    P(REG_RISCV_CONFIG_REG)(satp_mode))                                          \
	REG_ID_FULL(E, ID_CSR_SMSTATEEN_sstateen0, REG_SIZE_ULONG,                                 \
		    REG_RISCV_CSR, P(REG_RISCV_CSR_SMSTATEEN),                                  \
		    P(REG_RISCV_CSR_SMSTATEEN_REG)(sstateen0))                                   \
	REG_ID_FULL(E, ID_ISA_MULTI_DIS_1, REG_SIZE_ULONG, REG_RISCV_ISA_EXT, P(REG_RISCV_ISA_MULTI_DIS), 1) \
	REG_ID_FULL(E, ID_SBI_EXT_DBCN, REG_SIZE_ULONG, REG_RISCV_SBI_EXT, P(REG_RISCV_SBI_SINGLE), \
		    P(RISCV_SBI_EXT_DBCN))                                                       \
	REG_ID_FULL(E, ID_SBI_STA_shmem_hi, REG_SIZE_ULONG, REG_RISCV_SBI_STATE, P(REG_RISCV_SBI_STA), \
		    P(REG_RISCV_SBI_STA_REG)(shmem_hi))

#define REG_IDS_LINUX_NEWER(N, E)                                                               \
	E(CONFIG_zicbop_block_size, P(REG_RISCV_CONFIG_REG)(zicbop_block_size))                  \
	N(RISCV_ISA_EXT_SMNPM) N(RISCV_ISA_EXT_SSNPM) N(RISCV_ISA_EXT_SVADE)                     \
	N(RISCV_ISA_EXT_SVADU) N(RISCV_ISA_EXT_SVVPTC) N(RISCV_ISA_EXT_ZABHA)                    \
	N(RISCV_ISA_EXT_ZICCRSE) N(RISCV_ISA_EXT_ZAAMO) N(RISCV_ISA_EXT_ZALRSC)                  \
	N(RISCV_ISA_EXT_ZICBOP) N(RISCV_ISA_EXT_ZFBFMIN) N(RISCV_ISA_EXT_ZVFBFMIN)               \
	N(RISCV_ISA_EXT_ZVFBFWMA) N(RISCV_ISA_EXT_ZCLSD) N(RISCV_ISA_EXT_ZILSD)                  \
	N(RISCV_ISA_EXT_ZALASR)                                                                  \
	N(RISCV_SBI_EXT_SUSP) N(RISCV_SBI_EXT_FWFT) N(RISCV_SBI_EXT_MPXY) N(REG_RISCV_SBI_FWFT)  \
	E(FWFT_misaligned_deleg_enable, P(REG_RISCV_SBI_FWFT_REG)(misaligned_deleg.enable))      \
	E(FWFT_misaligned_deleg_flags, P(REG_RISCV_SBI_FWFT_REG)(misaligned_deleg.flags))        \
	E(FWFT_misaligned_deleg_value, P(REG_RISCV_SBI_FWFT_REG)(misaligned_deleg.value))        \
	E(FWFT_pointer_masking_enable, P(REG_RISCV_SBI_FWFT_REG)(pointer_masking.enable))        \
	E(FWFT_pointer_masking_flags, P(REG_RISCV_SBI_FWFT_REG)(pointer_masking.flags))          \
	E(FWFT_pointer_masking_value, P(REG_RISCV_SBI_FWFT_REG)(pointer_masking.value))          \
	REG_ID_FULL(E, ID_FWFT_pointer_masking_value, REG_SIZE_ULONG,                              \
		    REG_RISCV_SBI_STATE, P(REG_RISCV_SBI_FWFT),                                 \
		    P(REG_RISCV_SBI_FWFT_REG)(pointer_masking.value))

/* The entries of one table: P must be defined by the includer. */
#define REG_ID_N(x) { #x, (unsigned long long)(P(x)) },
#define REG_ID_E(label, expr) { #label, (unsigned long long)(expr) },
/* clang-format on */
