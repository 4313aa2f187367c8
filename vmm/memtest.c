/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM's guest-memory test hooks: dirty-log harvests, region moves and read-only changes on request. */
#include "vmm/memtest.h"

#include "lib/string.h"
#include "rvkvm/host.h"
#include "vmm/machine.h"
#include "vmm/vmm.h"

static struct rvkvm_memory_region slot_of(const struct vmm_vm *vm)
{
	return (struct rvkvm_memory_region){ MACHINE_TESTMEM_SLOT, 0, vm->test.testmem_gpa,
					     vm->test.testmem_size, vm->test.testmem_host };
}

static void harvest(struct vmm_vm *vm)
{
	struct memtest_state *mt = &vm->test.memtest;
	long n = rvkvm_get_dirty_log(vm->vm, MACHINE_TESTMEM_SLOT, mt->scratch);

	if (n < 0) {
		return;
	}
	mt->harvests++;
	for (unsigned i = 0; i < MEMTEST_WORDS; i++) {
		mt->all[i] |= mt->scratch[i];
		mt->since[i] |= mt->scratch[i];
	}
}

static void report(const struct vmm_vm *vm, const char *what, const unsigned long *bits)
{
	uint64_t hash = MEMTEST_HASH_INIT;
	unsigned count = 0;

	for (uint32_t p = 0; p < (vm->test.testmem_size >> 12) && p < MEMTEST_MAX_PAGES; p++) {
		if (!((bits[p / (8 * sizeof(long))] >> (p % (8 * sizeof(long)))) & 1)) {
			continue;
		}
		count++;
		for (unsigned b = 0; b < 4; b++) {
			hash = (hash ^ ((p >> (8 * b)) & 0xff)) * MEMTEST_HASH_PRIME;
		}
	}
	console_printf("host dirty-log %s pages=%u hash=0x%016llx\n", what, count,
		       (unsigned long long)hash);
}

static void set_flags(struct vmm_vm *vm, uint32_t flags, uint64_t gpa)
{
	struct rvkvm_memory_region r = slot_of(vm);
	int err;

	r.flags = flags;
	r.guest_phys_addr = gpa;
	err = rvkvm_set_memory_region(vm->vm, &r);
	if (err) {
		console_printf("rvkvm: %s: test slot change failed (%d)\n", vm->name, err);
		return;
	}
	vm->test.testmem_gpa = gpa;
}

/*
 * After a delete: a new test slot of the size given, at MACHINE_TESTMEM_BASE, with memory the core
 * allocates (the deleted slot's, as likely as not) and does not pre-fault, so the guest's first
 * touch of each chunk is what makes it present: the test that memory given back reads as zeros.
 */
static void add_slot(struct vmm_vm *vm)
{
	struct rvkvm_memory_region r = { MACHINE_TESTMEM_SLOT, 0, MACHINE_TESTMEM_BASE,
					 vm->cfg.testmem_size, 0 };
	int err = rvkvm_set_memory_region(vm->vm, &r);

	if (err) {
		console_printf("rvkvm: %s: test slot add failed (%d)\n", vm->name, err);
		return;
	}
	vm->test.testmem_gpa = r.guest_phys_addr;
	vm->test.testmem_host = r.userspace_addr;
	__atomic_store_n(&vm->test.testmem_size, r.memory_size, __ATOMIC_SEQ_CST);
	console_printf("rvkvm: %s: test slot added, host memory at 0x%llx\n", vm->name,
		       (unsigned long long)r.userspace_addr);
}

void memtest_command(void *opaque, uint64_t value)
{
	struct vmm_vm *vm = opaque;
	struct memtest_state *mt = &vm->test.memtest;
	uint64_t arg = value >> 8;

	spin_lock(&mt->lock);
	/* No test slot, or deleted (vm_config.c refuses one over MEMTEST_MAX_PAGES): only an add. */
	if (!vm->test.testmem_size) {
		if ((value & 0xff) == MEMTEST_ADD && vm->cfg.testmem_size) {
			add_slot(vm);
		}
		spin_unlock(&mt->lock);
		return;
	}
	switch ((enum memtest_cmd)(value & 0xff)) {
	case MEMTEST_LOG_START:
		set_flags(vm, RVKVM_MEM_LOG_DIRTY_PAGES, vm->test.testmem_gpa);
		__atomic_store_n(&mt->logging, 1, __ATOMIC_RELEASE);
		break;
	case MEMTEST_HARVEST:
		harvest(vm);
		lib_memset(mt->since, 0, sizeof(mt->since));
		break;
	case MEMTEST_REPORT:
		harvest(vm);
		report(vm, "since", mt->since);
		report(vm, "union", mt->all);
		console_printf("rvkvm: %s: dirty log harvested %u times\n", vm->name, mt->harvests);
		break;
	case MEMTEST_LOG_STOP:
		__atomic_store_n(&mt->logging, 0, __ATOMIC_RELEASE);
		set_flags(vm, 0, vm->test.testmem_gpa);
		break;
	case MEMTEST_MOVE:
		set_flags(vm, 0, arg << 12);
		break;
	case MEMTEST_READONLY:
		set_flags(vm, RVKVM_MEM_READONLY, vm->test.testmem_gpa);
		break;
	case MEMTEST_ADD: /* the slot is there */
		break;
	case MEMTEST_DELETE: {
		struct rvkvm_memory_region r = slot_of(vm);

		/*
		 * The core takes the memory back: forget the slot first, so no later command
		 * maps that memory again and the VMM's DBCN stops using it.
		 */
		__atomic_store_n(&vm->test.testmem_size, 0, __ATOMIC_SEQ_CST);
		vm->test.testmem_host = 0;
		r.memory_size = 0;
		rvkvm_set_memory_region(vm->vm, &r);
		console_printf("rvkvm: %s: test slot deleted, host memory at 0x%llx\n", vm->name,
			       (unsigned long long)r.userspace_addr);
		break;
	}
	default:
		break;
	}
	spin_unlock(&mt->lock);
}

void memtest_poll(struct vmm_vm *vm)
{
	struct memtest_state *mt = &vm->test.memtest;

	if (!__atomic_load_n(&mt->logging, __ATOMIC_ACQUIRE)) {
		return;
	}
	spin_lock(&mt->lock);
	harvest(vm);
	spin_unlock(&mt->lock);
}
