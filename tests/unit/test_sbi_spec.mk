# SPDX-License-Identifier: Apache-2.0
# Every core SBI function against the SBI 3.0 spec, over the recording arch hooks.
UNIT_TESTS += test_sbi_spec
test_sbi_spec_SRCS := $(SBI_FAKE_ARCH_SRCS)
