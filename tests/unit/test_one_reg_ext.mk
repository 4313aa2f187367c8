# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_one_reg_ext
test_one_reg_ext_SRCS = $(ONE_REG_TEST_SRCS) # tests/unit/test_one_reg.mk
