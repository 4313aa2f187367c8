# SPDX-License-Identifier: Apache-2.0
# The G-stage mode a new VM gets (core/vm.c's rvkvm_create_vm, gstage_mode_by_name, host_caps).
UNIT_TESTS += test_vm_gstage_mode
test_vm_gstage_mode_SRCS := $(MOD_VM) $(MOD_GUEST_RAM) $(MOD_MEMSLOT) $(MOD_DIRTY_LOG) \
	$(MOD_HOST_MEM) $(MOD_HOST_CAPS) $(FAKES_ARCH) $(FAKES_CLOCK)
