# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_guest_mem
test_guest_mem_SRCS := $(MOD_GUEST_MEM)
