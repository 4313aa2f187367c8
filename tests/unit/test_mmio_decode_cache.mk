# SPDX-License-Identifier: Apache-2.0
# Host unit test of a vCPU's MMIO decode cache, against the decoder itself.
UNIT_TESTS += test_mmio_decode_cache
test_mmio_decode_cache_SRCS := $(MOD_MMIO_DECODE_CACHE) $(MOD_INSN_DECODE) $(FIXTURE_INSN)
