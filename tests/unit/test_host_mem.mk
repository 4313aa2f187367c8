UNIT_TESTS += test_host_mem
test_host_mem_SRCS := core/host_mem.c
