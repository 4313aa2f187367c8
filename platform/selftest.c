/* SPDX-License-Identifier: Apache-2.0 */
/* The test image's boot-time self-tests (platform/selftest.h). */
#include "platform/selftest.h"

#include "lib/string.h"
#include "rvkvm/host.h"

void selftest_run(const char *bootargs, unsigned long hartid, uint32_t timebase_freq)
{
	/* The HS trap path: a hypervisor bug must be reported (core/arch/riscv/hs_trap.c), never hang. */
	if (lib_strstr(bootargs, "rvkvm.selftest=hs-trap")) {
		console_printf("rvkvm: self-test: ebreak in HS-mode\n");
		__asm__ volatile("ebreak");
	}
	/* Before host-net, which its name starts with. */
	if (lib_strstr(bootargs, "rvkvm.selftest=host-net-link")) {
		selftest_host_net_link(hartid, timebase_freq);
	}
	if (lib_strstr(bootargs, "rvkvm.selftest=host-net")) {
		selftest_host_net(hartid, timebase_freq);
	}
}
