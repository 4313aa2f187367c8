UNIT_TESTS += test_uart16550
test_uart16550_SRCS := vmm/devices/uart16550.c
