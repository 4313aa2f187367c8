/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the virtio-blk device, driven as a guest driver would (MMIO handshake,
 * rings built in a fake RAM) over a recording in-memory backend, so each test checks exactly
 * what reached the disk and what the driver got back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_blk.h"

#define DISK_SECTORS 64
#define MAX_REQS 128

#define HDR (VDRV_DATA + 0x000)
#define STATUS (VDRV_DATA + 0x100)
#define RANGES (VDRV_DATA + 0x200)
#define BUF (VDRV_DATA + 0x1000)

/* What the backend was asked, as it was at submit. */
struct seen {
	struct host_blk_req req;
	uint8_t payload[VIRTIO_BLK_MAX_RANGES * VIRTIO_BLK_RANGE_SIZE]; /* discard/write-zeroes */
	bool done;
};

struct fake_disk {
	uint8_t data[DISK_SECTORS * 512];
	struct seen seen[MAX_REQS];
	unsigned nseen;
	bool full;
	uint64_t done_cookie[MAX_REQS];
	uint8_t done_status[MAX_REQS];
	unsigned ndone, nreaped;
};

static struct fake_disk disk;
static struct blk_backend backend;
static struct virtio_blk blk;
static struct vdrv drv;
static uint64_t status_gpa[VDRV_QSIZE]; /* where request() put each head's status byte */
static unsigned nrequests;

static int disk_submit(void *ctx, const struct host_blk_req *req)
{
	struct fake_disk *f = ctx;
	struct seen *s;

	assert_ptr_equal(f, &disk);
	if (f->full) {
		return RVKVM_ENOSPC;
	}
	assert_true(f->nseen < MAX_REQS);
	s = &f->seen[f->nseen++];
	memset(s, 0, sizeof(*s));
	s->req = *req;
	if (req->type == HOST_BLK_T_DISCARD || req->type == HOST_BLK_T_WRITE_ZEROES) {
		assert_int_equal(req->nseg, 1);
		assert_true(req->seg[0].len <= sizeof(s->payload));
		memcpy(s->payload, req->seg[0].addr, req->seg[0].len);
	}
	return 0;
}

static int disk_reap(void *ctx, uint64_t *cookie, uint8_t *status)
{
	struct fake_disk *f = ctx;

	if (f->nreaped == f->ndone) {
		return 0;
	}
	*cookie = f->done_cookie[f->nreaped];
	*status = f->done_status[f->nreaped];
	f->nreaped++;
	return 1;
}

static const struct blk_backend_ops disk_ops = {
	.submit = disk_submit,
	.reap = disk_reap,
};

/* The disk does request i (moving the data) and finishes it with status. */
static void complete(unsigned i, uint8_t status)
{
	struct seen *s = &disk.seen[i];
	uint64_t off = s->req.sector * 512;

	assert_true(i < disk.nseen && !s->done);
	s->done = true;
	for (unsigned k = 0; status == HOST_BLK_S_OK && k < s->req.nseg; k++) {
		const struct host_blk_seg *g = &s->req.seg[k];

		if (s->req.type == HOST_BLK_T_IN) {
			memcpy(g->addr, &disk.data[off], g->len);
		} else if (s->req.type == HOST_BLK_T_OUT) {
			memcpy(&disk.data[off], g->addr, g->len);
		}
		off += g->len;
	}
	disk.done_cookie[disk.ndone] = s->req.cookie;
	disk.done_status[disk.ndone] = status;
	disk.ndone++;
}

static void setup_info(bool read_only, bool flush, bool discard)
{
	memset(&disk, 0, sizeof(disk));
	for (unsigned i = 0; i < sizeof(disk.data); i++) {
		disk.data[i] = (uint8_t)(i * 7 + i / 512);
	}
	memset(&backend, 0, sizeof(backend));
	backend.ops = &disk_ops;
	backend.ctx = &disk;
	backend.info.sectors = DISK_SECTORS;
	backend.info.read_only = read_only;
	backend.info.flush = flush;
	backend.info.discard = discard;
	backend.info.write_zeroes = discard;
	backend.info.max_discard_sectors = 16;
	backend.info.max_discard_seg = 4;
	backend.info.max_write_zeroes_sectors = 32;
	backend.info.max_write_zeroes_seg = 2;
	backend.info.max_segments = 8;
	backend.info.max_segment_size = 4096;
	strcpy(backend.info.serial, "host-serial");
}

/* A disk, the device over it, and a driver that has done the handshake. */
static void start(void)
{
	vdrv_init(&drv);
	virtio_blk_init(&blk, &drv.mem, &backend, "rvkvm-disk-0", vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &blk.transport;
	vdrv_handshake(&drv, 0);
	assert_int_equal(drv.wakes, 1); /* DRIVER_OK */
}

static int setup(void **state)
{
	(void)state;
	nrequests = 0;
	setup_info(false, true, true);
	start();
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

	spin_lock(&blk.transport.lock);
	busy = virtio_blk_process(&blk);
	spin_unlock(&blk.transport.lock);
	return busy;
}

static void put_hdr(uint64_t gpa, uint32_t type, uint64_t sector)
{
	uint32_t reserved = 0;

	memcpy(vdrv_host(&drv, gpa), &type, 4);
	memcpy(vdrv_host(&drv, gpa + 4), &reserved, 4);
	memcpy(vdrv_host(&drv, gpa + 8), &sector, 8);
}

/*
 * A request with one data buffer of len bytes at BUF (none if len is 0), notified. Each of the
 * last 8 requests has its own header and status byte, so several can be in flight.
 */
static uint16_t request(uint32_t type, uint64_t sector, uint32_t len, bool data_writable)
{
	uint64_t hdr = HDR + 16 * (nrequests % 8), status = STATUS + nrequests % 8;
	struct vdrv_buf b[3] = { { hdr, 16, false } };
	unsigned n = 1;
	uint16_t head;

	nrequests++;
	put_hdr(hdr, type, sector);
	if (len > 0) {
		b[n++] = (struct vdrv_buf){ BUF, len, data_writable };
	}
	b[n++] = (struct vdrv_buf){ status, 1, true };
	*vdrv_host(&drv, status) = 0xee;
	head = vdrv_add(&drv, b, n);
	status_gpa[head] = status;
	vdrv_wr(&drv, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	return head;
}

/* The next used element is head, with len bytes written and status in the status byte. */
static void expect_used(uint16_t head, uint32_t len, uint8_t status)
{
	uint32_t id, got;

	assert_true(vdrv_next_used(&drv, &id, &got));
	assert_int_equal(id, head);
	assert_int_equal(got, len);
	assert_int_equal(*vdrv_host(&drv, status_gpa[head]), status);
}

/* A request the device answers itself: nothing reaches the disk. */
static void expect_answer(uint16_t head, uint8_t status)
{
	unsigned before = disk.nseen;

	assert_false(process());
	assert_int_equal(disk.nseen, before);
	expect_used(head, 1, status);
}

static uint32_t cfg32(unsigned off)
{
	uint64_t v = 0;

	assert_true(virtio_mmio_device.read(&blk.transport, VIRTIO_MMIO_CONFIG + off, 4, &v));
	return (uint32_t)v;
}

static void test_features_and_config(void **state)
{
	uint64_t v = 0;
	uint32_t lo, hi;

	(void)state;
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	lo = vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES);
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	hi = vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_int_equal(lo & 0xffffff,
			 1u << VIRTIO_BLK_F_SIZE_MAX | 1u << VIRTIO_BLK_F_SEG_MAX |
				 1u << VIRTIO_BLK_F_BLK_SIZE | 1u << VIRTIO_BLK_F_FLUSH |
				 1u << VIRTIO_BLK_F_DISCARD | 1u << VIRTIO_BLK_F_WRITE_ZEROES);
	assert_true(hi & 1u << (VIRTIO_F_VERSION_1 - 32));
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY), DISK_SECTORS);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY + 4), 0);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_SIZE_MAX), 4096);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_SEG_MAX), 8);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_BLK_SIZE), 512);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS), 16);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_DISCARD_SEG), 4);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS), 32);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG), 2);
	assert_true(virtio_mmio_device.read(&blk.transport, VIRTIO_MMIO_CONFIG + 32, 1, &v));
	assert_int_equal(v, 1); /* writeback: the disk has a cache to flush */
	assert_true(virtio_mmio_device.read(&blk.transport, VIRTIO_MMIO_CONFIG + 34, 2, &v));
	assert_int_equal(v, 1);
	assert_true(virtio_mmio_device.read(&blk.transport, VIRTIO_MMIO_CONFIG + 56, 1, &v));
	assert_int_equal(v, 1);
	/* Past the end reads 0; writes change nothing. */
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_SIZE), 0);
	virtio_mmio_device.write(&blk.transport, VIRTIO_MMIO_CONFIG, 4, 5);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_CAPACITY), DISK_SECTORS);
}

static void test_read_only_features(void **state)
{
	(void)state;
	vdrv_free(&drv);
	setup_info(true, false, false);
	backend.info.max_segments = 1000; /* more than a request can carry */
	backend.info.max_segment_size = 0;
	start();
	vdrv_wr(&drv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_DEVICE_FEATURES) & 0xffffff,
			 1u << VIRTIO_BLK_F_SIZE_MAX | 1u << VIRTIO_BLK_F_SEG_MAX |
				 1u << VIRTIO_BLK_F_BLK_SIZE | 1u << VIRTIO_BLK_F_RO);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_SEG_MAX), HOST_BLK_MAX_SEGS);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_SIZE_MAX), UINT32_MAX);
	assert_int_equal(cfg32(VIRTIO_BLK_CFG_MAX_DISCARD_SEG), 0);
}

static void test_read(void **state)
{
	uint16_t head;
	unsigned raised;

	(void)state;
	head = request(VIRTIO_BLK_T_IN, 3, 1024, true);
	assert_int_equal(drv.wakes, 2);
	assert_true(process());
	assert_int_equal(disk.nseen, 1);
	assert_int_equal(disk.seen[0].req.type, HOST_BLK_T_IN);
	assert_int_equal(disk.seen[0].req.sector, 3);
	assert_int_equal(disk.seen[0].req.nseg, 1);
	assert_ptr_equal(disk.seen[0].req.seg[0].addr, vdrv_host(&drv, BUF));
	assert_int_equal(disk.seen[0].req.seg[0].len, 1024);
	assert_int_equal(vdrv_used_idx(&drv), 0); /* not before the disk is done */
	raised = drv.irq_raised;
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 1025, VIRTIO_BLK_S_OK);
	assert_memory_equal(vdrv_host(&drv, BUF), &disk.data[3 * 512], 1024);
	assert_int_equal(drv.irq_raised, raised + 1);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_VRING);
}

static void test_read_error_writes_only_status(void **state)
{
	uint16_t head;

	(void)state;
	head = request(VIRTIO_BLK_T_IN, 0, 512, true);
	assert_true(process());
	complete(0, HOST_BLK_S_IOERR);
	assert_false(process());
	expect_used(head, 1, VIRTIO_BLK_S_IOERR);
}

static void test_write(void **state)
{
	uint16_t head;

	(void)state;
	memset(vdrv_host(&drv, BUF), 0x5a, 512);
	head = request(VIRTIO_BLK_T_OUT, DISK_SECTORS - 1, 512, false);
	assert_true(process());
	assert_int_equal(disk.seen[0].req.type, HOST_BLK_T_OUT);
	assert_int_equal(disk.seen[0].req.sector, DISK_SECTORS - 1);
	assert_ptr_equal(disk.seen[0].req.seg[0].addr, vdrv_host(&drv, BUF));
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 1, VIRTIO_BLK_S_OK);
	assert_memory_equal(&disk.data[(DISK_SECTORS - 1) * 512], vdrv_host(&drv, BUF), 512);
}

/* Any layout: the header over two buffers, data and status sharing one, data split oddly. */
static void test_split_layouts(void **state)
{
	struct vdrv_buf b[4];
	uint16_t head;

	(void)state;
	put_hdr(HDR, VIRTIO_BLK_T_OUT, 2);
	memset(vdrv_host(&drv, BUF), 0x11, 1024);
	b[0] = (struct vdrv_buf){ HDR, 5, false };
	b[1] = (struct vdrv_buf){ HDR + 5, 11 + 100, false }; /* header tail and 100 data bytes */
	memcpy(vdrv_host(&drv, HDR + 16), vdrv_host(&drv, BUF), 100);
	b[2] = (struct vdrv_buf){ BUF + 100, 924, false };
	b[3] = (struct vdrv_buf){ STATUS, 1, true };
	head = vdrv_add(&drv, b, 4);
	status_gpa[head] = STATUS;
	assert_true(process());
	assert_int_equal(disk.seen[0].req.sector, 2);
	assert_int_equal(disk.seen[0].req.nseg, 2);
	assert_ptr_equal(disk.seen[0].req.seg[0].addr, vdrv_host(&drv, HDR + 16));
	assert_int_equal(disk.seen[0].req.seg[0].len, 100);
	assert_ptr_equal(disk.seen[0].req.seg[1].addr, vdrv_host(&drv, BUF + 100));
	assert_int_equal(disk.seen[0].req.seg[1].len, 924);
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 1, VIRTIO_BLK_S_OK);

	/* A read whose status byte ends its only writable buffer. */
	put_hdr(HDR, VIRTIO_BLK_T_IN, 5);
	b[0] = (struct vdrv_buf){ HDR, 16, false };
	b[1] = (struct vdrv_buf){ BUF, 513, true };
	head = vdrv_add(&drv, b, 2);
	assert_true(process());
	assert_int_equal(disk.seen[1].req.nseg, 1);
	assert_ptr_equal(disk.seen[1].req.seg[0].addr, vdrv_host(&drv, BUF));
	assert_int_equal(disk.seen[1].req.seg[0].len, 512);
	complete(1, HOST_BLK_S_OK);
	assert_false(process());
	assert_true(vdrv_next_used(&drv, &(uint32_t){ 0 }, &(uint32_t){ 0 }));
	assert_int_equal(*vdrv_host(&drv, BUF + 512), VIRTIO_BLK_S_OK);
	assert_memory_equal(vdrv_host(&drv, BUF), &disk.data[5 * 512], 512);
	(void)head;
}

/* A buffer larger than size_max is cut into backend segments; beyond seg_max is an error. */
static void test_segment_limits(void **state)
{
	struct vdrv_buf b[12];
	uint16_t head;

	(void)state;
	head = request(VIRTIO_BLK_T_IN, 0, 3 * 4096, true);
	assert_true(process());
	assert_int_equal(disk.seen[0].req.nseg, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_ptr_equal(disk.seen[0].req.seg[i].addr, vdrv_host(&drv, BUF + 4096 * i));
		assert_int_equal(disk.seen[0].req.seg[i].len, 4096);
	}
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 3 * 4096 + 1, VIRTIO_BLK_S_OK);

	/* Nine 512-byte data buffers: one more than seg_max. */
	put_hdr(HDR, VIRTIO_BLK_T_IN, 0);
	b[0] = (struct vdrv_buf){ HDR, 16, false };
	for (unsigned i = 0; i < 9; i++) {
		b[1 + i] = (struct vdrv_buf){ BUF + 512 * i, 512, true };
	}
	b[10] = (struct vdrv_buf){ STATUS, 1, true };
	head = vdrv_add(&drv, b, 11);
	status_gpa[head] = STATUS;
	expect_answer(head, VIRTIO_BLK_S_IOERR);
	/* Eight is fine. */
	b[9] = (struct vdrv_buf){ STATUS, 1, true };
	head = vdrv_add(&drv, b, 10);
	assert_true(process());
	assert_int_equal(disk.seen[1].req.nseg, 8);
	(void)head;
}

static void test_out_of_range(void **state)
{
	(void)state;
	expect_answer(request(VIRTIO_BLK_T_IN, DISK_SECTORS - 1, 1024, true), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_OUT, DISK_SECTORS, 512, false), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_IN, UINT64_MAX, 512, true), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_IN, UINT64_MAX / 512 + 1, 512, true),
		      VIRTIO_BLK_S_IOERR);
	/* Not a whole number of sectors. */
	expect_answer(request(VIRTIO_BLK_T_IN, 0, 511, true), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_OUT, 0, 513, false), VIRTIO_BLK_S_IOERR);
	/* No data at all: nothing to do, at the end of the disk too. */
	expect_answer(request(VIRTIO_BLK_T_IN, DISK_SECTORS, 0, true), VIRTIO_BLK_S_OK);
	assert_int_equal(disk.nseen, 0);
}

static void test_read_only(void **state)
{
	uint16_t head;
	uint8_t range[16] = { 0 };

	(void)state;
	vdrv_free(&drv);
	setup_info(true, true, true);
	start();
	expect_answer(request(VIRTIO_BLK_T_OUT, 0, 512, false), VIRTIO_BLK_S_IOERR);
	memcpy(vdrv_host(&drv, BUF), range, sizeof(range));
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 16, false), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), VIRTIO_BLK_S_IOERR);
	/* Reads and flushes still go. */
	head = request(VIRTIO_BLK_T_IN, 0, 512, true);
	assert_true(process());
	assert_int_equal(disk.seen[0].req.type, HOST_BLK_T_IN);
	(void)head;
}

static void test_get_id(void **state)
{
	uint16_t head;
	uint8_t want[VIRTIO_BLK_ID_BYTES] = "rvkvm-disk-0";

	(void)state;
	memset(vdrv_host(&drv, BUF), 0xff, 64);
	head = request(VIRTIO_BLK_T_GET_ID, 0, 32, true);
	assert_false(process());
	assert_int_equal(disk.nseen, 0);
	expect_used(head, 21, VIRTIO_BLK_S_OK);
	assert_memory_equal(vdrv_host(&drv, BUF), want, sizeof(want));
	assert_int_equal(*vdrv_host(&drv, BUF + 20), 0xff);
	/* A short buffer gets what fits. */
	head = request(VIRTIO_BLK_T_GET_ID, 0, 4, true);
	assert_false(process());
	expect_used(head, 5, VIRTIO_BLK_S_OK);
}

static void test_flush(void **state)
{
	uint16_t head;

	(void)state;
	head = request(VIRTIO_BLK_T_FLUSH, 99, 0, false);
	assert_true(process());
	assert_int_equal(disk.seen[0].req.type, HOST_BLK_T_FLUSH);
	assert_int_equal(disk.seen[0].req.nseg, 0);
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 1, VIRTIO_BLK_S_OK);

	vdrv_free(&drv);
	setup_info(false, false, false);
	start();
	expect_answer(request(VIRTIO_BLK_T_FLUSH, 0, 0, false), VIRTIO_BLK_S_UNSUPP);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 16, false), VIRTIO_BLK_S_UNSUPP);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), VIRTIO_BLK_S_UNSUPP);
}

static void put_range(unsigned i, uint64_t sector, uint32_t count, uint32_t flags)
{
	uint8_t *r = vdrv_host(&drv, BUF + 16u * i);

	memcpy(r, &sector, 8);
	memcpy(r + 8, &count, 4);
	memcpy(r + 12, &flags, 4);
}

static void test_discard(void **state)
{
	uint8_t copy[32];
	uint16_t head;
	const uint8_t *seg;

	(void)state;
	put_range(0, 0, 16, 0);
	put_range(1, DISK_SECTORS - 4, 4, 0);
	memcpy(copy, vdrv_host(&drv, BUF), 32);
	head = request(VIRTIO_BLK_T_DISCARD, 0, 32, false);
	assert_true(process());
	assert_int_equal(disk.seen[0].req.type, HOST_BLK_T_DISCARD);
	assert_int_equal(disk.seen[0].req.nseg, 1);
	assert_int_equal(disk.seen[0].req.seg[0].len, 32);
	assert_memory_equal(disk.seen[0].payload, copy, 32);
	/* The backend reads the device's copy, which the guest cannot reach. */
	seg = disk.seen[0].req.seg[0].addr;
	assert_true(seg < drv.ram || seg >= drv.ram + VDRV_RAM_SIZE);
	put_range(0, 1000, 1000, 3);
	assert_memory_equal(seg, copy, 32);
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 1, VIRTIO_BLK_S_OK);

	/* Write-zeroes may unmap. */
	put_range(0, 8, 32, VIRTIO_BLK_RANGE_F_UNMAP);
	head = request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false);
	assert_true(process());
	assert_int_equal(disk.seen[1].req.type, HOST_BLK_T_WRITE_ZEROES);
	(void)head;
}

static void test_discard_rejected(void **state)
{
	(void)state;
	/* Discard must not unmap-flag; unknown flags for both. */
	put_range(0, 0, 1, VIRTIO_BLK_RANGE_F_UNMAP);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 16, false), VIRTIO_BLK_S_UNSUPP);
	put_range(0, 0, 1, 2);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), VIRTIO_BLK_S_UNSUPP);
	/* Flags are looked at before ranges: a bad range in front changes nothing. */
	put_range(0, DISK_SECTORS, 1, 0);
	put_range(1, 0, 1, 0x80000000u);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 32, false), VIRTIO_BLK_S_UNSUPP);
	/* Past the end, over max sectors, more than max segments, a partial or empty payload. */
	put_range(0, DISK_SECTORS - 1, 2, 0);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 16, false), VIRTIO_BLK_S_IOERR);
	put_range(0, UINT64_MAX, 1, 0);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), VIRTIO_BLK_S_IOERR);
	put_range(0, 0, 17, 0);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 16, false), VIRTIO_BLK_S_IOERR);
	put_range(0, 0, 33, 0);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 16, false), VIRTIO_BLK_S_IOERR);
	for (unsigned i = 0; i < 5; i++) {
		put_range(i, i, 1, 0);
	}
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 5 * 16, false), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_WRITE_ZEROES, 0, 3 * 16, false), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 24, false), VIRTIO_BLK_S_IOERR);
	expect_answer(request(VIRTIO_BLK_T_DISCARD, 0, 0, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET, 0);
	/* Four is max_discard_seg. */
	request(VIRTIO_BLK_T_DISCARD, 0, 4 * 16, false);
	assert_true(process());
	assert_int_equal(disk.nseen, 1);
	assert_int_equal(disk.seen[0].req.seg[0].len, 4 * 16);
}

static void test_unknown_type(void **state)
{
	(void)state;
	expect_answer(request(2, 0, 512, false), VIRTIO_BLK_S_UNSUPP);
	expect_answer(request(VIRTIO_BLK_T_GET_ID + 1, 0, 0, false), VIRTIO_BLK_S_UNSUPP);
	expect_answer(request(0xffffffffu, 0, 0, false), VIRTIO_BLK_S_UNSUPP);
}

static void expect_broken(void)
{
	assert_false(process());
	assert_int_equal(disk.nseen, 0);
	assert_int_equal(vdrv_used_idx(&drv), 0);
	assert_true(vdrv_rd(&drv, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* No place for a status, or no whole header: the device cannot answer, so it needs a reset. */
static void test_no_status_byte(void **state)
{
	struct vdrv_buf b[2] = { { HDR, 16, false }, { BUF, 512, false } };

	(void)state;
	put_hdr(HDR, VIRTIO_BLK_T_IN, 0);
	vdrv_add(&drv, b, 2);
	expect_broken();
}

static void test_short_header(void **state)
{
	struct vdrv_buf b[2] = { { HDR, 15, false }, { STATUS, 1, true } };

	(void)state;
	put_hdr(HDR, VIRTIO_BLK_T_IN, 0);
	vdrv_add(&drv, b, 2);
	expect_broken();
	/* After a reset the device works again. */
	vdrv_handshake(&drv, 0);
	expect_answer(request(VIRTIO_BLK_T_GET_ID, 0, 0, false), VIRTIO_BLK_S_OK);
}

/*
 * A reset while the disk works: the reset completes (Status reads 0, section 2.4) only once the
 * disk can no longer write into the old requests' buffers; until then the driver cannot start
 * the device again. The completions are dropped, the rings are left alone.
 */
static void test_reset_in_flight(void **state)
{
	uint32_t old_status;
	uint16_t head;

	(void)state;
	request(VIRTIO_BLK_T_IN, 1, 512, true);
	request(VIRTIO_BLK_T_OUT, 2, 512, false);
	assert_true(process());
	assert_int_equal(disk.nseen, 2);
	assert_int_equal(blk.in_flight, 2);
	old_status = vdrv_rd(&drv, VIRTIO_MMIO_STATUS);
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), old_status);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_QUEUE_READY), 0);
	/* A driver that does not wait gets nowhere: its status writes are ignored. */
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), old_status);
	assert_int_equal(blk.transport.status, 0);
	/* One request done: the other can still write guest RAM. */
	complete(0, HOST_BLK_S_OK);
	*vdrv_host(&drv, STATUS) = 0xee;
	assert_true(process());
	assert_int_equal(vdrv_used_idx(&drv), 0); /* nothing was ever pushed */
	assert_int_equal(*vdrv_host(&drv, STATUS), 0xee);
	assert_int_equal(blk.in_flight, 1);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), old_status);
	/* A second reset while one is pending changes nothing. */
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), old_status);
	complete(1, HOST_BLK_S_OK);
	assert_false(process());
	assert_int_equal(blk.in_flight, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(vdrv_used_idx(&drv), 0);
	/* After the reset the device works again. */
	vdrv_handshake(&drv, 0);
	head = request(VIRTIO_BLK_T_IN, 4, 512, true);
	assert_true(process());
	assert_int_equal(disk.seen[2].req.sector, 4);
	complete(2, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(head, 513, VIRTIO_BLK_S_OK);
	assert_false(vdrv_next_used(&drv, &(uint32_t){ 0 }, &(uint32_t){ 0 }));
}

/* A reset with nothing at the disk completes at once. */
static void test_reset_idle(void **state)
{
	(void)state;
	expect_answer(request(VIRTIO_BLK_T_GET_ID, 0, 0, false), VIRTIO_BLK_S_OK);
	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vdrv_rd(&drv, VIRTIO_MMIO_STATUS), 0);
}

/* A full backend: the request stays in the ring and goes once the disk has room. */
static void test_backend_full(void **state)
{
	uint16_t h1, h2;

	(void)state;
	disk.full = true;
	h1 = request(VIRTIO_BLK_T_IN, 1, 512, true);
	h2 = request(VIRTIO_BLK_T_IN, 2, 512, true);
	assert_false(process());
	assert_int_equal(disk.nseen, 0);
	assert_int_equal(vdrv_used_idx(&drv), 0);
	disk.full = false;
	assert_true(process());
	assert_int_equal(disk.nseen, 2);
	assert_int_equal(disk.seen[0].req.sector, 1);
	assert_int_equal(disk.seen[1].req.sector, 2);
	complete(1, HOST_BLK_S_OK);
	complete(0, HOST_BLK_S_OK);
	assert_false(process());
	expect_used(h2, 513, VIRTIO_BLK_S_OK);
	expect_used(h1, 513, VIRTIO_BLK_S_OK);
}

/* More requests than slots: the rest wait in the ring until completions free slots. */
static void test_slots_full(void **state)
{
	const unsigned total = VIRTIO_BLK_INFLIGHT + 6;
	struct vdrv_buf b[2] = { { HDR, 16, false }, { STATUS, 1, true } };
	uint32_t id, len;

	(void)state;
	put_hdr(HDR, VIRTIO_BLK_T_FLUSH, 0);
	for (unsigned i = 0; i < total; i++) {
		vdrv_add(&drv, b, 2);
	}
	assert_true(process());
	assert_int_equal(disk.nseen, VIRTIO_BLK_INFLIGHT);
	assert_true(process());
	assert_int_equal(disk.nseen, VIRTIO_BLK_INFLIGHT);
	for (unsigned i = 0; i < 3; i++) {
		complete(i, HOST_BLK_S_OK);
	}
	assert_true(process());
	assert_int_equal(disk.nseen, VIRTIO_BLK_INFLIGHT + 3);
	assert_int_equal(vdrv_used_idx(&drv), 3);
	for (unsigned i = 3; i < disk.nseen; i++) {
		complete(i, HOST_BLK_S_OK);
	}
	assert_true(process()); /* the last three went to the disk */
	assert_int_equal(disk.nseen, total);
	for (unsigned i = VIRTIO_BLK_INFLIGHT + 3; i < total; i++) {
		complete(i, HOST_BLK_S_OK);
	}
	assert_false(process());
	assert_int_equal(vdrv_used_idx(&drv), total);
	for (unsigned i = 0; i < total; i++) {
		assert_true(vdrv_next_used(&drv, &id, &len));
		assert_int_equal(id, 2 * i);
		assert_int_equal(len, 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_features_and_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_error_writes_only_status, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_layouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_segment_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discard_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_status_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reset_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backend_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slots_full, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
