UNIT_TESTS += test_gstage_split
test_gstage_split_SRCS := core/gstage.c core/page_pool.c tests/unit/gstage_check.c
