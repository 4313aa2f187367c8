/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Descriptor chains no driver would build, one per fresh handshake on disk A. VIRTIO 1.2 lets
 * the device answer each in one of two ways: set DEVICE_NEEDS_RESET and, DRIVER_OK being set,
 * send a configuration change notification (section 2.1.2), or complete the request with an
 * error status (section 5.2.6). Every request is a write to PROTECTED (or a read), so the host
 * sees any write that slipped through.
 */
#include "hart.h"
#include "lib/string.h"
#include "scenes.h"

#define HUGE_LEN 0xfffffe00u
#define RAM_CHUNK (64u << 20) /* 64 of these are 2^32 bytes */
#define ANSWER_MS 1000u

struct chain_case {
	const char *name;
	uint64_t features; /* asked for besides VERSION_1 */
	bool may_succeed;  /* a legal request the device may also just carry out */
	uint16_t head;     /* what the avail ring names */
	/* Builds the chain in d's ring (not yet posted); returns the status byte it names. */
	volatile uint8_t *(*build)(struct vdev *d);
};

static struct vdesc *table(void)
{
	return ring_spare.desc; /* indirect tables live here */
}

static uint64_t hdr_at(uint32_t type, uint64_t sector)
{
	*vdev_hdr(0) = (struct blk_hdr){ .type = type, .sector = sector };
	*vdev_status(0) = 0xff;
	return (uintptr_t)vdev_hdr(0);
}

/* Header (write of PROTECTED), data and status, with the data descriptor given. */
static volatile uint8_t *with_data(struct vdev *d, uint64_t addr, uint32_t len, uint16_t flags)
{
	vdev_desc(
		d, 0,
		hdr_at(flags & VIRTQ_DESC_F_WRITE ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT, PROTECTED),
		16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, addr, len, (uint16_t)(flags | VIRTQ_DESC_F_NEXT), 2);
	vdev_desc(d, 2, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE, 0);
	return vdev_status(0);
}

static volatile uint8_t *loop_back(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)buf, SECTOR, VIRTQ_DESC_F_NEXT, 0);
	return vdev_status(0);
}

static volatile uint8_t *loop_self(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 0);
	return vdev_status(0);
}

static volatile uint8_t *loop_in_writable(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_IN, 0), 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)buf, SECTOR, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	vdev_desc(d, 2, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	return vdev_status(0);
}

static volatile uint8_t *next_past_size(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT,
		  VDEV_QUEUE + 72);
	return vdev_status(0);
}

static volatile uint8_t *head_past_size(struct vdev *d)
{
	return with_data(d, (uintptr_t)buf, SECTOR, 0); /* posted as head VDEV_QUEUE + 2 */
}

static volatile uint8_t *avail_idx_jump(struct vdev *d)
{
	(void)with_data(d, (uintptr_t)buf, SECTOR, 0);
	d->avail_idx = VDEV_QUEUE + 4; /* the post makes it VDEV_QUEUE + 5 */
	return vdev_status(0);
}

static volatile uint8_t *past_ram(struct vdev *d)
{
	return with_data(d, ram_end, SECTOR, 0);
}

static volatile uint8_t *straddle_ram_end(struct vdev *d)
{
	return with_data(d, ram_end - SECTOR / 2, SECTOR, VIRTQ_DESC_F_WRITE);
}

static volatile uint8_t *read_into_plic(struct vdev *d)
{
	return with_data(d, MACHINE_PLIC, SECTOR, VIRTQ_DESC_F_WRITE);
}

static volatile uint8_t *read_into_uart(struct vdev *d)
{
	return with_data(d, MACHINE_UART, SECTOR, VIRTQ_DESC_F_WRITE);
}

static volatile uint8_t *write_from_virtio_window(struct vdev *d)
{
	return with_data(d, VDEV_SLOT(0), SECTOR, 0);
}

static volatile uint8_t *status_in_uart(struct vdev *d)
{
	(void)with_data(d, (uintptr_t)buf, SECTOR, 0);
	vdev_desc(d, 2, MACHINE_UART + 7, 1, VIRTQ_DESC_F_WRITE,
		  0); /* the UART's scratch register */
	return vdev_status(0);
}

static volatile uint8_t *huge_data(struct vdev *d)
{
	return with_data(d, GUEST_RAM_BASE, HUGE_LEN, 0);
}

static volatile uint8_t *huge_header(struct vdev *d)
{
	(void)with_data(d, (uintptr_t)buf, SECTOR, 0);
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 0xffffffffu, VIRTQ_DESC_F_NEXT, 1);
	return vdev_status(0);
}

static volatile uint8_t *wrapping_address(struct vdev *d)
{
	return with_data(d, 0xfffffffffffffe00ull, 2 * SECTOR, 0);
}

/* 64 buffers of 64 MiB, all in RAM, then 1024 bytes: 2^32 + 1024 bytes, 2 sectors mod 2^32. */
static volatile uint8_t *sum_past_4g(struct vdev *d)
{
	unsigned i = 1;

	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 1);
	for (; i <= 64; i++) {
		vdev_desc(d, i, GUEST_RAM_BASE, RAM_CHUNK, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
	}
	vdev_desc(d, i, (uintptr_t)buf, 2 * SECTOR, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
	vdev_desc(d, i + 1, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE, 0);
	return vdev_status(0);
}

/* A read whose data buffer lies over its own header: nothing forbids it, the answer is sector 0. */
static volatile uint8_t *overlap_read(struct vdev *d)
{
	struct blk_hdr h = { .type = VIRTIO_BLK_T_IN, .sector = 0 };

	lib_memcpy(buf, &h, sizeof(h));
	*vdev_status(0) = 0xff;
	vdev_desc(d, 0, (uintptr_t)buf, 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)buf, SECTOR, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	vdev_desc(d, 2, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE, 0);
	return vdev_status(0);
}

/* A write past the end whose header, data and status byte all overlap. */
static volatile uint8_t *overlap_write(struct vdev *d)
{
	struct blk_hdr h = { .type = VIRTIO_BLK_T_OUT, .sector = d->capacity };

	lib_memcpy(buf, &h, sizeof(h));
	buf[100] = 0xff;
	vdev_desc(d, 0, (uintptr_t)buf, 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)buf, 2 * SECTOR, VIRTQ_DESC_F_NEXT, 2);
	vdev_desc(d, 2, (uintptr_t)buf + 100, 1, VIRTQ_DESC_F_WRITE, 0);
	return &buf[100];
}

/* Header, data, status in an indirect table at addr (len bytes, flags more); descriptor 0 names it. */
static volatile uint8_t *indirect(struct vdev *d, uint64_t addr, uint32_t len, uint16_t flags)
{
	struct vdesc *t = table();

	t[0] = (struct vdesc){ hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 1 };
	t[1] = (struct vdesc){ (uintptr_t)buf, SECTOR, VIRTQ_DESC_F_NEXT, 2 };
	t[2] = (struct vdesc){ (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE, 0 };
	vdev_desc(d, 0, addr, len, (uint16_t)(VIRTQ_DESC_F_INDIRECT | flags), 1);
	vdev_desc(d, 1, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE, 0);
	return vdev_status(0);
}

static volatile uint8_t *indirect_plain(struct vdev *d)
{
	return indirect(d, (uintptr_t)table(), 3 * sizeof(struct vdesc), 0);
}

static volatile uint8_t *indirect_odd_len(struct vdev *d)
{
	return indirect(d, (uintptr_t)table(), 3 * sizeof(struct vdesc) - 8, 0);
}

static volatile uint8_t *indirect_zero_len(struct vdev *d)
{
	return indirect(d, (uintptr_t)table(), 0, 0);
}

static volatile uint8_t *indirect_huge_len(struct vdev *d)
{
	return indirect(d, (uintptr_t)table(), 0xfffffff0u, 0);
}

static volatile uint8_t *indirect_in_plic(struct vdev *d)
{
	return indirect(d, MACHINE_PLIC, 3 * sizeof(struct vdesc), 0);
}

static volatile uint8_t *indirect_with_next(struct vdev *d)
{
	return indirect(d, (uintptr_t)table(), 3 * sizeof(struct vdesc), VIRTQ_DESC_F_NEXT);
}

static volatile uint8_t *indirect_nested(struct vdev *d)
{
	volatile uint8_t *st = indirect(d, (uintptr_t)table(), 4 * sizeof(struct vdesc), 0);

	table()[3] = table()[2];
	table()[2] = (struct vdesc){ (uintptr_t)table(), 4 * sizeof(struct vdesc),
				     VIRTQ_DESC_F_INDIRECT, 0 };
	table()[1].next = 2;
	return st;
}

static volatile uint8_t *indirect_loop(struct vdev *d)
{
	volatile uint8_t *st = indirect(d, (uintptr_t)table(), 3 * sizeof(struct vdesc), 0);

	table()[1].next = 0;
	return st;
}

static volatile uint8_t *no_status(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)buf, SECTOR, 0, 0);
	return vdev_status(0);
}

static volatile uint8_t *readable_after_writable(struct vdev *d)
{
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 16, VIRTQ_DESC_F_NEXT, 1);
	vdev_desc(d, 1, (uintptr_t)vdev_status(0), 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	vdev_desc(d, 2, (uintptr_t)buf, SECTOR, 0, 0);
	return vdev_status(0);
}

static volatile uint8_t *zero_length(struct vdev *d)
{
	return with_data(d, (uintptr_t)buf, 0, 0);
}

static volatile uint8_t *short_header(struct vdev *d)
{
	(void)with_data(d, (uintptr_t)buf, SECTOR, 0);
	vdev_desc(d, 0, hdr_at(VIRTIO_BLK_T_OUT, PROTECTED), 8, VIRTQ_DESC_F_NEXT, 2);
	return vdev_status(0);
}

static const struct chain_case cases[] = {
	{ "next points back (loop)", 0, false, 0, loop_back },
	{ "next points to itself", 0, false, 0, loop_self },
	{ "loop through the writable part", 0, false, 0, loop_in_writable },
	{ "next past the queue size", 0, false, 0, next_past_size },
	{ "head past the queue size", 0, false, VDEV_QUEUE + 2, head_past_size },
	{ "avail idx more than the queue size ahead", 0, false, 0, avail_idx_jump },
	{ "data buffer past guest RAM", 0, false, 0, past_ram },
	{ "read buffer straddling RAM's end", 0, false, 0, straddle_ram_end },
	{ "read buffer in the PLIC", 0, false, 0, read_into_plic },
	{ "read buffer in the UART", 0, false, 0, read_into_uart },
	{ "write data from the device's own registers", 0, false, 0, write_from_virtio_window },
	{ "status byte in the UART", 0, false, 0, status_in_uart },
	{ "data length 0xfffffe00", 0, false, 0, huge_data },
	{ "header length 0xffffffff", 0, false, 0, huge_header },
	{ "buffer wrapping past 2^64", 0, false, 0, wrapping_address },
	{ "buffers adding up to 2^32 + 1024 bytes", 0, false, 0, sum_past_4g },
	{ "read over its own header", 0, true, 0, overlap_read },
	{ "overlapping write past the end", 0, false, 0, overlap_write },
	{ "indirect table, not negotiated", 0, false, 0, indirect_plain },
	{ "indirect table of 40 bytes", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_odd_len },
	{ "indirect table of 0 bytes", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_zero_len },
	{ "indirect table of 0xfffffff0 bytes", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_huge_len },
	{ "indirect table in the PLIC", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_in_plic },
	{ "indirect descriptor with NEXT", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_with_next },
	{ "indirect inside an indirect table", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_nested },
	{ "loop inside an indirect table", (1ull << VIRTIO_F_RING_INDIRECT_DESC), false, 0,
	  indirect_loop },
	{ "no status byte", 0, false, 0, no_status },
	{ "readable buffer after a writable one", 0, false, 0, readable_after_writable },
	{ "data buffer of length 0", 0, false, 0, zero_length },
	{ "header of 8 bytes", 0, false, 0, short_header },
};

/* The device's answer to one case, judged; the status byte is untouched unless it completed. */
static void judge(struct vdev *d, const struct chain_case *c, volatile uint8_t *status)
{
	bool used = vdev_wait(d, d->avail_idx, ANSWER_MS);
	uint32_t dev_status = vdev_read(d, VIRTIO_MMIO_STATUS);
	uint32_t isr = vdev_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	if ((dev_status & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0) {
		check((isr & VIRTIO_MMIO_INT_CONFIG) != 0 && vdev_used_idx(d) == 0 &&
			      *status == 0xff,
		      "%s: DEVICE_NEEDS_RESET with a configuration interrupt (isr %u, used %u)",
		      c->name, (unsigned)isr, vdev_used_idx(d));
	} else if (used) {
		uint8_t s = *status;

		check(s == VIRTIO_BLK_S_IOERR || s == VIRTIO_BLK_S_UNSUPP ||
			      (c->may_succeed && s == VIRTIO_BLK_S_OK && is_pattern(buf)),
		      "%s: completed with status %u", c->name, s);
	} else {
		check(false, "%s: no answer (status 0x%x, used idx %u)", c->name,
		      (unsigned)dev_status, vdev_used_idx(d));
	}
}

void scene_broken_chains(void)
{
	if (ram_end - GUEST_RAM_BASE < RAM_CHUNK) {
		check(false, "broken chains: the guest needs 64 MiB of RAM");
		return;
	}
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct chain_case *c = &cases[i];
		volatile uint8_t *status;

		if (!fresh_a(c->features, c->name)) {
			continue;
		}
		if ((c->features & ~disk_a.features) != 0) {
			check(false, "%s: the device offers the features the case needs", c->name);
			continue;
		}
		status = c->build(&disk_a);
		vdev_post(&disk_a, c->head);
		vdev_notify(&disk_a, 0);
		judge(&disk_a, c, status);
	}
	if (fresh_a(0, "after the broken chains")) {
		int st = vdev_blk(&disk_a, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);

		check(st == VIRTIO_BLK_S_OK && is_pattern(buf),
		      "after the broken chains: sector 0 reads (%d)", st);
	}
}
