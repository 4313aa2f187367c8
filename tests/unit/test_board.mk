# SPDX-License-Identifier: Apache-2.0
# The board's table of device models: placement, their device-tree nodes, MMIO dispatch (vmm/board*.c,
# vmm/models/) over a fake core.
UNIT_TESTS += test_board
test_board_SRCS := $(MOD_VMM) $(MOD_PRINTF) $(MOD_CHACHA20) $(FAKES_CORE) $(FAKES_CONSOLE) \
	$(FAKES_GUEST_MEM)
test_board_LIBS := -lfdt
