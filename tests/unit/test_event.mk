UNIT_TESTS += test_event
test_event_SRCS := core/event.c core/sched.c core/host_caps.c tests/unit/fake_sched_arch.c
