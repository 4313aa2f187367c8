# SPDX-License-Identifier: Apache-2.0
# Fuzzing: libFuzzer targets (clang), their corpus replayed without libFuzzer (gcc), `make fuzz`.
# Included from the Makefile after B, WARN, HOSTCC, GUEST_IMGS and tests/modules.mk.
#
#   make fuzz                 build, run every target FUZZ_SECONDS each over a copy of its corpus,
#                             then tests/fuzz/cli_fuzz.sh; prints executions and crashes per target
#   make fuzz-build           build/fuzz/<target>          (clang -fsanitize=fuzzer,address,undefined)
#   make fuzz-replay-build    build/fuzz-replay/<target>   (gcc ASan/UBSan, tests/fuzz/replay_main.c)
#   tests/fuzz/replay.sh      replays each corpus (and saved crashes): "ok|FAIL <target> ..."

# The rules below must not become the Makefile's default goal when this is included early.
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
B ?= build

FUZZ_TARGETS := insn_decode image bundle vm_config fdt_build plic uart16550 mmio_bus sbi gstage \
	dirty_log virtqueue virtio_blk virtio_console virtio_net net_offload

# Source lists: the modules of tests/modules.mk (included by the Makefile before this file).
fuzz_insn_decode_SRCS := $(MOD_INSN_DECODE)
fuzz_image_SRCS := $(MOD_IMAGE) $(MOD_LOADER)
fuzz_bundle_SRCS := $(MOD_BUNDLE) $(MOD_VM_CONFIG) $(MOD_IMAGE) $(MOD_LOADER) $(MOD_FDT_BUILD) \
	$(MOD_GUEST_FDT)
fuzz_bundle_LIBS := -lfdt
fuzz_vm_config_SRCS := $(MOD_VM_CONFIG)
fuzz_fdt_build_SRCS := $(MOD_FDT_BUILD)
fuzz_fdt_build_LIBS := -lfdt
fuzz_plic_SRCS := $(MOD_PLIC)
fuzz_uart16550_SRCS := $(MOD_UART16550)
fuzz_mmio_bus_SRCS := $(MOD_MMIO_BUS) $(MOD_PLIC) $(MOD_UART16550)
# Every SBI extension over the recording arch hooks (tests/fakes/fake_arch.c).
fuzz_sbi_SRCS := $(SBI_FAKE_ARCH_SRCS)
fuzz_gstage_SRCS := $(MOD_GSTAGE)
fuzz_dirty_log_SRCS := $(MOD_DIRTY_LOG)
fuzz_virtqueue_SRCS := $(MOD_VIRTIO)
# The device behind the real transport, driven by the tests' driver over a fake RAM.
fuzz_virtio_blk_SRCS := $(MOD_VIRTIO_BLK) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
fuzz_virtio_console_SRCS := $(MOD_VIRTIO_CONSOLE) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
fuzz_virtio_net_SRCS := $(MOD_VIRTIO_NET) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
fuzz_net_offload_SRCS := $(MOD_NET_OFFLOAD)

# The unit tests' flags; the warning set falls back to the project's if WARN is not defined.
FUZZ_WARN = $(if $(WARN),$(WARN),-Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
	-Wswitch-enum -Wvla -Werror)
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(FUZZ_WARN) -I. -Iinclude
FUZZ_REPLAY_CC = $(if $(HOSTCC),$(HOSTCC),gcc)
FUZZ_REPLAY_CFLAGS = -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	$(FUZZ_WARN) -I. -Iinclude
# Every header a target can reach: a change to any of them rebuilds the fuzzers.
FUZZ_HDRS := $(wildcard tests/fuzz/*.h tests/fakes/*.h tests/unit/virtio_driver.h core/*.h \
	core/sbi/*.h vmm/*.h \
	vmm/devices/*.h platform/*.h lib/*.h include/rvkvm/*.h)

FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/%)
FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz-replay/%)

define FUZZ_RULE
$(B)/fuzz/$(1): tests/fuzz/fuzz_$(1).c $(fuzz_$(1)_SRCS) lib/string.c $(FUZZ_HDRS)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	@$$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(sort $(fuzz_$(1)_SRCS)) lib/string.c \
		$(fuzz_$(1)_LIBS)

$(B)/fuzz-replay/$(1): tests/fuzz/fuzz_$(1).c tests/fuzz/replay_main.c $(fuzz_$(1)_SRCS) \
		lib/string.c $(FUZZ_HDRS)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"
	@$$(FUZZ_REPLAY_CC) $$(FUZZ_REPLAY_CFLAGS) -o $$@ tests/fuzz/replay_main.c \
		tests/fuzz/fuzz_$(1).c $(sort $(fuzz_$(1)_SRCS)) lib/string.c $(fuzz_$(1)_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

.PHONY: fuzz fuzz-build fuzz-replay-build

fuzz-build: $(FUZZ_BINS)

fuzz-replay-build: $(FUZZ_REPLAY_BINS)

# The CLI part boots the test guests, so it needs the hypervisor and the guest images.
fuzz:
	@tools/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build $(B)/rvkvm.elf $(GUEST_IMGS)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run-fuzz.sh $(FUZZ_TARGETS)

# Empty when nothing came before the include: make then takes the next rule it reads, as usual.
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
