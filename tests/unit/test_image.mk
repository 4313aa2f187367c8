# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_image
test_image_SRCS := $(MOD_IMAGE)
