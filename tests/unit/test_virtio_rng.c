/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the virtio entropy device, driven as a guest driver would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_rng.h"

#define MAX_REQS 64
#define BUF (VDRV_DATA + 0x1000)

struct seen {
	uint8_t *buf;
	uint32_t len;
	uint64_t cookie;
};

struct fake_rng {
	struct seen seen[MAX_REQS];
	unsigned nseen;
	bool full;
	uint64_t done_cookie[MAX_REQS];
	uint32_t done_len[MAX_REQS];
	unsigned ndone, nreaped;
};

static struct fake_rng fake;
static struct rng_backend backend;
static struct virtio_rng rng;
static struct vdrv drv;

static int rng_submit(void *ctx, void *buf, uint32_t len, uint64_t cookie)
{
	struct fake_rng *f = ctx;

	assert_ptr_equal(f, &fake);
	if (f->full) {
		return RVKVM_ENOSPC;
	}
	assert_true(f->nseen < MAX_REQS);
	f->seen[f->nseen++] = (struct seen){ buf, len, cookie };
	return 0;
}

static int rng_reap(void *ctx, uint64_t *cookie, uint32_t *len)
{
	struct fake_rng *f = ctx;

	if (f->nreaped == f->ndone) {
		return 0;
	}
	*cookie = f->done_cookie[f->nreaped];
	*len = f->done_len[f->nreaped];
	f->nreaped++;
	return 1;
}

static const struct rng_backend_ops rng_ops = {
	.submit = rng_submit,
	.reap = rng_reap,
};

/* The backend fills len bytes of request i (0xa5) and says it wrote `says` bytes. */
static void complete(unsigned i, uint32_t len, uint32_t says)
{
	assert_true(i < fake.nseen && len <= fake.seen[i].len);
	memset(fake.seen[i].buf, 0xa5, len);
	fake.done_cookie[fake.ndone] = fake.seen[i].cookie;
	fake.done_len[fake.ndone] = says;
	fake.ndone++;
}

static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	backend.ops = &rng_ops;
	backend.ctx = &fake;
	vdrv_init(&drv);
	virtio_rng_init(&rng, &drv.mem, &backend, vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &rng.transport;
	vdrv_handshake(&drv, 0);
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
	bool busy;

	spin_lock(&rng.transport.lock);
	busy = virtio_rng_process(&rng);
	spin_unlock(&rng.transport.lock);
	return busy;
}

static uint16_t ask(uint64_t gpa, uint32_t len)
{
	struct vdrv_buf b = { gpa, len, true };
	uint16_t head = vdrv_add(&drv, &b, 1);

	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	return head;
}

static void expect_used(uint16_t head, uint32_t len)
{
	uint32_t id, got;

	assert_true(vdrv_next_used(&drv, &id, &got));
	assert_int_equal(id, head);
	assert_int_equal(got, len);
}

static void test_identity(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) & 0xffffff, 0);
	v = 1;
	assert_true(virtio_mmio_device.read(&rng.transport, VIRTIO_MMIO_CONFIG, 4, &v));
	assert_int_equal(v, 0); /* no configuration space */
	assert_int_equal(drv.wakes, 1);
}

static void test_fill(void **state)
{
	uint16_t head;

	(void)state;
	memset(vdrv_host(&drv, BUF), 0, 64);
	head = ask(BUF, 64);
	assert_int_equal(drv.wakes, 2);
	assert_true(process());
	assert_int_equal(fake.nseen, 1);
	assert_ptr_equal(fake.seen[0].buf, vdrv_host(&drv, BUF));
	assert_int_equal(fake.seen[0].len, 64);
	assert_int_equal(vdrv_used_idx(&drv), 0);
	complete(0, 64, 64);
	assert_false(process());
	expect_used(head, 64);
	assert_int_equal(*vdrv_host(&drv, BUF + 63), 0xa5);
	assert_true(drv.irq_raised >= 1);
}

/* At most 4 KiB of the first writable buffer; an overlong answer is cut to what was asked. */
static void test_caps(void **state)
{
	struct vdrv_buf b[2] = { { BUF, 100, true }, { BUF + 0x10000, 100, true } };
	uint16_t head;

	(void)state;
	head = ask(BUF, 3 * 4096);
	assert_true(process());
	assert_int_equal(fake.seen[0].len, VIRTIO_RNG_MAX_LEN);
	complete(0, 4096, 9999);
	assert_false(process());
	expect_used(head, 4096);

	head = vdrv_add(&drv, b, 2);
	assert_true(process());
	assert_ptr_equal(fake.seen[1].buf, vdrv_host(&drv, BUF));
	assert_int_equal(fake.seen[1].len, 100);
	complete(1, 10, 10);
	assert_false(process());
	expect_used(head, 10);
}

/* A chain the device cannot write into gets no answer: the device needs a reset. */
static void test_readable_only(void **state)
{
	struct vdrv_buf b = { BUF, 16, false };

	(void)state;
	vdrv_add(&drv, &b, 1);
	assert_false(process());
	assert_int_equal(fake.nseen, 0);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* A reset with a request at the backend reads as done (Status 0) only once the backend is. */
static void test_reset_in_flight(void **state)
{
	uint32_t old_status;
	uint16_t head;

	(void)state;
	ask(BUF, 32);
	assert_true(process());
	old_status = vdrv_rd(&drv, VIRTIO_MMIO_STATUS);
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), old_status);
	complete(0, 32, 32);
	assert_false(process());
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), 0);
	vdrv_handshake(&drv, 0);
	assert_int_equal(vdrv_used_idx(&drv), 0);
	head = ask(BUF, 8);
	assert_true(process());
	complete(1, 8, 8);
	assert_false(process());
	expect_used(head, 8);
}

static void test_backend_full(void **state)
{
	uint16_t h1, h2;

	(void)state;
	fake.full = true;
	h1 = ask(BUF, 16);
	h2 = ask(BUF + 16, 16);
	assert_false(process());
	assert_int_equal(fake.nseen, 0);
	fake.full = false;
	assert_true(process());
	assert_int_equal(fake.nseen, 2);
	assert_ptr_equal(fake.seen[1].buf, vdrv_host(&drv, BUF + 16));
	complete(0, 16, 16);
	complete(1, 16, 16);
	assert_false(process());
	expect_used(h1, 16);
	expect_used(h2, 16);
}

static void test_slots_full(void **state)
{
	const unsigned total = VIRTIO_RNG_INFLIGHT + 2;

	(void)state;
	for (unsigned i = 0; i < total; i++) {
		ask(BUF + 16 * i, 16);
	}
	assert_true(process());
	assert_int_equal(fake.nseen, VIRTIO_RNG_INFLIGHT);
	complete(0, 16, 16);
	assert_true(process());
	assert_int_equal(fake.nseen, VIRTIO_RNG_INFLIGHT + 1);
	for (unsigned i = 1; i < fake.nseen; i++) {
		complete(i, 16, 16);
	}
	assert_true(process());
	assert_int_equal(fake.nseen, total);
	complete(total - 1, 16, 16);
	assert_false(process());
	assert_int_equal(vdrv_used_idx(&drv), total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readable_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backend_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slots_full, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
