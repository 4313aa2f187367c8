# SPDX-License-Identifier: Apache-2.0
# The SBI PMU's counter overflow and its SSE event, over the recording arch hooks.
UNIT_TESTS += test_pmu_overflow
test_pmu_overflow_SRCS := $(SBI_FAKE_ARCH_SRCS)
