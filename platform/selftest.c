/* SPDX-License-Identifier: Apache-2.0 */
/* The test image's boot-time self-tests (platform/selftest.h). */
#include "platform/selftest.h"

#include <stdbool.h>
#include <stddef.h>

#include "lib/string.h"
#include "rvkvm/host.h"

/* Whether bootargs holds the word rvkvm.selftest=name (not a longer name that starts with it). */
static bool selftest_named(const char *bootargs, const char *name)
{
	static const char key[] = "rvkvm.selftest=";
	size_t n = lib_strlen(name);

	for (const char *p = lib_strstr(bootargs, key); p; p = lib_strstr(p + 1, key)) {
		const char *v = p + sizeof(key) - 1;

		if ((p == bootargs || p[-1] == ' ') && lib_strncmp(v, name, n) == 0 &&
		    (v[n] == '\0' || v[n] == ' ')) {
			return true;
		}
	}
	return false;
}

void selftest_run(const char *bootargs, unsigned long hartid, uint32_t timebase_freq)
{
	/* The HS trap path: a hypervisor bug must be reported (core/arch/riscv/hs_trap.c), never hang. */
	if (selftest_named(bootargs, "hs-trap")) {
		console_printf("rvkvm: self-test: ebreak in HS-mode\n");
		__asm__ volatile("ebreak");
	}
	if (selftest_named(bootargs, "host-net-link")) {
		selftest_host_net_link(hartid, timebase_freq);
	}
	if (selftest_named(bootargs, "host-net")) {
		selftest_host_net(hartid, timebase_freq);
	}
}
