UNIT_TESTS += test_fwft
test_fwft_SRCS := $(SBI_FAKE_ARCH_SRCS)
