# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_host_net
# The test includes platform/drivers/host_net.c itself (its NIC table is static); the VMM's
# backend on it is linked as it is.
test_host_net_SRCS := $(MOD_VIRTIO_HOST_RING) $(FAKES_VIRTIO_HOST) $(FAKES_CONSOLE) $(MOD_PRINTF) \
	$(MOD_NET_HOST_BACKEND)
test_host_net_DEPS := platform/drivers/host_net.c
