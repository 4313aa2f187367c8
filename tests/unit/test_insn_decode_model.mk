# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_insn_decode_model
test_insn_decode_model_SRCS := $(MOD_INSN_DECODE) $(FIXTURE_INSN)
