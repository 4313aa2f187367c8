/* SPDX-License-Identifier: Apache-2.0 */
/* Guest RAM zeroed and mapped chunk by chunk on first touch (see core/ram_populate.h). */
#include "core/ram_populate.h"

#include "core/gstage.h"
#include "core/vcpu.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define WORD_BITS (8 * sizeof(unsigned long))

static uint64_t chunk_count(const struct ram_populate *p)
{
	return ((p->size - 1) >> p->chunk_shift) + 1;
}

static bool chunk_present(const struct ram_populate *p, uint64_t c)
{
	return (__atomic_load_n(&p->present[c / WORD_BITS], __ATOMIC_ACQUIRE) >> (c % WORD_BITS)) &
	       1;
}

/* Published after the chunk's zeros (and its mapping): whoever sees the bit sees those. */
static void mark_present(struct ram_populate *p, uint64_t c)
{
	__atomic_or_fetch(&p->present[c / WORD_BITS], 1UL << (c % WORD_BITS), __ATOMIC_RELEASE);
}

void ram_populate_init(struct ram_populate *p, uint64_t size, bool on_touch)
{
	unsigned shift = RAM_POPULATE_MIN_SHIFT;

	lib_memset(p, 0, sizeof(*p));
	p->size = size;
	if (!on_touch || size == 0) {
		return;
	}
	/* Larger chunks for a region too large for the bitmap at 2 MiB each. */
	while (((size - 1) >> shift) >= RAM_POPULATE_MAX_CHUNKS) {
		shift++;
	}
	p->chunk_shift = shift;
	p->absent = chunk_count(p);
}

bool ram_populate_has(const struct ram_populate *p, uint64_t off, uint64_t len)
{
	if (__atomic_load_n(&p->absent, __ATOMIC_ACQUIRE) == 0 || len == 0) {
		return true;
	}
	for (uint64_t c = off >> p->chunk_shift; c <= (off + len - 1) >> p->chunk_shift; c++) {
		if (!chunk_present(p, c)) {
			return false;
		}
	}
	return true;
}

/* Bytes [first, end) of chunks, clipped to the slot. */
static uint64_t run_bytes(const struct ram_populate *p, uint64_t first, uint64_t end)
{
	uint64_t stop = end << p->chunk_shift;

	return (stop < p->size ? stop : p->size) - (first << p->chunk_shift);
}

int ram_populate_range(struct rvkvm_vm *vm, unsigned idx, uint64_t off, uint64_t len, bool map,
		       unsigned long prot)
{
	struct ram_populate *p = &vm->populate[idx];
	const struct memslot *s = &vm->memslots.slot[idx];
	uint64_t last;

	if (p->absent == 0 || len == 0) {
		return GSTAGE_OK;
	}
	last = (off + len - 1) >> p->chunk_shift;
	/* Invariant: every chunk from off's up to c is present. */
	for (uint64_t c = off >> p->chunk_shift; c <= last;) {
		uint64_t end = c, at, bytes;

		if (chunk_present(p, c)) {
			c++;
			continue;
		}
		while (end <= last && !chunk_present(p, end)) {
			end++;
		}
		/* One run of absent chunks [c, end): zeroed and mapped at once, so large leaves fit. */
		at = c << p->chunk_shift;
		bytes = run_bytes(p, c, end);
		lib_memset((uint8_t *)hpa_ptr(s->host) + at, 0, (size_t)bytes); /* in host RAM */
		if (map) {
			int err = gstage_map(&vm->gstage, gpa(s->base.v + at), hpa(s->host.v + at),
					     bytes, prot);

			if (err != GSTAGE_OK) {
				return err; /* left absent: zeroed again next time, which is harmless */
			}
		}
		for (uint64_t k = c; k < end; k++) {
			mark_present(p, k);
		}
		__atomic_store_n(&p->absent, p->absent - (end - c), __ATOMIC_RELEASE);
		c = end;
	}
	return GSTAGE_OK;
}

int vm_populate_locked(struct rvkvm_vm *vm, const struct memslot *s, uint64_t off, uint64_t len)
{
	int err = ram_populate_range(vm, (unsigned)(s - vm->memslots.slot), off, len, true,
				     memslot_prot(s->flags));

	return err == GSTAGE_OK ? 0 : err == GSTAGE_ENOMEM ? RVKVM_ENOMEM : RVKVM_EINVAL;
}

int ram_populate_map(struct rvkvm_vm *vm, unsigned idx, const struct memslot *s, unsigned long prot)
{
	const struct ram_populate *p = &vm->populate[idx];
	uint64_t n;

	if (p->absent == 0) {
		return gstage_map(&vm->gstage, s->base, s->host, s->size, prot);
	}
	n = chunk_count(p);
	/* Invariant: the present chunks before c are mapped. */
	for (uint64_t c = 0; c < n;) {
		uint64_t end = c, at;
		int err;

		if (!chunk_present(p, c)) {
			c++;
			continue;
		}
		while (end < n && chunk_present(p, end)) {
			end++;
		}
		at = c << p->chunk_shift;
		err = gstage_map(&vm->gstage, gpa(s->base.v + at), hpa(s->host.v + at),
				 run_bytes(p, c, end), prot);
		if (err != GSTAGE_OK) {
			return err;
		}
		c = end;
	}
	return GSTAGE_OK;
}
