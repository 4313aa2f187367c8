# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_dirty_log
test_dirty_log_SRCS := $(MOD_DIRTY_LOG)
test_dirty_log_LIBS := -lpthread
