UNIT_TESTS += test_doorbell
test_doorbell_SRCS := core/doorbell.c
