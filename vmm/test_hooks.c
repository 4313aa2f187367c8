/* SPDX-License-Identifier: Apache-2.0 */
/* The test image's hooks (vmm/test_hooks.h): where the VMM's test devices and test calls join the VM. */
#include "vmm/test_hooks.h"

#include "lib/string.h"
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
	return 0;
}

static uint64_t doorbell_rung(void *opaque)
{
	struct vmm_vm *vm = opaque;

	return rvkvm_event_read(vm->test.doorbell);
}

/* The test device's doorbell: a 4-byte write of its match value the core counts, no exit. */
static int add_doorbell(struct vmm_vm *vm)
{
	struct rvkvm_ioeventfd io = {
		.datamatch = TESTDEV_DOORBELL_MATCH,
		.addr = MACHINE_TESTDEV_BASE + TESTDEV_DOORBELL,
		.len = TESTDEV_DOORBELL_LEN,
		.flags = RVKVM_IOEVENTFD_DATAMATCH,
	};
	int rc = rvkvm_event_create(&vm->test.doorbell);

	if (rc != 0) {
		return rc;
	}
	io.event = vm->test.doorbell;
	return rvkvm_ioeventfd(vm->vm, &io);
}

int test_hooks_board(struct vmm_vm *vm)
{
	struct testdev *td = &vm->test.testdev;

	lib_memset(td, 0, sizeof(*td));
	td->command = memtest_command;
	td->opaque = vm;
	if (add_doorbell(vm) != 0) {
		console_printf("rvkvm: %s: cannot register the test device's doorbell\n", vm->name);
		return VMM_STATUS_BAD_INPUT;
	}
	td->doorbell_rung = doorbell_rung;
	mmio_bus_add(&vm->bus, MACHINE_TESTDEV_BASE, TESTDEV_WINDOW_SIZE, &testdev_device, td);
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
	if (rvkvm_pre_fault_memory(vm->vm, gpa, len) != 0) {
		return NULL;
	}
	return (uint8_t *)(uintptr_t)(t->testmem_host + (gpa - t->testmem_gpa));
}
