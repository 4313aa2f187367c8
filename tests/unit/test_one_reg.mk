UNIT_TESTS += test_one_reg
ONE_REG_TEST_SRCS := core/one_reg.c core/one_reg_cpu.c core/one_reg_ext.c core/isa_ext.c core/vcpu.c \
	core/host_caps.c core/sbi/sbi.c core/sbi/sbi_config.c core/sbi/sta.c core/sbi/fwft.c core/guest_ram.c \
	core/memslot.c core/dirty_log.c core/exc_route.c tests/unit/one_reg_fixture.c
test_one_reg_SRCS := $(ONE_REG_TEST_SRCS)
