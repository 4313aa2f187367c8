/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of doorbells (core/doorbell.c): KVM_IOEVENTFD's checks, matching and counting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/doorbell.h"
#include "core/host_mem.h"
#include "core/vcpu.h"

#define ADDR 0x10001050ULL

/* Events live as long as the core: here, until the group's teardown. */
static void *allocs[64];
static unsigned nallocs;

void *core_alloc_zeroed(size_t size, size_t align)
{
	void *p = aligned_alloc(align, (size + align - 1) / align * align);

	assert_non_null(p);
	assert_true(nallocs < sizeof(allocs) / sizeof(allocs[0]));
	memset(p, 0, size);
	allocs[nallocs++] = p;
	return p;
}

static int free_allocs(void **state)
{
	(void)state;
	while (nallocs) {
		free(allocs[--nallocs]);
	}
	return 0;
}

static struct rvkvm_event *event(void)
{
	struct rvkvm_event *e = NULL;

	assert_int_equal(rvkvm_event_create(&e), 0);
	assert_non_null(e);
	return e;
}

static struct rvkvm_ioeventfd io(uint64_t addr, uint32_t len, uint32_t flags, uint64_t datamatch,
				 struct rvkvm_event *e)
{
	return (struct rvkvm_ioeventfd){
		.datamatch = datamatch, .addr = addr, .len = len, .flags = flags, .event = e
	};
}

static int assign(struct doorbells *d, uint64_t addr, uint32_t len, uint32_t flags,
		  uint64_t datamatch, struct rvkvm_event *e)
{
	struct rvkvm_ioeventfd a = io(addr, len, flags, datamatch, e);

	return doorbells_assign(d, &a);
}

static void test_bad_arguments(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event();

	(void)state;
	assert_int_equal(doorbells_assign(&d, NULL), RVKVM_EINVAL);
	assert_int_equal(assign(&d, ADDR, 4, 0, 0, NULL), RVKVM_EINVAL);
	assert_int_equal(assign(&d, ADDR, 3, 0, 0, e), RVKVM_EINVAL);
	assert_int_equal(assign(&d, ADDR, 16, 0, 0, e), RVKVM_EINVAL);
	assert_int_equal(assign(&d, ADDR, 4, 1u << 1, 0, e), RVKVM_EINVAL); /* KVM's PIO flag */
	assert_int_equal(assign(&d, ADDR, 4, 1u << 3, 0, e), RVKVM_EINVAL);
	assert_int_equal(assign(&d, ADDR, 0, RVKVM_IOEVENTFD_DATAMATCH, 1, e), RVKVM_EINVAL);
	assert_int_equal(assign(&d, UINT64_MAX - 2, 4, 0, 0, e), RVKVM_EINVAL); /* wraps */
	assert_int_equal(d.count, 0);
	assert_false(doorbells_near(&d, ADDR));
}

static void test_datamatch(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event();

	(void)state;
	assert_int_equal(assign(&d, ADDR, 4, RVKVM_IOEVENTFD_DATAMATCH, 7, e), 0);
	assert_true(doorbells_near(&d, ADDR));
	assert_false(doorbells_near(&d, ADDR + 1));
	assert_false(doorbells_near(&d, ADDR - 1));
	assert_true(doorbells_ring(&d, ADDR, 4, 7));
	assert_true(doorbells_ring(&d, ADDR, 4, 7));
	assert_false(doorbells_ring(&d, ADDR, 4, 8)); /* another value */
	assert_false(doorbells_ring(&d, ADDR, 2, 7)); /* another width */
	assert_false(doorbells_ring(&d, ADDR, 8, 7));
	assert_false(doorbells_ring(&d, ADDR + 4, 4, 7)); /* another address */
	assert_false(doorbells_ring(&d, ADDR - 1, 4, 7));
	assert_int_equal(rvkvm_event_read(e), 2);
	assert_int_equal(rvkvm_event_read(e), 0); /* a read takes the count */
}

static void test_datamatch_cut_to_len(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event();

	(void)state;
	/* Only the low len bytes of datamatch can match a write of len bytes. */
	assert_int_equal(assign(&d, ADDR, 2, RVKVM_IOEVENTFD_DATAMATCH, 0xabcd1234, e), 0);
	assert_true(doorbells_ring(&d, ADDR, 2, 0x1234));
	assert_int_equal(assign(&d, ADDR + 8, 8, RVKVM_IOEVENTFD_DATAMATCH, UINT64_MAX, e), 0);
	assert_true(doorbells_ring(&d, ADDR + 8, 8, UINT64_MAX));
	assert_int_equal(rvkvm_event_read(e), 2);
}

static void test_wildcards(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *any_value = event(), *any_len = event();

	(void)state;
	assert_int_equal(assign(&d, ADDR, 4, 0, 99, any_value), 0); /* datamatch ignored */
	assert_true(doorbells_ring(&d, ADDR, 4, 1));
	assert_true(doorbells_ring(&d, ADDR, 4, 0));
	assert_false(doorbells_ring(&d, ADDR, 1, 1));
	assert_int_equal(assign(&d, ADDR + 0x100, 0, 0, 0, any_len), 0);
	assert_true(doorbells_near(&d, ADDR + 0x80)); /* between the two: a look at the table */
	assert_false(doorbells_near(&d, ADDR + 0x101));
	assert_true(doorbells_ring(&d, ADDR + 0x100, 1, 5));
	assert_true(doorbells_ring(&d, ADDR + 0x100, 8, 5));
	assert_false(doorbells_ring(&d, ADDR + 0x101, 1, 5));
	assert_int_equal(rvkvm_event_read(any_value), 2);
	assert_int_equal(rvkvm_event_read(any_len), 2);
}

static void test_collisions(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event(), *f = event();

	(void)state;
	assert_int_equal(assign(&d, ADDR, 4, RVKVM_IOEVENTFD_DATAMATCH, 1, e), 0);
	/* The same writes again, even for another event: refused. */
	assert_int_equal(assign(&d, ADDR, 4, RVKVM_IOEVENTFD_DATAMATCH, 1, f), RVKVM_EEXIST);
	assert_int_equal(assign(&d, ADDR, 4, 0, 0, f), RVKVM_EEXIST); /* any value takes 1 too */
	assert_int_equal(assign(&d, ADDR, 0, 0, 0, f), RVKVM_EEXIST); /* any width, too */
	/* Writes the first never takes: allowed, each to its own event. */
	assert_int_equal(assign(&d, ADDR, 4, RVKVM_IOEVENTFD_DATAMATCH, 2, f), 0);
	assert_int_equal(assign(&d, ADDR, 2, RVKVM_IOEVENTFD_DATAMATCH, 1, f), 0);
	assert_true(doorbells_ring(&d, ADDR, 4, 1));
	assert_true(doorbells_ring(&d, ADDR, 4, 2));
	assert_true(doorbells_ring(&d, ADDR, 2, 1));
	assert_int_equal(rvkvm_event_read(e), 1);
	assert_int_equal(rvkvm_event_read(f), 2);
}

static void test_deassign(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event(), *f = event();
	const uint32_t dm = RVKVM_IOEVENTFD_DATAMATCH;

	(void)state;
	assert_int_equal(assign(&d, ADDR, 4, dm, 1, e), 0);
	assert_int_equal(assign(&d, ADDR + 4, 4, dm, 1, f), 0);
	/* Only the doorbell as it was assigned: address, len, datamatch and event. */
	assert_int_equal(assign(&d, ADDR, 4, dm | RVKVM_IOEVENTFD_DEASSIGN, 2, e), RVKVM_ENOENT);
	assert_int_equal(assign(&d, ADDR, 4, dm | RVKVM_IOEVENTFD_DEASSIGN, 1, f), RVKVM_ENOENT);
	assert_int_equal(assign(&d, ADDR, 2, dm | RVKVM_IOEVENTFD_DEASSIGN, 1, e), RVKVM_ENOENT);
	assert_int_equal(assign(&d, ADDR, 4, RVKVM_IOEVENTFD_DEASSIGN, 1, e), RVKVM_ENOENT);
	assert_int_equal(assign(&d, ADDR, 4, dm | RVKVM_IOEVENTFD_DEASSIGN, 1, e), 0);
	assert_false(doorbells_ring(&d, ADDR, 4, 1));    /* gone: an exit again */
	assert_true(doorbells_ring(&d, ADDR + 4, 4, 1)); /* the other stays */
	assert_true(doorbells_near(&d, ADDR + 4));
	assert_false(doorbells_near(&d, ADDR)); /* the range shrank to the one left */
	assert_int_equal(assign(&d, ADDR + 4, 4, dm | RVKVM_IOEVENTFD_DEASSIGN, 1, f), 0);
	assert_false(doorbells_near(&d, ADDR + 4));
	assert_int_equal(assign(&d, ADDR, 4, dm, 1, e), 0); /* and may come back */
	assert_int_equal(rvkvm_event_read(e), 0);
	assert_int_equal(rvkvm_event_read(f), 1);
}

static void test_table_full(void **state)
{
	struct doorbells d = { 0 };
	struct rvkvm_event *e = event();

	(void)state;
	for (unsigned i = 0; i < RVKVM_IOEVENTFD_MAX; i++) {
		assert_int_equal(assign(&d, ADDR + 8 * i, 8, 0, 0, e), 0);
	}
	assert_int_equal(assign(&d, ADDR - 8, 8, 0, 0, e), RVKVM_ENOSPC);
	assert_int_equal(assign(&d, ADDR, 8, RVKVM_IOEVENTFD_DEASSIGN, 0, e), 0);
	assert_int_equal(assign(&d, ADDR - 8, 8, 0, 0, e), 0);
	for (unsigned i = 1; i < RVKVM_IOEVENTFD_MAX; i++) {
		assert_true(doorbells_ring(&d, ADDR + 8 * i, 8, i));
	}
	assert_true(doorbells_ring(&d, ADDR - 8, 8, 0));
	assert_false(doorbells_ring(&d, ADDR, 8, 0));
	assert_int_equal(rvkvm_event_read(e), RVKVM_IOEVENTFD_MAX);
}

static void test_dead_vm(void **state)
{
	struct rvkvm_vm *vm = core_alloc_zeroed(sizeof(*vm), 64);
	struct rvkvm_ioeventfd a = io(ADDR, 4, 0, 0, event());

	(void)state;
	assert_int_equal(rvkvm_ioeventfd(vm, &a), 0);
	assert_true(doorbells_ring(&vm->doorbells, ADDR, 4, 0));
	vm->dead = 1;
	a.flags = RVKVM_IOEVENTFD_DEASSIGN;
	assert_int_equal(rvkvm_ioeventfd(vm, &a), RVKVM_EBUSY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_arguments),        cmocka_unit_test(test_datamatch),
		cmocka_unit_test(test_datamatch_cut_to_len), cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_collisions),           cmocka_unit_test(test_deassign),
		cmocka_unit_test(test_table_full),           cmocka_unit_test(test_dead_vm),
	};

	return cmocka_run_group_tests_name("doorbells", tests, NULL, free_allocs);
}
