# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_one_reg
# ONE_REG on a vCPU of a fake host, with the fixture's own SBI table (test_one_reg_ext too).
ONE_REG_TEST_SRCS := $(MOD_ONE_REG) $(MOD_VCPU) $(MOD_HOST_CAPS) $(MOD_SBI_DISPATCH) $(MOD_SBI_STA) $(MOD_SBI_FWFT) \
	$(MOD_GUEST_RAM) $(MOD_MEMSLOT) $(MOD_DIRTY_LOG) $(MOD_EXC_ROUTE) $(FAKES_CLOCK) $(FIXTURE_ONE_REG)
test_one_reg_SRCS := $(ONE_REG_TEST_SRCS)
