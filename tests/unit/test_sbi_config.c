/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of a vCPU's SBI configuration in dispatch: extensions switched off (SBI_EXT) are invisible, extensions the VMM owns (SBI_VMM) are forwarded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "core/sched.h"

#include "tests/fakes/fake_console.h"

#define BIT(id) (1ULL << (id))

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu;

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	vm.vcpus[0] = &vcpu;
	vm.nvcpus = 1;
	vcpu.vm = &vm;
	host_caps.has_counters = true; /* every core extension is on this host (PMU's probe) */
	fake_console_reset();
	return 0;
}

/* The other hooks the table needs to link fail when reached: tests/fakes/sbi_unreached.c. */
void sched_wake(struct sched_thread *t)
{
	(void)t; /* waking a vCPU's thread is the scheduler's business, not these tests' */
}

static struct sbi_result call(unsigned long eid, unsigned long fid, unsigned long a0)
{
	struct sbi_call c = { .eid = eid, .fid = fid, .args = { a0, 0, 0, 0, 0, 0 } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu, &c, &r), 0);
	return r;
}

static unsigned long probe(unsigned long eid)
{
	struct sbi_result r = call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, eid);

	assert_int_equal(r.error, SBI_SUCCESS);
	return r.value;
}

/* Every entry names its KVM id, whose eid range is the entry's own: ONE_REG and dispatch agree. */
static void test_table_kvm_ids(void **state)
{
	uint64_t seen = 0, seen_own = 0;

	(void)state;
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		/*
		 * Linux has no KVM id for BASE, nor (yet) for SSE and DBTR: those two have rvkvm's
		 * own (ONE_REG SBI_EXT_RVKVM), each its own; BASE has none.
		 */
		if (e == &sbi_ext_base || e == &sbi_ext_sse || e == &sbi_ext_dbtr) {
			assert_int_equal(e->kvm_id, SBI_KVM_ID_NONE);
			assert_int_equal(sbi_kvm_id_of(e->eid_lo), -1);
			assert_true(e == &sbi_ext_base
					    ? e->own == 0
					    : e->own >= SBI_OWN(0) &&
						      e->own <= RVKVM_RISCV_SBI_EXT_RVKVM_MAX);
			assert_false(e->own && (seen_own & BIT(e->own)));
			seen_own |= e->own ? BIT(e->own) : 0;
			continue;
		}
		assert_int_equal(e->own, 0);
		assert_true(e->kvm_id >= 0 && e->kvm_id < RVKVM_RISCV_SBI_EXT_MAX);
		assert_ptr_equal(sbi_kvm_ext((unsigned)e->kvm_id), e);
		assert_false(seen & BIT(e->kvm_id));
		seen |= BIT(e->kvm_id);
		assert_ptr_equal(sbi_core_ext(&vcpu, (unsigned)e->kvm_id), e);
	}
	/* Every KVM id has a range (a descriptor, the core's or the VMM's), and ranges do not overlap. */
	for (unsigned id = 0; id < RVKVM_RISCV_SBI_EXT_MAX; id++) {
		const struct sbi_ext *e = sbi_kvm_ext(id);

		assert_non_null(e);
		assert_true(e->eid_lo <= e->eid_hi);
		assert_int_equal(sbi_kvm_id_of(e->eid_lo), (int)id);
		assert_int_equal(sbi_kvm_id_of(e->eid_hi), (int)id);
	}
	assert_int_equal(sbi_kvm_id_of(SBI_EID_BASE), -1);
	assert_int_equal(sbi_kvm_id_of(0x09), -1);
	assert_int_equal(sbi_kvm_id_of(SBI_EID_VENDOR_FIRST + 0x1234), RVKVM_RISCV_SBI_EXT_VENDOR);
}

/*
 * The registry: the core's extensions first, each with a handler; then those left to the VMM,
 * with a KVM id and no handler, which dispatch never finds. A SBI_STATE subtype is one
 * extension's, and found by sbi_state_ext.
 */
static void test_registry(void **state)
{
	uint64_t subtypes = 0;

	(void)state;
	assert_true(sbi_ext_count < sbi_ext_count_all);
	for (unsigned i = 0; i < sbi_ext_count_all; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		assert_non_null(e->name);
		if (i >= sbi_ext_count) {
			assert_null(e->handler);
			assert_null(e->state_reg);
			assert_true(e->kvm_id >= 0);
			assert_null(sbi_find_ext(&vcpu, e->eid_lo));
			continue;
		}
		assert_non_null(e->handler);
		if (e->state_reg) {
			unsigned sub =
				(unsigned)(e->state_subtype >> RVKVM_REG_RISCV_SUBTYPE_SHIFT);

			assert_true(e->state_nr > 0);
			assert_true(sub < 64);
			assert_false(subtypes & BIT(sub));
			subtypes |= BIT(sub);
			assert_ptr_equal(sbi_state_ext(e->state_subtype), e);
		}
	}
	assert_ptr_equal(sbi_state_ext(RVKVM_REG_RISCV_SBI_STA), &sbi_ext_sta);
	assert_ptr_equal(sbi_state_ext(RVKVM_REG_RISCV_SBI_FWFT), &sbi_ext_fwft);
	assert_null(sbi_state_ext(2ULL << RVKVM_REG_RISCV_SUBTYPE_SHIFT));
	assert_ptr_equal(sbi_kvm_ext(RVKVM_RISCV_SBI_EXT_PMU), &sbi_ext_pmu);
	assert_null(sbi_kvm_ext(RVKVM_RISCV_SBI_EXT_MAX));
}

/* Switched off: probe says 0 and a call gets SBI_ERR_NOT_SUPPORTED from the core, with no exit. */
static void test_disabled_is_invisible(void **state)
{
	struct sbi_result r;

	(void)state;
	assert_int_equal(probe(SBI_EID_DBCN), 1);
	vcpu.cfg.sbi_disabled = BIT(RVKVM_RISCV_SBI_EXT_DBCN) | BIT(RVKVM_RISCV_SBI_EXT_SRST) |
				BIT(RVKVM_RISCV_SBI_EXT_V01);
	assert_int_equal(probe(SBI_EID_DBCN), 0);
	assert_int_equal(probe(SBI_EID_SRST), 0);
	assert_int_equal(probe(SBI_EID_LEGACY_CONSOLE_PUTCHAR), 0);
	assert_int_equal(probe(SBI_EID_TIME), 1);
	assert_int_equal(probe(SBI_EID_BASE), 1);
	assert_int_equal(probe(SBI_EID_SSE), 1);
	/* SSE has no KVM id: every bit set switches off all the others, never SSE... */
	vcpu.cfg.sbi_disabled = ~0ULL;
	assert_int_equal(probe(SBI_EID_SSE), 1);
	assert_int_equal(probe(SBI_EID_TIME), 0);
	/* ...which rvkvm's own id switches (SBI_EXT_RVKVM), and nothing else. */
	vcpu.cfg.sbi_disabled = 0;
	vcpu.cfg.sbi_disabled_rvkvm = BIT(RVKVM_RISCV_SBI_EXT_RVKVM_SSE);
	assert_int_equal(probe(SBI_EID_SSE), 0);
	assert_int_equal(probe(SBI_EID_TIME), 1);
	r = call(SBI_EID_SSE, SBI_SSE_HART_UNMASK, 0);
	assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(r.next, SBI_NEXT_RETURN);
	vcpu.cfg.sbi_disabled_rvkvm = ~0ULL;
	assert_int_equal(probe(SBI_EID_BASE), 1);
	assert_int_equal(probe(SBI_EID_DBCN), 1);
	vcpu.cfg.sbi_disabled_rvkvm = 0;
	assert_int_equal(probe(SBI_EID_SSE), 1);
	vcpu.cfg.sbi_disabled = BIT(RVKVM_RISCV_SBI_EXT_DBCN) | BIT(RVKVM_RISCV_SBI_EXT_SRST) |
				BIT(RVKVM_RISCV_SBI_EXT_V01);
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, 'x');
	assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(r.value, 0);
	assert_int_equal(r.next, SBI_NEXT_RETURN);
	r = call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN);
	assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(r.next, SBI_NEXT_RETURN);
	/* A v0.1 call answers in a0 only. */
	r = call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, 'y');
	assert_int_equal(r.value, (unsigned long)SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(r.next, SBI_NEXT_RETURN_LEGACY);
	assert_int_equal(fake_console_vm_write_calls(), 0);
	assert_int_equal(vcpu.stats.sbi_forwarded, 0);
	/* Back on: served again. */
	vcpu.cfg.sbi_disabled = 0;
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, 'x');
	assert_int_equal(r.error, SBI_SUCCESS);
	assert_int_equal(fake_console_vm_write_calls(), 1);
}

/* Owned by the VMM: every call forwarded, probe says 1, whether the core has it or not. */
static void test_vmm_owned_is_forwarded(void **state)
{
	struct sbi_result r;

	(void)state;
	assert_int_equal(probe(SBI_EID_MPXY), 0);
	assert_int_equal(probe(SBI_EID_EXPERIMENTAL_FIRST + 5), 0);
	vcpu.cfg.sbi_vmm = BIT(RVKVM_RISCV_SBI_EXT_DBCN) | BIT(RVKVM_RISCV_SBI_EXT_MPXY) |
			   BIT(RVKVM_RISCV_SBI_EXT_EXPERIMENTAL) | BIT(RVKVM_RISCV_SBI_EXT_V01);
	assert_int_equal(probe(SBI_EID_DBCN), 1);
	assert_int_equal(probe(SBI_EID_MPXY), 1);
	assert_int_equal(probe(SBI_EID_EXPERIMENTAL_FIRST + 5), 1);
	assert_int_equal(probe(SBI_EID_LEGACY_SHUTDOWN), 1);
	assert_int_equal(probe(SBI_EID_VENDOR_FIRST), 0);
	r = call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, 'x');
	assert_int_equal(r.next, SBI_NEXT_FORWARD);
	r = call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, 0, 'y');
	assert_int_equal(r.next, SBI_NEXT_FORWARD);
	r = call(SBI_EID_MPXY, 0, 0);
	assert_int_equal(r.next, SBI_NEXT_FORWARD);
	assert_int_equal(fake_console_vm_write_calls(), 0);
	/* The VMM's ownership wins over the core's switch. */
	vcpu.cfg.sbi_disabled = BIT(RVKVM_RISCV_SBI_EXT_DBCN);
	assert_int_equal(probe(SBI_EID_DBCN), 1);
	assert_int_equal(call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, 'x').next,
			 SBI_NEXT_FORWARD);
	/* What it does not own stays the core's. */
	r = call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN);
	assert_int_equal(r.next, SBI_NEXT_EXIT);
	assert_int_equal(call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0).next, SBI_NEXT_RETURN);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, NULL)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table_kvm_ids),
		T(test_registry),
		T(test_disabled_is_invisible),
		T(test_vmm_owned_is_forwarded),
	};

	return cmocka_run_group_tests_name("sbi_config", tests, NULL, NULL);
}
