/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host disks on virtio-blk (VIRTIO 1.2 section 5.2): rvkvm/host.h's host_blk_*. A request is
 * the chain [header][the caller's segments][status byte]; header and status live in a slot of
 * the driver's, found by the chain's head descriptor, and the data moves without a copy.
 */
#include "platform/drivers/host_blk.h"

#include "core/core.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "lib/virtio_spec.h"
#include "platform/console.h"
#include "platform/drivers/virtio_host.h"
#include "platform/time.h"
#include "rvkvm/host.h"

#define HOST_BLK_DISKS 8 /* QEMU's virt has 8 virtio-mmio slots */
#define GET_ID_TIMEOUT_S 5

/* Feature bits (section 5.2.3). */
#define BIT(n) (1ull << (n))
#define BLK_FEATURES                                                                        \
	(BIT(VIRTIO_BLK_F_SIZE_MAX) | BIT(VIRTIO_BLK_F_SEG_MAX) | BIT(VIRTIO_BLK_F_RO) |    \
	 BIT(VIRTIO_BLK_F_BLK_SIZE) | BIT(VIRTIO_BLK_F_FLUSH) | BIT(VIRTIO_BLK_F_DISCARD) | \
	 BIT(VIRTIO_BLK_F_WRITE_ZEROES))

/* Config space offsets (struct virtio_blk_config, section 5.2.4). */

#define STATUS_NONE 0xff /* not yet written by the device */

struct blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};
_Static_assert(sizeof(struct blk_header) == VIRTIO_BLK_HDR_SIZE,
	       "virtio-blk's request header is 16 bytes");

/* What a request in flight keeps in the driver's memory, by its head descriptor. */
struct blk_slot {
	struct blk_header header;
	uint64_t cookie;
	uint8_t status;
};

struct host_blk {
	spinlock_t
		lock; /* the queue, the slots and in_flight: submit and reap (the interrupt only signals done) */
	struct virtio_host dev;
	struct host_blk_info info;
	uint32_t block_size;   /* the disk's logical block, for the console; 512 unless it says */
	struct blk_slot *slot; /* [dev.queue[0].qsize] */
	struct rvkvm_event *done; /* set once, at open */
	bool open;
	unsigned in_flight;
};

static struct host_blk disks[HOST_BLK_DISKS];
static unsigned ndisks;
static spinlock_t open_lock;
static char id_buf[HOST_BLK_SERIAL_MAX]; /* GET_ID's answer, at boot */

static bool has(const struct host_blk *b, unsigned feature)
{
	return (b->dev.features & BIT(feature)) != 0;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void read_config(struct host_blk *b)
{
	struct host_blk_info *in = &b->info;

	in->sectors = virtio_host_config64(&b->dev, VIRTIO_BLK_CFG_CAPACITY);
	in->read_only = has(b, VIRTIO_BLK_F_RO);
	in->flush = has(b, VIRTIO_BLK_F_FLUSH);
	b->block_size = has(b, VIRTIO_BLK_F_BLK_SIZE)
				? virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_BLK_SIZE)
				: 0;
	if (b->block_size == 0) {
		b->block_size = HOST_BLK_SECTOR;
	}
	/* Header and status take two descriptors. */
	in->max_segments = min_u32(HOST_BLK_MAX_SEGS, b->dev.queue[0].qsize - 2u);
	if (has(b, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t seg_max = virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_SEG_MAX);

		if (seg_max) {
			in->max_segments = min_u32(in->max_segments, seg_max);
		}
	}
	in->max_segment_size = has(b, VIRTIO_BLK_F_SIZE_MAX)
				       ? virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_SIZE_MAX)
				       : 0;
	/* A disk that takes no range at a time takes none: the feature is of no use then. */
	if (has(b, VIRTIO_BLK_F_DISCARD)) {
		in->max_discard_sectors =
			virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_MAX_DISCARD_SECTORS);
		in->max_discard_seg = virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_MAX_DISCARD_SEG);
		in->discard = in->max_discard_sectors && in->max_discard_seg;
	}
	if (has(b, VIRTIO_BLK_F_WRITE_ZEROES)) {
		in->max_write_zeroes_sectors =
			virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SECTORS);
		in->max_write_zeroes_seg =
			virtio_host_config32(&b->dev, VIRTIO_BLK_CFG_MAX_WRITE_ZEROES_SEG);
		in->write_zeroes = in->max_write_zeroes_sectors && in->max_write_zeroes_seg;
	}
}

/* The time CSR, in ticks of the timebase. */
static inline uint64_t time_now(void)
{
	return platform_time();
}

/* The serial, by a GET_ID request waited for by polling: at boot, before its interrupt is on. */
static bool read_serial(struct host_blk *b, uint32_t timebase_freq)
{
	uint16_t head = virtio_host_next_head(&b->dev.queue[0]), used;
	struct blk_slot *s = &b->slot[head];
	struct virtio_host_buf buf[3] = {
		{ &s->header, sizeof(s->header), false },
		{ id_buf, sizeof(id_buf), true },
		{ &s->status, 1, true },
	};
	uint64_t deadline = time_now() + (uint64_t)GET_ID_TIMEOUT_S * timebase_freq;
	uint32_t written;

	lib_memset(id_buf, 0, sizeof(id_buf));
	s->header = (struct blk_header){ .type = VIRTIO_BLK_T_GET_ID };
	s->status = STATUS_NONE;
	if (virtio_host_add(&b->dev.queue[0], buf, 3) < 0) {
		return false;
	}
	virtio_host_notify(&b->dev.queue[0]);
	while (!virtio_host_pop(&b->dev.queue[0], &used, &written)) {
		if (time_now() > deadline) {
			return false;
		}
	}
	if (s->status != HOST_BLK_S_OK) {
		return false;
	}
	/* 20 bytes, NUL-terminated only when shorter. */
	lib_memcpy(b->info.serial, id_buf, sizeof(id_buf));
	b->info.serial[HOST_BLK_SERIAL_MAX] = '\0';
	return true;
}

static void on_used(void *arg)
{
	struct host_blk *b = arg;
	struct rvkvm_event *done = __atomic_load_n(&b->done, __ATOMIC_ACQUIRE);

	if (done) {
		rvkvm_event_signal(done);
	}
}

static void say(const struct host_blk *b)
{
	const struct host_blk_info *in = &b->info;

	console_printf("rvkvm: host disk %s: %llu sectors, %s%s%s%s",
		       in->serial[0] ? in->serial : "(no serial)", (unsigned long long)in->sectors,
		       in->read_only ? "read-only" : "read-write", in->flush ? ", flush" : "",
		       in->discard ? ", discard" : "", in->write_zeroes ? ", write-zeroes" : "");
	if (b->block_size != HOST_BLK_SECTOR) {
		console_printf(", %u-byte blocks", (unsigned)b->block_size);
	}
	console_printf("\n");
}

void host_blk_probe(uint64_t base, uint32_t irq, uint32_t timebase_freq)
{
	struct host_blk *b = &disks[ndisks];
	const char *err = NULL;

	if (ndisks == HOST_BLK_DISKS) {
		err = "rvkvm drives 8 at most";
	} else if (irq == 0) {
		err = "it has no interrupt on the host PLIC";
	} else {
		err = virtio_host_start(&b->dev, base, irq, BLK_FEATURES, 1);
	}
	if (!err) {
		b->slot = core_alloc_zeroed(sizeof(*b->slot) * b->dev.queue[0].qsize, 64);
		err = b->slot ? NULL : "no memory for its requests";
	}
	if (!err) {
		read_config(b);
		err = read_serial(b, timebase_freq) ? NULL : "its GET_ID request failed";
	}
	if (!err && !virtio_host_enable_interrupt(&b->dev, on_used, b)) {
		err = "its interrupt cannot be enabled";
	}
	if (err) {
		console_printf("rvkvm: host disk at 0x%llx not used: %s\n",
			       (unsigned long long)base, err);
		return;
	}
	ndisks++;
	say(b);
}

int host_blk_open(const char *serial, struct rvkvm_event *done, struct host_blk **blk,
		  struct host_blk_info *info)
{
	int ret = RVKVM_ENOENT;

	if (!done || !blk || !info) {
		return RVKVM_EINVAL;
	}
	if (!serial || !serial[0]) {
		return RVKVM_ENOENT;
	}
	spin_lock(&open_lock);
	for (unsigned i = 0; i < ndisks; i++) {
		struct host_blk *b = &disks[i];

		if (lib_strcmp(b->info.serial, serial) != 0) {
			continue;
		}
		if (b->open) {
			ret = RVKVM_EBUSY;
			break;
		}
		b->open = true;
		__atomic_store_n(&b->done, done, __ATOMIC_RELEASE);
		*blk = b;
		*info = b->info;
		ret = 0;
		break;
	}
	spin_unlock(&open_lock);
	return ret;
}

/*
 * Whether the disk takes the request as given (rvkvm/host.h), before it uses the queue; the
 * same pass puts its segments in data[0, nseg) as the device's buffers.
 */
static bool acceptable(const struct host_blk_info *in, const struct host_blk_req *req,
		       struct virtio_host_buf *data)
{
	bool data_in = req->type == HOST_BLK_T_IN;
	uint32_t seg_size = in->max_segment_size;
	uint64_t bytes = 0;
	uint32_t entries_max = 0;

	switch (req->type) {
	case HOST_BLK_T_IN:
		break;
	case HOST_BLK_T_OUT:
		if (in->read_only) {
			return false;
		}
		break;
	case HOST_BLK_T_FLUSH:
		return in->flush && req->nseg == 0;
	case HOST_BLK_T_DISCARD:
		entries_max = in->max_discard_seg;
		if (!in->discard || in->read_only || req->nseg != 1) {
			return false;
		}
		break;
	case HOST_BLK_T_WRITE_ZEROES:
		entries_max = in->max_write_zeroes_seg;
		if (!in->write_zeroes || in->read_only || req->nseg != 1) {
			return false;
		}
		break;
	default:
		return false;
	}
	if (req->nseg == 0 || req->nseg > in->max_segments) {
		return false;
	}
	for (unsigned i = 0; i < req->nseg; i++) {
		uint32_t len = req->seg[i].len;

		if (len == 0 || !req->seg[i].addr || (seg_size && len > seg_size)) {
			return false;
		}
		bytes += len;
		data[i] = (struct virtio_host_buf){ req->seg[i].addr, len, data_in };
	}
	if (entries_max) {
		/* One segment of whole range entries, as many as the disk takes in one request. */
		return bytes % VIRTIO_BLK_RANGE_SIZE == 0 &&
		       bytes / VIRTIO_BLK_RANGE_SIZE <= entries_max;
	}
	return bytes % HOST_BLK_SECTOR == 0;
}

int host_blk_submit(struct host_blk *blk, const struct host_blk_req *req)
{
	struct virtio_host_buf buf[HOST_BLK_MAX_SEGS + 2];
	struct blk_slot *s;
	uint16_t head;

	/* buf: the header, the data segments (filled by acceptable), the status byte. */
	if (!acceptable(&blk->info, req, &buf[1])) {
		return RVKVM_EINVAL;
	}
	spin_lock(&blk->lock);
	if (virtio_host_free(&blk->dev.queue[0]) < req->nseg + 2) {
		spin_unlock(&blk->lock);
		return RVKVM_ENOSPC;
	}
	head = virtio_host_next_head(&blk->dev.queue[0]);
	s = &blk->slot[head];
	s->header = (struct blk_header){
		.type = req->type,
		.sector =
			req->type == HOST_BLK_T_IN || req->type == HOST_BLK_T_OUT ? req->sector : 0,
	};
	s->status = STATUS_NONE;
	s->cookie = req->cookie;
	buf[0] = (struct virtio_host_buf){ &s->header, sizeof(s->header), false };
	buf[req->nseg + 1] = (struct virtio_host_buf){ &s->status, 1, true };
	virtio_host_add(&blk->dev.queue[0], buf, req->nseg + 2);
	blk->in_flight++;
	virtio_host_notify(&blk->dev.queue[0]);
	spin_unlock(&blk->lock);
	return 0;
}

int host_blk_reap(struct host_blk *blk, uint64_t *cookie, uint8_t *status)
{
	uint16_t head;
	uint32_t written;
	bool got;

	spin_lock(&blk->lock);
	got = virtio_host_pop(&blk->dev.queue[0], &head, &written);
	if (got) {
		/* The slot is free for the next submit only once the lock is dropped. */
		*cookie = blk->slot[head].cookie;
		*status = blk->slot[head].status;
		/* A status the device did not write (or one virtio-blk lacks) is an I/O error. */
		if (*status != HOST_BLK_S_OK && *status != HOST_BLK_S_UNSUPP) {
			*status = HOST_BLK_S_IOERR;
		}
		blk->in_flight--;
	}
	spin_unlock(&blk->lock);
	return got ? 1 : 0;
}

unsigned host_blk_in_flight(const struct host_blk *blk)
{
	return __atomic_load_n(&blk->in_flight, __ATOMIC_RELAXED);
}
