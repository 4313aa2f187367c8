/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the virtio-blk device's request parsing: a random disk, random chains over a
 * fake RAM whose bytes (headers, ranges, descriptors) come from the input and change while
 * requests are in flight, resets, a backend that fills up. The backend checks everything that
 * reaches it: on the disk, in guest RAM or the device's own copy, within the limits, no write to
 * a read-only disk, and a discard copy the guest cannot change.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "rvkvm/rvkvm.h"
#include "tests/unit/virtio_driver.h"
#include "vmm/devices/virtio_blk.h"

#define WINDOW 0x4000 /* bytes of RAM from VDRV_DATA the input writes and buffers point into */

struct outstanding {
	bool busy;
	uint32_t len;
	uint8_t payload[VIRTIO_BLK_MAX_RANGES * VIRTIO_BLK_RANGE_SIZE];
	const uint8_t *copy; /* the device's copy of a payload */
};

static struct vdrv drv;
static struct virtio_blk blk;
static struct blk_backend backend;
static struct outstanding out[VIRTIO_BLK_INFLIGHT];
static bool full;
static uint64_t done[VIRTIO_BLK_INFLIGHT];
static unsigned ndone;

static bool in_ram(const void *p, uint64_t len)
{
	const uint8_t *b = p;

	return b >= drv.ram && b <= drv.ram + VDRV_RAM_SIZE &&
	       len <= (uint64_t)(drv.ram + VDRV_RAM_SIZE - b);
}

static bool in_device(const void *p, uint64_t len)
{
	const uint8_t *b = p, *d = (const uint8_t *)&blk;

	return b >= d && b <= d + sizeof(blk) && len <= (uint64_t)(d + sizeof(blk) - b);
}

static bool on_disk(uint64_t sector, uint64_t count)
{
	return sector <= backend.info.sectors && count <= backend.info.sectors - sector;
}

static void check_ranges(const struct host_blk_req *req)
{
	const struct host_blk_info *info = &backend.info;
	bool discard = req->type == HOST_BLK_T_DISCARD;
	uint32_t max_seg = discard ? info->max_discard_seg : info->max_write_zeroes_seg;
	uint32_t max_sectors = discard ? info->max_discard_sectors : info->max_write_zeroes_sectors;
	const uint8_t *p = req->seg[0].addr;

	FZ_CHECK(discard ? info->discard : info->write_zeroes, "type %u not offered", req->type);
	FZ_CHECK(req->nseg == 1, "%u segments", req->nseg);
	FZ_CHECK(in_device(p, req->seg[0].len), "ranges not in the device's copy");
	FZ_CHECK(req->seg[0].len > 0 && req->seg[0].len % VIRTIO_BLK_RANGE_SIZE == 0,
		 "payload of %u bytes", req->seg[0].len);
	FZ_CHECK(req->seg[0].len / VIRTIO_BLK_RANGE_SIZE <= (max_seg ? max_seg : 1) &&
			 req->seg[0].len <= VIRTIO_BLK_MAX_RANGES * VIRTIO_BLK_RANGE_SIZE,
		 "%u ranges", req->seg[0].len / VIRTIO_BLK_RANGE_SIZE);
	for (uint32_t off = 0; off < req->seg[0].len; off += VIRTIO_BLK_RANGE_SIZE) {
		uint64_t sector;
		uint32_t count, flags;

		memcpy(&sector, p + off, 8);
		memcpy(&count, p + off + 8, 4);
		memcpy(&flags, p + off + 12, 4);
		FZ_CHECK(on_disk(sector, count), "range %llu+%u off the disk",
			 (unsigned long long)sector, count);
		FZ_CHECK(max_sectors == 0 || count <= max_sectors, "range of %u sectors", count);
		FZ_CHECK(flags == 0 || (!discard && flags == VIRTIO_BLK_RANGE_F_UNMAP), "flags %x",
			 flags);
	}
}

static void check_rw(const struct host_blk_req *req)
{
	const struct host_blk_info *info = &backend.info;
	uint32_t seg_max =
		info->max_segments < HOST_BLK_MAX_SEGS ? info->max_segments : HOST_BLK_MAX_SEGS;
	uint64_t total = 0;

	FZ_CHECK(req->nseg >= 1 && req->nseg <= (seg_max ? seg_max : 1), "%u segments", req->nseg);
	for (unsigned i = 0; i < req->nseg; i++) {
		const struct host_blk_seg *s = &req->seg[i];

		FZ_CHECK(s->len > 0, "empty segment %u", i);
		FZ_CHECK(info->max_segment_size == 0 || s->len <= info->max_segment_size,
			 "segment of %u bytes", s->len);
		FZ_CHECK(in_ram(s->addr, s->len), "segment %u outside guest RAM", i);
		total += s->len;
	}
	FZ_CHECK(total % 512 == 0, "%llu bytes", (unsigned long long)total);
	FZ_CHECK(on_disk(req->sector, total / 512), "%llu+%llu off the disk",
		 (unsigned long long)req->sector, (unsigned long long)(total / 512));
}

static int disk_submit(void *ctx, const struct host_blk_req *req)
{
	struct outstanding *o;

	(void)ctx;
	if (full) {
		return RVKVM_ENOSPC;
	}
	FZ_CHECK(req->cookie < VIRTIO_BLK_INFLIGHT && !out[req->cookie].busy, "cookie %llu",
		 (unsigned long long)req->cookie);
	FZ_CHECK(!backend.info.read_only || req->type == HOST_BLK_T_IN ||
			 req->type == HOST_BLK_T_FLUSH,
		 "type %u on a read-only disk", req->type);
	switch (req->type) {
	case HOST_BLK_T_IN:
	case HOST_BLK_T_OUT:
		check_rw(req);
		break;
	case HOST_BLK_T_FLUSH:
		FZ_CHECK(backend.info.flush && req->nseg == 0, "flush");
		break;
	case HOST_BLK_T_DISCARD:
	case HOST_BLK_T_WRITE_ZEROES:
		check_ranges(req);
		break;
	default:
		FZ_CHECK(false, "type %u", req->type);
	}
	o = &out[req->cookie];
	o->busy = true;
	o->len = 0;
	if (req->type == HOST_BLK_T_DISCARD || req->type == HOST_BLK_T_WRITE_ZEROES) {
		o->len = req->seg[0].len;
		o->copy = req->seg[0].addr;
		memcpy(o->payload, o->copy, o->len);
	}
	return 0;
}

static int disk_reap(void *ctx, uint64_t *cookie, uint8_t *status)
{
	struct outstanding *o;

	(void)ctx;
	if (ndone == 0) {
		return 0;
	}
	*cookie = done[--ndone];
	o = &out[*cookie];
	/* What the backend reads until now must be what was checked. */
	FZ_CHECK(o->len == 0 || memcmp(o->payload, o->copy, o->len) == 0,
		 "ranges changed in flight");
	o->busy = false;
	*status = (uint8_t)(*cookie % 4); /* includes a status the device does not know */
	return 1;
}

static const struct blk_backend_ops disk_ops = {
	.submit = disk_submit,
	.reap = disk_reap,
};

/* The disk finishes each outstanding request with probability 1/2 (all when `all`). */
static void finish(struct fz *f, bool all)
{
	for (unsigned i = 0; i < VIRTIO_BLK_INFLIGHT; i++) {
		bool queued = false;

		for (unsigned k = 0; k < ndone; k++) {
			queued |= done[k] == i;
		}
		if (out[i].busy && !queued && (all || fz_bool(f))) {
			done[ndone++] = i;
		}
	}
}

static void add_chain(struct fz *f)
{
	struct vdrv_buf b[8];
	unsigned n = 1 + fz_below(f, 8);

	for (unsigned i = 0; i < n; i++) {
		uint8_t kind = fz_u8(f);

		b[i].gpa = VDRV_DATA + fz_below(f, WINDOW);
		b[i].len = kind & 0x80       ? fz_u16(f)
			   : (kind & 3) == 0 ? 16
			   : (kind & 3) == 1 ? 1
					     : 512;
		if (b[i].gpa + b[i].len > VDRV_DATA + WINDOW && (kind & 0x40) == 0) {
			b[i].len = (uint32_t)(VDRV_DATA + WINDOW - b[i].gpa);
		}
		if (b[i].len == 0) {
			b[i].len = 1;
		}
		b[i].write = (kind & 4) != 0;
	}
	vdrv_add(&drv, b, n);
}

static bool process(void)
{
	bool busy;

	spin_lock(&blk.transport.lock);
	busy = virtio_blk_process(&blk);
	spin_unlock(&blk.transport.lock);
	return busy;
}

static void setup_disk(struct fz *f)
{
	struct host_blk_info *info = &backend.info;
	uint8_t flags = fz_u8(f);
	static const uint32_t seg_sizes[] = { 0, 512, 4096, 1, 100 };

	memset(info, 0, sizeof(*info));
	info->sectors = fz_bool(f) ? fz_u16(f) : fz_u64(f);
	info->read_only = flags & 1;
	info->flush = flags & 2;
	info->discard = flags & 4;
	info->write_zeroes = flags & 8;
	info->max_discard_sectors = fz_u8(f);
	info->max_discard_seg = fz_u8(f) % 20;
	info->max_write_zeroes_sectors = fz_u8(f);
	info->max_write_zeroes_seg = fz_u8(f) % 20;
	info->max_segments = fz_below(f, HOST_BLK_MAX_SEGS + 8);
	info->max_segment_size = seg_sizes[fz_below(f, 5)];
	backend.ops = &disk_ops;
	backend.ctx = NULL;
}

/*
 * A reset as the spec wants it (section 2.4): Status 0, then wait for it to read 0, which it
 * does once the disk has finished the old requests and can no longer write guest RAM.
 */
static void reset_and_wait(struct fz *f)
{
	bool was_full = full;

	vdrv_wr(&drv, VIRTIO_MMIO_STATUS, 0);
	full = false;
	for (unsigned i = 0; i < 2 * VIRTIO_BLK_INFLIGHT; i++) {
		if (vdrv_rd(&drv, VIRTIO_MMIO_STATUS) == 0) {
			break;
		}
		finish(f, true);
		process();
	}
	full = was_full;
	FZ_CHECK(vdrv_rd(&drv, VIRTIO_MMIO_STATUS) == 0, "Status does not read 0 after a reset");
	FZ_CHECK(blk.in_flight == 0, "Status reads 0 with %u requests at the disk", blk.in_flight);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);
	uint16_t added = 0, used;

	if (drv.ram == NULL) {
		vdrv_init(&drv);
	}
	memset(drv.ram, 0, VDRV_DATA - VDRV_RAM_BASE + WINDOW);
	memset(out, 0, sizeof(out));
	full = false;
	ndone = 0;
	setup_disk(&f);
	virtio_blk_init(&blk, &drv.mem, &backend, "fuzz-disk", vdrv_irq, &drv, vdrv_wake, &drv);
	drv.t = &blk.transport;
	vdrv_handshake(&drv, 0);
	/* Invariant: added counts the chains made available since the last reset. */
	for (unsigned step = 0; step < 64 && !fz_empty(&f); step++) {
		uint8_t op = fz_u8(&f);
		size_t len;
		const uint8_t *bytes;
		uint16_t at;

		switch (op % 8) {
		case 0:
		case 1:
		case 2:
			if ((uint16_t)(added - vdrv_used_idx(&drv)) < VDRV_QSIZE / 8) {
				add_chain(&f);
				added++;
			}
			break;
		case 3: /* the guest writes its buffers (headers, ranges, data), in flight too */
			at = (uint16_t)fz_below(&f, WINDOW);
			bytes = fz_bytes(&f, fz_u8(&f), &len);
			if (len > (size_t)(WINDOW - at)) {
				len = WINDOW - at;
			}
			memcpy(vdrv_host(&drv, VDRV_DATA + at), bytes, len);
			break;
		case 4:
			process();
			break;
		case 5:
			finish(&f, false);
			break;
		case 6:
			full = !full;
			break;
		case 7:
			if (fz_below(&f, 4) == 0) {
				reset_and_wait(&f);
				vdrv_handshake(&drv, 0);
				added = 0;
			}
			break;
		}
		used = vdrv_used_idx(&drv);
		FZ_CHECK((uint16_t)(added - used) <= VDRV_QSIZE, "used %u of %u chains", used,
			 added);
	}
	full = false;
	for (unsigned i = 0; i < 2 * VIRTIO_BLK_INFLIGHT && process(); i++) {
		finish(&f, true);
	}
	FZ_CHECK(blk.in_flight == 0, "%u requests still in flight", blk.in_flight);
	used = vdrv_used_idx(&drv);
	FZ_CHECK((uint16_t)(added - used) <= VDRV_QSIZE, "used %u of %u chains", used, added);
	return 0;
}
