# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_doorbell
test_doorbell_SRCS := $(MOD_DOORBELL) $(MOD_EVENT) $(MOD_SCHED) $(MOD_HOST_CAPS) $(FAKES_SCHED_ARCH)
