/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the VMM's MMIO bus: random windows (overlapping, wrapping, empty) and random
 * guest accesses; a device must only ever see an access that lies wholly inside its window.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vmm/devices/plic.h"
#include "vmm/devices/uart16550.h"
#include "vmm/mmio_bus.h"

/* A recording device: it remembers the last access and answers with a pattern of it. */
struct rec_dev {
	uint64_t size; /* its window, to check every offset it is handed */
	uint64_t last_off;
	unsigned last_width;
	uint64_t last_value;
	unsigned calls;
	bool refuse; /* answer false, like a device that does not take the width */
};

static bool rec_access(struct rec_dev *d, uint64_t off, unsigned width)
{
	FZ_CHECK(width == 1 || width == 2 || width == 4 || width == 8, "device got width %u",
		 width);
	FZ_CHECK(off < d->size && width <= d->size - off,
		 "device got offset 0x%llx/%u in a 0x%llx-byte window", (unsigned long long)off,
		 width, (unsigned long long)d->size);
	d->last_off = off;
	d->last_width = width;
	d->calls++;
	return !d->refuse;
}

static bool rec_read(void *dev, uint64_t off, unsigned width, uint64_t *value)
{
	struct rec_dev *d = dev;

	*value = 0x0807060504030201ull ^ off;
	return rec_access(d, off, width);
}

static bool rec_write(void *dev, uint64_t off, unsigned width, uint64_t value)
{
	struct rec_dev *d = dev;

	d->last_value = value;
	return rec_access(d, off, width);
}

static void rec_reset(void *dev)
{
	(void)dev;
}

static const struct device_desc rec_desc = { "rec", "test,rec", rec_read, rec_write, rec_reset };

/* One window as the test added it, to find the owner of an address without the bus. */
struct window {
	uint64_t base, size;
	const struct device_desc *desc;
	void *dev;
	struct rec_dev *rec; /* NULL for the real devices */
};

struct state {
	struct mmio_bus bus;
	spinlock_t lock; /* must be free again after every access */
	struct window w[MMIO_BUS_MAX];
	unsigned n;
	struct rec_dev recs[MMIO_BUS_MAX];
	struct plic plic;
	struct uart16550 uart;
};

static bool overlaps(const struct state *s, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < s->n; i++) {
		/* In 128 bits, so the check itself cannot wrap. */
		unsigned __int128 a0 = base, a1 = (unsigned __int128)base + size;
		unsigned __int128 b0 = s->w[i].base,
				  b1 = (unsigned __int128)s->w[i].base + s->w[i].size;

		if (a0 < b1 && b0 < a1) {
			return true;
		}
	}
	return false;
}

static const struct window *owner(const struct state *s, uint64_t addr, unsigned len)
{
	for (unsigned i = 0; i < s->n; i++) {
		const struct window *w = &s->w[i];

		if (addr >= w->base &&
		    (unsigned __int128)addr + len <= (unsigned __int128)w->base + w->size) {
			return w;
		}
	}
	return NULL;
}

static uint64_t pick_addr(struct fz *f, const struct state *s)
{
	unsigned k = fz_u8(f) % 4;

	if (k < 3 && s->n > 0) {
		const struct window *w = &s->w[fz_below(f, s->n)];

		switch (k) {
		case 0:
			return w->base + (w->size ? fz_u64(f) % w->size : 0);
		case 1:
			return w->base + w->size - 1 - fz_below(f, 9); /* the last bytes */
		default:
			return w->base - 1 - fz_below(f, 4); /* just below */
		}
	}
	return fz_u64(f);
}

static void add_window(struct state *s, struct fz *f)
{
	static const uint64_t sizes[] = { 0, 1, 2, 8, 0x100, 0x1000, PLIC_WINDOW_SIZE, UINT64_MAX };
	unsigned kind = fz_u8(f) % 4;
	uint64_t base = fz_bool(f) ? fz_u64(f) : (uint64_t)fz_u16(f) << 8;
	uint64_t size = fz_bool(f) ? sizes[fz_below(f, sizeof(sizes) / sizeof(sizes[0]))]
				   : fz_u64(f) >> fz_below(f, 64);
	const struct device_desc *desc = &rec_desc;
	void *dev = &s->recs[s->n < MMIO_BUS_MAX ? s->n : 0];
	bool want, got;

	if (fz_bool(f) && s->n > 0) {
		base = s->w[fz_below(f, s->n)].base + fz_u8(f) - 128; /* near a neighbour */
	}
	if (kind == 1) {
		desc = &plic_device;
		dev = &s->plic;
		size = PLIC_WINDOW_SIZE;
	} else if (kind == 2) {
		desc = &uart16550_device;
		dev = &s->uart;
		size = UART16550_WINDOW_SIZE;
	}
	want = size != 0 && (unsigned __int128)base + size <= (unsigned __int128)UINT64_MAX + 1 &&
	       s->n < MMIO_BUS_MAX && !overlaps(s, base, size);
	/*
	 * The header says "wraps": a window ending exactly at 2^64 does not wrap past the top, but
	 * base + size is 0 there, so accept either answer for it and follow the bus.
	 */
	/* Half the windows under a lock, as the board puts its devices without one of their own. */
	got = mmio_bus_add(&s->bus, base, size, desc, dev, fz_bool(f) ? &s->lock : NULL) != NULL;
	if ((unsigned __int128)base + size == (unsigned __int128)UINT64_MAX + 1 && want != got) {
		want = got;
	}
	FZ_CHECK(got == want, "add [0x%llx, +0x%llx) returned %d with %u windows",
		 (unsigned long long)base, (unsigned long long)size, got, s->n);
	if (!got) {
		return;
	}
	s->w[s->n] = (struct window){ base, size, desc, dev, desc == &rec_desc ? dev : NULL };
	if (desc == &rec_desc) {
		s->recs[s->n].size = size;
		s->recs[s->n].refuse = fz_u8(f) < 32;
	}
	s->n++;
	FZ_CHECK(s->bus.count == s->n, "bus holds %u windows, added %u", s->bus.count, s->n);
}

static void do_access(struct state *s, struct fz *f)
{
	static const unsigned lens[] = { 1, 2, 4, 8, 0, 3, 16 };
	uint64_t addr = pick_addr(f, s);
	unsigned len = lens[fz_u8(f) < 220 ? fz_below(f, 4) : 4 + fz_below(f, 3)];
	bool is_write = fz_bool(f);
	const struct window *w = owner(s, addr, len);
	struct mmio_bus_entry *e = mmio_bus_find(&s->bus, addr, len);
	uint64_t value = 0;
	unsigned calls_before = 0;
	enum mmio_bus_result r;

	/* Windows never overlap, so at most one owns the access, and the bus must find that one. */
	FZ_CHECK(len == 0 || (w == NULL) == (e == NULL), "find 0x%llx/%u: bus %p, reference %p",
		 (unsigned long long)addr, len, (void *)e, (const void *)w);
	FZ_CHECK(len == 0 || !e || (e->base == w->base && e->size == w->size),
		 "find chose another window");
	if (w && w->rec) {
		calls_before = w->rec->calls;
	}
	for (unsigned i = 0; i < 8; i++) {
		value |= (uint64_t)fz_u8(f) << (8 * i);
	}
	r = mmio_bus_access(&s->bus, addr, len, is_write, &value);
	FZ_CHECK(s->lock.locked == 0, "the bus left a window's lock held");
	if (len != 1 && len != 2 && len != 4 && len != 8) {
		FZ_CHECK(r == MMIO_BUS_UNSUPPORTED, "length %u gave %d", len, r);
		return;
	}
	if (!w) {
		FZ_CHECK(r == MMIO_BUS_NO_DEVICE, "0x%llx/%u hit a device",
			 (unsigned long long)addr, len);
		return;
	}
	FZ_CHECK(r == MMIO_BUS_OK || r == MMIO_BUS_UNSUPPORTED, "result %d", r);
	if (!is_write && r == MMIO_BUS_UNSUPPORTED) {
		FZ_CHECK(value == 0, "a refused read left data");
	}
	if (w->rec) {
		struct rec_dev *d = w->rec;

		FZ_CHECK(d->calls == calls_before + 1, "device called %u times",
			 d->calls - calls_before);
		FZ_CHECK(d->last_off == addr - w->base && d->last_width == len,
			 "device saw 0x%llx/%u", (unsigned long long)d->last_off, d->last_width);
		FZ_CHECK(r == (d->refuse ? MMIO_BUS_UNSUPPORTED : MMIO_BUS_OK),
			 "refusal not passed on");
		if (!is_write && r == MMIO_BUS_OK) {
			uint64_t v = 0x0807060504030201ull ^ (addr - w->base);

			for (unsigned i = 0; i < 8; i++) {
				uint8_t want = (uint8_t)(i < len ? v >> (8 * i) : 0);
				uint8_t got = (uint8_t)(value >> (8 * i));

				FZ_CHECK(got == want, "read byte %u is 0x%02x, want 0x%02x", i, got,
					 want);
			}
		}
		if (is_write) {
			uint64_t want = len == 8 ? value : value & ((1ULL << (8 * len)) - 1);

			FZ_CHECK(d->last_value == want,
				 "device got 0x%llx, want the low %u bytes "
				 "of 0x%llx",
				 (unsigned long long)d->last_value, len, (unsigned long long)value);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);
	struct state *s = calloc(1, sizeof(*s));
	unsigned steps = 0;

	plic_init(&s->plic, PLIC_MAX_SOURCES, 4, NULL, NULL);
	uart16550_init(&s->uart, NULL, NULL, NULL);
	while (!fz_empty(&f) && steps++ < 2048) {
		if (fz_u8(&f) % 4 == 0) {
			add_window(s, &f);
		} else {
			do_access(s, &f);
		}
	}
	free(s);
	return 0;
}
