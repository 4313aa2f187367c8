# SPDX-License-Identifier: Apache-2.0
# SBI SSE: states, attributes, delivery and completion, over the recording arch hooks.
UNIT_TESTS += test_sse
test_sse_SRCS := $(SBI_FAKE_ARCH_SRCS)
