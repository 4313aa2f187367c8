# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtqueue
test_virtqueue_SRCS := $(MOD_VIRTIO) $(FIXTURE_VRING)
