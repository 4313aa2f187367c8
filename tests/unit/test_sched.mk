UNIT_TESTS += test_sched
test_sched_SRCS := core/sched.c tests/unit/fake_sched_arch.c
