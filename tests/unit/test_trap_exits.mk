UNIT_TESTS += test_trap_exits
test_trap_exits_SRCS := core/insn_csr.c vmm/guest_traps.c vmm/sbi_vmm.c tests/unit/fake_console.c
