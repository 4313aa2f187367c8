# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_sta
test_sta_SRCS := $(SBI_FAKE_ARCH_SRCS)
