# The SBI table with every extension, for tests of dispatch (test_sbi) and of its per-vCPU
# configuration (test_sbi_config); the hooks those never reach fail if called.
SBI_TABLE_SRCS := $(wildcard core/sbi/*.c) core/memslot.c core/host_caps.c tests/unit/fake_console.c \
	core/exc_route.c core/vcpu_irq.c core/guest_ram.c core/dirty_log.c tests/unit/sbi_unreached.c
UNIT_TESTS += test_sbi
test_sbi_SRCS := $(SBI_TABLE_SRCS)
