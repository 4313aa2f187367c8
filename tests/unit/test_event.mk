# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_event
test_event_SRCS := $(MOD_EVENT) $(MOD_SCHED) $(MOD_HOST_CAPS) $(FAKES_SCHED_ARCH)
