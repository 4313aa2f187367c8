/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hostile guest for the virtio disks: after a correct handshake it drives them as no driver
 * would (bad queue set-up, notifies on dead queues, live register changes, resets mid-I/O,
 * requests off the disk or to a read-only one, doorbell floods, broken chains in chains.c) and
 * checks each answer against VIRTIO 1.2. Disk A is slot 0, disk B (read-only) slot 1; the host
 * (tests/cli/virtio_hostile.sh) checks no byte outside the scratch sectors changed.
 */
#include "hart.h"
#include "hostile.h"
#include "scenes.h"

#define FLOOD 100000u
#define BIG (4u << 20)
#define INFLIGHT_WRITES 8u
#define INFLIGHT_READS 32u

struct vdev disk_a, disk_b;
struct vring ring_a __attribute__((aligned(4096)));
struct vring ring_b __attribute__((aligned(4096)));
struct vring ring_spare __attribute__((aligned(4096)));
uint8_t buf[64 * 1024] __attribute__((aligned(4096)));
static uint8_t big[BIG] __attribute__((aligned(4096)));
unsigned long ram_end;

bool is_pattern(const uint8_t *p)
{
	unsigned n = (unsigned)lib_strlen(PATTERN);

	for (unsigned i = 0; i < SECTOR; i++) {
		if (p[i] != (uint8_t)PATTERN[i % n]) {
			return false;
		}
	}
	return true;
}

bool fresh_a(uint64_t want, const char *what)
{
	const char *why = vdev_start(&disk_a, VDEV_SLOT(0), &ring_a, want);

	return check(why == NULL, "%s: handshake (%s)", what, why ? why : "ok");
}

static void fill(uint8_t *p, uint32_t len, uint8_t seed)
{
	for (uint32_t i = 0; i < len; i++) {
		p[i] = (uint8_t)(seed + i * 13u);
	}
}

static void scene_normal(void)
{
	struct vdev *d = &disk_a;
	int st;

	if (!fresh_a(0, "normal")) {
		return;
	}
	say("disk A: %llu sectors, seg_max %u, size_max %u\n", (unsigned long long)d->capacity,
	    (unsigned)d->seg_max, (unsigned)d->size_max);
	check(d->capacity >= SCRATCH + SCRATCH_SECTORS, "disk A holds the scratch sectors");
	lib_memset(buf, 0, SECTOR);
	st = vdev_blk(d, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf),
	      "read of sector 0: status %d, the host's pattern", st);
	check(d->ring->used.ring[0].len == SECTOR + 1, "used len of the read is 513 (got %u)",
	      (unsigned)d->ring->used.ring[0].len);
	fill(buf, 8 * SECTOR, 0x31);
	st = vdev_blk(d, 1, VIRTIO_BLK_T_OUT, SCRATCH, buf, 8 * SECTOR);
	check(st == VIRTIO_BLK_S_OK, "write of 8 scratch sectors: status %d", st);
	lib_memset(buf + 8 * SECTOR, 0, 8 * SECTOR);
	st = vdev_blk(d, 2, VIRTIO_BLK_T_IN, SCRATCH, buf + 8 * SECTOR, 8 * SECTOR);
	check(st == VIRTIO_BLK_S_OK && lib_memcmp(buf, buf + 8 * SECTOR, 8 * SECTOR) == 0,
	      "scratch sectors read back as written (status %d)", st);
}

static void scene_read_only(void)
{
	struct vdev *d = &disk_b;
	const char *why = vdev_start(d, VDEV_SLOT(1), &ring_b, 0);
	int st;

	if (!check(why == NULL, "disk B: handshake (%s)", why ? why : "ok")) {
		return;
	}
	vdev_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	check((vdev_read(d, VIRTIO_MMIO_DEVICE_FEATURES) & (1ull << VIRTIO_BLK_F_RO)) != 0,
	      "disk B offers VIRTIO_BLK_F_RO");
	st = vdev_blk(d, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf), "disk B: read of sector 0 (status %d)", st);
	fill(buf, SECTOR, 0x77);
	st = vdev_blk(d, 1, VIRTIO_BLK_T_OUT, PROTECTED, buf, SECTOR);
	check(st == VIRTIO_BLK_S_IOERR, "disk B: a write is S_IOERR (got %d)", st);
	st = vdev_blk(d, 2, VIRTIO_BLK_T_OUT, SCRATCH, buf, 4 * SECTOR);
	check(st == VIRTIO_BLK_S_IOERR,
	      "disk B: a write to its scratch sectors is S_IOERR too (got %d)", st);
	st = vdev_blk(d, 3, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf),
	      "disk B: still reads after refused writes (%d)", st);
}

/* Requests that reach past the disk's end: S_IOERR, the device still running, nothing written. */
static void scene_past_end(void)
{
	struct vdev *d = &disk_a;
	static const struct {
		uint32_t type;
		uint64_t back; /* the sector is capacity - back */
		uint32_t sectors;
		const char *what;
	} reqs[] = {
		{ VIRTIO_BLK_T_IN, 0, 1, "read of sector capacity" },
		{ VIRTIO_BLK_T_OUT, 0, 1, "write of sector capacity" },
		{ VIRTIO_BLK_T_OUT, 1, 2, "write of 2 sectors from capacity - 1" },
		{ VIRTIO_BLK_T_IN, 1, 2, "read of 2 sectors from capacity - 1" },
		{ VIRTIO_BLK_T_OUT, 3, 8, "write of 8 sectors from capacity - 3" },
	};
	unsigned n = sizeof(reqs) / sizeof(reqs[0]);
	int st;

	if (!fresh_a(0, "past the end")) {
		return;
	}
	fill(buf, 8 * SECTOR, 0x42);
	for (unsigned i = 0; i < n; i++) {
		st = vdev_blk(d, i, reqs[i].type, d->capacity - reqs[i].back, buf,
			      reqs[i].sectors * SECTOR);
		check(st == VIRTIO_BLK_S_IOERR, "%s: S_IOERR (got %d)", reqs[i].what, st);
	}
	/* sector + count wraps to 1: an overflowing end check would let it through. */
	st = vdev_blk(d, n, VIRTIO_BLK_T_OUT, ~0ull, buf, 2 * SECTOR);
	check(st == VIRTIO_BLK_S_IOERR, "write of 2 sectors from sector 2^64 - 1: S_IOERR (got %d)",
	      st);
	check((vdev_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0,
	      "past the end: no reset needed");
	st = vdev_blk(d, n + 1, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf), "past the end: sector 0 still reads (%d)",
	      st);
}

/* QueueReady stays 0 for a queue the device cannot use (section 4.2.2.3 / 2.7). */
static void scene_queue_setup(void)
{
	struct vdev *d = &disk_a;
	struct vring *r = &ring_spare;
	const char *why = vdev_features_ok(d, VDEV_SLOT(0), 0);
	uint32_t max;
	static const uint32_t bad_num[] = { 0, 3, 100, 0x10000 + VDEV_QUEUE };

	if (!check(why == NULL, "queue set-up: features (%s)", why ? why : "ok")) {
		return;
	}
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	max = vdev_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	for (unsigned i = 0; i <= sizeof(bad_num) / sizeof(bad_num[0]); i++) {
		uint32_t num = i < sizeof(bad_num) / sizeof(bad_num[0]) ? bad_num[i] : max * 2;

		vdev_queue_regs(d, r, num);
		vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
		check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
		      "queue size %u (max %u): QueueReady reads 0", (unsigned)num, (unsigned)max);
	}
	vdev_queue_regs(d, r, VDEV_QUEUE);
	vdev_set_addr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, MACHINE_PLIC);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "descriptor table in the PLIC: QueueReady reads 0");
	vdev_queue_regs(d, r, VDEV_QUEUE);
	vdev_set_addr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, ram_end - 64);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "used ring past RAM's end: QueueReady reads 0");
	vdev_queue_regs(d, r, VDEV_QUEUE);
	vdev_set_addr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uintptr_t)r->desc + 8);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "misaligned descriptor table: QueueReady reads 0");
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	vdev_queue_regs(d, r, VDEV_QUEUE);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX) == 0 &&
		      vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "queue 1 (the disk has one queue): QueueNumMax 0, QueueReady reads 0");
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	vdev_queue_regs(d, r, VDEV_QUEUE);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 1,
	      "a valid queue after all that: QueueReady reads 1");
}

/* DRIVER_OK with queue 0 set up, holding a request, but never made ready: notifies do nothing. */
static void scene_notify_not_ready(void)
{
	struct vdev *d = &disk_a;
	const char *why = vdev_features_ok(d, VDEV_SLOT(0), 0);

	if (!check(why == NULL, "notify, queue not ready: features (%s)", why ? why : "ok")) {
		return;
	}
	lib_memset(&ring_a, 0, sizeof(ring_a));
	d->ring = &ring_a;
	d->avail_idx = 0;
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	vdev_queue_regs(d, &ring_a, VDEV_QUEUE);
	vdev_write(d, VIRTIO_MMIO_STATUS,
		   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
			   VIRTIO_STATUS_DRIVER_OK);
	fill(buf, SECTOR, 0x99);
	vdev_blk_post(d, 0, VIRTIO_BLK_T_OUT, PROTECTED, buf, SECTOR);
	vdev_notify(d, 0);
	vdev_notify(d, 1);
	vdev_notify(d, 0xffffffffu);
	delay_ticks(MS_TICKS(300));
	check(vdev_used_idx(d) == 0 && *vdev_status(0) == 0xff,
	      "notify on a queue not ready: no used entry, status byte untouched");
	check((vdev_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0 &&
		      vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "notify on a queue not ready: no reset needed, queue still not ready");
	check(vdev_reset(d), "notify on a queue not ready: reset");
}

/*
 * Queue registers written while the queue is ready are ignored (section 4.2.2.3): the device
 * keeps its rings, and never takes the decoy request the new addresses would lead it to.
 */
static void scene_live_registers(void)
{
	struct vdev *d = &disk_a;
	struct vring *decoy = &ring_spare;
	int st;

	if (!fresh_a(0, "live registers")) {
		return;
	}
	lib_memset(decoy, 0, sizeof(*decoy));
	fill(buf + SECTOR, SECTOR, 0xd0);
	decoy->desc[0] = (struct vdesc){ (uintptr_t)vdev_hdr(40), 16, VIRTQ_DESC_F_NEXT, 1 };
	decoy->desc[1] = (struct vdesc){ (uintptr_t)buf + SECTOR, SECTOR, VIRTQ_DESC_F_NEXT, 2 };
	decoy->desc[2] = (struct vdesc){ (uintptr_t)vdev_status(40), 1, VIRTQ_DESC_F_WRITE, 0 };
	*vdev_hdr(40) = (struct blk_hdr){ .type = VIRTIO_BLK_T_OUT, .sector = PROTECTED };
	*vdev_status(40) = 0xff;
	decoy->avail.idx = 1;
	vdev_queue_regs(d, decoy, 8);
	vdev_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vdev_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(1ull << VIRTIO_F_RING_INDIRECT_DESC));
	vdev_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	vdev_write(d, VIRTIO_MMIO_QUEUE_READY, 0);
	vdev_write(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	vdev_notify(d, 0);
	check(vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 1 &&
		      vdev_read(d, VIRTIO_MMIO_STATUS) ==
			      (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			       VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK),
	      "live registers: queue still ready, status bits cannot be taken back");
	st = vdev_blk(d, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf),
	      "live registers: the old rings still work (%d)", st);
	check(decoy->used.idx == 0 && *vdev_status(40) == 0xff,
	      "live registers: the decoy rings were never used");
	/* INDIRECT written after FEATURES_OK was not negotiated: such a chain breaks the rules. */
	*vdev_hdr(41) = (struct blk_hdr){ .type = VIRTIO_BLK_T_OUT, .sector = PROTECTED };
	decoy->desc[0] = (struct vdesc){ (uintptr_t)vdev_hdr(41), 16, VIRTQ_DESC_F_NEXT, 1 };
	decoy->desc[1] = (struct vdesc){ (uintptr_t)buf + SECTOR, SECTOR, VIRTQ_DESC_F_NEXT, 2 };
	decoy->desc[2] = (struct vdesc){ (uintptr_t)vdev_status(41), 1, VIRTQ_DESC_F_WRITE, 0 };
	*vdev_status(41) = 0xff;
	vdev_desc(d, 0, (uintptr_t)decoy->desc, 3 * sizeof(struct vdesc), VIRTQ_DESC_F_INDIRECT, 0);
	vdev_post(d, 0);
	vdev_notify(d, 0);
	(void)vdev_wait(d, d->avail_idx, 1000);
	check((vdev_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) != 0 &&
		      *vdev_status(41) == 0xff,
	      "live registers: INDIRECT written after FEATURES_OK was not negotiated");
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/*
 * Reset with writes and reads in flight: status reads 0 again (section 2.4), after which the
 * device touches neither the rings nor the buffers; the VM goes on and the device works again.
 */
static void scene_reset_mid_io(void)
{
	struct vdev *d = &disk_a;
	uint32_t chunk = SCRATCH_SECTORS / INFLIGHT_WRITES * SECTOR;
	uint64_t rd = BIG;
	uint16_t used;
	unsigned long t0;
	uint64_t changed = 0;
	unsigned statuses = 0;
	bool zero;
	unsigned k = 0;
	int st;

	if (!fresh_a(0, "reset mid-I/O")) {
		return;
	}
	/* Reads as large as one request may be: the most host DMA in flight at the reset. */
	rd = min_u64(rd, (uint64_t)d->seg_max * d->size_max);
	rd = min_u64(rd, d->capacity * SECTOR) & ~(uint64_t)(SECTOR - 1);
	fill(buf, SCRATCH_SECTORS * SECTOR, 0x55);
	for (unsigned i = 0; i < INFLIGHT_WRITES; i++, k++) {
		vdev_blk_post(d, k, VIRTIO_BLK_T_OUT, SCRATCH + i * (chunk / SECTOR),
			      buf + i * chunk, chunk);
	}
	for (unsigned i = 0; i < INFLIGHT_READS; i++, k++) {
		vdev_blk_post(d, k, VIRTIO_BLK_T_IN, 0, big, (uint32_t)rd);
	}
	vdev_notify(d, 0);
	/* The first answer means the device has taken them all: the rest are at the host disk. */
	t0 = now();
	while (vdev_used_idx(d) == 0 && now() - t0 < MS_TICKS(1000)) {
	}
	zero = vdev_reset(d);
	used = vdev_used_idx(d);
	say("reset mid-I/O: %u of %u requests answered before the reset (reads of %llu bytes)\n",
	    used, k, (unsigned long long)rd);
	check(zero, "reset mid-I/O: status reads 0 again");
	check(vdev_read(d, VIRTIO_MMIO_INTERRUPT_STATUS) == 0 &&
		      vdev_read(d, VIRTIO_MMIO_QUEUE_READY) == 0,
	      "reset mid-I/O: InterruptStatus and QueueReady read 0");
	lib_memset(big, 0x5a, (size_t)rd); /* rd <= BIG */
	for (unsigned i = 0; i < k; i++) {
		*vdev_status(i) = 0xee;
	}
	delay_ticks(MS_TICKS(500));
	for (uint64_t i = 0; i < rd; i++) {
		changed += big[i] != 0x5a;
	}
	for (unsigned i = 0; i < k; i++) {
		statuses += *vdev_status(i) != 0xee;
	}
	check(changed == 0 && statuses == 0 && vdev_used_idx(d) == used,
	      "reset mid-I/O: after the reset, no byte of the read buffer (%llu changed), no "
	      "status "
	      "byte (%u changed) nor the used ring (idx %u then %u) written",
	      (unsigned long long)changed, statuses, used, vdev_used_idx(d));
	if (!fresh_a(0, "after the reset")) {
		return;
	}
	st = vdev_blk(d, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf), "after the reset: sector 0 reads (%d)", st);
	fill(buf, SECTOR, 0x66);
	st = vdev_blk(d, 1, VIRTIO_BLK_T_OUT, SCRATCH, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK, "after the reset: a scratch write (%d)", st);
}

/* A doorbell flood with nothing to do, on both disks and at queues that do not exist. */
static void scene_flood(void)
{
	struct vdev *d = &disk_a;
	unsigned long t0;
	int st;

	if (!fresh_a(0, "flood")) {
		return;
	}
	t0 = now();
	for (unsigned i = 0; i < FLOOD; i++) {
		vdev_notify(d, i % 4 == 3 ? i : 0);
		vdev_notify(&disk_b, 0);
	}
	say("flood: %u notifies on each disk in %lu ms\n", FLOOD, (now() - t0) / MS_TICKS(1));
	check((vdev_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0 &&
		      vdev_used_idx(d) == 0,
	      "flood: no used entry, no reset needed");
	vdev_blk_post(d, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	for (unsigned i = 0; i < FLOOD / 10; i++) {
		vdev_notify(d, 0);
	}
	st = vdev_wait(d, d->avail_idx, 1000) ? *vdev_status(0) : -1;
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf), "flood: a read notified 10000 times (%d)",
	      st);
	st = vdev_blk(&disk_b, 0, VIRTIO_BLK_T_IN, 0, buf, SECTOR);
	check(st == VIRTIO_BLK_S_OK && is_pattern(buf), "flood: disk B still reads (%d)", st);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	ram_end = hostile_ram_end(fdt);
	check(ram_end > GUEST_RAM_BASE, "guest RAM ends at 0x%lx", ram_end);
	scene_normal();
	scene_read_only();
	scene_past_end();
	scene_queue_setup();
	scene_notify_not_ready();
	scene_live_registers();
	scene_broken_chains();
	scene_reset_mid_io();
	scene_flood();
	check(vdev_reset(&disk_a) && vdev_reset(&disk_b), "both disks reset at the end");
	return (int)check_failures();
}
