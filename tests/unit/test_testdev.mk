# SPDX-License-Identifier: Apache-2.0
# The test device's model (vmm/devices/testdev.c): its register and its command word's widths.
UNIT_TESTS += test_testdev
test_testdev_SRCS := vmm/devices/testdev.c
