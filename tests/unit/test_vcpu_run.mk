# SPDX-License-Identifier: Apache-2.0
# The run loop (core/vcpu_run.c) and the VM (core/vm.c) over the recording arch fake: a real
# SBI table, G-stage, memslots, decoder and scheduler, a guest whose traps the test scripts.
UNIT_TESTS += test_vcpu_run
test_vcpu_run_SRCS := $(MOD_VCPU_RUN) $(MOD_VM) $(MOD_VCPU) $(MOD_SBI) $(SBI_DEPS) $(MOD_GSTAGE) \
	$(MOD_HOST_MEM) $(MOD_INSN_DECODE) $(MOD_MMIO_DECODE_CACHE) $(MOD_DOORBELL) \
	$(MOD_EVENT) $(MOD_SCHED) $(FAKES_ARCH) $(FAKES_SCHED_ARCH) $(FAKES_CLOCK) $(FAKES_CONSOLE)
