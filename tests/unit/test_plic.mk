UNIT_TESTS += test_plic
test_plic_SRCS := vmm/devices/plic.c
