/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the PLIC model: random guest MMIO (any offset, any width) and device line
 * changes, checked against a reference PLIC written here from the PLIC specification.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vmm/devices/plic.h"

#define NSRC PLIC_MAX_SOURCES
#define NCTX PLIC_MAX_CONTEXTS

/* The reference: one bool per bit, no bitmaps, so it shares no arithmetic with the model. */
struct ref {
	unsigned sources, contexts;
	unsigned prio[NSRC];
	bool line[NSRC], pending[NSRC], claimed[NSRC];
	bool enable[NCTX][NSRC];
	unsigned threshold[NCTX];
};

struct run {
	struct plic plic;
	struct ref ref;
	bool level[NCTX]; /* what notify last said */
	unsigned notifies;
	bool in_call; /* set while a PLIC call runs: notify only comes from inside one */
};

static bool ref_valid(const struct ref *r, unsigned s)
{
	return s >= 1 && s < r->sources;
}

/* Highest priority above the threshold wins; the lowest id breaks ties (the spec's rule). */
static unsigned ref_best(const struct ref *r, unsigned c)
{
	unsigned best = 0, best_prio = r->threshold[c];

	for (unsigned s = 1; s < r->sources; s++) {
		if (r->pending[s] && r->enable[c][s] && r->prio[s] > best_prio) {
			best = s;
			best_prio = r->prio[s];
		}
	}
	return best;
}

static void ref_set_irq(struct ref *r, unsigned s, bool level)
{
	if (!ref_valid(r, s)) {
		return;
	}
	r->line[s] = level;
	if (level && !r->claimed[s]) {
		r->pending[s] = true;
	}
}

static unsigned ref_claim(struct ref *r, unsigned c)
{
	unsigned s;

	if (c >= r->contexts) {
		return 0;
	}
	s = ref_best(r, c);
	if (s) {
		r->pending[s] = false;
		r->claimed[s] = true;
	}
	return s;
}

static void ref_complete(struct ref *r, unsigned c, uint32_t s)
{
	if (c >= r->contexts || s >= r->sources || s == 0 || !r->enable[c][s] || !r->claimed[s]) {
		return;
	}
	r->claimed[s] = false;
	if (r->line[s]) {
		r->pending[s] = true;
	}
}

static void ref_reset(struct ref *r)
{
	memset(r->prio, 0, sizeof(r->prio));
	memset(r->claimed, 0, sizeof(r->claimed));
	memset(r->enable, 0, sizeof(r->enable));
	memset(r->threshold, 0, sizeof(r->threshold));
	for (unsigned s = 0; s < NSRC; s++) {
		r->pending[s] = ref_valid(r, s) && r->line[s];
	}
}

/* The register at offset as the reference sees it: false for an access the PLIC refuses. */
static bool ref_read(struct ref *r, uint64_t off, unsigned width, uint64_t *v)
{
	*v = 0;
	if (width != 4 || off % 4 != 0 || off >= PLIC_WINDOW_SIZE) {
		return false;
	}
	if (off < 0x1000) {
		unsigned s = (unsigned)(off / 4);

		*v = ref_valid(r, s) ? r->prio[s] : 0;
	} else if (off < 0x2000) {
		uint64_t first = (off - 0x1000) / 4 * 32;

		for (unsigned b = 0; b < 32 && first + b < NSRC; b++) {
			*v |= (uint64_t)(r->pending[first + b] && ref_valid(r, (unsigned)first + b))
			      << b;
		}
	} else if (off < 0x200000) {
		uint64_t c = (off - 0x2000) / 0x80;
		uint64_t first = (off - 0x2000) % 0x80 / 4 * 32;

		for (unsigned b = 0; c < r->contexts && b < 32 && first + b < NSRC; b++) {
			*v |= (uint64_t)r->enable[c][first + b] << b;
		}
	} else {
		uint64_t c = (off - 0x200000) / 0x1000, reg = (off - 0x200000) % 0x1000;

		if (c < r->contexts && reg == 0) {
			*v = r->threshold[c];
		} else if (c < r->contexts && reg == 4) {
			*v = ref_claim(r, (unsigned)c);
		}
	}
	return true;
}

static bool ref_write(struct ref *r, uint64_t off, unsigned width, uint64_t v)
{
	if (width != 4 || off % 4 != 0 || off >= PLIC_WINDOW_SIZE) {
		return false;
	}
	if (off < 0x1000) {
		unsigned s = (unsigned)(off / 4);

		if (ref_valid(r, s)) {
			r->prio[s] = (unsigned)v & 7;
		}
	} else if (off >= 0x2000 && off < 0x200000) {
		uint64_t c = (off - 0x2000) / 0x80;
		uint64_t first = (off - 0x2000) % 0x80 / 4 * 32;

		for (unsigned b = 0; c < r->contexts && b < 32 && first + b < NSRC; b++) {
			r->enable[c][first + b] =
				ref_valid(r, (unsigned)first + b) && ((v >> b) & 1);
		}
	} else if (off >= 0x200000) {
		uint64_t c = (off - 0x200000) / 0x1000, reg = (off - 0x200000) % 0x1000;

		if (c < r->contexts && reg == 0) {
			r->threshold[c] = (unsigned)v & 7;
		} else if (c < r->contexts && reg == 4) {
			ref_complete(r, (unsigned)c, (uint32_t)v);
		}
	}
	return true;
}

static void notify(void *opaque, unsigned context, bool level)
{
	struct run *run = opaque;

	FZ_CHECK(run->in_call, "notify outside a PLIC call");
	FZ_CHECK(context < run->ref.contexts, "notify for context %u of %u", context,
		 run->ref.contexts);
	FZ_CHECK(level != run->level[context], "notify for context %u without a change", context);
	run->level[context] = level;
	run->notifies++;
}

/* After every operation each context's output is what the reference arbitration says. */
static void check_outputs(const struct run *run)
{
	for (unsigned c = 0; c < run->ref.contexts; c++) {
		bool want = ref_best(&run->ref, c) != 0;

		FZ_CHECK(run->level[c] == want, "context %u output %d, reference says %d", c,
			 run->level[c], want);
	}
}

/* Offsets mostly where registers are, sometimes anywhere at all. */
static uint64_t pick_offset(struct fz *f, unsigned contexts)
{
	unsigned c = fz_below(f, contexts + 2);

	switch (fz_u8(f) % 8) {
	case 0:
		return (uint64_t)fz_below(f, 128) * 4; /* priority */
	case 1:
		return 0x1000 + (uint64_t)fz_below(f, 8) * 4; /* pending */
	case 2:
		return 0x2000 + (uint64_t)c * 0x80 + (uint64_t)fz_below(f, 8) * 4; /* enable */
	case 3:
		return 0x200000 + (uint64_t)c * 0x1000; /* threshold */
	case 4:
	case 5:
		return 0x200000 + (uint64_t)c * 0x1000 + 4; /* claim/complete */
	case 6:
		return fz_u32(f) % (PLIC_WINDOW_SIZE + 0x100);
	default:
		return fz_u64(f);
	}
}

static unsigned pick_width(struct fz *f)
{
	static const unsigned widths[] = { 4, 4, 4, 4, 4, 1, 2, 8, 0, 3, 16 };

	return widths[fz_below(f, sizeof(widths) / sizeof(widths[0]))];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);
	struct run *run = calloc(1, sizeof(*run));
	unsigned sources = fz_below(&f, NSRC + 8);
	unsigned contexts = fz_below(&f, NCTX + 3);
	unsigned steps = 0;

	plic_init(&run->plic, sources, contexts, notify, run);
	run->ref.sources = sources > NSRC ? NSRC : sources;
	run->ref.contexts = contexts > NCTX ? NCTX : contexts;
	/* Invariant: the model and the reference went through the same operations. */
	while (!fz_empty(&f) && steps++ < 4096) {
		unsigned op = fz_u8(&f) % 8;
		uint64_t off, got, want;
		unsigned width, src, ctx;
		bool ok, want_ok;

		run->in_call = true;
		switch (op) {
		case 0:
		case 1: /* guest read */
			off = pick_offset(&f, run->ref.contexts);
			width = pick_width(&f);
			got = 0xdeadbeef;
			ok = plic_device.read(&run->plic, off, width, &got);
			want_ok = ref_read(&run->ref, off, width, &want);
			FZ_CHECK(ok == want_ok, "read 0x%llx/%u accepted %d",
				 (unsigned long long)off, width, ok);
			FZ_CHECK(!ok || got == want, "read 0x%llx = 0x%llx, reference 0x%llx",
				 (unsigned long long)off, (unsigned long long)got,
				 (unsigned long long)want);
			break;
		case 2:
		case 3: /* guest write */
			off = pick_offset(&f, run->ref.contexts);
			width = pick_width(&f);
			want = fz_bool(&f) ? fz_u64(&f) : fz_below(&f, 130);
			ok = plic_device.write(&run->plic, off, width, want);
			want_ok = ref_write(&run->ref, off, width, want);
			FZ_CHECK(ok == want_ok, "write 0x%llx/%u accepted %d",
				 (unsigned long long)off, width, ok);
			break;
		case 4:
		case 5: /* a device line */
			src = fz_below(&f, NSRC + 40);
			ok = fz_bool(&f);
			plic_set_irq(&run->plic, src, ok);
			ref_set_irq(&run->ref, src, ok);
			break;
		case 6: /* the VMM's own claim/complete calls */
			ctx = fz_below(&f, NCTX + 3);
			if (fz_bool(&f)) {
				got = plic_claim(&run->plic, ctx);
				want = ref_claim(&run->ref, ctx);
				FZ_CHECK(got == want, "claim %u = %llu, reference %llu", ctx,
					 (unsigned long long)got, (unsigned long long)want);
			} else {
				src = fz_bool(&f) ? fz_below(&f, NSRC + 8) : fz_u32(&f);
				plic_complete(&run->plic, ctx, src);
				ref_complete(&run->ref, ctx, src);
			}
			break;
		default:
			if (fz_u8(&f) < 16) {
				plic_device.reset(&run->plic);
				ref_reset(&run->ref);
			}
			break;
		}
		run->in_call = false;
		check_outputs(run);
	}
	free(run);
	return 0;
}
