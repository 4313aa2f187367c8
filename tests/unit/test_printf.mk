# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_printf
test_printf_SRCS := $(MOD_PRINTF)
