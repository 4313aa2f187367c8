/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of guest RAM made present on first touch (core/ram_populate.c through
 * core/vm.c and core/guest_ram.c): what a region costs when it is added, what a first touch
 * zeroes and maps, that nothing the VMM wrote is lost to a later first touch, and that no VM
 * reads what an earlier owner of its memory left. The core's host memory is filled with a
 * pattern before each test, so any byte the core failed to zero shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/guest_ram.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"

#define MIB (1ull << 20)
#define CHUNK (2 * MIB)
/* A VM's 16 MiB G-stage table pool, 8 MiB of RAM and a little more: a second VM must reuse. */
#define POOL_SIZE (28 * MIB)
#define BASE 0x80000000ull
#define RAM_SIZE (8 * MIB)
#define STALE 0xcc /* what the memory held before the core gave it out */

static uint8_t *pool;
static struct rvkvm_vm *vm;

static int region(struct rvkvm_vm *on, uint32_t slot, uint32_t flags, uint64_t gpa, uint64_t size,
		  uint64_t host, uint8_t **out)
{
	struct rvkvm_memory_region r = { slot, flags, gpa, size, host };
	int rc = rvkvm_set_memory_region(on, &r);

	if (out) {
		*out = (uint8_t *)(uintptr_t)r.userspace_addr;
	}
	return rc;
}

static bool all_bytes(const uint8_t *p, uint64_t len, uint8_t value)
{
	for (uint64_t i = 0; i < len; i++) {
		if (p[i] != value) {
			return false;
		}
	}
	return true;
}

/* The G-stage level gpa is mapped at, or -1 when it is not mapped. */
static int mapped_level(const struct rvkvm_vm *on, uint64_t gpa_v)
{
	unsigned long prot;
	unsigned level;
	hpa_t h;

	return gstage_lookup(&on->gstage, gpa(gpa_v), &h, &prot, &level) ? (int)level : -1;
}

static unsigned long leaves(const struct rvkvm_vm *on)
{
	return on->gstage.stats.leaves[0] + on->gstage.stats.leaves[1] + on->gstage.stats.leaves[2];
}

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_h = true;
	host_caps.gstage_modes[0] = &gstage_sv39x4;
	pool = aligned_alloc(CHUNK, POOL_SIZE);
	assert_non_null(pool);
	memset(pool, STALE, POOL_SIZE);
	host_mem_init(&core_host_mem);
	assert_true(host_mem_add(&core_host_mem, (uint64_t)(uintptr_t)pool, POOL_SIZE));
	assert_int_equal(rvkvm_create_vm(NULL, &vm), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool);
	return 0;
}

/* Adding a region zeroes and maps nothing: the memory is still what it was. */
static void test_add_costs_nothing(void **state)
{
	uint8_t *host;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_int_equal(leaves(vm), 0);
	assert_int_equal(mapped_level(vm, BASE), -1);
	assert_true(all_bytes(host, RAM_SIZE, STALE));
}

/* The guest's first touch zeroes its chunk and maps it with one 2 MiB leaf, and only that. */
static void test_first_touch_zeroes_one_chunk(void **state)
{
	uint8_t *host;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_int_equal(vm_handle_ram_fault(vm, BASE + CHUNK + 0x1238, GSTAGE_READ),
			 VM_FAULT_RETRY);
	assert_true(all_bytes(host + CHUNK, CHUNK, 0));
	assert_int_equal(mapped_level(vm, BASE + CHUNK), 1);
	assert_int_equal(leaves(vm), 1);
	/* The chunks around it are untouched: not zeroed, not mapped. */
	assert_true(all_bytes(host, CHUNK, STALE));
	assert_true(all_bytes(host + 2 * CHUNK, 2 * CHUNK, STALE));
	assert_int_equal(mapped_level(vm, BASE), -1);
	assert_int_equal(mapped_level(vm, BASE + 2 * CHUNK), -1);
	/* A fault there again (another vCPU's, or a stale translation) changes nothing. */
	host[CHUNK + 8] = 0x42;
	assert_int_equal(vm_handle_ram_fault(vm, BASE + CHUNK + 8, GSTAGE_WRITE), VM_FAULT_RETRY);
	assert_int_equal(host[CHUNK + 8], 0x42);
}

/* What the VMM wrote after making a range present is not lost to the guest's first touch. */
static void test_vmm_write_survives_first_touch(void **state)
{
	uint8_t *host;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_int_equal(rvkvm_pre_fault_memory(vm, BASE + 3 * CHUNK + 0x10, 5), 0);
	memcpy(host + 3 * CHUNK + 0x10, "kept!", 5);
	assert_int_equal(mapped_level(vm, BASE + 3 * CHUNK), 1);
	assert_int_equal(vm_handle_ram_fault(vm, BASE + 3 * CHUNK + 0x10, GSTAGE_READ),
			 VM_FAULT_RETRY);
	assert_memory_equal(host + 3 * CHUNK + 0x10, "kept!", 5);
	assert_true(all_bytes(host + 3 * CHUNK, 0x10, 0));
	/* The core's own accesses (SBI calls with buffers) make present the same way. */
	memcpy(guest_ram_access(vm, gpa(BASE + 3 * CHUNK + 0x10), 5, false), "still", 5);
	assert_memory_equal(host + 3 * CHUNK + 0x10, "still", 5);
	assert_non_null(guest_ram_access(vm, gpa(BASE + 0x20), 8, true));
	assert_true(all_bytes(host, CHUNK, 0));
	/* A check alone makes nothing present. */
	assert_true(guest_ram_valid(vm, gpa(BASE + CHUNK), CHUNK, false));
	assert_true(all_bytes(host + CHUNK, CHUNK, STALE));
	/* Not RAM, or across its end: refused. */
	assert_int_equal(rvkvm_pre_fault_memory(vm, BASE + RAM_SIZE - 4, 8), RVKVM_ENOENT);
	assert_int_equal(rvkvm_pre_fault_memory(vm, 0x1000, 8), RVKVM_ENOENT);
	assert_int_equal(rvkvm_pre_fault_memory(vm, BASE, 0), 0);
}

/* A VM given the memory a destroyed VM filled reads zeros wherever it looks. */
static void test_destroyed_vms_bytes_never_seen(void **state)
{
	struct rvkvm_vm *next = NULL;
	uint8_t *old, *host;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &old), 0);
	assert_int_equal(rvkvm_pre_fault_memory(vm, BASE, RAM_SIZE), 0);
	memset(old, 0x5a, RAM_SIZE);
	assert_int_equal(rvkvm_destroy_vm(vm), 0);
	assert_int_equal(rvkvm_create_vm(NULL, &next), 0);
	assert_int_equal(region(next, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	/* The pool is too small for anything else: the new RAM lies where the old VM's was. */
	assert_true(host < old + RAM_SIZE && old < host + RAM_SIZE);
	for (uint64_t off = 0; off < RAM_SIZE; off += CHUNK) {
		assert_int_equal(vm_handle_ram_fault(next, BASE + off + 0x100, GSTAGE_READ),
				 VM_FAULT_RETRY);
	}
	assert_true(all_bytes(host, RAM_SIZE, 0));
}

/* A region deleted with RVKVM_MEM_KEEP and added back is present whole, and keeps its data. */
static void test_kept_region_comes_back_whole(void **state)
{
	uint8_t *host, *again;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_non_null(guest_ram_access(vm, gpa(BASE + 0x40), 4, true));
	memcpy(host + 0x40, "data", 4);
	assert_int_equal(region(vm, 0, RVKVM_MEM_KEEP, BASE, 0, 0, NULL), 0);
	assert_int_equal(
		region(vm, 0, 0, BASE + RAM_SIZE, RAM_SIZE, (uint64_t)(uintptr_t)host, &again), 0);
	assert_ptr_equal(again, host);
	assert_memory_equal(host + 0x40, "data", 4);
	/* What was never touched was zeroed before the memory left the core's hands. */
	assert_true(all_bytes(host + CHUNK, RAM_SIZE - CHUNK, 0));
	assert_int_equal(mapped_level(vm, BASE + RAM_SIZE + 3 * CHUNK), 1);
}

/* Dirty logging needs all of a region mapped: turning it on makes the region present whole. */
static void test_dirty_log_makes_all_present(void **state)
{
	uint8_t *host;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_int_equal(vm_handle_ram_fault(vm, BASE, GSTAGE_WRITE), VM_FAULT_RETRY);
	host[0] = 7;
	assert_int_equal(region(vm, 0, RVKVM_MEM_LOG_DIRTY_PAGES, BASE, RAM_SIZE,
				(uint64_t)(uintptr_t)host, NULL),
			 0);
	assert_int_equal(host[0], 7);
	assert_true(all_bytes(host + 1, RAM_SIZE - 1, 0));
	assert_int_equal(mapped_level(vm, BASE + RAM_SIZE - 1), 0); /* 4 KiB leaves for the log */
}

/* A moved region maps at its new place what was present, and nothing else. */
static void test_move_maps_what_is_present(void **state)
{
	uint8_t *host;
	const uint64_t moved = BASE + 16 * MIB;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, RAM_SIZE, 0, &host), 0);
	assert_int_equal(vm_handle_ram_fault(vm, BASE + 2 * CHUNK, GSTAGE_WRITE), VM_FAULT_RETRY);
	host[2 * CHUNK] = 9;
	assert_int_equal(region(vm, 0, 0, moved, RAM_SIZE, (uint64_t)(uintptr_t)host, NULL), 0);
	assert_int_equal(mapped_level(vm, BASE + 2 * CHUNK), -1);
	assert_int_equal(mapped_level(vm, moved + 2 * CHUNK), 1);
	assert_int_equal(mapped_level(vm, moved), -1);
	assert_int_equal(vm_handle_ram_fault(vm, moved + 2 * CHUNK, GSTAGE_READ), VM_FAULT_RETRY);
	assert_int_equal(host[2 * CHUNK], 9);
	/* The rest is still made present on touch, at the new place. */
	assert_int_equal(vm_handle_ram_fault(vm, moved + 3, GSTAGE_READ), VM_FAULT_RETRY);
	assert_true(all_bytes(host, CHUNK, 0));
	assert_int_equal(mapped_level(vm, moved), 1);
}

/* A read-only region is made present read-only: the write that touched it first still stops. */
static void test_readonly_first_touch(void **state)
{
	uint8_t *host;

	(void)state;
	assert_int_equal(region(vm, 1, RVKVM_MEM_READONLY, BASE, CHUNK, 0, &host), 0);
	assert_int_equal(vm_handle_ram_fault(vm, BASE + 8, GSTAGE_WRITE), VM_FAULT_RETRY);
	assert_true(all_bytes(host, CHUNK, 0));
	assert_int_equal(vm_handle_ram_fault(vm, BASE + 8, GSTAGE_WRITE), VM_FAULT_READONLY);
}

/* A region that is no whole number of chunks: the last, short chunk is zeroed to its end only. */
static void test_short_last_chunk(void **state)
{
	uint8_t *host;
	const uint64_t size = CHUNK + 12 * 4096;

	(void)state;
	assert_int_equal(region(vm, 0, 0, BASE, size, 0, &host), 0);
	assert_int_equal(vm_handle_ram_fault(vm, BASE + size - 1, GSTAGE_READ), VM_FAULT_RETRY);
	assert_true(all_bytes(host + CHUNK, size - CHUNK, 0));
	assert_true(all_bytes(host, CHUNK, STALE));
	assert_int_equal(mapped_level(vm, BASE + size - 1), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_costs_nothing),
		T(test_first_touch_zeroes_one_chunk),
		T(test_vmm_write_survives_first_touch),
		T(test_destroyed_vms_bytes_never_seen),
		T(test_kept_region_comes_back_whole),
		T(test_dirty_log_makes_all_present),
		T(test_move_maps_what_is_present),
		T(test_readonly_first_touch),
		T(test_short_last_chunk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
