UNIT_TESTS += test_vcpu_irq
test_vcpu_irq_SRCS := core/vcpu_irq.c core/sched.c tests/unit/fake_sched_arch.c
