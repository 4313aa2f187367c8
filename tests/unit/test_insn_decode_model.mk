UNIT_TESTS += test_insn_decode_model
test_insn_decode_model_SRCS := core/insn_decode.c tests/unit/insn_record_check.c
