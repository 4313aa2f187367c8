/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for the first SBI services: console output through DBCN and the
 * legacy putchar, BASE answers, argument checking of DBCN and SRST, and
 * NOT_SUPPORTED for what does not exist. Runs with 64 MiB of RAM.
 */
#include "guest.h"

#define RAM_END (GUEST_RAM_BASE + 64UL * 1024 * 1024)
#define NO_SUCH_EXT 0x0ABCDEF0UL /* firmware-specific range: nobody implements it */

static const char dbcn_text[] = "dbcn: hello from the test guest\n";

static void test_console(void)
{
	struct sbiret r;
	const char *p;

	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, sizeof(dbcn_text) - 1,
		     (unsigned long)dbcn_text, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, sizeof(dbcn_text) - 1,
			"dbcn write returns the byte count");
	for (p = "dbcn-byte: ok\n"; *p; p++) {
		r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, (unsigned char)*p, 0, 0, 0,
			     0, 0);
		if (r.error != SBI_SUCCESS) {
			break;
		}
	}
	guest_check(*p == '\0', "dbcn write_byte succeeds");
	long rc = 0;

	for (p = "legacy: putchar ok\n"; *p; p++) {
		rc |= sbi_legacy_call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, (unsigned char)*p);
	}
	guest_check(rc == 0, "legacy putchar returns 0");

	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 0, "dbcn write of 0 bytes");
	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 16, 0x1000, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write from outside RAM");
	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 16, (unsigned long)dbcn_text, 1, 0, 0,
		     0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write with base_addr_hi set");
	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 32, RAM_END - 16, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write crossing the end of RAM");
	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, ~0UL, (unsigned long)dbcn_text, 0, 0, 0,
		     0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn write of a huge length");
	r = sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_READ, 8, RAM_END, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "dbcn read into memory outside RAM");
	r = sbi_call(SBI_EID_DBCN, 3, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "dbcn unknown function");
}

static void test_base(void)
{
	struct sbiret r;

	r = sbi_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 0x03000000, "base spec version is 3.0");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 0x52564B4D, "base impl id is rvkvm's");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_GET_IMPL_VERSION, 0, 0, 0, 0, 0, 0);
	guest_check(r.error == SBI_SUCCESS && r.value != 0, "base impl version");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_BASE, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 1, "probe BASE");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_DBCN, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 1, "probe DBCN");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_SRST, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 1, "probe SRST");
	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, NO_SUCH_EXT, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 0, "probe of a missing extension is 0");

	struct sbiret v = sbi_call(SBI_EID_BASE, SBI_BASE_GET_MVENDORID, 0, 0, 0, 0, 0, 0);
	struct sbiret a = sbi_call(SBI_EID_BASE, SBI_BASE_GET_MARCHID, 0, 0, 0, 0, 0, 0);
	struct sbiret i = sbi_call(SBI_EID_BASE, SBI_BASE_GET_MIMPID, 0, 0, 0, 0, 0, 0);

	guest_check(v.error == 0 && a.error == 0 && i.error == 0, "base machine ids answered");
	/* The runner checks these equal the host's, which rvkvm printed at boot. */
	guest_printf("guest ids mvendorid=0x%lx marchid=0x%lx mimpid=0x%lx\n",
		     (unsigned long)v.value, (unsigned long)a.value, (unsigned long)i.value);
	r = sbi_call(SBI_EID_BASE, 7, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "base unknown function");
}

static void test_unsupported(void)
{
	struct sbiret r;

	r = sbi_call(NO_SUCH_EXT, 0, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "unknown extension");
	r = sbi_call(SBI_EID_VENDOR_FIRST + 0x1234, 5, 1, 2, 3, 4, 5, 6);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "unknown vendor extension");
	r = sbi_call(SBI_EID_SRST, 1, 0, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "srst unknown function");
	r = sbi_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, 3, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "srst reserved reset type");
	r = sbi_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN, 2, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "srst reserved reason");
	r = sbi_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, 0xF0000000UL, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "srst unimplemented vendor reset type");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	guest_printf("sbi_base: hart %lu, device tree at 0x%lx\n", hartid, fdt);
	guest_check(hartid == 0, "boot hart id is 0");
	guest_check(fdt > GUEST_RAM_BASE && fdt < RAM_END &&
			    *(volatile unsigned *)fdt == 0xedfe0dd0,
		    "a1 points at a device tree in RAM");
	test_console();
	test_base();
	test_unsupported();
	return 0;
}
