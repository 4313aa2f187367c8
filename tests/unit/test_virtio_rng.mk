UNIT_TESTS += test_virtio_rng
# fake_virtio.c stands in for vmm/guest_mem.c, vmm/devices/virtqueue.c and virtio_mmio.c.
test_virtio_rng_SRCS := vmm/devices/virtio_rng.c tests/unit/virtio_driver.c tests/unit/fake_virtio.c
