UNIT_TESTS += test_plic
test_plic_SRCS := $(MOD_PLIC)
