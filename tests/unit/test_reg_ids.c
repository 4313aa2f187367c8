/* SPDX-License-Identifier: Apache-2.0 */
/* The header-id test: every ONE_REG name rvkvm/reg.h shares with Linux's riscv asm/kvm.h has Linux's value, for Linux 6.1, 6.12 and newer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rvkvm/reg.h"
#include "tests/unit/reg_ids.h"

#define P(x) RVKVM_##x

/* Built by tests/unit/reg_ids_linux.c against each version's headers. */
extern const struct reg_id reg_ids_linux_6_1[], reg_ids_linux_6_12[], reg_ids_linux_newer[];
extern const unsigned reg_ids_linux_6_1_count, reg_ids_linux_6_12_count, reg_ids_linux_newer_count;

/* rvkvm's spelling of the same lists, each on its own to know how long each Linux table must be. */
static const struct reg_id rvkvm_6_1[] = { REG_IDS_LINUX_6_1(REG_ID_N, REG_ID_E) };
static const struct reg_id rvkvm_6_12[] = { REG_IDS_LINUX_6_12(REG_ID_N, REG_ID_E) };
static const struct reg_id rvkvm_newer[] = { REG_IDS_LINUX_NEWER(REG_ID_N, REG_ID_E) };

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct reg_id *rvkvm_lookup(const char *name)
{
	const struct reg_id *lists[] = { rvkvm_6_1, rvkvm_6_12, rvkvm_newer };
	const size_t lens[] = { LEN(rvkvm_6_1), LEN(rvkvm_6_12), LEN(rvkvm_newer) };

	for (unsigned l = 0; l < 3; l++) {
		for (size_t i = 0; i < lens[l]; i++) {
			if (strcmp(lists[l][i].name, name) == 0) {
				return &lists[l][i];
			}
		}
	}
	return NULL;
}

/* Returns how many of Linux's entries rvkvm lacks or spells with another value, printing each. */
static unsigned mismatches(const char *version, const struct reg_id *linux_ids, unsigned n)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct reg_id *r = rvkvm_lookup(linux_ids[i].name);

		if (!r || r->value != linux_ids[i].value) {
			print_error("Linux %s: KVM_%s = 0x%llx, RVKVM_%s = %s0x%llx\n", version,
				    linux_ids[i].name, linux_ids[i].value, linux_ids[i].name,
				    r ? "" : "(missing) ", r ? r->value : 0ULL);
			bad++;
		}
	}
	return bad;
}

static void test_linux_6_1(void **state)
{
	(void)state;
	assert_int_equal(reg_ids_linux_6_1_count, LEN(rvkvm_6_1));
	assert_int_equal(mismatches("6.1", reg_ids_linux_6_1, reg_ids_linux_6_1_count), 0);
}

static void test_linux_6_12(void **state)
{
	(void)state;
	assert_int_equal(reg_ids_linux_6_12_count, LEN(rvkvm_6_1) + LEN(rvkvm_6_12));
	assert_int_equal(mismatches("6.12", reg_ids_linux_6_12, reg_ids_linux_6_12_count), 0);
}

static void test_linux_newer(void **state)
{
	(void)state;
	assert_int_equal(reg_ids_linux_newer_count,
			 LEN(rvkvm_6_1) + LEN(rvkvm_6_12) + LEN(rvkvm_newer));
	assert_int_equal(mismatches("newer", reg_ids_linux_newer, reg_ids_linux_newer_count), 0);
}

/* The comparison sees a wrong value and a missing name: it is not a check that cannot fail. */
static void test_comparison_catches_differences(void **state)
{
	struct reg_id wrong[2];

	(void)state;
	wrong[0] = reg_ids_linux_6_1[0];
	wrong[0].value ^= 1;
	wrong[1].name = "REG_RISCV_NO_SUCH_THING";
	wrong[1].value = 0;
	assert_int_equal(mismatches("(altered copy)", wrong, 2), 2);
	/* And the tables hold what Linux really says, not zeros: spot values from the spec. */
	assert_true(reg_ids_linux_6_1[1].value == 0x8000000000000000ULL); /* REG_RISCV */
	assert_int_equal(rvkvm_lookup("CORE_mode")->value, 32);
}

/* rvkvm's own classes sit above every type Linux has, and in the type field. */
static void test_rvkvm_classes(void **state)
{
	(void)state;
	assert_true((RVKVM_REG_RISCV_SBI_VMM >> RVKVM_REG_RISCV_TYPE_SHIFT) > 0x0a);
	assert_true((RVKVM_REG_RISCV_EXC_ROUTE >> RVKVM_REG_RISCV_TYPE_SHIFT) > 0x0a);
	assert_int_equal(RVKVM_REG_RISCV_SBI_VMM & ~RVKVM_REG_RISCV_TYPE_MASK, 0);
	assert_int_equal(RVKVM_REG_RISCV_EXC_ROUTE & ~RVKVM_REG_RISCV_TYPE_MASK, 0);
	assert_int_not_equal(RVKVM_REG_RISCV_SBI_VMM, RVKVM_REG_RISCV_EXC_ROUTE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_6_1),
		cmocka_unit_test(test_linux_6_12),
		cmocka_unit_test(test_linux_newer),
		cmocka_unit_test(test_comparison_catches_differences),
		cmocka_unit_test(test_rvkvm_classes),
	};

	return cmocka_run_group_tests_name("reg_ids", tests, NULL, NULL);
}
