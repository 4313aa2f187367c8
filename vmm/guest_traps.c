/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The test image's demos of guest traps routed to the VMM (RVKVM_REG_RISCV_EXC_ROUTE): it
 * emulates rvkvm's demonstration instruction and a scratch CSR, steps over breakpoints, and
 * hands every other exception back to the guest, as the product image does with all of them.
 */
#include "vmm/guest_traps.h"

#include "rvkvm/host.h"

#define OPC_CUSTOM0 0x0bu
#define FIELD5 0x1fu
#define RD_SHIFT 7
#define FUNCT3_SHIFT 12
#define RS1_SHIFT 15
#define RS2_SHIFT 20
#define FUNCT7_SHIFT 25
#define EXC_ILLEGAL_INSN 2
#define EXC_BREAKPOINT 3

static unsigned long get_x(struct rvkvm_vcpu *vcpu, unsigned n)
{
	unsigned long v = 0;

	if (n != 0) {
		rvkvm_get_one_reg(vcpu, RVKVM_REG_RISCV_CORE_ID(RVKVM_REG_RISCV_CORE_INDEX_X(n)),
				  &v);
	}
	return v;
}

static void set_x(struct rvkvm_vcpu *vcpu, unsigned n, unsigned long v)
{
	if (n != 0) {
		rvkvm_set_one_reg(vcpu, RVKVM_REG_RISCV_CORE_ID(RVKVM_REG_RISCV_CORE_INDEX_X(n)),
				  &v);
	}
}

static void skip(struct rvkvm_vcpu *vcpu, const struct rvkvm_exit *e)
{
	unsigned long pc = e->riscv_exception.pc + e->riscv_exception.insn_len;

	rvkvm_set_one_reg(vcpu, RVKVM_REG_RISCV_CORE_ID(RVKVM_REG_RISCV_CORE_INDEX_PC), &pc);
}

/* GUEST_TRAPS_INSN_ADD1 (custom-0, R-type, funct3 0, funct7 0): rd = rs1 + rs2 + 1. */
static bool emulate_add1(struct rvkvm_vcpu *vcpu, const struct rvkvm_exit *e)
{
	uint32_t insn = e->riscv_exception.insn;

	if (e->riscv_exception.insn_len != 4 || (insn & 0x7fu) != OPC_CUSTOM0 ||
	    ((insn >> FUNCT3_SHIFT) & 0x7u) != 0 || (insn >> FUNCT7_SHIFT) != 0) {
		return false;
	}
	set_x(vcpu, (insn >> RD_SHIFT) & FIELD5,
	      get_x(vcpu, (insn >> RS1_SHIFT) & FIELD5) +
		      get_x(vcpu, (insn >> RS2_SHIFT) & FIELD5) + 1);
	skip(vcpu, e);
	return true;
}

void guest_traps_exception(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e)
{
	if (e->riscv_exception.cause == EXC_BREAKPOINT && e->riscv_exception.insn_len != 0) {
		vm->test.breakpoints++;
		skip(vcpu, e);
		e->riscv_exception.action = RVKVM_EXC_ACTION_RESUME;
		return;
	}
	/* Only an illegal instruction is one to emulate: the same bits may fault for other causes. */
	if (e->riscv_exception.cause == EXC_ILLEGAL_INSN && emulate_add1(vcpu, e)) {
		vm->test.emulated_insns++;
		e->riscv_exception.action = RVKVM_EXC_ACTION_RESUME;
		return;
	}
	/* Not ours to emulate: the guest sees the exception as if it had been delegated. */
	e->riscv_exception.action = RVKVM_EXC_ACTION_INJECT;
}

void guest_traps_csr(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e)
{
	unsigned long *reg;

	if (e->riscv_csr.csr_num != GUEST_TRAPS_CSR_SCRATCH || vcpu_index >= VMM_MAX_VCPUS) {
		/* Nobody emulates this CSR: the guest gets the illegal instruction it would have had. */
		e->riscv_csr.action = RVKVM_EXC_ACTION_INJECT;
		return;
	}
	reg = &vm->test.scratch_csr[vcpu_index];
	e->riscv_csr.ret_value = *reg;
	*reg = (*reg & ~e->riscv_csr.write_mask) |
	       (e->riscv_csr.new_value & e->riscv_csr.write_mask);
}
