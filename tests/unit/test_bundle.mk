# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_bundle
test_bundle_SRCS := $(MOD_BUNDLE)
