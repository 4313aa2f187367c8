UNIT_TESTS += test_virtio_mmio
test_virtio_mmio_SRCS := vmm/devices/virtio_mmio.c vmm/devices/virtqueue.c vmm/guest_mem.c \
	tests/unit/vring_fixture.c
