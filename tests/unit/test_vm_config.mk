# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_vm_config
test_vm_config_SRCS := $(MOD_VM_CONFIG)
