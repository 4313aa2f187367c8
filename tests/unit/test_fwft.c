/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of SBI FWFT (core/sbi/fwft.c) and the exception routing it shares hedeleg with (core/exc_route.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/arch/riscv/csr.h"
#include "core/exc_route.h"
#include "core/host_caps.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/unit/xlen.h"

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu;

#define BIT(n) (1UL << (n))
#define MISALIGNED_LS (BIT(EXC_LOAD_MISALIGNED) | BIT(EXC_STORE_MISALIGNED))

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&host_caps, 0, sizeof(host_caps));
	vm.vcpus[0] = &vcpu;
	vm.nvcpus = 1;
	vcpu.vm = &vm;
	vcpu.fwft[VCPU_FWFT_MISALIGNED_DELEG].enable = 1; /* as rvkvm_create_vcpu offers it */
	vcpu.hedeleg = exc_route_hedeleg(&vcpu);
	fake_arch_reset();
	return 0;
}

static struct sbi_result fwft(unsigned long fid, unsigned long a0, unsigned long a1,
			      unsigned long a2)
{
	struct sbi_call c = { .eid = SBI_EID_FWFT, .fid = fid, .args = { a0, a1, a2, 7, 7, 7 } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(&vcpu, &c, &r), 0);
	assert_int_equal(r.next, SBI_NEXT_RETURN);
	return r;
}

static long fwft_set(unsigned long feature, unsigned long value, unsigned long flags)
{
	struct sbi_result r = fwft(SBI_FWFT_SET, feature, value, flags);

	assert_int_equal(r.value, 0);
	return r.error;
}

static struct sbi_result fwft_get(unsigned long feature)
{
	return fwft(SBI_FWFT_GET, feature, 0, 0);
}

static void test_feature_ids(void **state)
{
	static const unsigned long reserved[] = { 6,
						  0x3fffffffUL,
						  0x40000000UL,
						  0x7fffffffUL,
						  0x80000000UL,
						  0xbfffffffUL,
						  0xc0000000UL,
						  0xffffffffUL,
						  ~0UL,
						  RV64_ONLY(0x100000006UL) };
	static const unsigned long unsupported[] = { SBI_FWFT_LANDING_PAD, SBI_FWFT_SHADOW_STACK,
						     SBI_FWFT_DOUBLE_TRAP,
						     SBI_FWFT_PTE_AD_HW_UPDATING,
						     SBI_FWFT_POINTER_MASKING_PMLEN };

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		struct sbi_result r = fwft_get(reserved[i]);

		assert_int_equal(r.error, SBI_ERR_DENIED);
		assert_int_equal(r.value, 0);
		assert_int_equal(fwft_set(reserved[i], 0, 0), SBI_ERR_DENIED);
	}
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
		struct sbi_result r = fwft_get(unsupported[i]);

		assert_int_equal(r.error, SBI_ERR_NOT_SUPPORTED);
		assert_int_equal(r.value, 0);
		assert_int_equal(fwft_set(unsupported[i], 1, 0), SBI_ERR_NOT_SUPPORTED);
	}
	/* A host with Svadu offers PTE_AD_HW_UPDATING (when the VMM leaves it enabled). */
	host_caps.has_svadu = true;
	assert_int_equal(fwft_get(SBI_FWFT_PTE_AD_HW_UPDATING).error, SBI_ERR_NOT_SUPPORTED);
	vcpu.fwft_pte_ad.enable = 1;
	assert_int_equal(fwft_get(SBI_FWFT_PTE_AD_HW_UPDATING).error, SBI_SUCCESS);
	assert_int_equal(fwft_set(SBI_FWFT_PTE_AD_HW_UPDATING, 1, 0), SBI_SUCCESS);
	assert_int_equal(fwft_get(SBI_FWFT_PTE_AD_HW_UPDATING).value, 1);
	assert_int_equal(fwft(7, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED); /* unknown function */
}

/* feature is a uint32_t: bits above 31 are not part of it, so (1 << 32) | 0 is feature 0. */
static void test_feature_low_32_bits(void **state)
{
	const unsigned long wide = REG_BIT(32) | SBI_FWFT_MISALIGNED_EXC_DELEG;

	(void)state;
	if (XLEN < 64) {
		skip(); /* an RV32 register has no bits above 31 */
	}
	assert_int_equal(fwft_set(wide, 1, 0), SBI_SUCCESS);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 1);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, MISALIGNED_LS);
	assert_int_equal(fwft_get(wide).error, SBI_SUCCESS);
	assert_int_equal(fwft_get(wide).value, 1);
	assert_int_equal(fwft_get(REG_BIT(32) | SBI_FWFT_LANDING_PAD).error, SBI_ERR_NOT_SUPPORTED);
}

static void test_misaligned_deleg_set_get(void **state)
{
	(void)state;
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 0);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, 0);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_SUCCESS);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 1);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, MISALIGNED_LS);
	/* The hart got the new delegation. */
	assert_true(fake_arch.trap_applies > 0);
	assert_int_equal(fake_arch.applied_hedeleg, vcpu.hedeleg);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0), SBI_SUCCESS);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, 0);
}

static void test_bad_value_and_flags(void **state)
{
	(void)state;
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 2, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, ~0UL, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 2), SBI_ERR_INVALID_PARAM);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, XLEN_MSB),
			 SBI_ERR_INVALID_PARAM);
	/* A failed set changes nothing. */
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 0);
	assert_int_equal(vcpu.fwft[VCPU_FWFT_MISALIGNED_DELEG].flags, 0);
}

/* A feature the VMM turned off through ONE_REG (enable 0) is NOT_SUPPORTED to the guest. */
static void test_disabled_by_vmm(void **state)
{
	(void)state;
	vcpu.fwft[VCPU_FWFT_MISALIGNED_DELEG].enable = 0;
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).error, SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, 0);
}

static void test_lock(void **state)
{
	(void)state;
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, SBI_FWFT_SET_FLAG_LOCK),
			 SBI_SUCCESS);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0), SBI_ERR_DENIED_LOCKED);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_DENIED_LOCKED);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, SBI_FWFT_SET_FLAG_LOCK),
			 SBI_ERR_DENIED_LOCKED);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 1);
	/* Local scope: a hart reset (HSM start) unlocks and resets it. */
	sbi_fwft_reset(&vcpu);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 0);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, 0);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_SUCCESS);
}

/* The VMM's routing wins: the guest may not change a pinned route, and get reports the VMM's choice. */
static void test_vmm_route_wins(void **state)
{
	(void)state;
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_SUCCESS);
	assert_int_equal(exc_route_set(&vcpu, EXC_LOAD_MISALIGNED, RVKVM_EXC_ROUTE_VMM), 0);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 0, 0), SBI_ERR_DENIED);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value,
			 0); /* loads go to the VMM */
	assert_int_equal(vcpu.hedeleg & BIT(EXC_LOAD_MISALIGNED), 0);
	assert_int_equal(vcpu.hedeleg & BIT(EXC_STORE_MISALIGNED), BIT(EXC_STORE_MISALIGNED));
	assert_int_equal(exc_route_set(&vcpu, EXC_LOAD_MISALIGNED, RVKVM_EXC_ROUTE_GUEST), 0);
	assert_int_equal(fwft_get(SBI_FWFT_MISALIGNED_EXC_DELEG).value, 1);
	assert_int_equal(fwft_set(SBI_FWFT_MISALIGNED_EXC_DELEG, 1, 0), SBI_ERR_DENIED);
	/* Back to the core's policy: the guest's earlier choice counts again. */
	assert_int_equal(exc_route_set(&vcpu, EXC_LOAD_MISALIGNED, RVKVM_EXC_ROUTE_CORE), 0);
	assert_int_equal(vcpu.hedeleg & MISALIGNED_LS, MISALIGNED_LS);
}

static void test_route_table(void **state)
{
	unsigned long route;

	(void)state;
	for (unsigned long cause = 0; cause < 64; cause++) {
		bool routable = cause == EXC_INST_MISALIGNED || cause == EXC_ILLEGAL_INSN ||
				cause == EXC_BREAKPOINT || cause == EXC_LOAD_MISALIGNED ||
				cause == EXC_LOAD_ACCESS || cause == EXC_STORE_MISALIGNED ||
				cause == EXC_STORE_ACCESS;

		assert_int_equal(exc_route_routable(cause), routable);
		assert_int_equal(exc_route_set(&vcpu, cause, RVKVM_EXC_ROUTE_VMM),
				 routable ? 0 : RVKVM_ENOENT);
		assert_int_equal(exc_route_get(&vcpu, cause, &route), routable ? 0 : RVKVM_ENOENT);
		if (routable) {
			assert_int_equal(route, RVKVM_EXC_ROUTE_VMM);
			assert_true(exc_route_to_vmm(&vcpu, cause));
			assert_int_equal(exc_route_set(&vcpu, cause, 3), RVKVM_EINVAL);
			assert_int_equal(exc_route_get(&vcpu, cause, &route), 0);
			assert_int_equal(route,
					 RVKVM_EXC_ROUTE_VMM); /* a refused set changes nothing */
		}
	}
	/* Everything routed to the VMM: only the fixed delegations stay. */
	assert_int_equal(vcpu.hedeleg, BIT(EXC_ECALL_U) | BIT(EXC_INST_PAGE_FAULT) |
					       BIT(EXC_LOAD_PAGE_FAULT) |
					       BIT(EXC_STORE_PAGE_FAULT));
}

static void test_default_and_guest_routes(void **state)
{
	unsigned long fixed = BIT(EXC_ECALL_U) | BIT(EXC_INST_PAGE_FAULT) |
			      BIT(EXC_LOAD_PAGE_FAULT) | BIT(EXC_STORE_PAGE_FAULT);

	(void)state;
	/* The core's default: as Linux KVM. */
	assert_int_equal(exc_route_hedeleg(&vcpu), fixed | BIT(EXC_INST_MISALIGNED) |
							   BIT(EXC_ILLEGAL_INSN) |
							   BIT(EXC_BREAKPOINT));
	assert_false(exc_route_to_vmm(&vcpu, EXC_ILLEGAL_INSN));
	/* Access faults delegated only on request. */
	assert_int_equal(exc_route_set(&vcpu, EXC_LOAD_ACCESS, RVKVM_EXC_ROUTE_GUEST), 0);
	assert_int_equal(exc_route_set(&vcpu, EXC_ILLEGAL_INSN, RVKVM_EXC_ROUTE_VMM), 0);
	assert_int_equal(vcpu.hedeleg, fixed | BIT(EXC_INST_MISALIGNED) | BIT(EXC_BREAKPOINT) |
					       BIT(EXC_LOAD_ACCESS));
	assert_int_equal(fake_arch.applied_hedeleg, vcpu.hedeleg);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_feature_ids),
		T(test_misaligned_deleg_set_get),
		T(test_bad_value_and_flags),
		T(test_lock),
		T(test_vmm_route_wins),
		T(test_route_table),
		T(test_default_and_guest_routes),
		T(test_disabled_by_vmm),
		T(test_feature_low_32_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
