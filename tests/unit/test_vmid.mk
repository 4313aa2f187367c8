UNIT_TESTS += test_vmid
test_vmid_SRCS := core/vmid.c
