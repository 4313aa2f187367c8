# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtio_rng
test_virtio_rng_SRCS := $(MOD_VIRTIO_RNG) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
