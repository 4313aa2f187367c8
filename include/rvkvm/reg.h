/*
 * ONE_REG register ids, bit for bit the encoding of Linux's riscv <asm/kvm.h>
 * with the prefix RVKVM_ in place of KVM_, so a saved register set means the
 * same thing to rvkvm and to Linux KVM.
 */
#ifndef RVKVM_REG_H
#define RVKVM_REG_H

#include <stdint.h>

/* Generic id fields (linux/kvm.h). */
#define RVKVM_REG_ARCH_MASK 0xff00000000000000ULL
#define RVKVM_REG_RISCV 0x8000000000000000ULL
#define RVKVM_REG_SIZE_SHIFT 52
#define RVKVM_REG_SIZE_MASK 0x00f0000000000000ULL
#define RVKVM_REG_SIZE_U32 0x0020000000000000ULL
#define RVKVM_REG_SIZE_U64 0x0030000000000000ULL
#define RVKVM_REG_SIZE(id) (1U << (((id) & RVKVM_REG_SIZE_MASK) >> RVKVM_REG_SIZE_SHIFT))

/* riscv fields (asm/kvm.h). */
#define RVKVM_REG_RISCV_TYPE_MASK 0x00000000FF000000ULL
#define RVKVM_REG_RISCV_TYPE_SHIFT 24
#define RVKVM_REG_RISCV_SUBTYPE_MASK 0x0000000000FF0000ULL
#define RVKVM_REG_RISCV_SUBTYPE_SHIFT 16

#define RVKVM_REG_RISCV_CONFIG (0x01 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_CORE (0x02 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_CSR (0x03 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_TIMER (0x04 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_FP_F (0x05 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_FP_D (0x06 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_ISA_EXT (0x07 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_EXT (0x08 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_VECTOR (0x09 << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_REG_RISCV_SBI_STATE (0x0a << RVKVM_REG_RISCV_TYPE_SHIFT)

/* CORE: struct kvm_riscv_core is { struct user_regs_struct regs (pc, ra, sp, ..., t6); unsigned long mode; }. */
#define RVKVM_REG_RISCV_CORE_INDEX_PC 0
#define RVKVM_REG_RISCV_CORE_INDEX_X(n) (n) /* x1..x31 follow pc in register order */
#define RVKVM_REG_RISCV_CORE_INDEX_MODE 32
#define RVKVM_RISCV_MODE_S 1
#define RVKVM_RISCV_MODE_U 0

#define RVKVM_REG_RISCV_CORE_REG(index) \
	(RVKVM_REG_RISCV | RVKVM_REG_SIZE_U64 | RVKVM_REG_RISCV_CORE | (uint64_t)(index))

/*
 * rvkvm register classes, with type numbers Linux does not use (Linux's are 0x01-0x0a).
 *
 * EXC_ROUTE (type 0x81): who handles a synchronous exception the guest raises, one
 * register per cause (index = scause code), u64:
 *   RVKVM_EXC_ROUTE_CORE  (default) rvkvm's policy, as Linux KVM: illegal instruction,
 *                         breakpoint and misaligned fetch are delegated to the guest in
 *                         hardware; misaligned load/store are delegated when the guest
 *                         asked through SBI FWFT MISALIGNED_EXC_DELEG, else the core
 *                         passes them to the guest; access faults are passed to the guest.
 *   RVKVM_EXC_ROUTE_GUEST delegated to the guest in hardware (hedeleg), always.
 *   RVKVM_EXC_ROUTE_VMM   the vCPU exits with RVKVM_EXIT_RISCV_EXCEPTION, or with
 *                         RVKVM_EXIT_RISCV_CSR for a CSR instruction (illegal and virtual
 *                         instruction traps of CSR accesses the core does not emulate).
 * Routable causes: 0 (misaligned fetch), 2 (illegal instruction), 3 (breakpoint), 4 and 6
 * (misaligned load/store), 5 and 7 (load/store access fault). The VMM's choice wins over
 * FWFT: once the VMM routes cause 4 or 6 anywhere but CORE, the guest's
 * MISALIGNED_EXC_DELEG set returns SBI_ERR_DENIED and its get reports the VMM's choice.
 */
#define RVKVM_REG_RISCV_EXC_ROUTE (0x81ULL << RVKVM_REG_RISCV_TYPE_SHIFT)
#define RVKVM_EXC_ROUTE_CORE 0
#define RVKVM_EXC_ROUTE_GUEST 1
#define RVKVM_EXC_ROUTE_VMM 2
#define RVKVM_REG_RISCV_EXC_ROUTE_REG(cause) \
	(RVKVM_REG_RISCV | RVKVM_REG_SIZE_U64 | RVKVM_REG_RISCV_EXC_ROUTE | (uint64_t)(cause))

#endif
