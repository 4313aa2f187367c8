/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's boot-time self-tests, asked for on its own command line (rvkvm.selftest=...):
 * in the test image (RVKVM_TEST_HOOKS) only; the product image ignores the option.
 */
#ifndef PLATFORM_SELFTEST_H
#define PLATFORM_SELFTEST_H

#ifdef RVKVM_TEST_HOOKS
/* Runs the self-tests bootargs names; one that works as it should may stop the machine. */
void selftest_run(const char *bootargs);
#else
static inline void selftest_run(const char *bootargs)
{
	(void)bootargs;
}
#endif

#endif
