# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_vmid
test_vmid_SRCS := $(MOD_VMID)
