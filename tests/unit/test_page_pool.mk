# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_page_pool
test_page_pool_SRCS := $(MOD_GSTAGE) $(FIXTURE_GSTAGE)
