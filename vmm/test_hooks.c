/* SPDX-License-Identifier: Apache-2.0 */
/* The test image's hooks (vmm/test_hooks.h): where the VMM's test memory and test calls join the VM. */
#include "vmm/test_hooks.h"

#include "rvkvm/host.h"
#include "vmm/guest_traps.h"
#include "vmm/machine.h"
#include "vmm/regtest.h"
#include "vmm/sbi_vendor.h"
#include "vmm/vmm.h"

/* The test memory slot (--testmem): a second RAM region the guest can have moved or logged. */
int test_hooks_build(struct vmm_vm *vm)
{
	struct test_hooks_vm *t = &vm->test;
	struct rvkvm_memory_region test = { MACHINE_TESTMEM_SLOT, 0, MACHINE_TESTMEM_BASE,
					    vm->cfg.testmem_size, 0 };

	if (!vm->cfg.testmem_size) {
		return 0;
	}
	if (rvkvm_set_memory_region(vm->vm, &test) != 0) {
		console_printf("rvkvm: %s: the test memory does not fit in host memory\n",
			       vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	t->testmem_gpa = test.guest_phys_addr;
	t->testmem_size = test.memory_size;
	t->testmem_host = test.userspace_addr;
	/*
	 * Present whole from the start, with its large leaves: the memory tests and benchmarks time
	 * first writes to a mapped region, and the VMM reads the slot through its host address.
	 */
	if (rvkvm_pre_fault_memory(vm->vm, test.guest_phys_addr, test.memory_size) != 0) {
		console_printf("rvkvm: %s: the test memory does not fit in host memory\n",
			       vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	return 0;
}

void test_hooks_poll(struct vmm_vm *vm)
{
	memtest_poll(vm);
}

bool test_hooks_sbi(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	if (vm->cfg.regtest && regtest_sbi(vm->vcpus[index], e)) {
		return true;
	}
	return sbi_vendor_call(vm, index, e);
}

bool test_hooks_exception(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	guest_traps_exception(vm, vm->vcpus[index], e);
	return true;
}

bool test_hooks_csr(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *e)
{
	guest_traps_csr(vm, index, e);
	return true;
}

uint8_t *test_hooks_guest_ptr(const struct vmm_vm *vm, uint64_t gpa, uint64_t len)
{
	const struct test_hooks_vm *t = &vm->test;

	if (!t->testmem_size || gpa < t->testmem_gpa || gpa + len < gpa ||
	    gpa + len > t->testmem_gpa + t->testmem_size) {
		return NULL;
	}
	return (uint8_t *)(uintptr_t)(t->testmem_host + (gpa - t->testmem_gpa));
}
