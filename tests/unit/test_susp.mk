# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_susp
test_susp_SRCS := $(SBI_FAKE_ARCH_SRCS)
