# SPDX-License-Identifier: Apache-2.0
# The header-id test: rvkvm/reg.h against Linux's riscv asm/kvm.h of 6.1 (the host's
# linux-libc-dev-riscv64-cross), 6.12 (trixie) and newer (forky); tools/deps.sh provides them.
REG_IDS_HDRS_601 := -I/usr/riscv64-linux-gnu/include
REG_IDS_HDRS_612 := -Icache/linux-headers/trixie/usr/include/riscv64-linux-gnu \
	-Icache/linux-headers/trixie/usr/include
REG_IDS_HDRS_700 := -Icache/linux-headers/forky/usr/include/riscv64-linux-gnu \
	-Icache/linux-headers/forky/usr/include

UNIT_TESTS += test_reg_ids
test_reg_ids_SRCS := $(B)/unit-obj/reg_ids_linux_601.o $(B)/unit-obj/reg_ids_linux_612.o \
	$(B)/unit-obj/reg_ids_linux_700.o

# One object per Linux version, each compiled against that version's headers only.
$(B)/unit-obj/reg_ids_linux_%.o: tests/unit/reg_ids_linux.c tests/unit/reg_ids.h
	@mkdir -p $(dir $@) $(B)/unit-deps
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -DREG_IDS_LINUX=$* $(REG_IDS_HDRS_$*) -MMD -MP \
		-MF $(B)/unit-deps/reg_ids_linux_$*.d -c -o $@ $<
