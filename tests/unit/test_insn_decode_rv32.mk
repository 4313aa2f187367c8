# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_insn_decode_rv32
test_insn_decode_rv32_SRCS := $(MOD_INSN_DECODE) $(FIXTURE_INSN)
