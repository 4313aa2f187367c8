/* SPDX-License-Identifier: Apache-2.0 */
/* Doorbells (see core/doorbell.h): rvkvm_ioeventfd, and the lookup a guest's MMIO write makes. */
#include "core/doorbell.h"

#include "core/vcpu.h"
#include "lib/bytes.h"

#define KNOWN_FLAGS (RVKVM_IOEVENTFD_DATAMATCH | RVKVM_IOEVENTFD_DEASSIGN)

static bool valid_len(uint32_t len)
{
	return len == 0 || len == 1 || len == 2 || len == 4 || len == 8;
}

/* The doorbell args describes, with datamatch cut to len bytes (a wider one could never match). */
static struct doorbell from_args(const struct rvkvm_ioeventfd *args)
{
	struct doorbell b = {
		.addr = args->addr,
		.len = args->len,
		.match_data = (args->flags & RVKVM_IOEVENTFD_DATAMATCH) != 0,
		.event = args->event,
	};

	if (b.match_data) {
		b.datamatch = low_bytes(args->datamatch, b.len);
	}
	return b;
}

/* Whether a and b would take one same write: KVM refuses the second of such a pair. */
static bool collide(const struct doorbell *a, const struct doorbell *b)
{
	if (a->addr != b->addr) {
		return false;
	}
	if (a->len == 0 || b->len == 0) {
		return true;
	}
	return a->len == b->len &&
	       (!a->match_data || !b->match_data || a->datamatch == b->datamatch);
}

/* The same doorbell, as DEASSIGN names it. */
static bool same(const struct doorbell *a, const struct doorbell *b)
{
	return a->addr == b->addr && a->len == b->len && a->match_data == b->match_data &&
	       a->datamatch == b->datamatch && a->event == b->event;
}

static int deassign(struct doorbells *d, const struct doorbell *b)
{
	for (unsigned i = 0; i < d->count; i++) {
		if (same(&d->entry[i], b)) {
			/* The last takes its place: the order of the table means nothing. */
			d->entry[i] = d->entry[d->count - 1];
			__atomic_store_n(&d->count, d->count - 1, __ATOMIC_RELAXED);
			return 0;
		}
	}
	return RVKVM_ENOENT;
}

static int assign(struct doorbells *d, const struct doorbell *b)
{
	for (unsigned i = 0; i < d->count; i++) {
		if (collide(&d->entry[i], b)) {
			return RVKVM_EEXIST;
		}
	}
	if (d->count == RVKVM_IOEVENTFD_MAX) {
		return RVKVM_ENOSPC;
	}
	d->entry[d->count] = *b;
	__atomic_store_n(&d->count, d->count + 1, __ATOMIC_RELAXED);
	return 0;
}

/* lo and span for the table as it is now (span 0 when it is empty: no store is near). */
static void update_range(struct doorbells *d)
{
	uint64_t lo = UINT64_MAX, last = 0;

	for (unsigned i = 0; i < d->count; i++) {
		lo = d->entry[i].addr < lo ? d->entry[i].addr : lo;
		last = d->entry[i].addr > last ? d->entry[i].addr : last;
	}
	/*
	 * A store near but outside the range only costs a look at the table. (The span saturates:
	 * the one address it then leaves out, 2^64 - 1, is beyond any guest-physical address.)
	 */
	__atomic_store_n(&d->lo, d->count ? lo : 0, __ATOMIC_RELAXED);
	__atomic_store_n(&d->span,
			 !d->count                 ? 0
			 : last - lo == UINT64_MAX ? UINT64_MAX
						   : last - lo + 1,
			 __ATOMIC_RELAXED);
}

int doorbells_assign(struct doorbells *d, const struct rvkvm_ioeventfd *args)
{
	struct doorbell b;
	int rc;

	if (!args || !args->event || (args->flags & ~KNOWN_FLAGS) || !valid_len(args->len) ||
	    (args->len == 0 && (args->flags & RVKVM_IOEVENTFD_DATAMATCH)) ||
	    args->addr + args->len < args->addr) {
		return RVKVM_EINVAL;
	}
	b = from_args(args);
	spin_lock(&d->lock);
	/* seq odd: a ring that reads the table now looks again. */
	__atomic_store_n(&d->seq, d->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	rc = (args->flags & RVKVM_IOEVENTFD_DEASSIGN) ? deassign(d, &b) : assign(d, &b);
	update_range(d);
	__atomic_store_n(&d->seq, d->seq + 1, __ATOMIC_RELEASE);
	spin_unlock(&d->lock);
	return rc;
}

/* Whether b takes the write; its fields are read as a ring reads them, while they may change. */
static bool takes(const struct doorbell *b, uint64_t addr, unsigned len, uint64_t value)
{
	uint32_t b_len;

	if (__atomic_load_n(&b->addr, __ATOMIC_RELAXED) != addr) {
		return false;
	}
	b_len = __atomic_load_n(&b->len, __ATOMIC_RELAXED);
	if (b_len == 0) {
		return true;
	}
	return b_len == len && (!__atomic_load_n(&b->match_data, __ATOMIC_RELAXED) ||
				__atomic_load_n(&b->datamatch, __ATOMIC_RELAXED) == value);
}

/* The event of the doorbell that takes the write, or NULL, from one look at the table. */
static struct rvkvm_event *find(struct doorbells *d, uint64_t addr, unsigned len, uint64_t value)
{
	unsigned n = __atomic_load_n(&d->count, __ATOMIC_RELAXED);

	/* No two doorbells take one write (collide), so the first that takes it is the one. */
	for (unsigned i = 0; i < n && i < RVKVM_IOEVENTFD_MAX; i++) {
		if (takes(&d->entry[i], addr, len, value)) {
			return __atomic_load_n(&d->entry[i].event, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

bool doorbells_ring(struct doorbells *d, uint64_t addr, unsigned len, uint64_t value)
{
	struct rvkvm_event *e;
	unsigned long seq;

	/* Until one look saw no change: events live as long as the core, so e stays usable. */
	do {
		seq = __atomic_load_n(&d->seq, __ATOMIC_ACQUIRE);
		e = (seq & 1) ? NULL : find(d, addr, len, value);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((seq & 1) || __atomic_load_n(&d->seq, __ATOMIC_RELAXED) != seq);
	if (!e) {
		return false;
	}
	rvkvm_event_signal(e);
	return true;
}

int rvkvm_ioeventfd(struct rvkvm_vm *vm, const struct rvkvm_ioeventfd *args)
{
	if (__atomic_load_n(&vm->dead, __ATOMIC_ACQUIRE)) {
		return RVKVM_EBUSY;
	}
	return doorbells_assign(&vm->doorbells, args);
}
