# SPDX-License-Identifier: Apache-2.0
# The SBI table with every extension, for tests of dispatch (test_sbi) and of its per-vCPU
# configuration (test_sbi_config); the hooks those never reach fail if called.
UNIT_TESTS += test_sbi
test_sbi_SRCS := $(MOD_SBI) $(SBI_DEPS) $(FAKES_CONSOLE) $(FAKES_ARCH_UNREACHED)
