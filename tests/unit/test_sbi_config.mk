UNIT_TESTS += test_sbi_config
test_sbi_config_SRCS := core/sbi/sbi.c core/sbi/sbi_config.c core/sbi/sbi_table.c core/sbi/base.c core/sbi/dbcn.c core/sbi/legacy.c core/sbi/srst.c core/memslot.c core/host_caps.c tests/unit/fake_console.c core/sbi/time.c core/sbi/ipi.c core/sbi/rfence.c core/sbi/hsm.c core/sbi/hart_mask.c core/sbi/fwft.c core/sbi/susp.c core/exc_route.c core/vcpu_irq.c
