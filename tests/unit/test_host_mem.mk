# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_host_mem
test_host_mem_SRCS := $(MOD_HOST_MEM)
