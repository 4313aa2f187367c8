UNIT_TESTS += test_virtqueue
test_virtqueue_SRCS := vmm/devices/virtqueue.c vmm/guest_mem.c tests/unit/vring_fixture.c
