# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_string
test_string_SRCS :=
