UNIT_TESTS += test_page_pool
test_page_pool_SRCS := core/gstage.c core/page_pool.c tests/unit/gstage_check.c
