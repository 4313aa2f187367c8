UNIT_TESTS += test_gstage
test_gstage_SRCS := core/gstage.c core/page_pool.c tests/unit/gstage_check.c
