/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's boot-time self-tests, asked for on its own command line (rvkvm.selftest=...):
 * in the test image (RVKVM_TEST_HOOKS) only; the product image ignores the option.
 */
#ifndef PLATFORM_SELFTEST_H
#define PLATFORM_SELFTEST_H

#include <stdint.h>

#ifdef RVKVM_TEST_HOOKS
/*
 * Runs the self-tests bootargs names, on the boot hart (hartid) after the host devices are
 * probed; the time CSR counts timebase_freq ticks a second. One that works as it should may stop
 * the machine.
 */
void selftest_run(const char *bootargs, unsigned long hartid, uint32_t timebase_freq);
/* rvkvm.selftest=host-net (platform/selftest_net.c): DHCP through every host NIC; powers off. */
void selftest_host_net(unsigned long hartid, uint32_t timebase_freq) __attribute__((noreturn));
/*
 * rvkvm.selftest=host-net-link (platform/selftest_link.c): the first host NIC's link goes to the
 * other state and back (QEMU's monitor, set_link); powers off.
 */
void selftest_host_net_link(unsigned long hartid, uint32_t timebase_freq) __attribute__((noreturn));
#else
static inline void selftest_run(const char *bootargs, unsigned long hartid, uint32_t timebase_freq)
{
	(void)bootargs;
	(void)hartid;
	(void)timebase_freq;
}
#endif

#endif
