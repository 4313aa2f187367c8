# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_trap_exits
test_trap_exits_SRCS := $(MOD_INSN_CSR) $(MOD_GUEST_TRAPS) $(FAKES_CONSOLE)
