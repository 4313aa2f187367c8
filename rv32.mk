# SPDX-License-Identifier: Apache-2.0
# make rv32: the hypervisor for an RV32 hart (build/rv32/rvkvm.elf, build/rv32/rvkvm-test.elf) and
# the bare-metal test guests that exist on RV32 (build/rv32/guests/*.img), from the same sources
# as rv64 (issue 19). riscv64-unknown-elf-gcc has the rv32 multilibs (its libgcc); the image links
# libfdt built for rv32 from Debian's source (make deps-rv32, cache/rv32/libfdt).
R32 := $(B)/rv32
RV32_CACHE := cache/rv32
RV32_CC := riscv64-unknown-elf-gcc
RV32_LIBFDT := $(RV32_CACHE)/libfdt/libfdt.a
# F, D and V only for the guest-state save and restore (fp.S, vec.S), as on rv64; the ABI has no
# floating point, like the image's rv64 build would without Debian's lp64d libfdt.
RV32_HV_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-pie -fno-stack-protector \
	-fno-common -mcmodel=medany -march=rv32imafdc_zicsr_zifencei -mabi=ilp32 -I. -Iinclude \
	-I$(R32)/gen -isystem $(RV32_CACHE)/libfdt/include \
	-idirafter /usr/lib/picolibc/riscv64-unknown-elf/include -MMD -MP
# The link picks libgcc's rv32imac/ilp32 multilib (the objects' ABI).
RV32_HV_LDFLAGS := -march=rv32imac -mabi=ilp32 $(HV_LDFLAGS)
RV32_HV_OBJ := $(HV_C:%.c=$(R32)/hv/%.o) $(HV_S:%.S=$(R32)/hv/%.o)
RV32_HV_TEST_OBJ := $(RV32_HV_OBJ:$(R32)/hv/%=$(R32)/hv-test/%) $(HV_TEST_C:%.c=$(R32)/hv-test/%.o)

# Every bare-metal guest (issue 19): the SBI, ONE_REG and several-VM guests, the hostile ones, the
# MMIO and virtio ones, the memory and dirty-log guests (the test slot at GPA 0x40000000 on rv32),
# the Sv32 paging ones, the timer, flood, failure, FP/vector, PMU and VMM-SBI guests, and bench.
RV32_GUESTS := sbi_base sbi_time sbi_dbtr sbi_hsm sbi_ipi sbi_rfence sbi_legacy sbi_susp sbi_sta \
	sbi_sse onereg multivm hostile_csr hostile_hsm exc_route hostile_edge hostile_sbi mmio_decode \
	hostile_mem hostile_wild mmio_doorbell virtio_hostile net_hostile bench mem_dirty mem_move \
	mem_old_gpa mem_reuse mem_mmio_page hostile_paging sched_fence srst_fail wild_access hang \
	sbi_vmm hostile_flood fp_switch sbi_pmu sbi_pmu_ovf
RV32_GUEST_CFLAGS := $(filter-out -march=% -mabi=%,$(GUEST_CFLAGS)) \
	-march=rv32imac_zicsr_zifencei -mabi=ilp32
# The link names the multilib by its plain name (libgcc's rv32imac/ilp32). QEMU puts OpenSBI's
# S-mode payload 4 MiB above RAM's base on rv32 (2 MiB on rv64): a guest that also runs natively
# links there (guests/bench/guest.ld).
RV32_GUEST_LDFLAGS := $(filter-out -march=%,$(RV32_GUEST_CFLAGS)) -march=rv32imac \
	-Wl,--defsym=GUEST_PAYLOAD_OFFSET=0x400000
RV32_GUEST_LIB_OBJ := $(patsubst %,$(R32)/guests/%.o,$(basename $(GUEST_LIB_SRC)))

.PHONY: rv32
rv32: $(R32)/rvkvm.elf $(R32)/rvkvm-test.elf $(RV32_GUESTS:%=$(R32)/guests/%.img)

$(R32)/gen/asm-offsets.h: core/arch/riscv/asm-offsets.c core/vcpu.h core/sched.h | $(RV32_LIBFDT)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(RV32_CC) $(RV32_HV_CFLAGS) -MF /dev/null -S -o $(R32)/gen/asm-offsets.s $<
	@sed -n 's/.*->\([A-Z_][A-Z_0-9]*\) \([0-9][0-9]*\).*/#define \1 \2/p' $(R32)/gen/asm-offsets.s >$@.tmp
	@mv $@.tmp $@

$(R32)/hv/%.o: %.c rv32.mk | $(R32)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  CC32    $<"
	@$(RV32_CC) $(RV32_HV_CFLAGS) -c -o $@ $<
$(R32)/hv/%.o: %.S rv32.mk $(R32)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS32    $<"
	@$(RV32_CC) $(RV32_HV_CFLAGS) -D__ASSEMBLER__ -c -o $@ $<
$(R32)/hv-test/%.o: %.c rv32.mk | $(R32)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  CC32    $< (test image)"
	@$(RV32_CC) $(RV32_HV_CFLAGS) -DRVKVM_TEST_HOOKS -c -o $@ $<
$(R32)/hv-test/%.o: %.S rv32.mk $(R32)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS32    $< (test image)"
	@$(RV32_CC) $(RV32_HV_CFLAGS) -DRVKVM_TEST_HOOKS -D__ASSEMBLER__ -c -o $@ $<

$(R32)/rvkvm.elf: $(RV32_HV_OBJ)
$(R32)/rvkvm-test.elf: $(RV32_HV_TEST_OBJ)
$(R32)/rvkvm.elf $(R32)/rvkvm-test.elf: $(RV32_LIBFDT) core/arch/riscv/rvkvm.ld
	@echo "  LD32    $@"
	@$(RV32_CC) $(RV32_HV_LDFLAGS) -o $@ $(filter %.o,$^) $(RV32_LIBFDT) -lgcc

$(RV32_LIBFDT):
	@echo "rv32: no $@: run make deps-rv32 first" >&2; exit 1

$(R32)/guests/%.o: %.c rv32.mk
	@mkdir -p $(dir $@)
	@echo "  CC32    $<"
	@$(GUEST_CROSS)gcc $(RV32_GUEST_CFLAGS) -c -o $@ $<
$(R32)/guests/%.o: %.S rv32.mk
	@mkdir -p $(dir $@)
	@echo "  AS32    $<"
	@$(GUEST_CROSS)gcc $(RV32_GUEST_CFLAGS) -c -o $@ $<
define RV32_GUEST_RULE
$(R32)/guests/$(1).elf: $(RV32_GUEST_LIB_OBJ) $(patsubst %.c,$(R32)/guests/%.o,$(wildcard guests/$(1)/*.c)) $(call guest_ld,$(1)) guests/lib/guest.ld
	@echo "  LD32    $$@"
	@$(GUEST_CROSS)gcc $(RV32_GUEST_LDFLAGS) -Lguests/lib -T $(call guest_ld,$(1)) -Wl,--no-warn-rwx-segments -o $$@ $$(filter %.o,$$^) -lgcc
endef
$(foreach g,$(RV32_GUESTS),$(eval $(call RV32_GUEST_RULE,$(g))))
# The RV32 boot benchmark's native kernel-entry marker (guests/linux/kentry.S, tools/bench_rv32.sh):
# OpenSBI's payload where QEMU puts it on rv32, 4 MiB above RAM's base, the kernel 4 MiB above it;
# no relaxation, which would address its data through gp, the firmware's.
$(R32)/linux/kentry.bin: guests/linux/kentry.S rv32.mk
	@mkdir -p $(dir $@)
	@echo "  AS32    $<"
	@$(GUEST_CROSS)gcc -march=rv32imac -mabi=ilp32 -nostdlib -static -no-pie -DKERNEL_ADDR=0x80800000 \
		-Wl,-Ttext=0x80400000 -Wl,--build-id=none -Wl,--no-relax -o $(R32)/linux/kentry.elf $<
	@$(GUEST_CROSS)objcopy -O binary $(R32)/linux/kentry.elf $@

$(R32)/guests/%.img: $(R32)/guests/%.elf
	@$(GUEST_CROSS)objcopy -O binary $< $@
