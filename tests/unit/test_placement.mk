# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_placement
test_placement_SRCS := $(MOD_PLACEMENT)
