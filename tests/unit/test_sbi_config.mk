UNIT_TESTS += test_sbi_config
test_sbi_config_SRCS = $(SBI_TABLE_SRCS) # tests/unit/test_sbi.mk
