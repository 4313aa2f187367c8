# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_memslot
test_memslot_SRCS := $(MOD_MEMSLOT)
