/* SPDX-License-Identifier: Apache-2.0 */
/* The virtio block device: checks each request of its one queue and hands it to the backend. */
#include "vmm/devices/virtio_blk.h"

#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/* What parsing a chain decided. */
enum verdict {
	ANSWER, /* the device answers with *status itself */
	SUBMIT, /* b->req is a checked request for the backend */
};

/* How taking requests stopped. */
enum take_stop {
	TAKE_EMPTY,  /* no chain is available (or the device does not run) */
	TAKE_FULL,   /* the backend or the slot table is full: a completion frees room */
	TAKE_BROKEN, /* the driver broke the rules: the device needs a reset */
	TAKE_PLENTY, /* a queue's worth taken: look at notifications and go on */
};

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes; i++) {
		v |= (uint64_t)p[i] << (8 * i);
	}
	return v;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* A limit of 0 from the host means "none": the largest value the field holds. */
static uint32_t limit(uint32_t v)
{
	return v ? v : UINT32_MAX;
}

static uint64_t blk_features(void *dev)
{
	const struct virtio_blk *b = dev;
	const struct host_blk_info *info = &b->backend->info;
	uint64_t f = 1ull << VIRTIO_BLK_F_SIZE_MAX | 1ull << VIRTIO_BLK_F_SEG_MAX |
		     1ull << VIRTIO_BLK_F_BLK_SIZE;

	if (info->read_only) {
		f |= 1ull << VIRTIO_BLK_F_RO;
	}
	if (info->flush) {
		f |= 1ull << VIRTIO_BLK_F_FLUSH;
	}
	if (info->discard) {
		f |= 1ull << VIRTIO_BLK_F_DISCARD;
	}
	if (info->write_zeroes) {
		f |= 1ull << VIRTIO_BLK_F_WRITE_ZEROES;
	}
	return f;
}

static bool blk_config_read(void *dev, uint32_t offset, unsigned width, uint64_t *value)
{
	const struct virtio_blk *b = dev;

	if ((width != 1 && width != 2 && width != 4 && width != 8) ||
	    offset > VIRTIO_BLK_CFG_SIZE || width > VIRTIO_BLK_CFG_SIZE - offset) {
		return false;
	}
	*value = get_le(&b->config[offset], width);
	return true;
}

/* The configuration is read-only (CONFIG_WCE is not offered): writes are ignored. */
static bool blk_config_write(void *dev, uint32_t offset, unsigned width, uint64_t value)
{
	(void)dev;
	(void)value;
	return offset < VIRTIO_BLK_CFG_SIZE && width <= VIRTIO_BLK_CFG_SIZE - offset;
}

static void blk_notify(void *dev, unsigned q)
{
	struct virtio_blk *b = dev;

	(void)q;
	b->wake(b->wake_opaque);
}

static void blk_driver_ok(void *dev)
{
	struct virtio_blk *b = dev;

	b->wake(b->wake_opaque);
}

/*
 * Requests at the backend stay there: their slots stay busy until reaped, and the transport's
 * new generation makes the reap drop them without touching the rings. Until then the disk may
 * still write into their buffers, so the reset is not complete (Status does not read 0).
 */
static void blk_reset(void *dev)
{
	struct virtio_blk *b = dev;

	b->pushed = false;
	if (b->in_flight > 0) {
		virtio_mmio_reset_pending(&b->transport);
	}
}

static const struct virtio_device_ops blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.num_queues = 1,
	.features = blk_features,
	.config_read = blk_config_read,
	.config_write = blk_config_write,
	.notify = blk_notify,
	.driver_ok = blk_driver_ok,
	.reset = blk_reset,
};

static void build_config(struct virtio_blk *b)
{
	const struct host_blk_info *info = &b->backend->info;
	uint8_t *c = b->config;

	lib_memset(c, 0, sizeof(b->config));
	put_le(c + VIRTIO_BLK_CFG_CAPACITY, info->sectors, 8);
	put_le(c + VIRTIO_BLK_CFG_SIZE_MAX, b->seg_size, 4);
	put_le(c + VIRTIO_BLK_CFG_SEG_MAX, b->seg_max, 4);
	put_le(c + VIRTIO_BLK_CFG_BLK_SIZE, VIRTIO_BLK_SECTOR, 4);
	c[VIRTIO_BLK_CFG_WRITEBACK] = info->flush ? 1 : 0;
	put_le(c + VIRTIO_BLK_CFG_NUM_QUEUES, 1, 2);
	if (info->discard) {
		put_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS, b->max_discard_sectors, 4);
		put_le(c + VIRTIO_BLK_CFG_MAX_DISCARD_SEG, b->max_discard_seg, 4);
		put_le(c + VIRTIO_BLK_CFG_DISCARD_ALIGNMENT, 1, 4);
	}
	if (info->write_zeroes) {
		put_le(c + VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS, b->max_write_zeroes_sectors, 4);
		put_le(c + VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG, b->max_write_zeroes_seg, 4);
		c[VIRTIO_BLK_CFG_WRITE_ZEROES_MAY_UNMAP] = 1;
	}
}

void virtio_blk_init(struct virtio_blk *b, const struct guest_mem *mem, struct blk_backend *backend,
		     const char *id, void (*irq)(void *opaque, bool level), void *irq_opaque,
		     void (*wake)(void *opaque), void *wake_opaque)
{
	const struct host_blk_info *info = &backend->info;
	const char *name = id ? id : info->serial;

	lib_memset(b, 0, sizeof(*b));
	b->mem = mem;
	b->backend = backend;
	b->wake = wake;
	b->wake_opaque = wake_opaque;
	lib_memcpy(b->id, name, lib_strnlen(name, VIRTIO_BLK_ID_BYTES));
	b->seg_max = info->max_segments ? min_u32(info->max_segments, HOST_BLK_MAX_SEGS) : 1;
	b->seg_size = limit(info->max_segment_size);
	b->max_discard_sectors = limit(info->max_discard_sectors);
	b->max_discard_seg =
		info->max_discard_seg ? min_u32(info->max_discard_seg, VIRTIO_BLK_MAX_RANGES) : 1;
	b->max_write_zeroes_sectors = limit(info->max_write_zeroes_sectors);
	b->max_write_zeroes_seg = info->max_write_zeroes_seg ? min_u32(info->max_write_zeroes_seg,
								       VIRTIO_BLK_MAX_RANGES)
							     : 1;
	build_config(b);
	virtio_mmio_init(&b->transport, &blk_ops, b, mem, irq, irq_opaque);
}

/*
 * Appends bytes [skip, skip + len) of the buffers seg[0..n) to b->req as backend segments, each
 * within seg_size. False when that takes more than seg_max segments.
 */
static bool add_data(struct virtio_blk *b, const struct virtq_seg *seg, unsigned n, uint64_t skip,
		     uint64_t len)
{
	struct host_blk_req *r = &b->req;
	/* Locals, not b's and r's fields, which every store to r->seg could be taken to change. */
	uint32_t seg_size = b->seg_size;
	unsigned nseg = r->nseg, seg_max = b->seg_max;

	/* Invariant: len bytes are still to map, and the first skip bytes of seg[i] are not data. */
	for (unsigned i = 0; i < n && len > 0; i++) {
		uint8_t *p = seg[i].host;
		uint64_t left = seg[i].len;

		if (skip >= left) {
			skip -= left;
			continue;
		}
		p += skip;
		left -= skip;
		skip = 0;
		if (left > len) {
			left = len;
		}
		len -= left;
		/* The buffer lies in guest RAM (virtq_pop checked it): only cut it to seg_size. */
		while (left > 0) {
			uint32_t chunk = left > seg_size ? seg_size : (uint32_t)left;

			if (nseg >= seg_max) {
				return false;
			}
			r->seg[nseg].addr = p;
			r->seg[nseg].len = chunk;
			nseg++;
			p += chunk;
			left -= chunk;
		}
	}
	r->nseg = nseg;
	return len == 0;
}

/* Whether sectors [sector, sector + count) lie on the disk. */
static bool on_disk(const struct virtio_blk *b, uint64_t sector, uint64_t count)
{
	uint64_t cap = b->backend->info.sectors;

	return sector <= cap && count <= cap - sector;
}

/* A read or a write: the data is sector-sized, on the disk and within the segment limits. */
static enum verdict parse_rw(struct virtio_blk *b, struct virtio_blk_slot *s, uint32_t type,
			     uint64_t sector, uint8_t *status)
{
	const struct virtq_chain *c = &b->chain;
	uint64_t len;

	if (type == VIRTIO_BLK_T_OUT && b->backend->info.read_only) {
		*status = VIRTIO_BLK_S_IOERR;
		return ANSWER;
	}
	len = type == VIRTIO_BLK_T_IN ? c->in_len - 1 : c->out_len - VIRTIO_BLK_HDR_SIZE;
	if (len % VIRTIO_BLK_SECTOR != 0 || !on_disk(b, sector, len / VIRTIO_BLK_SECTOR)) {
		*status = VIRTIO_BLK_S_IOERR;
		return ANSWER;
	}
	if (len == 0) {
		*status = VIRTIO_BLK_S_OK; /* nothing to move */
		return ANSWER;
	}
	if (type == VIRTIO_BLK_T_IN) {
		if (!add_data(b, &c->seg[c->nout], c->nin, 0, len)) {
			*status = VIRTIO_BLK_S_IOERR;
			return ANSWER;
		}
		s->written = (uint32_t)len;
	} else if (!add_data(b, c->seg, c->nout, VIRTIO_BLK_HDR_SIZE, len)) {
		*status = VIRTIO_BLK_S_IOERR;
		return ANSWER;
	}
	b->req.sector = sector;
	return SUBMIT;
}

/*
 * Discard or write-zeroes: the ranges are copied into the slot first, so what is checked is what
 * the backend reads, whatever the guest does to its buffer meanwhile.
 */
static enum verdict parse_ranges(struct virtio_blk *b, struct virtio_blk_slot *s, uint32_t type,
				 uint8_t *status)
{
	const struct host_blk_info *info = &b->backend->info;
	bool discard = type == VIRTIO_BLK_T_DISCARD;
	uint32_t max_seg = discard ? b->max_discard_seg : b->max_write_zeroes_seg;
	uint32_t max_sectors = discard ? b->max_discard_sectors : b->max_write_zeroes_sectors;
	uint64_t len = b->chain.out_len - VIRTIO_BLK_HDR_SIZE;
	unsigned n;

	if (!(discard ? info->discard : info->write_zeroes)) {
		*status = VIRTIO_BLK_S_UNSUPP;
		return ANSWER;
	}
	*status = VIRTIO_BLK_S_IOERR;
	if (info->read_only || len == 0 || len % VIRTIO_BLK_RANGE_SIZE != 0 ||
	    len / VIRTIO_BLK_RANGE_SIZE > max_seg) {
		return ANSWER;
	}
	n = (unsigned)(len / VIRTIO_BLK_RANGE_SIZE);
	if (virtq_chain_read(b->mem, &b->chain, VIRTIO_BLK_HDR_SIZE, s->ranges, (size_t)len) !=
	    len) {
		return ANSWER;
	}
	/* Flags first: the spec wants UNSUPP for them whatever else is wrong. */
	for (unsigned i = 0; i < n; i++) {
		uint32_t flags = (uint32_t)get_le(&s->ranges[i * VIRTIO_BLK_RANGE_SIZE + 12], 4);

		if ((flags & ~VIRTIO_BLK_RANGE_F_UNMAP) != 0 || (discard && flags != 0)) {
			*status = VIRTIO_BLK_S_UNSUPP;
			return ANSWER;
		}
	}
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *r = &s->ranges[i * VIRTIO_BLK_RANGE_SIZE];
		uint64_t sector = get_le(r, 8);
		uint32_t count = (uint32_t)get_le(r + 8, 4);

		if (count > max_sectors || !on_disk(b, sector, count)) {
			return ANSWER;
		}
	}
	b->req.nseg = 1;
	b->req.seg[0].addr = s->ranges;
	b->req.seg[0].len = (uint32_t)len;
	return SUBMIT;
}

/* Decides what to do with b->chain, whose header has been read; fills b->req for the backend. */
static enum verdict parse(struct virtio_blk *b, struct virtio_blk_slot *s, uint32_t type,
			  uint64_t sector, uint8_t *status, uint32_t *written)
{
	b->req.type = type;
	b->req.sector = 0;
	b->req.nseg = 0;
	b->req.cookie = 0;
	s->written = 0;
	*written = 0;
	switch (type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		return parse_rw(b, s, type, sector, status);
	case VIRTIO_BLK_T_FLUSH:
		if (!b->backend->info.flush) {
			*status = VIRTIO_BLK_S_UNSUPP;
			return ANSWER;
		}
		return SUBMIT;
	case VIRTIO_BLK_T_GET_ID: {
		uint64_t room = b->chain.in_len - 1;
		size_t n = room < VIRTIO_BLK_ID_BYTES ? (size_t)room : VIRTIO_BLK_ID_BYTES;

		*written = (uint32_t)virtq_chain_write(b->mem, &b->chain, 0, b->id, n);
		*status = VIRTIO_BLK_S_OK;
		return ANSWER;
	}
	case VIRTIO_BLK_T_DISCARD:
	case VIRTIO_BLK_T_WRITE_ZEROES:
		return parse_ranges(b, s, type, status);
	default:
		*status = VIRTIO_BLK_S_UNSUPP;
		return ANSWER;
	}
}

static struct virtio_blk_slot *free_slot(struct virtio_blk *b)
{
	for (unsigned i = 0; i < VIRTIO_BLK_INFLIGHT; i++) {
		if (!b->slot[i].busy) {
			return &b->slot[i];
		}
	}
	return NULL;
}

static bool can_run(const struct virtio_blk *b)
{
	return virtio_mmio_running(&b->transport) && b->transport.queue[0].ready;
}

static void answer(struct virtio_blk *b, uint16_t head, uint8_t *status_byte, uint8_t status,
		   uint32_t written)
{
	*status_byte = status;
	if (!virtq_push(&b->transport.queue[0], b->mem, head, written + 1)) {
		virtio_mmio_needs_reset(&b->transport, "virtio-blk: used ring outside guest RAM");
		return;
	}
	b->pushed = true;
}

/* Takes the next chain: answers it, or hands it to the backend. */
static enum take_stop take_one(struct virtio_blk *b)
{
	struct virtq *q = &b->transport.queue[0];
	struct virtq_chain *c = &b->chain;
	const char *why = "virtio-blk: broken chain";
	struct virtio_blk_slot *s;
	const struct virtq_seg *last;
	uint8_t hdr[VIRTIO_BLK_HDR_SIZE];
	uint8_t *status_byte, status = VIRTIO_BLK_S_IOERR;
	uint32_t written;
	int rc;

	switch (virtq_pop(q, b->mem, c, &why)) {
	case VIRTQ_EMPTY:
		return TAKE_EMPTY;
	case VIRTQ_BROKEN:
		virtio_mmio_needs_reset(&b->transport, why);
		return TAKE_BROKEN;
	case VIRTQ_CHAIN:
		break;
	}
	/* Without a header or a status byte there is no way to answer (section 5.2.6). */
	if (c->nin == 0 || c->in_len == 0 || c->out_len < VIRTIO_BLK_HDR_SIZE ||
	    virtq_chain_read(b->mem, c, 0, hdr, sizeof(hdr)) != sizeof(hdr)) {
		virtio_mmio_needs_reset(&b->transport,
					"virtio-blk: request without header or status");
		return TAKE_BROKEN;
	}
	/* The last byte of the last buffer, which virtq_pop found in guest RAM and not empty. */
	last = &c->seg[c->nout + c->nin - 1];
	status_byte = last->host + last->len - 1;
	s = free_slot(b);
	if (s == NULL) {
		virtq_unpop(q);
		return TAKE_FULL;
	}
	if (parse(b, s, (uint32_t)get_le(hdr, 4), get_le(hdr + 8, 8), &status, &written) ==
	    ANSWER) {
		answer(b, c->head, status_byte, status, written);
		return TAKE_PLENTY;
	}
	b->req.cookie = (uint64_t)(s - b->slot);
	rc = b->backend->ops->submit(b->backend->ctx, &b->req);
	if (rc == RVKVM_ENOSPC) {
		virtq_unpop(q);
		return TAKE_FULL;
	}
	if (rc < 0) {
		answer(b, c->head, status_byte, VIRTIO_BLK_S_IOERR, 0);
		return TAKE_PLENTY;
	}
	s->busy = true;
	s->head = c->head;
	s->generation = b->transport.generation;
	s->status = status_byte;
	b->in_flight++;
	return TAKE_PLENTY;
}

/* Takes available chains until the queue is empty, the backend is full, or a queue's worth. */
static enum take_stop take_requests(struct virtio_blk *b)
{
	for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++) {
		enum take_stop stop;

		if (!can_run(b)) {
			return TAKE_EMPTY;
		}
		stop = take_one(b);
		if (stop != TAKE_PLENTY) {
			return stop;
		}
	}
	return TAKE_PLENTY;
}

/* Gives back what the backend finished; drops what an older generation submitted. */
static unsigned reap(struct virtio_blk *b)
{
	unsigned freed = 0;
	uint64_t cookie;
	uint8_t status;

	while (b->backend->ops->reap(b->backend->ctx, &cookie, &status) == 1) {
		struct virtio_blk_slot *s;

		if (cookie >= VIRTIO_BLK_INFLIGHT || !b->slot[cookie].busy) {
			continue; /* not ours: a backend bug, and nothing to give back */
		}
		s = &b->slot[cookie];
		s->busy = false;
		b->in_flight--;
		freed++;
		if (s->generation != b->transport.generation || !can_run(b)) {
			continue;
		}
		if (status > VIRTIO_BLK_S_UNSUPP) {
			status = VIRTIO_BLK_S_IOERR;
		}
		answer(b, s->head, s->status, status, status == VIRTIO_BLK_S_OK ? s->written : 0);
	}
	if (b->in_flight == 0) {
		virtio_mmio_reset_done(&b->transport);
	}
	return freed;
}

bool virtio_blk_process(struct virtio_blk *b)
{
	struct virtq *q = &b->transport.queue[0];

	for (;;) {
		enum take_stop stop = take_requests(b);
		unsigned freed = reap(b);

		if (b->pushed) {
			b->pushed = false;
			virtio_mmio_used(&b->transport, 0);
		}
		if (stop == TAKE_FULL) {
			if (freed > 0) {
				continue;
			}
			break;
		}
		if (stop == TAKE_BROKEN || !can_run(b)) {
			break;
		}
		if (stop == TAKE_EMPTY && !virtq_enable_notify(q, b->mem)) {
			break;
		}
	}
	return b->in_flight > 0;
}
