UNIT_TESTS += test_doorbell
test_doorbell_SRCS := core/doorbell.c core/event.c core/sched.c core/host_caps.c tests/unit/fake_sched_arch.c
