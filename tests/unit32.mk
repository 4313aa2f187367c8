# SPDX-License-Identifier: Apache-2.0
# make unit32: the host unit tests built with gcc -m32 under ASan/UBSan into build/unit32/ and run
# (issue 19). On i386 an unsigned long is 32 bits, and the portable code takes its XLEN from it
# (GSTAGE_HOST_XLEN, RVKVM_REG_SIZE_ULONG, sbi_arg_u64, BITS_PER_LONG, ...), so these builds run
# the code as it runs on an RV32 hart and show its width bugs on the host. Included by the Makefile
# after its unit-test rules (UNIT_CFLAGS, UNIT_TESTS, UNIT_HDRS, .SECONDEXPANSION).
#
# Debian 12's gcc-multilib cannot be installed beside the riscv64 cross compilers, so tools/deps.sh
# installs gcc's 32-bit libraries and ASan/UBSan runtimes and the i386 C library without it, and
# fetches Debian's i386 cmocka and libfdt into cache/i386. What gcc-multilib would add is
# /usr/include/asm, a link to the x86 uapi asm headers (which serve -m32 and -m64 alike): the build
# makes its own in $(U32_INC) instead.
U32 := $(B)/unit32
U32_INC := $(B)/unit32-include
I386 := cache/i386
I386_LIB := $(I386)/usr/lib/i386-linux-gnu
I386_STAMP := $(I386)/.fetched-libcmocka-dev $(I386)/.fetched-libfdt-dev
UNIT32_CFLAGS := -m32 $(UNIT_CFLAGS) -isystem $(U32_INC) -isystem $(I386)/usr/include
# The tests load cache/i386's libcmocka.so and libfdt.so from where the build found them.
UNIT32_LDFLAGS := -L$(I386_LIB) -Wl,-rpath,$(CURDIR)/$(I386_LIB)

# Every unit test runs in 32 bits too; one left out would be named here with its reason. Within
# them, what only an RV64 register can hold is checked on RV64 alone (RV64_ONLY, tests/unit/xlen.h),
# and three cases about a narrow parameter's bits above 31 skip (cmocka's skip()).
UNIT32_EXCLUDED :=
UNIT32_TESTS := $(filter-out $(UNIT32_EXCLUDED),$(UNIT_TESTS))
UNIT32_BINS := $(UNIT32_TESTS:%=$(U32)/%)
# A test's sources with its 64-bit objects (test_reg_ids') swapped for their 32-bit builds.
unit32_srcs = $(patsubst $(B)/unit-obj/%,$(B)/unit32-obj/%,$($(1)_SRCS))

.PHONY: unit unit32 unit32-build
# make unit / make unit32: build the 64-bit or 32-bit unit tests and run them (tests/run-unit.sh).
unit: $(UNIT_BINS)
	@tests/run-unit.sh $(B)/test-logs "" $(UNIT_BINS)
unit32: unit32-build
	@tests/run-unit.sh $(B)/test-logs m32/ $(UNIT32_BINS)
unit32-build: $(UNIT32_BINS)

$(U32_INC)/asm:
	@mkdir -p $(dir $@)
	@ln -sfn /usr/include/$(shell $(HOSTCC) -print-multiarch)/asm $@

$(I386_STAMP):
	@tools/deps.sh

$(U32)/%: tests/unit/%.c $$(call unit32_srcs,$$*) $$($$*_DEPS) lib/string.c $(UNIT_HDRS) \
		tests/unit32.mk | $(U32_INC)/asm $(I386_STAMP)
	@mkdir -p $(dir $@) $(B)/unit32-deps
	@echo "  HOSTCC  $@ (-m32)"
	@$(HOSTCC) $(UNIT32_CFLAGS) -MMD -MP -MF $(B)/unit32-deps/$*.d -o $@ $< \
		$(sort $(call unit32_srcs,$*)) lib/string.c $(UNIT32_LDFLAGS) -lcmocka $($*_LIBS)

$(B)/unit32-obj/reg_ids_linux_%.o: tests/unit/reg_ids_linux.c tests/unit/reg_ids.h tests/unit32.mk \
		| $(U32_INC)/asm
	@mkdir -p $(dir $@) $(B)/unit32-deps
	@echo "  HOSTCC  $@ (-m32)"
	@$(HOSTCC) $(UNIT32_CFLAGS) -DREG_IDS_LINUX=$* $(REG_IDS_HDRS_$*) -MMD -MP \
		-MF $(B)/unit32-deps/reg_ids_linux_$*.d -c -o $@ $<
