UNIT_TESTS += test_fdt_build
test_fdt_build_SRCS := vmm/fdt_build.c
test_fdt_build_LIBS := -lfdt
