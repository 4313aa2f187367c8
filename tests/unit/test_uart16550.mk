# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_uart16550
test_uart16550_SRCS := $(MOD_UART16550)
