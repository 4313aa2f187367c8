UNIT_TESTS += test_vm_config
test_vm_config_SRCS := vmm/vm_config.c
