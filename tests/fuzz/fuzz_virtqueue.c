/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the split-virtqueue walker: a guest RAM image and queue placement from the
 * input, then pops, pushes, pokes at RAM, notifications and copies, each checked against a
 * reference walker written here from VIRTIO 1.2 section 2.7 (a visited bitmap instead of a
 * count, byte-wise RAM access) and a model of the indices.
 *
 * Input: u8 log2(num), u8 features (bit 0 indirect, bit 1 event idx), u16 starting index,
 * s16 desc, s16 avail, s16 used (offsets from RAM_BASE), u8 nops, nops x {u8 op, u8 a, u16 v},
 * then the RAM image (the rest, up to RAM_SIZE; zeros after).
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vmm/devices/virtqueue.h"
#include "vmm/guest_mem.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE 0x8000u
#define MAX_TABLE (RAM_SIZE / 16) /* no indirect table holds more entries than RAM */

static _Alignas(4096) uint8_t ram[RAM_SIZE];
static uint8_t shadow[RAM_SIZE];

/* ---- the reference ------------------------------------------------------------------------ */

struct ref_chain {
	unsigned n, nout;
	uint64_t gpa[VIRTQ_MAX_SEGS];
	uint32_t len[VIRTQ_MAX_SEGS];
	bool writable[VIRTQ_MAX_SEGS];
};

struct model {
	uint16_t num;
	bool indirect, event_idx;
	uint64_t desc, avail, used;
	uint16_t last_avail, used_idx, signalled;
	bool signalled_valid;
};

/* Whether [gpa, gpa + len) is RAM, by 128-bit-free reasoning on each end. */
static bool in_ram(uint64_t gpa, uint64_t len)
{
	return gpa >= RAM_BASE && gpa - RAM_BASE <= RAM_SIZE && len <= RAM_SIZE - (gpa - RAM_BASE);
}

static uint64_t rd_le(uint64_t gpa, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++) {
		v |= (uint64_t)ram[gpa - RAM_BASE + i] << (8 * i);
	}
	return v;
}

static bool area_ok(uint64_t gpa, uint64_t len, uint64_t align)
{
	return gpa % align == 0 && in_ram(gpa, len);
}

static bool size_ok(const struct model *md)
{
	uint32_t n = md->num;

	return n >= 1 && n <= VIRTQ_MAX_SIZE && (n & (n - 1)) == 0;
}

/* Each area as section 2.7 lays it out: size from num, aligned, all of it in RAM. */
static bool desc_ok(const struct model *md)
{
	return size_ok(md) && area_ok(md->desc, 16ull * md->num, 16);
}

static bool avail_ok(const struct model *md)
{
	return size_ok(md) && area_ok(md->avail, 6 + 2ull * md->num, 2);
}

static bool used_ok(const struct model *md)
{
	return size_ok(md) && area_ok(md->used, 6 + 8ull * md->num, 4);
}

static bool ref_valid(const struct model *md)
{
	return desc_ok(md) && avail_ok(md) && used_ok(md);
}

/* One descriptor into the chain; false: the chain is broken. */
static bool ref_add(struct ref_chain *c, uint64_t addr, uint32_t len, uint16_t flags)
{
	bool w = (flags & VIRTQ_DESC_F_WRITE) != 0;

	if (len == 0 || !in_ram(addr, len) || c->n >= VIRTQ_MAX_SEGS) {
		return false;
	}
	if (!w && c->n > c->nout) {
		return false; /* readable after writable */
	}
	c->gpa[c->n] = addr;
	c->len[c->n] = len;
	c->writable[c->n] = w;
	c->n++;
	if (!w) {
		c->nout++;
	}
	return true;
}

/* A table of entries at table_gpa walked from start: every descriptor at most once. */
static bool ref_table(const struct model *md, struct ref_chain *c, uint64_t table_gpa,
		      uint32_t entries, uint32_t start, bool nested)
{
	static bool seen[MAX_TABLE > VIRTQ_MAX_SIZE ? MAX_TABLE : VIRTQ_MAX_SIZE];
	uint32_t i = start;

	memset(seen, 0, sizeof(seen[0]) * entries);
	for (;;) {
		uint64_t d, addr;
		uint32_t len;
		uint16_t flags, next;

		if (i >= entries || seen[i]) {
			return false;
		}
		seen[i] = true;
		d = table_gpa + 16ull * i;
		addr = rd_le(d, 8);
		len = (uint32_t)rd_le(d + 8, 4);
		flags = (uint16_t)rd_le(d + 12, 2);
		next = (uint16_t)rd_le(d + 14, 2);
		if (flags & VIRTQ_DESC_F_INDIRECT) {
			if (nested || !md->indirect || (flags & VIRTQ_DESC_F_NEXT) || len == 0 ||
			    len % 16 != 0 || !in_ram(addr, len)) {
				return false;
			}
			return ref_table(md, c, addr, len / 16, 0, true);
		}
		if (!ref_add(c, addr, len, flags)) {
			return false;
		}
		if (!(flags & VIRTQ_DESC_F_NEXT)) {
			return true;
		}
		i = next;
	}
}

/* What virtq_pop must answer, from the same RAM. */
static enum virtq_pop_result ref_pop(struct model *md, struct ref_chain *c, uint16_t *head)
{
	uint16_t avail_idx, ahead;

	c->n = 0;
	c->nout = 0;
	/* Taking a chain needs the table and the avail ring; the used ring is push's business. */
	if (!desc_ok(md) || !avail_ok(md)) {
		return VIRTQ_BROKEN;
	}
	avail_idx = (uint16_t)rd_le(md->avail + 2, 2);
	ahead = (uint16_t)(avail_idx - md->last_avail);
	if (ahead == 0) {
		return VIRTQ_EMPTY;
	}
	if (ahead > md->num) {
		return VIRTQ_BROKEN;
	}
	*head = (uint16_t)rd_le(md->avail + 4 + 2ull * (md->last_avail % md->num), 2);
	if (*head >= md->num || !ref_table(md, c, md->desc, md->num, *head, false)) {
		return VIRTQ_BROKEN;
	}
	md->last_avail++;
	return VIRTQ_CHAIN;
}

/* ---- the run ------------------------------------------------------------------------------ */

struct run {
	struct virtq q;
	struct model md;
	struct guest_mem mem;
	struct virtq_chain chain;
	struct ref_chain ref;
	bool have_chain; /* chain is the last one popped */
	bool may_unpop;  /* ... and nothing was pushed or popped since */
};

static void compare_chain(const struct run *r, uint16_t head)
{
	const struct virtq_chain *c = &r->chain;
	uint64_t out = 0, in = 0;

	FZ_CHECK(c->head == head, "head %u, reference %u", c->head, head);
	FZ_CHECK(c->nout + c->nin == r->ref.n, "%u+%u buffers, reference %u", c->nout, c->nin,
		 r->ref.n);
	FZ_CHECK(c->nout == r->ref.nout, "%u readable, reference %u", c->nout, r->ref.nout);
	FZ_CHECK(c->nout + c->nin <= VIRTQ_MAX_SEGS, "too many buffers");
	for (unsigned i = 0; i < r->ref.n; i++) {
		FZ_CHECK(c->seg[i].gpa == r->ref.gpa[i] && c->seg[i].len == r->ref.len[i],
			 "buffer %u differs", i);
		FZ_CHECK(in_ram(c->seg[i].gpa, c->seg[i].len) && c->seg[i].len > 0,
			 "buffer %u not in RAM", i);
		FZ_CHECK(r->ref.writable[i] == (i >= c->nout), "buffer %u in the wrong part", i);
		if (i < c->nout) {
			out += c->seg[i].len;
		} else {
			in += c->seg[i].len;
		}
	}
	FZ_CHECK(c->out_len == out && c->in_len == in, "lengths %llu/%llu, sums %llu/%llu",
		 (unsigned long long)c->out_len, (unsigned long long)c->in_len,
		 (unsigned long long)out, (unsigned long long)in);
}

static void do_push(struct run *r, uint16_t head, uint32_t written)
{
	bool ok = virtq_push(&r->q, &r->mem, head, written);
	bool want = used_ok(&r->md);

	FZ_CHECK(ok == want, "push %d, reference %d", ok, want);
	r->may_unpop = false;
	if (!ok) {
		return;
	}
	{
		uint64_t elem = r->md.used + 4 + 8ull * (r->md.used_idx % r->md.num);

		FZ_CHECK(rd_le(elem, 4) == head && rd_le(elem + 4, 4) == written, "used element");
		r->md.used_idx++;
		FZ_CHECK(rd_le(r->md.used + 2, 2) == r->md.used_idx, "used idx in RAM");
		FZ_CHECK(r->q.used_idx == r->md.used_idx, "used_idx");
	}
}

static void do_pop(struct run *r, bool push, uint16_t written)
{
	const char *why = NULL;
	uint16_t head = 0;
	enum virtq_pop_result got = virtq_pop(&r->q, &r->mem, &r->chain, &why);
	enum virtq_pop_result want = ref_pop(&r->md, &r->ref, &head);

	FZ_CHECK(got == want, "pop %d, reference %d (%s)", got, want, why ? why : "-");
	FZ_CHECK((got == VIRTQ_BROKEN) == (why != NULL), "why %s for result %d", why ? why : "-",
		 got);
	FZ_CHECK(r->q.last_avail == r->md.last_avail, "last_avail %u, reference %u",
		 r->q.last_avail, r->md.last_avail);
	r->have_chain = got == VIRTQ_CHAIN;
	r->may_unpop = r->have_chain;
	if (got != VIRTQ_CHAIN) {
		return;
	}
	compare_chain(r, head);
	if (push) {
		do_push(r, r->chain.head, written);
	}
}

static void do_should_interrupt(struct run *r)
{
	struct model *md = &r->md;
	bool got = virtq_should_interrupt(&r->q, &r->mem);
	bool want;

	if (!avail_ok(md)) {
		FZ_CHECK(!got, "interrupt with no avail ring");
		return;
	}
	if (md->event_idx) {
		uint16_t event = (uint16_t)rd_le(md->avail + 4 + 2ull * md->num, 2);
		/* The event lies in [signalled, used_idx), counted from signalled. */
		want = !md->signalled_valid ||
		       (uint16_t)(event - md->signalled) < (uint16_t)(md->used_idx - md->signalled);
	} else {
		want = (rd_le(md->avail, 2) & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0;
	}
	FZ_CHECK(got == want, "should_interrupt %d, reference %d", got, want);
	if (want) {
		md->signalled = md->used_idx;
		md->signalled_valid = true;
	}
}

static void do_enable_notify(struct run *r)
{
	struct model *md = &r->md;
	bool got = virtq_enable_notify(&r->q, &r->mem);

	if (!size_ok(md)) {
		FZ_CHECK(!got, "enable_notify on a bad size");
		return;
	}
	if (!avail_ok(md) || !used_ok(md)) {
		FZ_CHECK(got, "enable_notify with rings outside RAM should wake the device");
		return;
	}
	if (md->event_idx) {
		FZ_CHECK(rd_le(md->used + 4 + 8ull * md->num, 2) == md->last_avail, "avail_event");
	} else {
		FZ_CHECK((rd_le(md->used, 2) & VIRTQ_USED_F_NO_NOTIFY) == 0, "NO_NOTIFY left set");
	}
	FZ_CHECK(got == (rd_le(md->avail + 2, 2) != md->last_avail), "enable_notify answer");
}

/* Byte k of the chain's part (readable or writable) as a RAM offset, or -1 past its end. */
static long part_byte(const struct run *r, bool writable, uint64_t k)
{
	for (unsigned i = 0; i < r->ref.n; i++) {
		if (r->ref.writable[i] != writable) {
			continue;
		}
		if (k < r->ref.len[i]) {
			return (long)(r->ref.gpa[i] - RAM_BASE + k);
		}
		k -= r->ref.len[i];
	}
	return -1;
}

static void do_copy(struct run *r, bool write, uint64_t off, size_t len)
{
	uint8_t buf[512], pattern[512];
	size_t got, want = 0;

	for (size_t k = 0; k < len; k++) {
		pattern[k] = (uint8_t)(0x5a ^ k ^ off);
	}
	memcpy(shadow, ram, RAM_SIZE);
	memset(buf, 0xee, sizeof(buf));
	if (write) {
		got = virtq_chain_write(&r->mem, &r->chain, off, pattern, len);
	} else {
		got = virtq_chain_read(&r->mem, &r->chain, off, buf, len);
	}
	/* Invariant: want bytes of the part from off on exist, copied in order. */
	for (; want < len; want++) {
		long at = part_byte(r, write, off + want);

		if (at < 0) {
			break;
		}
		if (write) {
			shadow[at] = pattern[want];
		} else {
			FZ_CHECK(buf[want] == ram[at], "read byte %zu", want);
		}
	}
	FZ_CHECK(got == want, "copied %zu bytes, reference %zu", got, want);
	FZ_CHECK(write || got == len || buf[got] == 0xee, "read past its count");
	FZ_CHECK(memcmp(shadow, ram, RAM_SIZE) == 0, "RAM differs after a copy");
}

static uint64_t place(uint16_t off)
{
	return RAM_BASE + (uint64_t)(int64_t)(int16_t)off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run run;
	struct run *r = &run;
	struct fz f = fz_init(data, size);
	unsigned nops;
	const uint8_t *ops, *image;
	size_t ops_len, image_len;

	memset(r, 0, sizeof(*r));
	memset(ram, 0, sizeof(ram));
	r->mem = (struct guest_mem){ .base = RAM_BASE, .size = RAM_SIZE, .host = ram };
	r->md.num = (uint16_t)(1u << (fz_u8(&f) % 12)); /* up to 2048: one size too big */
	{
		uint8_t feat = fz_u8(&f);

		r->md.indirect = (feat & 1) != 0;
		r->md.event_idx = (feat & 2) != 0;
	}
	r->md.last_avail = r->md.used_idx = r->md.signalled = fz_u16(&f);
	r->md.desc = place(fz_u16(&f));
	r->md.avail = place(fz_u16(&f));
	r->md.used = place(fz_u16(&f));
	nops = fz_u8(&f);
	ops = fz_bytes(&f, 4ull * nops, &ops_len);
	image = fz_bytes(&f, RAM_SIZE, &image_len);
	memcpy(ram, image, image_len);

	r->q.num = r->md.num;
	r->q.ready = true;
	r->q.desc = r->md.desc;
	r->q.avail = r->md.avail;
	r->q.used = r->md.used;
	r->q.indirect = r->md.indirect;
	r->q.event_idx = r->md.event_idx;
	virtq_reset(&r->q);
	r->q.last_avail = r->q.used_idx = r->md.last_avail;
	FZ_CHECK(virtq_valid(&r->q, &r->mem) == ref_valid(&r->md), "valid %d",
		 virtq_valid(&r->q, &r->mem));

	/* Invariant: the queue and the model went through the same operations. */
	for (size_t i = 0; i + 4 <= ops_len; i += 4) {
		uint8_t op = ops[i], a = ops[i + 1];
		uint16_t v = (uint16_t)(ops[i + 2] | ops[i + 3] << 8);

		switch (op % 8) {
		case 0:
		case 1:
			do_pop(r, (a & 1) != 0, v);
			break;
		case 2:
			do_push(r, r->have_chain && !(a & 1) ? r->chain.head : v,
				(uint32_t)v << (a % 17));
			break;
		case 3: /* the driver scribbles: the next pops must cope */
			ram[v % RAM_SIZE] = a;
			break;
		case 4: /* the driver makes up to 3 more available, or writes a wild idx */
			if (area_ok(r->md.avail, 4, 2)) {
				uint64_t at = r->md.avail + 2 - RAM_BASE;
				uint16_t idx = (uint16_t)rd_le(r->md.avail + 2, 2);

				idx = (a & 0x80) ? v : (uint16_t)(idx + a % 4);
				ram[at] = (uint8_t)idx;
				ram[at + 1] = (uint8_t)(idx >> 8);
			}
			break;
		case 5:
			do_should_interrupt(r);
			break;
		case 6:
			do_enable_notify(r);
			break;
		default:
			switch (a % 4) {
			case 0:
				if (r->may_unpop) {
					virtq_unpop(&r->q);
					r->md.last_avail--;
					r->may_unpop = false;
				}
				break;
			case 1:
			case 2:
				if (r->have_chain) {
					do_copy(r, a % 4 == 2, v, (size_t)(a >> 2) * 8);
				}
				break;
			default:
				virtq_reset(&r->q);
				r->md.last_avail = r->md.used_idx = r->md.signalled = 0;
				r->md.signalled_valid = false;
				r->have_chain = r->may_unpop = false;
				break;
			}
			break;
		}
	}
	return 0;
}
