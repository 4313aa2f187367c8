UNIT_TESTS += test_virtio_console
test_virtio_console_SRCS := vmm/devices/virtio_console.c tests/unit/virtio_driver.c \
	vmm/devices/virtio_mmio.c vmm/devices/virtqueue.c vmm/guest_mem.c
