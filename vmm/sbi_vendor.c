/* SPDX-License-Identifier: Apache-2.0 */
/* rvkvm's vendor SBI extension: calls a test guest makes to see forwarded SBI calls answered by the VMM. */
#include "vmm/sbi_vendor.h"

#include "lib/sbi_spec.h"
#include "vmm/vmm.h"

bool sbi_vendor_call(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e)
{
	const unsigned long *a = e->riscv_sbi.args;

	if (e->riscv_sbi.extension_id != (SBI_VENDOR_BASE | (vm->mvendorid & 0xffffffUL))) {
		return false;
	}
	vm->vmm_sbi_calls++;
	switch (e->riscv_sbi.function_id) {
	case 0:
		e->riscv_sbi.ret[0] = SBI_SUCCESS;
		e->riscv_sbi.ret[1] = SBI_VENDOR_MAGIC;
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
	return true;
}
