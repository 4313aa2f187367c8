UNIT_TESTS += test_gstage_protect
test_gstage_protect_SRCS := core/gstage.c core/page_pool.c tests/unit/gstage_check.c
