# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_net_switch
test_net_switch_SRCS := $(MOD_NET_SWITCH) $(MOD_NET_MAC) $(MOD_VIRTIO_NET) $(MOD_VIRTIO) \
	$(FIXTURE_VIRTIO_DRIVER) $(FIXTURE_NET_PACKETS)
