# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_gstage_split
test_gstage_split_SRCS := $(MOD_GSTAGE) $(FIXTURE_GSTAGE)
