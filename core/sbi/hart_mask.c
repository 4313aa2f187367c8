/* SPDX-License-Identifier: Apache-2.0 */
/* SBI hart masks (hart_mask, hart_mask_base) turned into the vCPUs they name, checked first. */
#include "core/sbi/sbi.h"

static bool valid_id(const struct rvkvm_vm *vm, unsigned long id)
{
	return id < VCPU_MAX_PER_VM && vm->vcpus[id] != NULL;
}

long sbi_for_each_hart(struct rvkvm_vm *vm, unsigned long mask, unsigned long base,
		       void (*fn)(struct rvkvm_vcpu *target, void *arg), void *arg)
{
	const unsigned bits = sizeof(unsigned long) * 8;

	if (base == (unsigned long)-1) {
		for (unsigned i = 0; i < VCPU_MAX_PER_VM; i++) {
			if (vm->vcpus[i]) {
				fn(vm->vcpus[i], arg);
			}
		}
		return SBI_SUCCESS;
	}
	/* Every named hart must exist before anything is done for any of them. */
	for (unsigned i = 0; i < bits; i++) {
		if ((mask >> i) & 1) {
			if (base > (unsigned long)-1 - i || !valid_id(vm, base + i)) {
				return SBI_ERR_INVALID_PARAM;
			}
		}
	}
	for (unsigned i = 0; i < bits; i++) {
		if ((mask >> i) & 1) {
			fn(vm->vcpus[base + i], arg);
		}
	}
	return SBI_SUCCESS;
}
