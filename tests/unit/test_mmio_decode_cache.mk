# Host unit test of a vCPU's MMIO decode cache, against the decoder itself.
UNIT_TESTS += test_mmio_decode_cache
test_mmio_decode_cache_SRCS := core/mmio_decode_cache.c core/insn_decode.c \
	tests/unit/insn_record_check.c
