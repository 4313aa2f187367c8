UNIT_TESTS += test_vmid
test_vmid_SRCS := $(MOD_VMID)
