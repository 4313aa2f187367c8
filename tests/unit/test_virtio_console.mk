# SPDX-License-Identifier: Apache-2.0
UNIT_TESTS += test_virtio_console
test_virtio_console_SRCS := $(MOD_VIRTIO_CONSOLE) $(MOD_VIRTIO) $(FIXTURE_VIRTIO_DRIVER)
