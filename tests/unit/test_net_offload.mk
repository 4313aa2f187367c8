# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_net_offload
test_net_offload_SRCS := $(MOD_NET_OFFLOAD) $(FIXTURE_NET_PACKETS)
