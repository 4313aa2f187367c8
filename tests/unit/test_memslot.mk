UNIT_TESTS += test_memslot
test_memslot_SRCS := core/memslot.c
