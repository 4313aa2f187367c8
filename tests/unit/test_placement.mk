UNIT_TESTS += test_placement
test_placement_SRCS := $(MOD_PLACEMENT)
