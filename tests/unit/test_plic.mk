# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_plic
test_plic_SRCS := $(MOD_PLIC)
