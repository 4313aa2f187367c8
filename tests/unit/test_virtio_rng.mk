UNIT_TESTS += test_virtio_rng
test_virtio_rng_SRCS := vmm/devices/virtio_rng.c tests/unit/virtio_driver.c \
	vmm/devices/virtio_mmio.c vmm/devices/virtqueue.c vmm/guest_mem.c
