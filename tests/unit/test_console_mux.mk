# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_console_mux
test_console_mux_SRCS := $(MOD_CONSOLE_MUX) $(MOD_PRINTF)
