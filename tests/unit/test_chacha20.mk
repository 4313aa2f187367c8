UNIT_TESTS += test_chacha20
test_chacha20_SRCS := lib/chacha20.c
