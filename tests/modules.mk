# SPDX-License-Identifier: Apache-2.0
# The source list of each module the host tests and fuzzers build, written once: a test's
# test_X_SRCS (tests/unit/test_X.mk) and a fuzzer's fuzz_X_SRCS (tests/fuzz/fuzz.mk) name these
# variables, never the files. A module is the sources that only make sense together; what a
# module calls in another is the test's choice (the real module, or a fake from tests/fakes/).
# Included by the Makefile before tests/unit/*.mk and tests/fuzz/fuzz.mk.

# --- lib/ and platform/ ----------------------------------------------------------------------
MOD_PRINTF := lib/printf.c
MOD_CHACHA20 := lib/chacha20.c
MOD_CONSOLE_MUX := platform/console_mux.c
MOD_ENTROPY := platform/entropy.c
# The driver's side of a host device's split virtqueue: no registers, so host tests run it.
MOD_VIRTIO_HOST_RING := platform/drivers/virtio_host_ring.c

# --- core/ --------------------------------------------------------------------------------------
MOD_HOST_CAPS := core/host_caps.c
MOD_HOST_MEM := core/host_mem.c
MOD_MEMSLOT := core/memslot.c
MOD_DIRTY_LOG := core/dirty_log.c
MOD_GSTAGE := core/gstage.c core/gstage_modes.c core/page_pool.c
# The core's accesses to guest RAM, which make it present first (core/ram_populate.c).
MOD_GUEST_RAM := core/guest_ram.c core/ram_populate.c $(MOD_GSTAGE)
MOD_VMID := core/vmid.c
MOD_SCHED := core/sched.c
MOD_EVENT := core/event.c
MOD_DOORBELL := core/doorbell.c
MOD_VCPU_IRQ := core/vcpu_irq.c
MOD_EXC_ROUTE := core/exc_route.c
MOD_INSN_DECODE := core/insn_decode.c
MOD_MMIO_DECODE_CACHE := core/mmio_decode_cache.c
MOD_INSN_CSR := core/insn_csr.c
# Every SBI extension and the table that lists them; MOD_SBI_DISPATCH is the dispatch and the
# per-vCPU configuration alone, for tests that bring their own table.
MOD_SBI := $(wildcard core/sbi/*.c)
MOD_SBI_DISPATCH := core/sbi/sbi.c core/sbi/sbi_config.c
MOD_SBI_STA := core/sbi/sta.c
MOD_SBI_FWFT := core/sbi/fwft.c
MOD_VCPU := core/vcpu.c core/isa_ext.c
MOD_ONE_REG := core/one_reg.c core/one_reg_cpu.c core/one_reg_ext.c
MOD_VM := core/vm.c
MOD_VCPU_RUN := core/vcpu_run.c

# --- vmm/ ---------------------------------------------------------------------------------------
MOD_BUNDLE := vmm/bundle.c
MOD_IMAGE := vmm/image.c
MOD_LOADER := vmm/loader.c
# The config names NICs' addresses: it parses them with vmm/net_mac.c.
MOD_VM_CONFIG := vmm/vm_config.c vmm/net_mac.c
MOD_FDT_BUILD := vmm/fdt_build.c
MOD_BOARD_LAYOUT := vmm/board_layout.c
MOD_GUEST_FDT := vmm/guest_fdt.c
MOD_PLACEMENT := vmm/placement.c
MOD_MMIO_BUS := vmm/mmio_bus.c
MOD_GUEST_MEM := vmm/guest_mem.c
MOD_GUEST_TRAPS := vmm/guest_traps.c vmm/sbi_vmm.c vmm/sbi_vendor.c $(MOD_GUEST_MEM)
MOD_PLIC := vmm/devices/plic.c
MOD_UART16550 := vmm/devices/uart16550.c
MOD_VIRTIO := $(MOD_GUEST_MEM) vmm/devices/virtqueue.c vmm/devices/virtio_mmio.c
MOD_VIRTIO_BLK := vmm/devices/virtio_blk.c
MOD_VIRTIO_CONSOLE := vmm/devices/virtio_console.c
MOD_VIRTIO_RNG := vmm/devices/virtio_rng.c
# A guest NIC's backend on a host NIC (--network user).
MOD_NET_HOST_BACKEND := vmm/net_host_backend.c
# The whole VMM, every file under vmm/: what runs above the core's ABI (test_vmm_exit, test_board).
MOD_VMM := $(wildcard vmm/*.c vmm/devices/*.c vmm/models/*.c)

# --- fakes and fixtures (tests/fakes/, tests/unit/) --------------------------------------------
# A guest RAM in a host buffer: the arch fake fetches instructions from it.
FAKES_GUEST_MEM := tests/fakes/fake_guest_mem.c
# The core as the VMM sees it (rvkvm/rvkvm.h) and the host services (rvkvm/host.h) but the
# console's, which FAKES_CONSOLE has.
FAKES_CORE := tests/fakes/fake_core.c
# The arch hooks (core/vm_arch.h), recording, scripted by the test; remote fences too.
FAKES_ARCH := tests/fakes/fake_arch.c $(FAKES_GUEST_MEM)
# sched_wake alone, for tests without MOD_SCHED.
FAKES_SCHED_WAKE := tests/fakes/fake_sched_wake.c
# The arch hooks the SBI table links against, each a test failure if reached.
FAKES_ARCH_UNREACHED := tests/fakes/sbi_unreached.c
FAKES_SCHED_ARCH := tests/fakes/fake_sched_arch.c
FAKES_CLOCK := tests/fakes/fake_clock.c
FAKES_CONSOLE := tests/fakes/fake_console.c
# The host virtio-mmio transport of platform/drivers/virtio_host.h, its device side played by the test.
FAKES_VIRTIO_HOST := tests/fakes/fake_virtio_host.c
FIXTURE_GSTAGE := tests/unit/gstage_check.c
FIXTURE_INSN := tests/unit/insn_record_check.c
FIXTURE_VRING := tests/unit/vring_fixture.c
FIXTURE_VIRTIO_DRIVER := tests/unit/virtio_driver.c
FIXTURE_NET_PACKETS := tests/unit/net_packets.c
FIXTURE_ONE_REG := tests/unit/one_reg_fixture.c

# --- stacks several tests share -----------------------------------------------------------------
# What the SBI extensions call besides the arch hooks.
SBI_DEPS := $(MOD_EXC_ROUTE) $(MOD_MEMSLOT) $(MOD_HOST_CAPS) $(MOD_VCPU_IRQ) $(MOD_GUEST_RAM) \
	$(MOD_DIRTY_LOG) $(MOD_INSN_CSR)
# Every SBI extension over the recording arch hooks: fuzz_sbi, test_fwft, test_sbi_spec,
# test_sta, test_susp.
SBI_FAKE_ARCH_SRCS := $(MOD_SBI) $(SBI_DEPS) $(FAKES_CONSOLE) $(FAKES_ARCH) $(FAKES_SCHED_WAKE)

# --- virtio-net and the switch that joins VMs' NICs ---------------------------------------------
MOD_NET_OFFLOAD := vmm/net_offload.c
MOD_VIRTIO_NET := vmm/devices/virtio_net.c $(MOD_NET_OFFLOAD)
MOD_NET_SWITCH := vmm/net_switch.c
MOD_NET_MAC := vmm/net_mac.c
