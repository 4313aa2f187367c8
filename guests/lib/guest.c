/* SPDX-License-Identifier: Apache-2.0 */
/* Support shared by the bare-metal test guests (see guests/lib/guest.h). */
#include "guest.h"

#include <stdarg.h>

#include "lib/printf.h"

static unsigned failures;

void guest_main_entry(unsigned long hartid, unsigned long fdt);

long sbi_legacy_call(unsigned long eid, unsigned long a0)
{
	return sbi_call(eid, 0, a0, 0, 0, 0, 0, 0).error;
}

void guest_printf(const char *fmt, ...)
{
	static char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = lib_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1) {
		n = sizeof(buf) - 1;
	}
	/* The buffer is in guest RAM: DBCN reads it by guest-physical address (paging is off). */
	if (sbi_call(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, (unsigned long)n, (unsigned long)buf, 0,
		     0, 0, 0)
		    .error != SBI_SUCCESS) {
		/* Firmware without DBCN (OpenSBI 1.1, when a guest runs natively): the v0.1 putchar. */
		for (int i = 0; i < n; i++) {
			sbi_legacy_call(SBI_EID_LEGACY_CONSOLE_PUTCHAR, (unsigned char)buf[i]);
		}
	}
}

bool guest_check(bool ok, const char *name)
{
	guest_printf("%s: %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok) {
		failures++;
	}
	return ok;
}

bool guest_check_ret(struct sbiret r, long error, bool check_value, long value, const char *name)
{
	bool ok = r.error == error && (!check_value || r.value == value);

	if (!ok) {
		guest_printf("  got error %ld value 0x%lx, want error %ld", r.error,
			     (unsigned long)r.value, error);
		if (check_value) {
			guest_printf(" value 0x%lx", (unsigned long)value);
		}
		guest_printf("\n");
	}
	return guest_check(ok, name);
}

void guest_exit(void)
{
	sbi_call(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		 failures ? SBI_SRST_REASON_SYSTEM_FAILURE : SBI_SRST_REASON_NONE, 0, 0, 0, 0);
	guest_printf("FAIL: SRST shutdown returned\n");
	for (;;) {
	}
}

void guest_main_entry(unsigned long hartid, unsigned long fdt)
{
	failures += (unsigned)guest_main(hartid, fdt);
	guest_exit();
}
