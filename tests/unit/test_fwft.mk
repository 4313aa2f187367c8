# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_fwft
test_fwft_SRCS := $(SBI_FAKE_ARCH_SRCS)
