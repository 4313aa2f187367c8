UNIT_TESTS += test_sta
test_sta_SRCS := $(SBI_FAKE_ARCH_SRCS)
