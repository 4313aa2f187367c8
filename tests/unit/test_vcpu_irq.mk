# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_vcpu_irq
test_vcpu_irq_SRCS := $(MOD_VCPU_IRQ) $(MOD_SCHED) $(FAKES_SCHED_ARCH)
