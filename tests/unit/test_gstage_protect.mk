# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_gstage_protect
test_gstage_protect_SRCS := $(MOD_GSTAGE) $(FIXTURE_GSTAGE)
