/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of Zicsr decoding (core/insn_csr.c) and of the VMM's CSR and SBI answers (vmm/guest_traps.c, vmm/sbi_vendor.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/insn_csr.h"
#include "lib/sbi_spec.h"
#include "vmm/guest_traps.h"
#include "vmm/sbi_vendor.h"
#include "vmm/sbi_vmm.h"

/* I-type: csr[31:20] rs1[19:15] funct3[14:12] rd[11:7] opcode 0x73. */
static uint32_t csr_insn(unsigned csr, unsigned rs1, unsigned funct3, unsigned rd)
{
	return (csr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73u;
}

static void test_decode_all_forms(void **state)
{
	static const struct {
		unsigned funct3;
		uint8_t op;
		bool imm;
	} forms[] = { { 1, INSN_CSR_RW, false }, { 2, INSN_CSR_RS, false },
		      { 3, INSN_CSR_RC, false }, { 5, INSN_CSR_RW, true },
		      { 6, INSN_CSR_RS, true },  { 7, INSN_CSR_RC, true } };
	struct insn_csr c;

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_true(insn_decode_csr(csr_insn(0x8c0, 17, forms[i].funct3, 31), &c));
		assert_int_equal(c.csr, 0x8c0);
		assert_int_equal(c.rs1, 17);
		assert_int_equal(c.rd, 31);
		assert_int_equal(c.op, forms[i].op);
		assert_int_equal(c.imm, forms[i].imm);
	}
	assert_true(insn_decode_csr(csr_insn(0xfff, 0, 1, 0), &c));
	assert_int_equal(c.csr, 0xfff);
}

static void test_decode_rejects_others(void **state)
{
	struct insn_csr c;

	(void)state;
	assert_false(insn_decode_csr(0x00000073u, &c));              /* ecall */
	assert_false(insn_decode_csr(0x00100073u, &c));              /* ebreak */
	assert_false(insn_decode_csr(0x10500073u, &c));              /* wfi */
	assert_false(insn_decode_csr(0x30200073u, &c));              /* mret */
	assert_false(insn_decode_csr(csr_insn(0x8c0, 1, 4, 2), &c)); /* funct3 4: HLV/HSV */
	assert_false(
		insn_decode_csr(csr_insn(0x8c0, 1, 1, 2) ^ 0x73u ^ 0x33u, &c)); /* OP, not SYSTEM */
}

static void test_effect(void **state)
{
	struct insn_csr c = { .op = INSN_CSR_RW };
	unsigned long nv, mask;

	(void)state;
	insn_csr_effect(&c, 0x1234, &nv, &mask);
	assert_int_equal(nv, 0x1234);
	assert_int_equal(mask, ~0UL);
	c.op = INSN_CSR_RS;
	insn_csr_effect(&c, 0xf0, &nv, &mask);
	assert_int_equal(nv & mask, 0xf0);
	assert_int_equal(mask, 0xf0);
	c.op = INSN_CSR_RC;
	insn_csr_effect(&c, 0xf0, &nv, &mask);
	assert_int_equal(nv & mask, 0);
	assert_int_equal(mask, 0xf0);
	insn_csr_effect(&c, 0, &nv, &mask); /* csrrc x0: a pure read */
	assert_int_equal(mask, 0);
}

static struct vmm_vm vm;

/* vmm/sbi_vmm.c's view of a test slot (vmm/test_hooks.c, not linked here): these VMs have none. */
uint8_t *test_hooks_guest_ptr(const struct vmm_vm *v, uint64_t gpa, uint64_t len)
{
	(void)v, (void)gpa, (void)len;
	return NULL;
}

/* A fake core behind ONE_REG: the VMM reaches the guest's registers only through it. */
static unsigned long fake_regs[33]; /* pc, x1..x31, mode */

int rvkvm_get_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, void *value)
{
	uint64_t index = id & 0xffff;

	(void)vcpu;
	assert_int_equal(id & ~0xffffULL, RVKVM_REG_RISCV_CORE_ID(0));
	assert_true(index < 33);
	memcpy(value, &fake_regs[index], sizeof(unsigned long));
	return 0;
}

int rvkvm_set_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, const void *value)
{
	uint64_t index = id & 0xffff;

	(void)vcpu;
	assert_int_equal(id & ~0xffffULL, RVKVM_REG_RISCV_CORE_ID(0));
	assert_true(index >= 1 && index < 32 ? true : index == 0);
	memcpy(&fake_regs[index], value, sizeof(unsigned long));
	return 0;
}

static struct rvkvm_exit exc_exit(unsigned long cause, uint32_t insn, uint32_t len)
{
	struct rvkvm_exit e;

	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_EXCEPTION;
	e.riscv_exception.cause = cause;
	e.riscv_exception.pc = 0x80001000;
	e.riscv_exception.insn = insn;
	e.riscv_exception.insn_len = len;
	return e;
}

static void test_vmm_emulates_add1(void **state)
{
	struct rvkvm_exit e;

	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(fake_regs, 0, sizeof(fake_regs));
	fake_regs[5] = 40;
	fake_regs[6] = 1;
	e = exc_exit(2, GUEST_TRAPS_INSN_ADD1(10u, 5u, 6u), 4);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_RESUME);
	assert_int_equal(fake_regs[10], 42);
	assert_int_equal(fake_regs[0], 0x80001004); /* pc past the instruction */
	/* rd = x0: computed and dropped; x0 never written. */
	e = exc_exit(2, GUEST_TRAPS_INSN_ADD1(0u, 5u, 6u), 4);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_RESUME);
	assert_int_equal(vm.test.emulated_insns, 2);
	/* Other custom-0 forms, other opcodes and unreadable instructions go back to the guest. */
	e = exc_exit(2, GUEST_TRAPS_INSN_ADD1(10u, 5u, 6u) | (1u << 12), 4);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_INJECT);
	e = exc_exit(2, GUEST_TRAPS_INSN_ADD1(10u, 5u, 6u) | (1u << 25), 4);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_INJECT);
	e = exc_exit(2, 0, 0);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_INJECT);
	e = exc_exit(4, 0x0005b503u, 4); /* a misaligned load: not the VMM's business */
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_INJECT);
	/* The add1 bits at a pc that faulted for another cause (a misaligned fetch): not emulated. */
	e = exc_exit(0, GUEST_TRAPS_INSN_ADD1(10u, 5u, 6u), 4);
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_INJECT);
	assert_int_equal(vm.test.emulated_insns, 2);
}

static void test_vmm_steps_over_breakpoints(void **state)
{
	struct rvkvm_exit e;

	(void)state;
	memset(&vm, 0, sizeof(vm));
	e = exc_exit(3, 0x9002, 2); /* c.ebreak */
	guest_traps_exception(&vm, NULL, &e);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_RESUME);
	assert_int_equal(fake_regs[0], 0x80001002);
	assert_int_equal(vm.test.breakpoints, 1);
}

static struct rvkvm_exit csr_exit(unsigned long csr, unsigned long nv, unsigned long mask)
{
	struct rvkvm_exit e;

	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_CSR;
	e.riscv_csr.csr_num = csr;
	e.riscv_csr.new_value = nv;
	e.riscv_csr.write_mask = mask;
	return e;
}

static void test_vmm_scratch_csr(void **state)
{
	struct rvkvm_exit e;

	(void)state;
	memset(&vm, 0, sizeof(vm));
	e = csr_exit(GUEST_TRAPS_CSR_SCRATCH, 0xabc, ~0UL);
	guest_traps_csr(&vm, 1, &e);
	assert_int_equal(e.riscv_csr.ret_value, 0);
	assert_int_equal(e.riscv_csr.action, RVKVM_EXC_ACTION_RESUME);
	e = csr_exit(GUEST_TRAPS_CSR_SCRATCH, ~0UL, 0xf000);
	guest_traps_csr(&vm, 1, &e);
	assert_int_equal(e.riscv_csr.ret_value, 0xabc);
	assert_int_equal(vm.test.scratch_csr[1], 0xfabc);
	assert_int_equal(vm.test.scratch_csr[0], 0); /* one register per vCPU */
	e = csr_exit(0x8c1, 1, ~0UL);
	guest_traps_csr(&vm, 1, &e);
	assert_int_equal(e.riscv_csr.action, RVKVM_EXC_ACTION_INJECT);
	assert_int_equal(vm.test.scratch_csr[1], 0xfabc);
	e = csr_exit(GUEST_TRAPS_CSR_SCRATCH, 1, ~0UL);
	guest_traps_csr(&vm, VMM_MAX_VCPUS, &e); /* no such vCPU: never an out-of-bounds write */
	assert_int_equal(e.riscv_csr.action, RVKVM_EXC_ACTION_INJECT);
}

static struct rvkvm_exit sbi_exit(unsigned long eid, unsigned long fid)
{
	struct rvkvm_exit e;

	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_SBI;
	e.riscv_sbi.extension_id = eid;
	e.riscv_sbi.function_id = fid;
	e.riscv_sbi.args[0] = 1;
	e.riscv_sbi.args[1] = 2;
	e.riscv_sbi.args[2] = 3;
	e.riscv_sbi.ret[0] = (unsigned long)SBI_ERR_NOT_SUPPORTED;
	return e;
}

static void test_vmm_vendor_sbi(void **state)
{
	struct rvkvm_exit e;

	(void)state;
	memset(&vm, 0, sizeof(vm));
	vm.mvendorid = 0x1234567; /* only the low 24 bits pick the id */
	e = sbi_exit(SBI_VENDOR_BASE | 0x234567, 0);
	assert_true(sbi_vendor_call(&vm, 3, &e));
	assert_int_equal(e.riscv_sbi.ret[0], SBI_SUCCESS);
	assert_int_equal(e.riscv_sbi.ret[1], SBI_VENDOR_MAGIC);
	e = sbi_exit(SBI_VENDOR_BASE | 0x234567, 1);
	assert_true(sbi_vendor_call(&vm, 3, &e));
	assert_int_equal(e.riscv_sbi.ret[1], 6);
	e = sbi_exit(SBI_VENDOR_BASE | 0x234567, 2);
	assert_true(sbi_vendor_call(&vm, 3, &e));
	assert_int_equal(e.riscv_sbi.ret[1], 3);
	e = sbi_exit(SBI_VENDOR_BASE | 0x234567, 9);
	assert_true(sbi_vendor_call(&vm, 3, &e));
	assert_int_equal((long)e.riscv_sbi.ret[0], SBI_ERR_NOT_SUPPORTED);
	e = sbi_exit(SBI_VENDOR_BASE, 0); /* another vendor */
	assert_false(sbi_vendor_call(&vm, 3, &e));
	assert_int_equal((long)e.riscv_sbi.ret[0], SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(e.riscv_sbi.ret[1], 0);
	assert_int_equal(vm.vmm_sbi_calls, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_all_forms),
		cmocka_unit_test(test_decode_rejects_others),
		cmocka_unit_test(test_effect),
		cmocka_unit_test(test_vmm_scratch_csr),
		cmocka_unit_test(test_vmm_vendor_sbi),
		cmocka_unit_test(test_vmm_emulates_add1),
		cmocka_unit_test(test_vmm_steps_over_breakpoints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
