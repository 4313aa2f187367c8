# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_sched
test_sched_SRCS := $(MOD_SCHED) $(FAKES_SCHED_ARCH)
