UNIT_TESTS += test_virtio_blk
test_virtio_blk_SRCS := vmm/devices/virtio_blk.c tests/unit/virtio_driver.c \
	vmm/devices/virtio_mmio.c vmm/devices/virtqueue.c vmm/guest_mem.c
