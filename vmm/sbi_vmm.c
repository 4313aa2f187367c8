/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM's own SBI extensions: what reaches it as RVKVM_EXIT_RISCV_SBI and it chooses to answer. */
#include "vmm/sbi_vmm.h"

#include "lib/sbi_spec.h"
#include "rvkvm/host.h"
#include "vmm/machine.h"

/* The VMM's view of [gpa, gpa+len) when it is all guest RAM (the RAM or a test slot), else NULL. */
static uint8_t *guest_ptr(const struct vmm_vm *vm, unsigned long lo, unsigned long hi,
			  unsigned long len)
{
	uint8_t *p;

	if (hi != 0 || lo + len < lo) {
		return NULL;
	}
	if ((p = guest_mem_ptr(&vm->guest_mem, lo, len)) != NULL) {
		return p;
	}
	return test_hooks_guest_ptr(vm, lo, len);
}

static void dbcn(struct vmm_vm *vm, struct rvkvm_exit *e)
{
	const unsigned long *a = e->riscv_sbi.args;
	unsigned long *ret = e->riscv_sbi.ret;
	uint8_t *buf;
	char byte;

	vm->vmm_sbi_calls++;
	switch (e->riscv_sbi.function_id) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		ret[0] = SBI_SUCCESS;
		ret[1] = 0;
		if (a[0] == 0) {
			break;
		}
		buf = guest_ptr(vm, a[1], a[2], a[0]);
		if (!buf) {
			ret[0] = (unsigned long)SBI_ERR_INVALID_PARAM;
			break;
		}
		if (e->riscv_sbi.function_id == SBI_DBCN_CONSOLE_WRITE) {
			console_vm_write(vm->index, buf, a[0]);
			ret[1] = a[0];
		} else {
			ret[1] = console_vm_read(vm->index, buf, a[0]);
		}
		break;
	case SBI_DBCN_CONSOLE_WRITE_BYTE:
		byte = (char)(a[0] & 0xff);
		console_vm_putc(vm->index, (uint8_t)byte);
		ret[0] = SBI_SUCCESS;
		ret[1] = 0;
		break;
	default:
		break; /* NOT_SUPPORTED stands */
	}
}

int sbi_vmm_claim(struct rvkvm_vcpu *vcpu, const struct vm_config *cfg)
{
	unsigned long one = 1;

	if (!cfg->vmm_dbcn) {
		return 0;
	}
	return rvkvm_set_one_reg(vcpu,
				 RVKVM_REG_RISCV_ID(RVKVM_REG_SIZE_ULONG, RVKVM_REG_RISCV_SBI_VMM,
						    RVKVM_RISCV_SBI_EXT_DBCN),
				 &one);
}

void sbi_vmm_call(struct vmm_vm *vm, struct rvkvm_exit *e)
{
	if (e->riscv_sbi.extension_id == SBI_EID_DBCN && vm->cfg.vmm_dbcn) {
		dbcn(vm, e);
	}
}
