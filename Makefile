# SPDX-License-Identifier: Apache-2.0
# rvkvm: the hypervisor image (rv64, freestanding), the bare-metal test guests, and the host unit tests.
# `make run` and `make test` first install what is missing (tools/deps.sh).

CROSS ?= riscv64-linux-gnu-
GUEST_CROSS ?= riscv64-unknown-elf-
HOSTCC ?= gcc
B := build
RV64 := cache/riscv64

# Bao's extra warnings too: implicit conversions that can change a value or its sign, casts that
# drop a qualifier or raise the required alignment, and #if on an undefined name.
WARN := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wswitch-enum -Wvla \
	-Wconversion -Wsign-conversion -Wcast-qual -Wundef -Wcast-align -Werror

# The hypervisor links Debian's riscv64 libfdt.a, built for the lp64d ABI, so it uses that ABI too;
# a build check below makes sure no floating-point or vector instruction gets into the image
# outside the functions that save and restore a guest's FP registers (core/arch/riscv/fp.S) and
# vector registers (core/arch/riscv/vec.S).
HV_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-pie -fno-stack-protector -fno-common \
	-mcmodel=medany -march=rv64gc -mabi=lp64d \
	-I. -Iinclude -I$(B)/gen -isystem $(RV64)/usr/include -MMD -MP
HV_LDFLAGS := -nostdlib -static -no-pie -T core/arch/riscv/rvkvm.ld -Wl,--no-warn-rwx-segments \
	-Wl,--build-id=none
# Link-time optimisation: the exit paths cross files (trap vector, run loop, SBI, VMM devices), and
# LTO inlines across them; `make bench` shows what it saves per exit.
HV_LTO := -flto=auto
LIBFDT_A := $(RV64)/usr/lib/riscv64-linux-gnu/libfdt.a

# Two images from the same sources: the product, build/rvkvm.elf (make run), and the test image,
# build/rvkvm-test.elf (make test, make bench), which adds the test-only sources below and is
# compiled with RVKVM_TEST_HOOKS (vmm/test_hooks.h, platform/selftest.h) into its own objects.
HV_TEST_C := vmm/test_hooks.c vmm/memtest.c vmm/regtest.c vmm/guest_traps.c vmm/sbi_vendor.c \
	vmm/devices/testdev.c vmm/models/testdev.c platform/selftest.c platform/selftest_net.c \
	platform/selftest_link.c
HV_C := $(filter-out core/arch/riscv/asm-offsets.c $(HV_TEST_C), \
	$(wildcard core/*.c core/sbi/*.c core/arch/riscv/*.c platform/*.c platform/drivers/*.c vmm/*.c \
	vmm/devices/*.c vmm/models/*.c)) \
	lib/string.c lib/printf.c lib/libc_shim.c lib/chacha20.c
HV_S := $(wildcard core/arch/riscv/*.S platform/*.S)
HV_OBJ := $(HV_C:%.c=$(B)/hv/%.o) $(HV_S:%.S=$(B)/hv/%.o)
HV_TEST_OBJ := $(HV_OBJ:$(B)/hv/%=$(B)/hv-test/%) $(HV_TEST_C:%.c=$(B)/hv-test/%.o)

GUEST_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -nostdlib -fno-pie -mcmodel=medany \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -I. -Iguests/lib -MMD -MP
GUEST_LIB_SRC := $(wildcard guests/lib/*.c guests/lib/*.S) lib/printf.c lib/string.c
GUEST_LIB_OBJ := $(patsubst %,$(B)/guests/%.o,$(basename $(GUEST_LIB_SRC)))
GUESTS := $(filter-out lib,$(patsubst guests/%/,%,$(sort $(dir $(wildcard guests/*/*.c)))))
GUEST_IMGS := $(GUESTS:%=$(B)/guests/%.img)

# The host tests test the VMM as the test image has it, hooks and all.
UNIT_CFLAGS := -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all $(WARN) -I. -Iinclude \
	-DRVKVM_TEST_HOOKS
UNIT_TESTS :=
# One source list per module (MOD_*) and per fake (FAKES_*), named by the tests' .mk files.
include tests/modules.mk
include $(wildcard tests/unit/*.mk)
UNIT_BINS := $(UNIT_TESTS:%=$(B)/unit/%)

# libFuzzer targets (make fuzz) and their corpus replayed by make test (tests/fuzz/).
include tests/fuzz/fuzz.mk

.SECONDARY:
.PHONY: all deps deps-rv32 run test bench clean lint format-check

# The perf disk once make deps has fetched Debian's perf (an older cache builds all the rest).
all: $(B)/rvkvm.elf $(B)/rvkvm-test.elf $(GUEST_IMGS) $(UNIT_BINS) $(B)/initramfs.cpio.gz $(B)/linux/kentry.bin \
	$(if $(wildcard cache/perf/usr/bin/perf),$(B)/perf-disk.img)

deps:
	@tools/deps.sh

# The RV32 dependencies (rv32 OpenSBI and libfdt, an RV32 Linux kernel and its initramfs), built
# from Debian's sources into cache/rv32 (tools/rv32-deps.sh); make test needs them (its rv32_*
# cases, tests/cli/rv32_native.sh).
deps-rv32:
	@tools/deps.sh rv32
	@tools/rv32-deps.sh

# --- hypervisor image ---------------------------------------------------------------------
$(B)/gen/asm-offsets.h: core/arch/riscv/asm-offsets.c core/vcpu.h core/sched.h
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(CROSS)gcc $(HV_CFLAGS) -MF /dev/null -S -o $(B)/gen/asm-offsets.s $<
	@sed -n 's/.*->\([A-Z_][A-Z_0-9]*\) \([0-9][0-9]*\).*/#define \1 \2/p' $(B)/gen/asm-offsets.s >$@.tmp
	@mv $@.tmp $@

# Objects depend on this file too, so a change of flags rebuilds them.
$(B)/hv/%.o: %.c Makefile | $(B)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CROSS)gcc $(HV_CFLAGS) $(HV_LTO) -c -o $@ $<

$(B)/hv/%.o: %.S Makefile $(B)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc $(HV_CFLAGS) -D__ASSEMBLER__ -c -o $@ $<

# The test image's objects: the same rules, with the test hooks.
$(B)/hv-test/%.o: %.c Makefile | $(B)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  CC      $< (test image)"
	@$(CROSS)gcc $(HV_CFLAGS) -DRVKVM_TEST_HOOKS $(HV_LTO) -c -o $@ $<

$(B)/hv-test/%.o: %.S Makefile $(B)/gen/asm-offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $< (test image)"
	@$(CROSS)gcc $(HV_CFLAGS) -DRVKVM_TEST_HOOKS -D__ASSEMBLER__ -c -o $@ $<

$(B)/rvkvm.elf: $(HV_OBJ)
$(B)/rvkvm-test.elf: $(HV_TEST_OBJ)
$(B)/rvkvm.elf $(B)/rvkvm-test.elf: $(LIBFDT_A) core/arch/riscv/rvkvm.ld
	@echo "  LD      $@"
	@$(CROSS)gcc $(HV_CFLAGS) $(HV_LTO) $(HV_LDFLAGS) -o $@ $(filter %.o,$^) $(LIBFDT_A) -lgcc
	@if $(CROSS)objdump -d $@ | awk '/^[0-9a-f]+ <.*>:$$/ { skip = ($$2 ~ /^<(fp|vec)_arch_(save|restore|vlenb)>:$$/) } !skip' | \
		grep -qE '\s(f[a-z]+\.[sdq]|fl[wdq]|fs[wdq]|fmv\.[a-z.]+|fcvt\.[a-z.]+|frcsr|fscsr|frrm|fsrm|frflags|fsflags|v[a-z0-9]+(\.[a-z0-9]+)*)\s'; then \
		echo "error: floating-point or vector instructions in the hypervisor image"; rm -f $@; exit 1; fi

$(LIBFDT_A):
	@tools/deps.sh

# --- test guests --------------------------------------------------------------------------
$(B)/guests/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(GUEST_CROSS)gcc $(GUEST_CFLAGS) -c -o $@ $<

$(B)/guests/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(GUEST_CROSS)gcc $(GUEST_CFLAGS) -c -o $@ $<

# A guest folder may bring its own link script (guests/NAME/guest.ld), e.g. to run at 0x80200000.
guest_ld = $(firstword $(wildcard guests/$(1)/guest.ld) guests/lib/guest.ld)
define GUEST_RULE
$(B)/guests/$(1).elf: $(GUEST_LIB_OBJ) $(patsubst %.c,$(B)/guests/%.o,$(wildcard guests/$(1)/*.c)) $(call guest_ld,$(1)) guests/lib/guest.ld
	@echo "  LD      $$@"
	@$(GUEST_CROSS)gcc $(GUEST_CFLAGS) -Lguests/lib -T $(call guest_ld,$(1)) -Wl,--no-warn-rwx-segments -o $$@ $$(filter %.o,$$^) -lgcc
endef
$(foreach g,$(GUESTS),$(eval $(call GUEST_RULE,$(g))))

$(B)/guests/%.img: $(B)/guests/%.elf
	@$(GUEST_CROSS)objcopy -O binary $< $@

# The Linux guest's busybox initramfs (busybox comes from Debian's riscv64 package in the cache),
# with the boot benchmark's marker program and the disk benchmark's instruction-count marker
# (static Linux binaries without a C library).
$(B)/linux/rdtime: guests/linux/rdtime.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc -static -nostdlib -no-pie -s -Wl,--build-id=none -o $@ $<

$(B)/linux/insn-marker: guests/linux/marker.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc -static -nostdlib -no-pie -s -Wl,--build-id=none -o $@ $<

# The UDP request/response benchmark (tools/udp_rr/): the guest's client and echo, static with the
# riscv64 C library, and the host's echo for the guest on QEMU's user network.
$(B)/linux/udp-rr: tools/udp_rr/udp_rr.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CROSS)gcc -std=c11 -O2 $(WARN) -static -s -Wl,--build-id=none -o $@ $<

# perf-count (tools/perf_count/): perf stat's cycles and instructions around a busy loop, for the
# Linux guest's PMU check (its initramfs has no perf).
$(B)/linux/perf-count: tools/perf_count/perf_count.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CROSS)gcc -std=c11 -O2 $(WARN) -static -s -Wl,--build-id=none -o $@ $<

$(B)/tools/udp-rr: tools/udp_rr/udp_rr.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=c11 -O2 $(WARN) -o $@ $<

# The native boot's kernel-entry marker (guests/linux/kentry.S): OpenSBI's payload at 2 MiB.
$(B)/linux/kentry.bin: guests/linux/kentry.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CROSS)gcc -nostdlib -static -no-pie -Wl,-Ttext=0x80200000 -Wl,--build-id=none \
		-o $(B)/linux/kentry.elf $<
	@$(CROSS)objcopy -O binary $(B)/linux/kentry.elf $@

$(B)/initramfs.cpio.gz: tools/mkinitramfs.sh tools/guest-applets.sh guests/linux/init guests/linux/io-steps guests/linux/net-steps guests/linux/udhcpc-script $(RV64)/usr/bin/busybox \
		$(B)/linux/rdtime $(B)/linux/insn-marker $(B)/linux/udp-rr $(B)/linux/perf-count
	@echo "  GEN     $@"
	@tools/mkinitramfs.sh $@ $(B)/linux/rdtime $(B)/linux/insn-marker $(B)/linux/udp-rr \
		$(B)/linux/perf-count

$(RV64)/usr/bin/busybox:
	@tools/deps.sh

# QEMU's instruction-count plugin (tools/insn_count/), loaded with -plugin by make bench's disk
# runs: a shared object for the host's QEMU, so the host compiler.
# insn_profile.so, its sibling, says which code the instructions between two markers ran
# (tools/insn_profile.sh names it); built by make bench and make $(B)/tools/insn_profile.so.
$(B)/tools/%.so: tools/insn_count/%.c tools/insn_count/marker.h tools/insn_count/qemu_plugin_api.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -shared -fPIC -O2 -std=c11 $(WARN) -fvisibility=hidden -o $@ $< -lpthread

# --- host unit tests ----------------------------------------------------------------------
# One compiler run builds a test from all its sources, so its dependency file (-MF) records only
# the last source's headers: every header is a prerequisite instead, and a source a test
# includes itself is named in the test's _DEPS.
UNIT_HDRS := $(wildcard include/rvkvm/*.h lib/*.h core/*.h core/*/*.h core/arch/riscv/*.h \
	platform/*.h platform/drivers/*.h vmm/*.h vmm/*/*.h tests/fakes/*.h tests/unit/*.h)
.SECONDEXPANSION:
$(B)/unit/%: tests/unit/%.c $$($$*_SRCS) $$($$*_DEPS) lib/string.c $(UNIT_HDRS)
	@mkdir -p $(dir $@) $(B)/unit-deps
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -MMD -MP -MF $(B)/unit-deps/$*.d -o $@ $< $(sort $($*_SRCS)) lib/string.c -lcmocka $($*_LIBS)

# --- source checks (tools/check-style.sh runs both for make test) -------------------------
# make lint: cppcheck's errors, warnings and portability checks over the hypervisor's sources; a
# false positive goes in tests/cppcheck-suppressions.txt with its reason, a real finding is fixed.
LINT_DIRS := core lib vmm platform
CPPCHECK_FLAGS := --std=c11 --enable=warning,portability --error-exitcode=1 --quiet \
	--suppressions-list=tests/cppcheck-suppressions.txt \
	--template='{file}:{line}: {severity} [{id}] {message}' -I include -I .

lint:
	@cppcheck $(CPPCHECK_FLAGS) $(LINT_DIRS)

# make format-check: every C file of the tree is as .clang-format has it.
FORMAT_FILES = $(shell find core lib vmm platform include guests tests tools -name '*.[ch]' \
	-not -path 'tests/fuzz/corpus/*' -not -path 'tests/fuzz/crashes/*' | LC_ALL=C sort)
format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES)

# --- entry points -------------------------------------------------------------------------
# The default guest: Debian's riscv64 kernel, 2 vCPUs, its root file system on a virtio disk that
# persists in $(B)/disk.img (made once by tools/mkdisk.sh; delete it for a fresh one), an entropy
# device, a shell.
run: deps
	@$(MAKE) --no-print-directory all
	@[ -f $(B)/disk.img ] || { echo "  GEN     $(B)/disk.img"; tools/mkdisk.sh $(B)/disk.img; }
	./rvkvm run --kernel $(RV64)/Image --initrd $(B)/initramfs.cpio.gz --cpus 2 --mem 256M \
		--disk $(B)/disk.img --rng --append "console=ttyS0 earlycon=sbi rvkvm.root=/dev/vda"

# The root disk with Debian's perf (tools/deps.sh fetches linux-perf and the libraries it loads
# into cache/perf) and /bin/perf-count, for linux_perf_stat.case.
$(B)/perf-disk.img: tools/mkdisk.sh tools/guest-applets.sh guests/linux/init guests/linux/io-steps \
		guests/linux/udhcpc-script $(RV64)/usr/bin/busybox $(B)/linux/perf-count
	@echo "  GEN     $@"
	@[ -x cache/perf/usr/bin/perf ] || { echo "no cache/perf/usr/bin/perf (run make deps)" >&2; exit 1; }
	@rm -rf $(B)/perf-tree && mkdir -p $(B)/perf-tree/bin && cp $(B)/linux/perf-count $(B)/perf-tree/bin/
	@tools/mkdisk.sh $@ 256M cache/perf $(B)/perf-tree

test: deps deps-rv32
	@$(MAKE) --no-print-directory all rv32 fuzz-replay-build
	@tests/run-all.sh

# The benchmarks under QEMU -icount: prints a table and writes docs/bench.md (tools/bench.sh).
# Not part of make test; a benchmark that breaks gives "n/a" cells, never a failed make.
bench: deps deps-rv32
	@$(MAKE) --no-print-directory $(B)/rvkvm-test.elf $(B)/guests/bench.img $(B)/initramfs.cpio.gz \
		$(R32)/rvkvm.elf $(R32)/rvkvm-test.elf $(R32)/guests/bench.img $(R32)/linux/kentry.bin \
		$(B)/linux/kentry.bin $(B)/tools/insn_count.so $(B)/tools/insn_profile.so $(B)/tools/udp-rr
	@tools/bench.sh

clean:
	rm -rf $(B)

# make rv32: the same sources built for an RV32 hart (after the rules and functions it reuses).
include rv32.mk

-include $(shell find $(B) -name '*.d' 2>/dev/null)
