# SPDX-License-Identifier: Apache-2.0
# Guest RAM made present on first touch (core/ram_populate.c) through the VM (core/vm.c) and the
# core's guest-RAM accesses, over the recording arch fake and the real G-stage and host memory.
UNIT_TESTS += test_ram_populate
test_ram_populate_SRCS := $(MOD_VM) $(MOD_GUEST_RAM) $(MOD_MEMSLOT) $(MOD_DIRTY_LOG) \
	$(MOD_HOST_MEM) $(MOD_HOST_CAPS) $(FAKES_ARCH) $(FAKES_CLOCK)
