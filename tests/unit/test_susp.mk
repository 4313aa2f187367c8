UNIT_TESTS += test_susp
test_susp_SRCS := $(wildcard core/sbi/*.c) core/exc_route.c core/memslot.c core/host_caps.c core/vcpu_irq.c \
	tests/unit/fake_console.c tests/fuzz/fake_arch.c
