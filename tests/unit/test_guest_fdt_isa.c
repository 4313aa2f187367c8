/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for guest_fdt_split_isa (vmm/guest_fdt.c): a riscv,isa string as long as a newer
 * QEMU's is split whole, its last extensions included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "vmm/guest_fdt.h"

/* QEMU 10.0's virt machine, -cpu rv64,h=true,sscofpmf=true: 330 bytes, 7 letters, 41 tokens. */
static const char qemu10_isa[] =
	"rv64imafdch_zic64b_zicbom_zicbop_zicboz_ziccamoa_ziccif_zicclsm_ziccrse_zicntr_zicsr_"
	"zifencei_zihintntl_zihintpause_zihpm_zmmul_za64rs_zaamo_zalrsc_zawrs_zfa_zca_zcd_zba_"
	"zbb_zbc_zbs_shcounterenw_shgatpa_shtvala_shvsatpa_shvstvala_shvstvecd_ssccptr_"
	"sscofpmf_sscounterenw_sstc_sstvala_sstvecd_ssu64xl_svadu_svvptc";

static void splits_a_long_string_whole(void **state)
{
	static struct guest_fdt_isa split;

	(void)state;
	guest_fdt_split_isa(&split, qemu10_isa);
	assert_int_equal(split.n, 7 + 41);
	assert_string_equal(split.ext[0], "i");
	assert_string_equal(split.ext[6], "h");
	assert_string_equal(split.ext[7], "zic64b");
	assert_string_equal(split.ext[42], "sstc");
	assert_string_equal(split.ext[split.n - 1], "svvptc");
}

static void stops_at_the_extension_limit(void **state)
{
	static char isa[GUEST_FDT_ISA_MAX];
	static struct guest_fdt_isa split;
	size_t len = strlen("rv64i");

	(void)state;
	memcpy(isa, "rv64i", len);
	while (len + 3 < sizeof(isa)) {
		memcpy(&isa[len], "_zx", 3);
		len += 3;
	}
	isa[len] = '\0';
	guest_fdt_split_isa(&split, isa);
	assert_int_equal(split.n, GUEST_FDT_ISA_EXT_MAX);
	assert_string_equal(split.ext[GUEST_FDT_ISA_EXT_MAX - 1], "zx");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_a_long_string_whole),
		cmocka_unit_test(stops_at_the_extension_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
