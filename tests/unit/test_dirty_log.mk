UNIT_TESTS += test_dirty_log
test_dirty_log_SRCS := core/dirty_log.c
test_dirty_log_LIBS := -lpthread
