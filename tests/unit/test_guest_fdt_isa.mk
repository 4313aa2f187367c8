# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_guest_fdt_isa
test_guest_fdt_isa_SRCS := $(MOD_GUEST_FDT)
