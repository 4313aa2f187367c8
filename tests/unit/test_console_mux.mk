UNIT_TESTS += test_console_mux
test_console_mux_SRCS := platform/console_mux.c lib/printf.c
