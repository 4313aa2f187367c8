# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_entropy
test_entropy_SRCS := $(MOD_ENTROPY) $(MOD_CHACHA20)
