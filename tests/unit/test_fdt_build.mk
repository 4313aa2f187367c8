# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_fdt_build
test_fdt_build_SRCS := $(MOD_FDT_BUILD)
test_fdt_build_LIBS := -lfdt
