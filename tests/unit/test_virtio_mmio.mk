# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtio_mmio
test_virtio_mmio_SRCS := $(MOD_VIRTIO) $(FIXTURE_VRING)
