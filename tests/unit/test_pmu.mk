# SPDX-License-Identifier: Apache-2.0
# SBI PMU: counting, sets of counters, firmware events, over the recording arch hooks.
UNIT_TESTS += test_pmu
test_pmu_SRCS := $(SBI_FAKE_ARCH_SRCS)
