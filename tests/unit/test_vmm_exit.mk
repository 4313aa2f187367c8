# SPDX-License-Identifier: Apache-2.0
# The VMM's exit handling and board wiring (vmm/vmm.c, vmm/board.c) over a fake core.
UNIT_TESTS += test_vmm_exit
test_vmm_exit_SRCS := $(MOD_VMM) $(MOD_PRINTF) $(MOD_CHACHA20) $(FAKES_CORE) $(FAKES_CONSOLE) \
	$(FAKES_GUEST_MEM)
test_vmm_exit_LIBS := -lfdt
