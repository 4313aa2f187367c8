/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the virtio-mmio transport, driven through its MMIO descriptor as a guest driver would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/vring_fixture.h"
#include "vmm/devices/virtio_mmio.h"

#define DEV_FEATURES (1ull << 0 | 1ull << 5 | 1ull << 33 | 1ull << 30) /* 30, 33: transport's */
#define OFFERED (1ull << 0 | 1ull << 5 | 1ull << 28 | 1ull << 29 | 1ull << 32)
#define NUM_QUEUES 2

/* The fake device: 16 bytes of configuration space and a record of every call. */
struct fake_dev {
	uint8_t config[16];
	unsigned config_reads, config_writes;
	uint32_t last_offset;
	unsigned last_width;
	unsigned notifies[NUM_QUEUES + 1];
	unsigned last_notify;
	unsigned driver_oks, resets;
	bool locked_in_call; /* every callback runs under the transport's lock */
};

struct irq_rec {
	unsigned calls;
	bool level;
};

static struct virtio_mmio t;
static struct fake_dev fd;
static struct irq_rec irq;

static void check_locked(void)
{
	fd.locked_in_call = fd.locked_in_call && t.lock.locked != 0;
}

static uint64_t fake_features(void *dev)
{
	assert_ptr_equal(dev, &fd);
	return DEV_FEATURES;
}

static bool fake_config_read(void *dev, uint32_t offset, unsigned width, uint64_t *value)
{
	struct fake_dev *d = dev;
	uint64_t v = 0;

	check_locked();
	d->config_reads++;
	d->last_offset = offset;
	d->last_width = width;
	if (offset + width > sizeof(d->config)) {
		*value = 0xbad;
		return false;
	}
	for (unsigned i = 0; i < width; i++) {
		v |= (uint64_t)d->config[offset + i] << (8 * i);
	}
	*value = v | 0xff00000000000000ull; /* junk above width: the transport must drop it */
	return true;
}

static bool fake_config_write(void *dev, uint32_t offset, unsigned width, uint64_t value)
{
	struct fake_dev *d = dev;

	check_locked();
	d->config_writes++;
	d->last_offset = offset;
	d->last_width = width;
	assert_true(width == 8 || value >> (8 * width) == 0);
	if (offset + width > sizeof(d->config)) {
		return false;
	}
	for (unsigned i = 0; i < width; i++) {
		d->config[offset + i] = (uint8_t)(value >> (8 * i));
	}
	return true;
}

static void fake_notify(void *dev, unsigned q)
{
	struct fake_dev *d = dev;

	check_locked();
	assert_true(q < NUM_QUEUES);
	d->notifies[q]++;
	d->last_notify = q;
}

static void fake_driver_ok(void *dev)
{
	check_locked();
	((struct fake_dev *)dev)->driver_oks++;
}

static void fake_reset(void *dev)
{
	check_locked();
	((struct fake_dev *)dev)->resets++;
}

static void record_irq(void *opaque, bool level)
{
	struct irq_rec *r = opaque;

	assert_ptr_equal(r, &irq);
	assert_true(level != r->level); /* only changes are reported */
	r->level = level;
	r->calls++;
}

static const struct virtio_device_ops fake_ops = {
	.device_id = VIRTIO_ID_ENTROPY,
	.num_queues = NUM_QUEUES,
	.features = fake_features,
	.config_read = fake_config_read,
	.config_write = fake_config_write,
	.notify = fake_notify,
	.driver_ok = fake_driver_ok,
	.reset = fake_reset,
};

static int setup(void **state)
{
	(void)state;
	fix_ram_reset();
	memset(&fd, 0, sizeof(fd));
	memset(&irq, 0, sizeof(irq));
	fd.locked_in_call = true;
	for (unsigned i = 0; i < sizeof(fd.config); i++) {
		fd.config[i] = (uint8_t)(0x10 + i);
	}
	virtio_mmio_init(&t, &fake_ops, &fd, &fix_ram, record_irq, &irq);
	return 0;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefull;

	assert_true(virtio_mmio_device.read(&t, off, 4, &v));
	assert_true(v <= UINT32_MAX);
	assert_int_equal(t.lock.locked, 0);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	assert_true(virtio_mmio_device.write(&t, off, 4, v));
	assert_int_equal(t.lock.locked, 0);
}

static void wr_status_add(uint32_t bits)
{
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | bits);
}

static void write_features(uint64_t f)
{
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
}

static uint64_t read_device_features(void)
{
	uint64_t f;

	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(VIRTIO_MMIO_DEVICE_FEATURES);
}

static void wr64(uint64_t low_off, uint64_t v)
{
	wr(low_off, (uint32_t)v);
	wr(low_off + 4, (uint32_t)(v >> 32));
}

/* Queue sel's areas, each in its own part of RAM; returns whether QueueReady reads back 1. */
static bool set_up_queue(unsigned sel, uint32_t num)
{
	uint64_t shift = 0x8000ull * sel;

	wr(VIRTIO_MMIO_QUEUE_SEL, sel);
	wr(VIRTIO_MMIO_QUEUE_NUM, num);
	wr64(VIRTIO_MMIO_QUEUE_DESC_LOW, FIX_DESC + shift);
	wr64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, FIX_AVAIL + shift);
	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, FIX_USED + shift);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	return rd(VIRTIO_MMIO_QUEUE_READY) == 1;
}

/* The sequence Linux's virtio_mmio.c and virtio.c go through, up to DRIVER_OK. */
static void handshake(uint64_t features)
{
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	wr_status_add(VIRTIO_STATUS_ACKNOWLEDGE);
	wr_status_add(VIRTIO_STATUS_DRIVER);
	assert_int_equal(read_device_features(), OFFERED);
	write_features(features);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_true((rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) != 0);
	for (unsigned q = 0; q < NUM_QUEUES; q++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTQ_MAX_SIZE);
		assert_true(set_up_queue(q, 8));
	}
	wr_status_add(VIRTIO_STATUS_DRIVER_OK);
}

static void test_descriptor(void **state)
{
	(void)state;
	assert_string_equal(virtio_mmio_device.compatible, "virtio,mmio");
	assert_non_null(virtio_mmio_device.read);
	assert_non_null(virtio_mmio_device.write);
	assert_non_null(virtio_mmio_device.reset);
}

static void test_identity(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC), 0x74726976);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_ENTROPY);
	assert_int_equal(rd(VIRTIO_MMIO_VENDOR_ID), VIRTIO_MMIO_VENDOR);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG_GENERATION), 0);
	/* No shared memory regions: length -1 whatever SHMSel says. */
	for (uint32_t sel = 0; sel < 3; sel++) {
		wr(VIRTIO_MMIO_SHM_SEL, sel);
		assert_int_equal(rd(VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
		assert_int_equal(rd(VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffffu);
	}
	/* Reserved and write-only registers read 0. */
	assert_int_equal(rd(0x018), 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NOTIFY), 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_ACK), 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_RESET), 0);
	assert_int_equal(rd(0x0f8), 0);
}

static void test_linux_handshake(void **state)
{
	uint64_t want = 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_RING_EVENT_IDX | 1ull << 5;
	const char *why;
	struct virtq *q1 = &t.queue[1];
	static struct virtq_chain chain_store;
	struct virtq_chain *chain = &chain_store;

	(void)state;
	handshake(want);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
							 VIRTIO_STATUS_FEATURES_OK |
							 VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(fd.driver_oks, 1);
	assert_true(virtio_mmio_running(&t));
	assert_int_equal(t.driver_features, want);
	assert_true(q1->ready);
	assert_true(q1->event_idx);
	assert_false(q1->indirect);
	assert_int_equal(q1->num, 8);
	assert_int_equal(q1->desc, FIX_DESC + 0x8000);
	assert_int_equal(q1->avail, FIX_AVAIL + 0x8000);
	assert_int_equal(q1->used, FIX_USED + 0x8000);

	/* The driver makes a buffer available on queue 1 and kicks. */
	fix_desc(q1->desc, 0, FIX_DATA, 64, VIRTQ_DESC_F_WRITE, 0);
	fix_avail_add(q1, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(fd.notifies[1], 1);
	assert_int_equal(fd.notifies[0], 0);

	/* The device serves it and interrupts; the driver reads and acknowledges. */
	assert_int_equal(virtq_pop(q1, &fix_ram, chain, &why), VIRTQ_CHAIN);
	assert_true(virtq_push(q1, &fix_ram, chain->head, 64));
	virtio_mmio_used(&t, 1);
	assert_int_equal(irq.calls, 1);
	assert_true(irq.level);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(irq.calls, 2);
	assert_false(irq.level);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);

	/* With event idx, a used_event behind the used idx suppresses the next interrupt. */
	fix_set_used_event(q1, 0);
	fix_avail_add(q1, 0);
	assert_int_equal(virtq_pop(q1, &fix_ram, chain, &why), VIRTQ_CHAIN);
	assert_true(virtq_push(q1, &fix_ram, chain->head, 64));
	virtio_mmio_used(&t, 1);
	assert_int_equal(irq.calls, 2);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);

	/* Linux's teardown: reset, then each queue deselected with QueueReady 0. */
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(fd.resets, 2); /* the handshake's own first */
	for (unsigned q = 0; q < NUM_QUEUES; q++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		wr(VIRTIO_MMIO_QUEUE_READY, 0);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	}
	assert_true(fd.locked_in_call);
}

static void test_features(void **state)
{
	(void)state;
	/* The device's bits 30 and 33 are the transport's to offer: they are not offered. */
	assert_int_equal(read_device_features(), OFFERED);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0xffffffff);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);

	/* Pages past 1 are ignored; the two halves are kept apart. */
	write_features(OFFERED);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xffffffff);
	assert_int_equal(t.driver_features, OFFERED);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	assert_int_equal(t.driver_features, OFFERED & 0xffffffffull);
	assert_int_equal(rd(VIRTIO_MMIO_DRIVER_FEATURES), 0); /* write-only */
}

static void test_features_ok_refused(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

	/* Without VERSION_1: a legacy driver, which a version 2 device does not serve. */
	write_features(1ull << 0);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

	/* A bit the device did not offer (and one it offered but the transport masked). */
	write_features(1ull << VIRTIO_F_VERSION_1 | 1ull << 7);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	write_features(1ull << VIRTIO_F_VERSION_1 | 1ull << 30);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);

	/* Queues cannot become ready and DRIVER_OK is not taken while features are unsettled. */
	assert_false(set_up_queue(0, 8));
	wr_status_add(VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, 0);
	assert_int_equal(fd.driver_oks, 0);
	assert_false(virtio_mmio_running(&t));

	/* A good set is then accepted, and frozen from FEATURES_OK on. */
	write_features(1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_RING_INDIRECT_DESC);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_true((rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) != 0);
	write_features(1ull << VIRTIO_F_VERSION_1);
	assert_int_equal(t.driver_features,
			 1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_RING_INDIRECT_DESC);
	assert_true(set_up_queue(0, 8));
	assert_true(t.queue[0].indirect);
	assert_false(t.queue[0].event_idx);
}

static void features_ok(void)
{
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	write_features(1ull << VIRTIO_F_VERSION_1);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
}

static void test_queue_sizes(void **state)
{
	static const uint32_t bad[] = {
		0, 3, 6, 1000, 2 * VIRTQ_MAX_SIZE, 0x10000 | 8, 0x10000 | VIRTQ_MAX_SIZE, 0xffffffff
	};

	(void)state;
	features_ok();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(set_up_queue(0, bad[i]));
		assert_false(t.queue[0].ready);
	}
	assert_true(set_up_queue(0, 1));
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	assert_true(set_up_queue(0, VIRTQ_MAX_SIZE));
}

static void test_queue_areas(void **state)
{
	(void)state;
	features_ok();
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, 8);
	wr64(VIRTIO_MMIO_QUEUE_DESC_LOW, FIX_DESC + 8); /* misaligned */
	wr64(VIRTIO_MMIO_QUEUE_DRIVER_LOW, FIX_AVAIL);
	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, FIX_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);

	wr64(VIRTIO_MMIO_QUEUE_DESC_LOW, FIX_DESC);
	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, FIX_RAM_END - 16); /* does not fit */
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);

	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, FIX_USED | 1ull << 40); /* the high half counts */
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);

	wr64(VIRTIO_MMIO_QUEUE_DEVICE_LOW, FIX_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
}

static void test_queue_frozen_while_ready(void **state)
{
	struct virtq *q = &t.queue[0];

	(void)state;
	features_ok();
	assert_true(set_up_queue(0, 8));
	q->last_avail = 5; /* walking state a second QueueReady 1 must not reset */
	wr(VIRTIO_MMIO_QUEUE_NUM, 16);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 1);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, 4);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(q->num, 8);
	assert_int_equal(q->desc, FIX_DESC);
	assert_int_equal(q->avail, FIX_AVAIL);
	assert_int_equal(q->used, FIX_USED);
	assert_int_equal(q->last_avail, 5);

	/* Unready, it can be changed, and ready again starts from a clean walking state. */
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, 16);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	assert_int_equal(q->num, 16);
	assert_int_equal(q->last_avail, 0);
}

static void test_queue_sel_out_of_range(void **state)
{
	(void)state;
	features_ok();
	for (uint32_t sel = NUM_QUEUES; sel < VIRTIO_MMIO_MAX_QUEUES + 2; sel++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, sel);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
		assert_false(set_up_queue(sel, 8));
	}
	wr(VIRTIO_MMIO_QUEUE_SEL, 0xffffffff);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	for (unsigned i = NUM_QUEUES; i < VIRTIO_MMIO_MAX_QUEUES; i++) {
		assert_int_equal(t.queue[i].num, 0);
		assert_false(t.queue[i].ready);
	}
}

static void test_notify(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, NUM_QUEUES);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0x10000);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffff);
	assert_int_equal(fd.notifies[0], 1);
	assert_int_equal(fd.notifies[1], 2);
	assert_int_equal(fd.notifies[NUM_QUEUES], 0);
	assert_true(fd.locked_in_call);
}

static void test_interrupt_ack(void **state)
{
	(void)state;
	handshake(1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_config_changed(&t);
	assert_int_equal(irq.calls, 1);
	assert_true(irq.level);
	assert_true(virtq_push(&t.queue[0], &fix_ram, 0, 0));
	virtio_mmio_used(&t, 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(irq.calls, 1); /* already high */

	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	assert_int_equal(irq.calls, 1);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, 0);
	assert_int_equal(irq.calls, 1);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, 0xffffffff);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(irq.calls, 2);
	assert_false(irq.level);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(irq.calls, 2);

	/* NO_INTERRUPT from the driver (no event idx): nothing raised. */
	fix_set_avail_flags(&t.queue[0], VIRTQ_AVAIL_F_NO_INTERRUPT);
	assert_true(virtq_push(&t.queue[0], &fix_ram, 0, 0));
	virtio_mmio_used(&t, 0);
	assert_int_equal(irq.calls, 2);
	/* Queues that do not exist or are not ready raise nothing. */
	virtio_mmio_used(&t, NUM_QUEUES);
	virtio_mmio_used(&t, 1000);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(VIRTIO_MMIO_QUEUE_READY, 0);
	virtio_mmio_used(&t, 1);
	assert_int_equal(irq.calls, 2);
}

static void test_config_changed(void **state)
{
	(void)state;
	virtio_mmio_config_changed(&t); /* before DRIVER_OK: the generation only */
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG_GENERATION), 1);
	assert_int_equal(irq.calls, 0);
	handshake(1ull << VIRTIO_F_VERSION_1);
	virtio_mmio_config_changed(&t);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG_GENERATION), 2);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(irq.calls, 1);
}

static void check_reset_state(unsigned generation)
{
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(irq.level);
	assert_int_equal(t.driver_features, 0);
	assert_int_equal(t.generation, generation);
	assert_false(virtio_mmio_running(&t));
	for (unsigned q = 0; q < NUM_QUEUES; q++) {
		wr(VIRTIO_MMIO_QUEUE_SEL, q);
		assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
		assert_int_equal(t.queue[q].num, 0);
		assert_int_equal(t.queue[q].desc, 0);
		assert_int_equal(t.queue[q].last_avail, 0);
		assert_int_equal(t.queue[q].used_idx, 0);
	}
	/* Device features survive: they are the device's. */
	assert_int_equal(read_device_features(), OFFERED);
}

static void test_reset(void **state)
{
	(void)state;
	handshake(1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_RING_EVENT_IDX);
	t.queue[1].last_avail = 3;
	t.queue[1].used_idx = 2;
	virtio_mmio_config_changed(&t);
	assert_true(irq.level);

	/* handshake starts with a status 0 write: that was reset 1. */
	assert_int_equal(fd.resets, 1);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(fd.resets, 2);
	check_reset_state(2);
	assert_int_equal(irq.calls, 2);
	assert_int_equal(rd(VIRTIO_MMIO_CONFIG_GENERATION), 1);

	/* The whole handshake works again, and so does the machine's reset. */
	handshake(1ull << VIRTIO_F_VERSION_1);
	assert_int_equal(fd.driver_oks, 2);
	virtio_mmio_device.reset(&t);
	assert_int_equal(t.lock.locked, 0);
	assert_int_equal(fd.resets, 4);
	check_reset_state(4);
	assert_true(fd.locked_in_call);
}

static void test_status_only_adds(void **state)
{
	(void)state;
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE); /* clears DRIVER: ignored */
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED); /* adds one and clears two: ignored */
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	/* Undefined bits and DEVICE_NEEDS_RESET are not the driver's to set. */
	wr_status_add(0x30 | 0xff00 | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr_status_add(VIRTIO_STATUS_FAILED);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FAILED);
	assert_int_equal(fd.resets, 0);
	/* DRIVER_OK twice calls driver_ok once. */
	wr(VIRTIO_MMIO_STATUS, 0);
	handshake(1ull << VIRTIO_F_VERSION_1);
	wr_status_add(VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(fd.driver_oks, 1);
}

static void test_needs_reset(void **state)
{
	(void)state;
	handshake(1ull << VIRTIO_F_VERSION_1);
	assert_true(virtio_mmio_running(&t));
	virtio_mmio_needs_reset(&t, "a descriptor loop");
	assert_false(virtio_mmio_running(&t));
	assert_true((rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	assert_int_equal(irq.calls, 1);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	virtio_mmio_needs_reset(&t, "again");
	assert_int_equal(irq.calls, 2); /* once is enough */

	/* The driver writing back what it read (with the bit) keeps it; only a reset clears it. */
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS));
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_true((rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0);
	assert_false(virtio_mmio_running(&t));
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	handshake(1ull << VIRTIO_F_VERSION_1);
	assert_true(virtio_mmio_running(&t));
}

static void test_bad_accesses(void **state)
{
	static const unsigned widths[] = { 0, 1, 2, 3, 8, 16 };
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_MAGIC, widths[i], &v));
		assert_false(virtio_mmio_device.write(&t, VIRTIO_MMIO_STATUS, widths[i], 1));
	}
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_MAGIC + 2, 4, &v));
	assert_false(virtio_mmio_device.write(&t, VIRTIO_MMIO_STATUS + 1, 4, 1));
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	/* Configuration space: no 8-byte accesses, alignment to the width, nothing past 0x1000. */
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG, 8, &v));
	assert_false(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG, 8, 1));
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 1, 2, &v));
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 2, 4, &v));
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG, 3, &v));
	assert_false(virtio_mmio_device.read(&t, VIRTIO_MMIO_SIZE, 1, &v));
	assert_false(virtio_mmio_device.read(&t, UINT64_MAX - 3, 4, &v));
	assert_false(virtio_mmio_device.write(&t, UINT64_MAX, 1, 1));
	assert_int_equal(fd.config_reads, 0);
	assert_int_equal(fd.config_writes, 0);
	assert_int_equal(t.lock.locked, 0);
}

static void test_config_space(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 3, 1, &v));
	assert_int_equal(v, 0x13);
	assert_int_equal(fd.last_offset, 3);
	assert_int_equal(fd.last_width, 1);
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 6, 2, &v));
	assert_int_equal(v, 0x1716);
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 12, 4, &v));
	assert_int_equal(v, 0x1f1e1d1c);
	/* A 64-bit field as Linux reads it: two 32-bit halves, low first. */
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 0, 4, &v));
	assert_int_equal(v, 0x13121110);
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 4, 4, &v));
	assert_int_equal(v, 0x17161514);
	/* Past the device's space: the device says no, the driver reads 0. */
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG + 16, 4, &v));
	assert_int_equal(v, 0);
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_SIZE - 4, 4, &v));
	assert_int_equal(v, 0);
	assert_int_equal(fd.last_offset, VIRTIO_MMIO_SIZE - 4 - VIRTIO_MMIO_CONFIG);

	/* Writes carry only the access's bytes. */
	assert_true(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG + 2, 2, 0xffffabcd));
	assert_int_equal(fd.config[2], 0xcd);
	assert_int_equal(fd.config[3], 0xab);
	assert_int_equal(fd.config[4], 0x14);
	assert_true(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG + 9, 1, 0x1ee));
	assert_int_equal(fd.config[9], 0xee);
	assert_true(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG + 8, 4, 0xffffffff01020304ull));
	assert_int_equal(fd.config[8], 0x04);
	assert_int_equal(fd.config[11], 0x01);
	assert_true(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG + 64, 4, 1));
	assert_int_equal(fd.config_writes, 4);
	assert_true(fd.locked_in_call);
}

/* A device without configuration space or callbacks at all. */
static void test_minimal_ops(void **state)
{
	static const struct virtio_device_ops bare = { .device_id = VIRTIO_ID_NET,
						       .num_queues = 1 };
	uint64_t v = 1;

	(void)state;
	virtio_mmio_init(&t, &bare, NULL, &fix_ram, NULL, NULL);
	assert_int_equal(read_device_features(), OFFERED & ~(1ull << 0 | 1ull << 5));
	assert_true(virtio_mmio_device.read(&t, VIRTIO_MMIO_CONFIG, 4, &v));
	assert_int_equal(v, 0);
	assert_true(virtio_mmio_device.write(&t, VIRTIO_MMIO_CONFIG, 4, 1));
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	write_features(1ull << VIRTIO_F_VERSION_1);
	wr_status_add(VIRTIO_STATUS_FEATURES_OK);
	assert_true(set_up_queue(0, 4));
	wr_status_add(VIRTIO_STATUS_DRIVER_OK);
	virtio_mmio_config_changed(&t);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup(f, setup)
	const struct CMUnitTest tests[] = {
		T(test_descriptor),
		T(test_identity),
		T(test_linux_handshake),
		T(test_features),
		T(test_features_ok_refused),
		T(test_queue_sizes),
		T(test_queue_areas),
		T(test_queue_frozen_while_ready),
		T(test_queue_sel_out_of_range),
		T(test_notify),
		T(test_interrupt_ack),
		T(test_config_changed),
		T(test_reset),
		T(test_status_only_adds),
		T(test_needs_reset),
		T(test_bad_accesses),
		T(test_config_space),
		T(test_minimal_ops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
