/* The VMM's own SBI extensions: what reaches it as RVKVM_EXIT_RISCV_SBI and it chooses to answer. */
#include "vmm/sbi_vmm.h"

#include "lib/sbi_spec.h"

static bool is_vendor(const struct vmm_vm *vm, unsigned long eid)
{
	return eid == (SBI_VMM_VENDOR_BASE | (vm->mvendorid & 0xffffffUL));
}

void sbi_vmm_call(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e)
{
	const unsigned long *a = e->riscv_sbi.args;

	if (!is_vendor(vm, e->riscv_sbi.extension_id)) {
		return;
	}
	vm->vmm_sbi_calls++;
	switch (e->riscv_sbi.function_id) {
	case 0:
		e->riscv_sbi.ret[0] = SBI_SUCCESS;
		e->riscv_sbi.ret[1] = SBI_VMM_VENDOR_MAGIC;
		break;
	case 1:
		e->riscv_sbi.ret[0] = SBI_SUCCESS;
		e->riscv_sbi.ret[1] = a[0] + a[1] + a[2];
		break;
	case 2:
		e->riscv_sbi.ret[0] = SBI_SUCCESS;
		e->riscv_sbi.ret[1] = vcpu_index;
		break;
	default:
		break; /* NOT_SUPPORTED stands */
	}
}
