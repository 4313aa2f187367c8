# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtio_net
test_virtio_net_SRCS := $(MOD_VIRTIO_NET) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER) $(FIXTURE_NET_PACKETS)
