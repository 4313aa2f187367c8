# The SBI table with every extension, for tests of dispatch (test_sbi) and of its per-vCPU
# configuration (test_sbi_config); the hooks those never reach fail if called.
SBI_TABLE_SRCS := core/sbi/sbi.c core/sbi/sbi_config.c core/sbi/sbi_table.c core/sbi/base.c core/sbi/dbcn.c core/sbi/legacy.c core/sbi/srst.c core/memslot.c core/host_caps.c tests/unit/fake_console.c core/sbi/time.c core/sbi/ipi.c core/sbi/rfence.c core/sbi/hsm.c core/sbi/hart_mask.c core/sbi/fwft.c core/sbi/susp.c core/sbi/sta.c core/exc_route.c core/vcpu_irq.c core/guest_ram.c core/dirty_log.c tests/unit/sbi_unreached.c
UNIT_TESTS += test_sbi
test_sbi_SRCS := $(SBI_TABLE_SRCS)
