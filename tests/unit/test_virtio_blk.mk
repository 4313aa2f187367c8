UNIT_TESTS += test_virtio_blk
# fake_virtio.c stands in for vmm/guest_mem.c, vmm/devices/virtqueue.c and virtio_mmio.c.
test_virtio_blk_SRCS := vmm/devices/virtio_blk.c tests/unit/virtio_driver.c tests/unit/fake_virtio.c
