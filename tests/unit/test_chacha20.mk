# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_chacha20
test_chacha20_SRCS := $(MOD_CHACHA20)
