UNIT_TESTS += test_entropy
test_entropy_SRCS := platform/entropy.c lib/chacha20.c
