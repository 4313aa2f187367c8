UNIT_TESTS += test_memslot
test_memslot_SRCS := $(MOD_MEMSLOT)
