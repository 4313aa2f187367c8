/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the virtio console device, driven as a guest driver would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_console.h"

#define RX VIRTIO_CONSOLE_RX
#define TX VIRTIO_CONSOLE_TX
#define BUF (VDRV_DATA + 0x1000)
#define OUT_MAX 8192

static struct virtio_console con;
static struct vdrv drv;
static uint8_t out[OUT_MAX];
static size_t out_len;
static unsigned out_calls;
static size_t out_biggest;

static void record_out(void *opaque, const void *buf, size_t len)
{
	assert_ptr_equal(opaque, &out);
	assert_true(len > 0 && len <= OUT_MAX - out_len);
	memcpy(out + out_len, buf, len);
	out_len += len;
	out_calls++;
	if (len > out_biggest) {
		out_biggest = len;
	}
}

static int setup(void **state)
{
	(void)state;
	out_len = 0;
	out_calls = 0;
	out_biggest = 0;
	vdrv_init(&drv);
	virtio_console_init(&con, &drv.mem, record_out, &out, vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &con.transport;
	vdrv_handshake_queues(&drv, 0, VIRTIO_CONSOLE_NUM_QUEUES);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vdrv_free(&drv);
	return 0;
}

static bool process(void)
{
	bool waiting;

	spin_lock(&con.transport.lock);
	waiting = virtio_console_process(&con);
	spin_unlock(&con.transport.lock);
	return waiting;
}

static size_t input(const void *buf, size_t len)
{
	size_t n;

	spin_lock(&con.transport.lock);
	n = virtio_console_input(&con, buf, len);
	spin_unlock(&con.transport.lock);
	return n;
}

static bool wants_input(void)
{
	bool w;

	spin_lock(&con.transport.lock);
	w = virtio_console_wants_input(&con);
	spin_unlock(&con.transport.lock);
	return w;
}

static void notify(unsigned q)
{
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/* A transmit chain of one readable buffer at gpa holding s. */
static uint16_t send(uint64_t gpa, const char *s)
{
	struct vdrv_buf b = { gpa, (uint32_t)strlen(s), false };

	memcpy(vdrv_host(&drv, gpa), s, strlen(s));
	return vdrv_add_to(&drv, TX, &b, 1);
}

/* A receive chain of one writable buffer. */
static uint16_t post(uint64_t gpa, uint32_t len)
{
	struct vdrv_buf b = { gpa, len, true };

	return vdrv_add_to(&drv, RX, &b, 1);
}

static void expect_used(unsigned q, uint16_t head, uint32_t len)
{
	uint32_t id, got;

	assert_true(vdrv_next_used_of(&drv, q, &id, &got));
	assert_int_equal(id, head);
	assert_int_equal(got, len);
}

static bool needs_reset(void)
{
	return (vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0;
}

/* A byte pattern that does not repeat with the FIFO's size, so a lost or doubled run shows. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 % 251);
}

static void test_identity(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) & 0xffffff, 0);
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	v = 1;
	assert_true(virtio_mmio_device.read(&con.transport, VIRTIO_MMIO_CONFIG, 2, &v));
	assert_int_equal(v, 0);
	assert_true(virtio_mmio_device.read(&con.transport, VIRTIO_MMIO_CONFIG + 8, 4, &v));
	assert_int_equal(v, 0);
	assert_int_equal(drv.wakes, 1); /* DRIVER_OK */
	assert_true(wants_input());
	assert_false(process());
}

static void test_output_single(void **state)
{
	uint16_t head;

	(void)state;
	head = send(BUF, "hello\n");
	notify(TX);
	assert_int_equal(drv.wakes, 2);
	assert_false(process());
	assert_int_equal(out_len, 6);
	assert_memory_equal(out, "hello\n", 6);
	expect_used(TX, head, 0);
	assert_true(drv.irq_raised >= 1);
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
	assert_false(process()); /* nothing twice */
	assert_int_equal(out_len, 6);
}

/* Readable buffers of a chain go out in order, larger ones in pieces; chains in order too. */
static void test_output_multi(void **state)
{
	static const uint32_t lens[] = { 3, 600, 1, VIRTIO_CONSOLE_OUT_PIECE };
	struct vdrv_buf b[4];
	size_t total = 0;
	uint16_t h1, h2;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		b[i] = (struct vdrv_buf){ BUF + 0x1000 * i, lens[i], false };
		for (uint32_t k = 0; k < lens[i]; k++) {
			*vdrv_host(&drv, b[i].gpa + k) = pattern(total + k);
		}
		total += lens[i];
	}
	h1 = vdrv_add_to(&drv, TX, b, 4);
	h2 = send(BUF + 0x8000, "!");
	assert_false(process());
	assert_int_equal(out_len, total + 1);
	for (size_t i = 0; i < total; i++) {
		assert_int_equal(out[i], pattern(i));
	}
	assert_int_equal(out[total], '!');
	assert_true(out_biggest <= VIRTIO_CONSOLE_OUT_PIECE);
	assert_true(out_calls >= 5);
	expect_used(TX, h1, 0);
	expect_used(TX, h2, 0);
}

static void test_input_across_buffers(void **state)
{
	const char typed[] = "0123456789";
	uint16_t h[3];
	uint32_t id, len;

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		h[i] = post(BUF + 0x100 * i, 4);
	}
	assert_int_equal(input(typed, 10), 10);
	assert_false(process());
	expect_used(RX, h[0], 4);
	expect_used(RX, h[1], 4);
	expect_used(RX, h[2], 2);
	assert_memory_equal(vdrv_host(&drv, BUF), "0123", 4);
	assert_memory_equal(vdrv_host(&drv, BUF + 0x100), "4567", 4);
	assert_memory_equal(vdrv_host(&drv, BUF + 0x200), "89", 2);
	assert_true(drv.irq_raised >= 1);
	assert_false(vdrv_next_used_of(&drv, TX, &id, &len));
	assert_int_equal(out_len, 0);
}

/* A receive chain of several writable buffers is filled across them. */
static void test_input_multi_buffer_chain(void **state)
{
	struct vdrv_buf b[2] = { { BUF, 2, true }, { BUF + 0x100, 8, true } };
	uint16_t head;

	(void)state;
	head = vdrv_add_to(&drv, RX, b, 2);
	assert_int_equal(input("abcde", 5), 5);
	assert_false(process());
	expect_used(RX, head, 5);
	assert_memory_equal(vdrv_host(&drv, BUF), "ab", 2);
	assert_memory_equal(vdrv_host(&drv, BUF + 0x100), "cde", 3);
}

/* Input with no receive buffer waits; the driver is asked to notify when it posts one. */
static void test_input_before_buffers(void **state)
{
	uint8_t *rx_used_flags = vdrv_host(&drv, VDRV_USED_OF(RX));
	uint16_t head;

	(void)state;
	assert_int_equal(input("abc", 3), 3);
	*rx_used_flags = VIRTQ_USED_F_NO_NOTIFY;
	assert_true(process());
	assert_int_equal(*rx_used_flags, 0);
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
	assert_int_equal(input("d", 1), 1);
	head = post(BUF, 16);
	notify(RX);
	assert_int_equal(drv.wakes, 2);
	assert_false(process());
	expect_used(RX, head, 4);
	assert_memory_equal(vdrv_host(&drv, BUF), "abcd", 4);
}

/* A posted receive buffer is not used until there is input for it. */
static void test_buffer_waits_for_input(void **state)
{
	uint16_t head;

	(void)state;
	head = post(BUF, 16);
	assert_false(process());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
	assert_int_equal(input("x", 1), 1);
	assert_false(process());
	expect_used(RX, head, 1);
	assert_int_equal(*vdrv_host(&drv, BUF), 'x');
}

/* The FIFO takes 4 KiB; the rest stays the caller's; nothing is lost or doubled round the wrap. */
static void test_fifo_full(void **state)
{
	static uint8_t typed[8000];
	size_t fed, delivered = 0;
	uint32_t id, len;

	(void)state;
	for (size_t i = 0; i < sizeof(typed); i++) {
		typed[i] = pattern(i);
	}
	fed = input(typed, 4000);
	assert_int_equal(fed, 4000);
	assert_true(wants_input());
	/* 3000 bytes out: the next input fills the array's end and wraps to its start. */
	for (unsigned i = 0; i < 3; i++) {
		post(BUF + 0x1000 * i, 1000);
	}
	assert_true(process());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 3);
	fed += input(typed + fed, sizeof(typed) - fed);
	assert_int_equal(fed, 3000 + VIRTIO_CONSOLE_FIFO);
	assert_false(wants_input());
	assert_int_equal(input(typed + fed, 1), 0);
	for (unsigned i = 3; i < 16; i++) {
		post(BUF + 0x1000 * i, 1000);
	}
	assert_false(process());
	/* Invariant: typed[0, delivered) came out in the used chains seen so far, in order. */
	for (unsigned i = 0; vdrv_next_used_of(&drv, RX, &id, &len); i++) {
		assert_int_equal(id, i);
		assert_true(len > 0 && len <= 1000);
		assert_memory_equal(vdrv_host(&drv, BUF + 0x1000 * i), typed + delivered, len);
		delivered += len;
	}
	assert_int_equal(delivered, fed);
	assert_true(wants_input());
	assert_int_equal(input(typed + fed, sizeof(typed) - fed), sizeof(typed) - fed);
}

static void test_input_needs_driver(void **state)
{
	(void)state;
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_false(wants_input());
	assert_int_equal(input("a", 1), 0);
	assert_false(process());
}

/* Reset drops what the old driver instance did not take. */
static void test_reset_drops_fifo(void **state)
{
	(void)state;
	assert_int_equal(input("old", 3), 3);
	assert_true(process());
	vdrv_handshake_queues(&drv, 0, VIRTIO_CONSOLE_NUM_QUEUES);
	post(BUF, 16);
	assert_false(process());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
	assert_int_equal(input("new", 3), 3);
	assert_false(process());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 1);
	assert_memory_equal(vdrv_host(&drv, BUF), "new", 3);
}

/* A writable buffer on transmitq: nothing of the chain goes out, the device needs a reset. */
static void test_tx_writable_broken(void **state)
{
	struct vdrv_buf b[2] = { { BUF, 4, false }, { BUF + 0x100, 4, true } };

	(void)state;
	memcpy(vdrv_host(&drv, BUF), "nope", 4);
	vdrv_add_to(&drv, TX, b, 2);
	assert_false(process());
	assert_int_equal(out_len, 0);
	assert_int_equal(vdrv_used_idx_of(&drv, TX), 0);
	assert_true(needs_reset());
	assert_false(wants_input());
}

/* A readable buffer on receiveq: no input goes in, the device needs a reset. */
static void test_rx_readable_broken(void **state)
{
	struct vdrv_buf b[2] = { { BUF, 4, false }, { BUF + 0x100, 4, true } };

	(void)state;
	vdrv_add_to(&drv, RX, b, 2);
	assert_int_equal(input("in", 2), 2);
	assert_false(process());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
	assert_int_equal(*vdrv_host(&drv, BUF + 0x100), 0);
	assert_true(needs_reset());
	assert_int_equal(input("x", 1), 0);
}

/* A chain the walker rejects (a buffer outside guest RAM) on either queue. */
static void test_broken_ring(void **state)
{
	struct vdrv_buf bad = { VDRV_RAM_BASE + VDRV_RAM_SIZE - 2, 4, false };

	(void)state;
	vdrv_add_to(&drv, TX, &bad, 1);
	assert_false(process());
	assert_true(needs_reset());
	assert_int_equal(out_len, 0);

	vdrv_handshake_queues(&drv, 0, VIRTIO_CONSOLE_NUM_QUEUES);
	assert_false(needs_reset());
	bad.write = true;
	vdrv_add_to(&drv, RX, &bad, 1);
	assert_int_equal(input("z", 1), 1);
	assert_false(process());
	assert_true(needs_reset());
	assert_int_equal(vdrv_used_idx_of(&drv, RX), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_multi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_across_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_multi_buffer_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_before_buffers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_waits_for_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_needs_driver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_drops_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_writable_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rx_readable_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_ring, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
