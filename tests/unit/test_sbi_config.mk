# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_sbi_config
test_sbi_config_SRCS := $(MOD_SBI) $(SBI_DEPS) $(FAKES_CONSOLE) $(FAKES_ARCH_UNREACHED)
