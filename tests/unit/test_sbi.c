/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the core SBI layer (dispatch, BASE, DBCN, legacy, SRST) on a fake VM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/host_caps.h"
#include "core/memslot.h"
#include "core/sbi/sbi.h"
#include "core/sched.h"
#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"

#include "tests/fakes/fake_console.h"
#include "tests/unit/xlen.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (64UL * 1024)
#define RAM_END (RAM_BASE + RAM_SIZE)
#define EXTRA_SIZE 4096UL
#define TEST_VM_ID 7u
/* What the handlers must ignore: unused argument registers and fields they must not write. */
#define JUNK_ARG ((unsigned long)0xDEADBEEFCAFEF00DULL) /* its low half on RV32 */
#define EXIT_FILL 0x5A
#define RESULT_FILL 0xA5

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu;
static uint8_t *ram;      /* guest RAM: exactly RAM_SIZE bytes, so ASan sees any overrun */
static uint8_t *ram_copy; /* what ram held after setup, or what a test expects it to hold */
static uint8_t *extra;    /* a second slot's memory, for tests that add one */
static struct rvkvm_exit exit_before;

static uint8_t ram_pattern(size_t i)
{
	/* Varies byte to byte and includes 0x00 and 0xff, so a copy from a wrong offset shows. */
	return (uint8_t)(i * 37u + (i >> 8) + 1u);
}

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&host_caps, 0, sizeof(host_caps));
	ram = malloc(RAM_SIZE);
	ram_copy = malloc(RAM_SIZE);
	extra = malloc(EXTRA_SIZE);
	if (!ram || !ram_copy || !extra) {
		return -1;
	}
	for (size_t i = 0; i < RAM_SIZE; i++) {
		ram[i] = ram_pattern(i);
	}
	memcpy(ram_copy, ram, RAM_SIZE);
	memset(extra, 0x11, EXTRA_SIZE);
	vm.id = TEST_VM_ID;
	vm.memslots.slot[0].used = true;
	vm.memslots.slot[0].base = gpa(RAM_BASE);
	vm.memslots.slot[0].size = RAM_SIZE;
	vm.memslots.slot[0].host = hpa_of(ram);
	vm.vcpus[0] = &vcpu;
	vm.nvcpus = 1;
	vcpu.vm = &vm;
	vcpu.id = 0;
	memset(&vcpu.exit, EXIT_FILL, sizeof(vcpu.exit));
	exit_before = vcpu.exit;
	fake_console_reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	free(ram_copy);
	free(extra);
	ram = ram_copy = extra = NULL;
	/* Output that did not fit in the fake would make every output comparison meaningless. */
	assert_false(fake_console_overflowed());
	return 0;
}

static struct sbi_result call_args(unsigned long eid, unsigned long fid,
				   const unsigned long args[6])
{
	struct sbi_call c;
	struct sbi_result r;

	c.eid = eid;
	c.fid = fid;
	memcpy(c.args, args, sizeof(c.args));
	/* Junk in the result proves sbi_dispatch() sets every field itself. */
	memset(&r, RESULT_FILL, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu, &c, &r), 0);
	return r;
}

/* A call with three arguments; the other argument registers hold junk the handler must ignore. */
static struct sbi_result call(unsigned long eid, unsigned long fid, unsigned long a0,
			      unsigned long a1, unsigned long a2)
{
	const unsigned long args[6] = { a0, a1, a2, JUNK_ARG, ~JUNK_ARG, JUNK_ARG >> 1 };

	return call_args(eid, fid, args);
}

#define assert_result(r, err, val, nxt)                            \
	do {                                                       \
		assert_int_equal((r).error, (err));                \
		assert_int_equal((r).value, (unsigned long)(val)); \
		assert_int_equal((r).next, (nxt));                 \
	} while (0)

static void assert_exit_untouched(void)
{
	assert_memory_equal(&vcpu.exit, &exit_before, sizeof(exit_before));
}

static void assert_ram_is_copy(void)
{
	assert_memory_equal(ram, ram_copy, RAM_SIZE);
}

static void assert_no_console_io(void)
{
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_int_equal(fake_console_vm_read_calls(), 0);
}

static void assert_vm_output(const void *want, size_t len)
{
	size_t got_len;
	const unsigned char *got = fake_console_vm_output(&got_len);

	assert_int_equal(got_len, len);
	if (len > 0) {
		assert_memory_equal(got, want, len);
	}
	assert_int_equal(fake_console_last_vm_id(), TEST_VM_ID);
}

static void clear_exit(void)
{
	memset(&vcpu.exit, EXIT_FILL, sizeof(vcpu.exit));
}

static uint8_t *ram_at(unsigned long guest_addr)
{
	return ram + (guest_addr - RAM_BASE);
}

/*
 * The other hooks the table needs to link fail when reached (tests/fakes/sbi_unreached.c); so
 * does this one here: no test sends a call down a path that wakes a vCPU.
 */
void sched_wake(struct sched_thread *t)
{
	(void)t;
	fail_msg("%s called: this test must not reach it", __func__);
}

/* ---- dispatch -------------------------------------------------------------------------- */

static bool table_has(const struct sbi_ext *e)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		if (sbi_ext_table[i] == e) {
			return true;
		}
	}
	return false;
}

static void test_table_well_formed(void **state)
{
	(void)state;
	assert_true(sbi_ext_count >= 4);
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		assert_non_null(e);
		assert_non_null(e->name);
		assert_non_null(e->handler);
		assert_true(e->eid_lo <= e->eid_hi);
		/* Overlapping ranges would make the table's order decide who serves an eid. */
		for (unsigned j = i + 1; j < sbi_ext_count; j++) {
			const struct sbi_ext *o = sbi_ext_table[j];

			assert_true(e->eid_hi < o->eid_lo || o->eid_hi < e->eid_lo);
		}
	}
	assert_true(table_has(&sbi_ext_legacy));
	assert_true(table_has(&sbi_ext_base));
	assert_true(table_has(&sbi_ext_dbcn));
	assert_true(table_has(&sbi_ext_srst));
	assert_int_equal(sbi_ext_legacy.eid_lo, 0);
	assert_int_equal(sbi_ext_legacy.eid_hi, SBI_EID_LEGACY_SHUTDOWN);
	assert_int_equal(sbi_ext_base.eid_lo, SBI_EID_BASE);
	assert_int_equal(sbi_ext_base.eid_hi, SBI_EID_BASE);
	assert_int_equal(sbi_ext_dbcn.eid_lo, SBI_EID_DBCN);
	assert_int_equal(sbi_ext_dbcn.eid_hi, SBI_EID_DBCN);
	assert_int_equal(sbi_ext_srst.eid_lo, SBI_EID_SRST);
	assert_int_equal(sbi_ext_srst.eid_hi, SBI_EID_SRST);
}

static void test_every_entry_found_for_its_range(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];
		unsigned long mid = e->eid_lo + (e->eid_hi - e->eid_lo) / 2;

		if (e->probe && !e->probe(&vcpu)) {
			continue; /* absent for this vCPU: not found, by design */
		}
		assert_ptr_equal(sbi_find_ext(&vcpu, e->eid_lo), e);
		assert_ptr_equal(sbi_find_ext(&vcpu, mid), e);
		assert_ptr_equal(sbi_find_ext(&vcpu, e->eid_hi), e);
		/* Just outside the range it is somebody else's, or nobody's. */
		if (e->eid_lo > 0) {
			assert_ptr_not_equal(sbi_find_ext(&vcpu, e->eid_lo - 1), e);
		}
		if (e->eid_hi < ULONG_MAX) {
			assert_ptr_not_equal(sbi_find_ext(&vcpu, e->eid_hi + 1), e);
		}
	}
	for (unsigned long eid = 0; eid <= SBI_EID_LEGACY_SHUTDOWN; eid++) {
		assert_ptr_equal(sbi_find_ext(&vcpu, eid), &sbi_ext_legacy);
	}
	/* 0x09..0x0F are reserved: no extension serves them, so BASE probe says 0. */
	for (unsigned long eid = SBI_EID_LEGACY_SHUTDOWN + 1; eid <= SBI_EID_LEGACY_LAST; eid++) {
		assert_null(sbi_find_ext(&vcpu, eid));
	}
	assert_ptr_equal(sbi_find_ext(&vcpu, SBI_EID_BASE), &sbi_ext_base);
	assert_ptr_equal(sbi_find_ext(&vcpu, SBI_EID_DBCN), &sbi_ext_dbcn);
	assert_ptr_equal(sbi_find_ext(&vcpu, SBI_EID_SRST), &sbi_ext_srst);
}

/* Ids no extension may ever claim, so the core must hand them to the VMM. */
static const unsigned long unknown_eids[] = {
	SBI_EID_BASE + 1,
	SBI_EID_BASE + 2,
	0x0ABCDEF0UL,
	SBI_EID_EXPERIMENTAL_FIRST,
	SBI_EID_EXPERIMENTAL_FIRST + 0x1234,
	SBI_EID_EXPERIMENTAL_LAST,
	SBI_EID_VENDOR_FIRST,
	SBI_EID_VENDOR_LAST,
	SBI_EID_FIRMWARE_FIRST,
	SBI_EID_FIRMWARE_LAST,
	SBI_EID_DBCN - 1,
	SBI_EID_DBCN + 1,
	SBI_EID_SRST - 1,
	SBI_EID_SRST + 1,
	/* Implemented ids with junk above bit 31: EIDs are 32-bit, these match nothing. */
	/* clang-format off */
	RV64_ONLY((1UL << 32) | SBI_EID_BASE,
		  0xFFFFFFFF00000000UL | SBI_EID_BASE,
		  (1UL << 32) | SBI_EID_SRST,
		  (1UL << 32) | SBI_EID_LEGACY_CONSOLE_PUTCHAR,)
	/* clang-format on */
	0x7FFFFFFFUL,
	0x80000000UL,
	0xFFFFFFFFUL,
	XLEN_MSB,
	ULONG_MAX - 1,
	ULONG_MAX,
};

#define N_UNKNOWN_EIDS (sizeof(unknown_eids) / sizeof(unknown_eids[0]))

static void expect_forwarded(unsigned long eid, unsigned long fid)
{
	struct sbi_result r = call(eid, fid, 1, 2, 3);

	if (r.next != SBI_NEXT_FORWARD || r.error != SBI_ERR_NOT_SUPPORTED || r.value != 0) {
		print_error("eid 0x%lx fid 0x%lx: next %d error %ld value 0x%lx, want a forward\n",
			    eid, fid, (int)r.next, r.error, r.value);
		fail();
	}
	assert_exit_untouched();
	assert_no_console_io();
	assert_ram_is_copy();
}

static void test_unknown_eids_forward(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_UNKNOWN_EIDS; i++) {
		if (sbi_find_ext(&vcpu, unknown_eids[i]) != NULL) {
			print_error("eid 0x%lx is claimed by %s\n", unknown_eids[i],
				    sbi_find_ext(&vcpu, unknown_eids[i])->name);
			fail();
		}
		expect_forwarded(unknown_eids[i], 0);
		expect_forwarded(unknown_eids[i], ULONG_MAX);
	}
}

/* Standard extensions the core may or may not implement: probe and dispatch must agree. */
static void test_standard_eids_probe_matches_dispatch(void **state)
{
	static const unsigned long standard[] = {
		SBI_EID_BASE, SBI_EID_TIME, SBI_EID_IPI,  SBI_EID_RFENCE, SBI_EID_HSM, SBI_EID_SRST,
		SBI_EID_PMU,  SBI_EID_DBCN, SBI_EID_SUSP, SBI_EID_CPPC,   SBI_EID_STA, SBI_EID_FWFT,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(standard) / sizeof(standard[0]); i++) {
		const struct sbi_ext *e = sbi_find_ext(&vcpu, standard[i]);
		struct sbi_result r =
			call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, standard[i], 0, 0);

		assert_int_equal(r.error, SBI_SUCCESS);
		assert_int_equal(r.value, e ? 1 : 0);
		if (!e) {
			expect_forwarded(standard[i], 0);
		}
	}
}

/*
 * Once a vCPU has run, each lookup is remembered: a run of calls that alternates
 * extensions, known and unknown, must still reach the right handler every time.
 */
static void test_lookup_cache_after_run(void **state)
{
	static const unsigned long eids[] = { SBI_EID_BASE, 0x0ABCDEF0UL, SBI_EID_BASE,
					      SBI_EID_BASE, SBI_EID_DBCN, 0x0ABCDEF0UL,
					      0x0ABCDEF1UL, SBI_EID_BASE };

	(void)state;
	vcpu.has_run = true;
	for (unsigned round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(eids) / sizeof(eids[0]); i++) {
			if (eids[i] == SBI_EID_BASE) {
				struct sbi_result r =
					call(SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);

				assert_int_equal(r.error, SBI_SUCCESS);
				assert_int_equal(r.value, RVKVM_SBI_IMPL_ID);
			} else if (eids[i] == SBI_EID_DBCN) {
				struct sbi_result r = call(SBI_EID_DBCN, 99, 0, 0, 0);

				assert_int_equal(r.next, SBI_NEXT_RETURN);
				assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
			} else {
				expect_forwarded(eids[i], 0);
			}
		}
	}
	assert_true(vcpu.sbi_cache.valid);
}

/* Every call dispatched, as rvkvm_vcpu_get_stats adds them up. */
static unsigned long calls_counted(void)
{
	unsigned long n = vcpu.stats.sbi_not_run;

	for (unsigned i = 0; i < VCPU_STATS_SBI_EXT; i++) {
		n += vcpu.stats.sbi_by_ext[i];
	}
	return n;
}

/* The fast exit path never runs HSM (it may rewrite every register), and runs the rest. */
static void test_dispatch_fast_refuses_hsm(void **state)
{
	struct sbi_call c = { .eid = SBI_EID_HSM, .fid = 2 /* HART_GET_STATUS */ };
	struct sbi_result r;

	(void)state;
	memset(&r, RESULT_FILL, sizeof(r));
	assert_int_equal(sbi_dispatch_fast(&vcpu, &c, &r), SBI_DISPATCH_NOT_FAST);
	assert_int_equal(calls_counted(), 0);
	c.eid = SBI_EID_BASE;
	c.fid = SBI_BASE_GET_IMPL_ID;
	assert_int_equal(sbi_dispatch_fast(&vcpu, &c, &r), 0);
	assert_int_equal(r.value, RVKVM_SBI_IMPL_ID);
	assert_int_equal(calls_counted(), 1);
}

/* The table index of e: per-extension counters are kept in table order. */
static unsigned table_index(const struct sbi_ext *e)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		if (sbi_ext_table[i] == e) {
			return i;
		}
	}
	fail_msg("%s is not in the table", e->name);
	return 0;
}

static void test_stats_count_every_call(void **state)
{
	struct vcpu_stats want;

	(void)state;
	/* Otherwise the extensions past the end of the counter array would go uncounted. */
	assert_true(sbi_ext_count <= VCPU_STATS_SBI_EXT);
	memset(&want, 0, sizeof(want));
	assert_memory_equal(&vcpu.stats, &want, sizeof(want));

	(void)call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	assert_int_equal(calls_counted(), 1);
	assert_int_equal(vcpu.stats.sbi_by_ext[table_index(&sbi_ext_base)], 1);
	(void)call(0x0ABCDEF0UL, 0, 0, 0, 0);                      /* forwarded */
	(void)call(SBI_EID_BASE, 99, 0, 0, 0);                     /* NOT_SUPPORTED */
	(void)call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 8, 0, 0); /* INVALID_PARAM */
	(void)call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, 'x', 0, 0);  /* legacy */
	(void)call(0x09, 0, 0, 0, 0); /* reserved legacy id: forwarded */
	(void)call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, 0, 0, 0); /* exit */

	/* Every call counts, whatever its outcome; forwarding is counted in vcpu_run.c. */
	want.sbi_not_run = 2; /* the two forwarded: 7 calls in all */
	want.sbi_by_ext[table_index(&sbi_ext_base)] = 2;
	want.sbi_by_ext[table_index(&sbi_ext_dbcn)] = 1;
	want.sbi_by_ext[table_index(&sbi_ext_legacy)] = 1;
	want.sbi_by_ext[table_index(&sbi_ext_srst)] = 1;
	assert_memory_equal(&vcpu.stats, &want, sizeof(want));
}

/* ---- BASE -------------------------------------------------------------------------------- */

static void test_base_versions_and_ids(void **state)
{
	struct sbi_result r;

	(void)state;
	r = call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, 0x03000000UL, SBI_NEXT_RETURN);
	/* Bit 31 and everything above it are reserved and must be 0. */
	assert_int_equal(r.value & ~0x7FFFFFFFUL, 0);
	assert_int_equal((r.value >> 24) & 0x7F, RVKVM_SBI_SPEC_MAJOR);
	assert_int_equal(r.value & 0xFFFFFF, RVKVM_SBI_SPEC_MINOR);

	r = call(SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, 0x52564B4DUL, SBI_NEXT_RETURN);
	r = call(SBI_EID_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, RVKVM_SBI_IMPL_VERSION, SBI_NEXT_RETURN);
	assert_int_not_equal(r.value, 0);
	assert_exit_untouched();
	assert_no_console_io();
}

static void expect_machine_ids(unsigned long mvendorid, unsigned long marchid, unsigned long mimpid)
{
	struct sbi_result r;

	/* The ids of the vCPU's ONE_REG CONFIG (the host's unless the VMM set others). */
	vcpu.cfg.mvendorid = mvendorid;
	vcpu.cfg.marchid = marchid;
	vcpu.cfg.mimpid = mimpid;
	r = call(SBI_EID_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, mvendorid, SBI_NEXT_RETURN);
	r = call(SBI_EID_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, marchid, SBI_NEXT_RETURN);
	r = call(SBI_EID_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, mimpid, SBI_NEXT_RETURN);
}

static void test_base_machine_ids_from_vcpu_config(void **state)
{
	(void)state;
	/* Three distinct sets: a hard-coded or swapped answer cannot pass all of them. */
	expect_machine_ids(0, 0, 0);
	expect_machine_ids(0x489, XLEN_MSB | 7, 0x20181004);
	expect_machine_ids(0x5b7, 0x1, ULONG_MAX);
	assert_exit_untouched();
}

static void expect_probe(unsigned long eid, unsigned long want)
{
	struct sbi_result r = call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, eid, JUNK_ARG, JUNK_ARG);

	if (r.error != SBI_SUCCESS || r.value != want || r.next != SBI_NEXT_RETURN) {
		print_error("probe 0x%lx: error %ld value %lu next %d, want value %lu\n", eid,
			    r.error, r.value, (int)r.next, want);
		fail();
	}
}

static void test_base_probe(void **state)
{
	(void)state;
	expect_probe(SBI_EID_BASE, 1);
	expect_probe(SBI_EID_DBCN, 1);
	expect_probe(SBI_EID_SRST, 1);
	expect_probe(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 1);
	expect_probe(SBI_EID_LEGACY_CONSOLE_GETCHAR, 1);
	expect_probe(SBI_EID_LEGACY_SHUTDOWN, 1);
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (!e->probe || e->probe(&vcpu)) {
			expect_probe(e->eid_lo, 1);
			expect_probe(e->eid_hi, 1);
		}
	}
	for (size_t i = 0; i < N_UNKNOWN_EIDS; i++) {
		expect_probe(unknown_eids[i], 0);
	}
	assert_exit_untouched();
	assert_no_console_io();
}

static void test_base_unknown_fid(void **state)
{
	static const unsigned long fids[] = {
		SBI_BASE_GET_MIMPID + 1,
		8,
		0x100,
		0x7FFFFFFF,
		/* clang-format off */
		RV64_ONLY(1UL << 32,
			  (1UL << 32) | SBI_BASE_GET_SPEC_VERSION,)
		/* clang-format on */
		ULONG_MAX,
	};

	(void)state;
	host_caps.mvendorid = 0x489;
	for (size_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		struct sbi_result r = call(SBI_EID_BASE, fids[i], SBI_EID_BASE, 0, 0);

		assert_result(r, SBI_ERR_NOT_SUPPORTED, 0, SBI_NEXT_RETURN);
	}
	assert_exit_untouched();
}

/* ---- DBCN -------------------------------------------------------------------------------- */

static struct sbi_result dbcn(unsigned long fid, unsigned long len, unsigned long lo,
			      unsigned long hi)
{
	return call(SBI_EID_DBCN, fid, len, lo, hi);
}

/* A buffer the core must refuse: INVALID_PARAM, and neither the console nor guest RAM touched. */
static void expect_dbcn_rejected(unsigned long fid, unsigned long len, unsigned long lo,
				 unsigned long hi)
{
	size_t input = fake_console_input_left();
	struct sbi_result r = dbcn(fid, len, lo, hi);

	if (r.error != SBI_ERR_INVALID_PARAM || r.value != 0 || r.next != SBI_NEXT_RETURN) {
		print_error("dbcn fid %lu len 0x%lx lo 0x%lx hi 0x%lx: error %ld value 0x%lx "
			    "next %d\n",
			    fid, len, lo, hi, r.error, r.value, (int)r.next);
		fail();
	}
	assert_no_console_io();
	assert_int_equal(fake_console_input_left(), input);
	assert_ram_is_copy();
	assert_exit_untouched();
}

static void expect_rejected_both_ways(unsigned long len, unsigned long lo, unsigned long hi)
{
	expect_dbcn_rejected(SBI_DBCN_CONSOLE_WRITE, len, lo, hi);
	expect_dbcn_rejected(SBI_DBCN_CONSOLE_READ, len, lo, hi);
}

static void test_dbcn_write_copies_guest_bytes(void **state)
{
	static const char text[] = "hello from the guest\n\0\xff tail";
	const unsigned long at = RAM_BASE + 0x1234;
	struct sbi_result r;

	(void)state;
	memcpy(ram_at(at), text, sizeof(text));
	memcpy(ram_copy, ram, RAM_SIZE);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, sizeof(text), at, 0);
	assert_result(r, SBI_SUCCESS, sizeof(text), SBI_NEXT_RETURN);
	assert_vm_output(text, sizeof(text));
	assert_int_equal(fake_console_vm_write_calls(), 1);
	assert_ram_is_copy();
	assert_exit_untouched();
}

static void test_dbcn_write_range_edges(void **state)
{
	struct sbi_result r;

	(void)state;
	/* The first byte of RAM, the last byte, the last 16 bytes, then all of it. */
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 1, RAM_BASE, 0);
	assert_result(r, SBI_SUCCESS, 1, SBI_NEXT_RETURN);
	assert_vm_output(ram, 1);

	fake_console_reset();
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 1, RAM_END - 1, 0);
	assert_result(r, SBI_SUCCESS, 1, SBI_NEXT_RETURN);
	assert_vm_output(ram_at(RAM_END - 1), 1);

	fake_console_reset();
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 16, RAM_END - 16, 0);
	assert_result(r, SBI_SUCCESS, 16, SBI_NEXT_RETURN);
	assert_vm_output(ram_at(RAM_END - 16), 16);

	/* All of RAM is a valid buffer; a call writes at most SBI_DBCN_MAX_BYTES of it. */
	fake_console_reset();
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, RAM_SIZE, RAM_BASE, 0);
	assert_result(r, SBI_SUCCESS, SBI_DBCN_MAX_BYTES, SBI_NEXT_RETURN);
	assert_vm_output(ram, SBI_DBCN_MAX_BYTES);
	assert_ram_is_copy();
}

static void test_dbcn_zero_bytes(void **state)
{
	struct sbi_result r;

	(void)state;
	fake_console_queue_input("abc", 3);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 0, RAM_BASE + 64, 0);
	assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 0, RAM_BASE + 64, 0);
	assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	/* Nothing to transfer, so where the (empty) buffer is does not matter. */
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 0, 0, 0);
	assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 0, RAM_END, 0);
	assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_int_equal(fake_console_input_left(), 3);
	assert_ram_is_copy();
}

static void test_dbcn_outside_ram(void **state)
{
	(void)state;
	fake_console_queue_input("input stays queued", 18);
	expect_rejected_both_ways(16, 0, 0);
	expect_rejected_both_ways(16, 0x1000, 0);
	expect_rejected_both_ways(1, RAM_BASE - 1, 0);
	/* Starts below RAM and ends inside it. */
	expect_rejected_both_ways(32, RAM_BASE - 16, 0);
	/* Starts below RAM and covers all of it. */
	expect_rejected_both_ways(RAM_SIZE + 2, RAM_BASE - 1, 0);
	expect_rejected_both_ways(1, RAM_END, 0);
	expect_rejected_both_ways(8, RAM_END, 0);
	expect_rejected_both_ways(8, RAM_END + 0x100000, 0);
}

static void test_dbcn_straddles_end_of_ram(void **state)
{
	(void)state;
	fake_console_queue_input("xyz", 3);
	expect_rejected_both_ways(17, RAM_END - 16, 0);
	expect_rejected_both_ways(2, RAM_END - 1, 0);
	expect_rejected_both_ways(RAM_SIZE + 1, RAM_BASE, 0);
	expect_rejected_both_ways(RAM_SIZE, RAM_BASE + 1, 0);
}

static void test_dbcn_base_hi_set(void **state)
{
	(void)state;
	/* base_addr_hi holds the address's bits from XLEN up: this VM has no RAM there. */
	expect_rejected_both_ways(16, RAM_BASE, 1);
	expect_rejected_both_ways(16, RAM_BASE, XLEN_MSB);
	expect_rejected_both_ways(16, RAM_BASE, ULONG_MAX);
	expect_rejected_both_ways(1, RAM_END - 1, 0x100);
}

static void test_dbcn_huge_lengths(void **state)
{
	(void)state;
	expect_rejected_both_ways(ULONG_MAX, RAM_BASE, 0);
	expect_rejected_both_ways(ULONG_MAX, RAM_BASE + 0x100, 0);
	expect_rejected_both_ways(XLEN_MSB, RAM_BASE, 0);
	RV64_ONLY(expect_rejected_both_ways(1UL << 32, RAM_BASE, 0));
	/* base + len is exactly 2^64, i.e. 0 after wrapping. */
	expect_rejected_both_ways(0UL - RAM_BASE, RAM_BASE, 0);
	/* base + len wraps to just above RAM_BASE, below the start: a naive end check passes. */
	expect_rejected_both_ways(0UL - 0x80, RAM_BASE + 0x100, 0);
}

static void test_dbcn_address_wraparound(void **state)
{
	struct sbi_result r;

	(void)state;
	/* Guest RAM at address 0 too, so a range wrapping past 2^64 lands in real memory. */
	vm.memslots.slot[1].used = true;
	vm.memslots.slot[1].base = gpa(0);
	vm.memslots.slot[1].size = EXTRA_SIZE;
	vm.memslots.slot[1].host = hpa_of(extra);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 16, 0, 0);
	assert_result(r, SBI_SUCCESS, 16, SBI_NEXT_RETURN);
	assert_vm_output(extra, 16);
	fake_console_reset();

	fake_console_queue_input("0123456789abcdef0123456789", 26);
	expect_rejected_both_ways(16, ULONG_MAX - 7, 0);
	expect_rejected_both_ways(2, ULONG_MAX, 0);
	expect_rejected_both_ways(1, ULONG_MAX, 0);
	expect_rejected_both_ways(0x20, ULONG_MAX - 0xF, 0);
	/* Wraps to an end inside the RAM at RAM_BASE. */
	expect_rejected_both_ways(RAM_BASE + 0x20, ULONG_MAX - 0xF, 0);
	for (size_t i = 0; i < EXTRA_SIZE; i++) {
		assert_int_equal(extra[i], 0x11);
	}
}

/* Adjacent slots are adjacent in guest memory only: a range across them must not be read as one. */
static void test_dbcn_across_adjacent_slots(void **state)
{
	const unsigned long at = RAM_END - 8;
	uint8_t want[16];
	struct sbi_result r;

	(void)state;
	vm.memslots.slot[1].used = true;
	vm.memslots.slot[1].base = gpa(RAM_END);
	vm.memslots.slot[1].size = EXTRA_SIZE;
	vm.memslots.slot[1].host = hpa_of(extra);
	memcpy(want, ram_at(at), 8);
	memset(want + 8, 0x11, 8);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 16, at, 0);
	/* Either refused whole, or the right bytes from both slots; never a read past ram[]. */
	if (r.error == SBI_SUCCESS) {
		assert_int_equal(r.value, 16);
		assert_vm_output(want, 16);
	} else {
		assert_result(r, SBI_ERR_INVALID_PARAM, 0, SBI_NEXT_RETURN);
		assert_int_equal(fake_console_vm_write_calls(), 0);
	}
	fake_console_reset();
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 16, RAM_END, 0);
	assert_result(r, SBI_SUCCESS, 16, SBI_NEXT_RETURN);
	assert_vm_output(extra, 16);
}

static void test_dbcn_read_fills_guest_memory(void **state)
{
	static const char input[] = "typed\x00\xfe!";
	const unsigned long at = RAM_BASE + 0x200;
	struct sbi_result r;

	(void)state;
	fake_console_queue_input(input, 8);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 32, at, 0);
	assert_result(r, SBI_SUCCESS, 8, SBI_NEXT_RETURN);
	/* Exactly the bytes read change; the rest of the 32-byte buffer keeps its contents. */
	memcpy(ram_copy + (at - RAM_BASE), input, 8);
	assert_ram_is_copy();
	assert_int_equal(fake_console_input_left(), 0);
	assert_int_equal(fake_console_vm_read_calls(), 1);
	assert_int_equal(fake_console_last_vm_id(), TEST_VM_ID);
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_exit_untouched();
}

static void test_dbcn_read_limits_and_edges(void **state)
{
	struct sbi_result r;

	(void)state;
	fake_console_queue_input("0123456789", 10);
	/* num_bytes is a maximum: the rest stays queued for the next read. */
	r = dbcn(SBI_DBCN_CONSOLE_READ, 4, RAM_END - 4, 0);
	assert_result(r, SBI_SUCCESS, 4, SBI_NEXT_RETURN);
	memcpy(ram_copy + RAM_SIZE - 4, "0123", 4);
	assert_ram_is_copy();
	assert_int_equal(fake_console_input_left(), 6);

	r = dbcn(SBI_DBCN_CONSOLE_READ, 100, RAM_BASE, 0);
	assert_result(r, SBI_SUCCESS, 6, SBI_NEXT_RETURN);
	memcpy(ram_copy, "456789", 6);
	assert_ram_is_copy();
	assert_int_equal(fake_console_input_left(), 0);
}

/* A read writes guest RAM as the guest would: not into a read-only region; logged if logging. */
static void test_dbcn_read_obeys_region_flags(void **state)
{
	unsigned long words[DIRTY_LOG_WORDS(RAM_SIZE / 4096)];
	static const char in[] = "0123456789";
	struct sbi_result r;

	(void)state;
	vm.memslots.slot[0].flags = RVKVM_MEM_READONLY;
	fake_console_queue_input(in, sizeof(in));
	expect_dbcn_rejected(SBI_DBCN_CONSOLE_READ, 4, RAM_BASE + 64, 0);
	r = dbcn(SBI_DBCN_CONSOLE_WRITE, 4, RAM_BASE + 64, 0); /* reading it is allowed */
	assert_result(r, SBI_SUCCESS, 4, SBI_NEXT_RETURN);

	vm.memslots.slot[0].flags = RVKVM_MEM_LOG_DIRTY_PAGES;
	dirty_log_init(&vm.dirty[0], words, RAM_SIZE / 4096);
	r = dbcn(SBI_DBCN_CONSOLE_READ, 8, RAM_BASE + 4096 - 4, 0); /* pages 0 and 1 */
	assert_result(r, SBI_SUCCESS, 8, SBI_NEXT_RETURN);
	assert_int_equal(words[0], 0x3);
}

static void test_dbcn_read_without_input(void **state)
{
	struct sbi_result r;

	(void)state;
	r = dbcn(SBI_DBCN_CONSOLE_READ, 64, RAM_BASE + 0x40, 0);
	assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	/* Nothing to read: the buffer is not written at all. */
	assert_ram_is_copy();
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_exit_untouched();
}

static void test_dbcn_write_byte(void **state)
{
	static const unsigned char want[] = { 'A', '~', 0x00, 0xFF, '\n' };
	static const unsigned long args[] = {
		'A', REG_BITS_FROM(8) | '~', 0x100, 0xFF, ((unsigned long)'Z' << 8) | '\n',
	};
	struct sbi_result r;

	(void)state;
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		/* Junk in the address registers: write_byte takes no buffer. */
		r = dbcn(SBI_DBCN_CONSOLE_WRITE_BYTE, args[i], ULONG_MAX, ULONG_MAX);
		assert_result(r, SBI_SUCCESS, 0, SBI_NEXT_RETURN);
	}
	assert_vm_output(want, sizeof(want));
	assert_int_equal(fake_console_vm_write_calls(), sizeof(want));
	assert_ram_is_copy();
	assert_exit_untouched();
}

static void test_dbcn_unknown_fid(void **state)
{
	static const unsigned long fids[] = {
		SBI_DBCN_CONSOLE_WRITE_BYTE + 1,
		0x100,
		0x7FFFFFFF,
		/* clang-format off */
		RV64_ONLY((1UL << 32) | SBI_DBCN_CONSOLE_WRITE,)
		/* clang-format on */
		ULONG_MAX,
	};

	(void)state;
	fake_console_queue_input("q", 1);
	for (size_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		struct sbi_result r = dbcn(fids[i], 4, RAM_BASE, 0);

		assert_result(r, SBI_ERR_NOT_SUPPORTED, 0, SBI_NEXT_RETURN);
	}
	assert_no_console_io();
	assert_int_equal(fake_console_input_left(), 1);
	assert_ram_is_copy();
	assert_exit_untouched();
}

/* ---- legacy ------------------------------------------------------------------------------ */

static void test_legacy_putchar(void **state)
{
	static const unsigned char want[] = { 'x', '\n', 0xFF, 0x00 };
	static const unsigned long chars[] = { 'x', 0xABCD00UL | '\n', 0xFF, 0x100 };
	struct sbi_result r;

	(void)state;
	for (size_t i = 0; i < sizeof(chars) / sizeof(chars[0]); i++) {
		/* a6 (the fid) means nothing to a v0.1 call. */
		r = call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, i * 0x1111, chars[i], JUNK_ARG, 0);
		assert_int_equal(r.value, 0);
		assert_int_equal(r.next, SBI_NEXT_RETURN_LEGACY);
	}
	assert_vm_output(want, sizeof(want));
	assert_int_equal(fake_console_vm_write_calls(), sizeof(want));
	assert_exit_untouched();
}

static void test_legacy_getchar(void **state)
{
	struct sbi_result r;

	(void)state;
	fake_console_queue_input("h\xff", 2);
	r = call(SBI_EID_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0);
	assert_int_equal(r.value, 'h');
	assert_int_equal(r.next, SBI_NEXT_RETURN_LEGACY);
	/* A 0xff byte is 255, not -1 (no sign extension of the byte). */
	r = call(SBI_EID_LEGACY_CONSOLE_GETCHAR, 7, 0, 0, 0);
	assert_int_equal(r.value, 0xFF);
	assert_int_equal(r.next, SBI_NEXT_RETURN_LEGACY);
	assert_int_equal(fake_console_input_left(), 0);

	r = call(SBI_EID_LEGACY_CONSOLE_GETCHAR, 0, 0, 0, 0);
	assert_int_equal(r.value, (unsigned long)-1L);
	assert_int_equal(r.value, ULONG_MAX);
	assert_int_equal(r.next, SBI_NEXT_RETURN_LEGACY);
	assert_int_equal(fake_console_last_vm_id(), TEST_VM_ID);
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_exit_untouched();
}

static void assert_system_event(uint32_t type, uint64_t reason)
{
	assert_int_equal(vcpu.exit.reason, RVKVM_EXIT_SYSTEM_EVENT);
	assert_int_equal(vcpu.exit.system_event.type, type);
	assert_int_equal(vcpu.exit.system_event.ndata, 1);
	assert_int_equal(vcpu.exit.system_event.data[0], reason);
}

static void test_legacy_shutdown(void **state)
{
	struct sbi_result r;

	(void)state;
	r = call(SBI_EID_LEGACY_SHUTDOWN, ULONG_MAX, 1, 0xF0000000UL, JUNK_ARG);
	assert_int_equal(r.error, SBI_SUCCESS);
	assert_int_equal(r.next, SBI_NEXT_EXIT);
	assert_system_event(RVKVM_SYSTEM_EVENT_SHUTDOWN, SBI_SRST_REASON_NONE);
	assert_no_console_io();
}

/* 0x09..0x0F are reserved legacy ids: no v0.1 function, so the core leaves them to the VMM. */
static void test_legacy_unimplemented_forward(void **state)
{
	(void)state;
	for (unsigned long eid = SBI_EID_LEGACY_SHUTDOWN + 1; eid <= SBI_EID_LEGACY_LAST; eid++) {
		struct sbi_result r = call(eid, eid, RAM_BASE, 0, 0);

		assert_int_equal(r.next, SBI_NEXT_FORWARD);
		assert_int_equal(r.value, 0);
	}
	assert_exit_untouched();
	assert_no_console_io();
	assert_ram_is_copy();
}

/* ---- SRST -------------------------------------------------------------------------------- */

static void expect_srst_exit(unsigned long type_arg, unsigned long reason_arg, uint32_t event,
			     uint32_t reason)
{
	struct sbi_result r;

	clear_exit();
	r = call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, type_arg, reason_arg, JUNK_ARG);
	if (r.error != SBI_SUCCESS || r.next != SBI_NEXT_EXIT) {
		print_error("srst type 0x%lx reason 0x%lx: error %ld next %d, want an exit\n",
			    type_arg, reason_arg, r.error, (int)r.next);
		fail();
	}
	assert_int_equal(r.value, 0);
	assert_system_event(event, reason);
}

static void expect_srst_error(unsigned long type_arg, unsigned long reason_arg, long error)
{
	struct sbi_result r;

	clear_exit();
	r = call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, type_arg, reason_arg, 0);
	if (r.error != error || r.value != 0 || r.next != SBI_NEXT_RETURN) {
		print_error("srst type 0x%lx reason 0x%lx: error %ld value 0x%lx next %d, "
			    "want %ld\n",
			    type_arg, reason_arg, r.error, r.value, (int)r.next, error);
		fail();
	}
	assert_exit_untouched();
}

static void test_srst_standard_types_and_reasons(void **state)
{
	static const uint32_t events[] = {
		[SBI_SRST_TYPE_SHUTDOWN] = RVKVM_SYSTEM_EVENT_SHUTDOWN,
		[SBI_SRST_TYPE_COLD_REBOOT] = RVKVM_SYSTEM_EVENT_RESET,
		[SBI_SRST_TYPE_WARM_REBOOT] = RVKVM_SYSTEM_EVENT_RESET,
	};

	(void)state;
	for (uint32_t type = 0; type <= SBI_SRST_TYPE_LAST_STANDARD; type++) {
		expect_srst_exit(type, SBI_SRST_REASON_NONE, events[type], SBI_SRST_REASON_NONE);
		expect_srst_exit(type, SBI_SRST_REASON_SYSTEM_FAILURE, events[type],
				 SBI_SRST_REASON_SYSTEM_FAILURE);
	}
	assert_no_console_io();
}

static void test_srst_reserved_types(void **state)
{
	static const unsigned long types[] = {
		3, 4, 0x100, 0x7FFFFFFF, 0x80000000UL, 0xEFFFFFFEUL, 0xEFFFFFFFUL
	};

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		expect_srst_error(types[i], SBI_SRST_REASON_NONE, SBI_ERR_INVALID_PARAM);
		expect_srst_error(types[i], SBI_SRST_REASON_SYSTEM_FAILURE, SBI_ERR_INVALID_PARAM);
	}
}

static void test_srst_vendor_types(void **state)
{
	static const unsigned long types[] = { 0xF0000000UL, 0xF0000001UL, 0xFFFFFFFEUL,
					       0xFFFFFFFFUL };

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		expect_srst_error(types[i], SBI_SRST_REASON_NONE, SBI_ERR_INVALID_PARAM);
		expect_srst_error(types[i], 0xF0000000UL, SBI_ERR_INVALID_PARAM);
		/* A reserved reason makes the call invalid whatever the type. */
		expect_srst_error(types[i], 2, SBI_ERR_INVALID_PARAM);
	}
}

static void test_srst_reasons(void **state)
{
	static const unsigned long reserved[] = { 2,           3, 0x10000, 0x7FFFFFFF, 0xDFFFFFFEUL,
						  0xDFFFFFFFUL };
	static const unsigned long accepted[] = { 0xE0000000UL, 0xE0000001UL, 0xEFFFFFFFUL,
						  0xF0000000UL, 0xFFFFFFFEUL, 0xFFFFFFFFUL };

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		expect_srst_error(SBI_SRST_TYPE_SHUTDOWN, reserved[i], SBI_ERR_INVALID_PARAM);
		expect_srst_error(SBI_SRST_TYPE_WARM_REBOOT, reserved[i], SBI_ERR_INVALID_PARAM);
	}
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		expect_srst_exit(SBI_SRST_TYPE_SHUTDOWN, accepted[i], RVKVM_SYSTEM_EVENT_SHUTDOWN,
				 (uint32_t)accepted[i]);
		expect_srst_exit(SBI_SRST_TYPE_COLD_REBOOT, accepted[i], RVKVM_SYSTEM_EVENT_RESET,
				 (uint32_t)accepted[i]);
	}
}

static void test_srst_upper_bits_ignored(void **state)
{
	(void)state;
	if (XLEN < 64) {
		skip(); /* an RV32 register has no bits above 31 */
	}
	expect_srst_exit(REG_BITS_FROM(32) | SBI_SRST_TYPE_SHUTDOWN, 0, RVKVM_SYSTEM_EVENT_SHUTDOWN,
			 SBI_SRST_REASON_NONE);
	expect_srst_exit(REG_BIT(32) | SBI_SRST_TYPE_COLD_REBOOT, 0, RVKVM_SYSTEM_EVENT_RESET,
			 SBI_SRST_REASON_NONE);
	expect_srst_exit(SBI_SRST_TYPE_WARM_REBOOT, (unsigned long)0xDEAD000000000000ULL | 1,
			 RVKVM_SYSTEM_EVENT_RESET, SBI_SRST_REASON_SYSTEM_FAILURE);
	/* The reason reaches the VMM as 32 bits, without the junk above them. */
	expect_srst_exit(SBI_SRST_TYPE_SHUTDOWN, (unsigned long)0xFFFFFFFFE0000005ULL,
			 RVKVM_SYSTEM_EVENT_SHUTDOWN, 0xE0000005u);
	/* Junk above bit 31 neither makes a valid value invalid nor an invalid one valid. */
	expect_srst_error((unsigned long)0xABCD000000000003ULL, 0, SBI_ERR_INVALID_PARAM);
	expect_srst_error(0, REG_BIT(32) | 2, SBI_ERR_INVALID_PARAM);
	expect_srst_error((unsigned long)0xFFFFFFFFF0000000ULL, 0, SBI_ERR_INVALID_PARAM);
}

static void test_srst_unknown_fid(void **state)
{
	static const unsigned long fids[] = { 1, 2, 0x100, ULONG_MAX,
					      RV64_ONLY((1UL << 32) | SBI_SRST_SYSTEM_RESET) };

	(void)state;
	for (size_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		struct sbi_result r = call(SBI_EID_SRST, fids[i], SBI_SRST_TYPE_SHUTDOWN, 0, 0);

		assert_result(r, SBI_ERR_NOT_SUPPORTED, 0, SBI_NEXT_RETURN);
	}
	assert_exit_untouched();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table_well_formed),
		T(test_every_entry_found_for_its_range),
		T(test_unknown_eids_forward),
		T(test_standard_eids_probe_matches_dispatch),
		T(test_lookup_cache_after_run),
		T(test_dispatch_fast_refuses_hsm),
		T(test_stats_count_every_call),
		T(test_base_versions_and_ids),
		T(test_base_machine_ids_from_vcpu_config),
		T(test_base_probe),
		T(test_base_unknown_fid),
		T(test_dbcn_write_copies_guest_bytes),
		T(test_dbcn_write_range_edges),
		T(test_dbcn_zero_bytes),
		T(test_dbcn_outside_ram),
		T(test_dbcn_straddles_end_of_ram),
		T(test_dbcn_base_hi_set),
		T(test_dbcn_huge_lengths),
		T(test_dbcn_address_wraparound),
		T(test_dbcn_across_adjacent_slots),
		T(test_dbcn_read_fills_guest_memory),
		T(test_dbcn_read_limits_and_edges),
		T(test_dbcn_read_obeys_region_flags),
		T(test_dbcn_read_without_input),
		T(test_dbcn_write_byte),
		T(test_dbcn_unknown_fid),
		T(test_legacy_putchar),
		T(test_legacy_getchar),
		T(test_legacy_shutdown),
		T(test_legacy_unimplemented_forward),
		T(test_srst_standard_types_and_reasons),
		T(test_srst_reserved_types),
		T(test_srst_vendor_types),
		T(test_srst_reasons),
		T(test_srst_upper_bits_ignored),
		T(test_srst_unknown_fid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
