# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtio_blk
test_virtio_blk_SRCS := $(MOD_VIRTIO_BLK) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
