UNIT_TESTS += test_insn_decode
test_insn_decode_SRCS := core/insn_decode.c tests/unit/insn_record_check.c
