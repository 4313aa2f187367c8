# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_gstage
test_gstage_SRCS := $(MOD_GSTAGE) $(FIXTURE_GSTAGE)
