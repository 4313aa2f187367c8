UNIT_TESTS += test_printf
test_printf_SRCS := $(MOD_PRINTF)
