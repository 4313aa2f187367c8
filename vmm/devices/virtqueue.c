/* SPDX-License-Identifier: Apache-2.0 */
/* Split virtqueues from the device's side, over guest RAM the driver may change at any moment. */
#include "vmm/devices/virtqueue.h"

#include "lib/string.h"

/*
 * The layout of the three areas (section 2.7): offsets and sizes in bytes for a queue of n.
 * Descriptor: addr u64 at 0, len u32 at 8, flags u16 at 12, next u16 at 14.
 * Avail: flags u16, idx u16, ring[n] u16, used_event u16.
 * Used: flags u16, idx u16, ring[n] {id u32, len u32}, avail_event u16.
 */
#define DESC_SIZE 16u
#define DESC_ADDR 0u
#define DESC_LEN 8u
#define DESC_FLAGS 12u
#define DESC_NEXT 14u
#define DESC_ALIGN 16u

#define RING_FLAGS 0u
#define RING_IDX 2u
#define RING_ENTRIES 4u

#define AVAIL_ENTRY 2u
#define AVAIL_ALIGN 2u
#define USED_ENTRY 8u
#define USED_ALIGN 4u

_Static_assert(DESC_NEXT + 2 == DESC_SIZE, "a descriptor is 16 bytes");

static uint64_t desc_area(uint64_t n)
{
	return DESC_SIZE * n;
}

static uint64_t avail_area(uint64_t n)
{
	return RING_ENTRIES + AVAIL_ENTRY * n + 2; /* + used_event */
}

static uint64_t used_area(uint64_t n)
{
	return RING_ENTRIES + USED_ENTRY * n + 2; /* + avail_event */
}

/*
 * Loads and stores of ring fields, each exactly once. The areas' host addresses are aligned
 * (virtq_valid), so a field is one naturally aligned access the driver sees whole.
 */
static uint16_t load16(const uint8_t *p)
{
	uint16_t v = __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_RELAXED);

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	return v;
}

static void store16(uint8_t *p, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	__atomic_store_n((uint16_t *)(void *)p, v, __ATOMIC_RELAXED);
}

static void store32(uint8_t *p, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	__atomic_store_n((uint32_t *)(void *)p, v, __ATOMIC_RELAXED);
}

/* Little-endian decoding of a private copy. */
static uint64_t get_le(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i > 0; i--) {
		v = v << 8 | b[i - 1];
	}
	return v;
}

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/*
 * A descriptor read once and decoded from the copy. The usual table is 8-byte aligned: two
 * 64-bit loads (a little-endian host reads the fields as they lie). Otherwise (an indirect table
 * need not be aligned, nor is a big-endian host's view) byte by byte through volatile loads.
 * Inlined, like add_seg: they run for every buffer of every request, and a call costs more
 * than they do.
 */
static inline __attribute__((always_inline)) struct desc read_desc(const uint8_t *table, uint32_t i)
{
	const uint8_t *p = table + (uint64_t)i * DESC_SIZE;
	uint8_t b[DESC_SIZE];
	struct desc d;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if ((uintptr_t)p % sizeof(uint64_t) == 0) {
		uint64_t w0 = __atomic_load_n((const uint64_t *)(const void *)p, __ATOMIC_RELAXED);
		uint64_t w1 =
			__atomic_load_n((const uint64_t *)(const void *)(p + 8), __ATOMIC_RELAXED);

		d.addr = w0;
		d.len = (uint32_t)w1;
		d.flags = (uint16_t)(w1 >> 32);
		d.next = (uint16_t)(w1 >> 48);
		return d;
	}
#endif
	for (unsigned k = 0; k < DESC_SIZE; k++) {
		b[k] = ((const volatile uint8_t *)p)[k];
	}
	d.addr = get_le(b + DESC_ADDR, 8);
	d.len = (uint32_t)get_le(b + DESC_LEN, 4);
	d.flags = (uint16_t)get_le(b + DESC_FLAGS, 2);
	d.next = (uint16_t)get_le(b + DESC_NEXT, 2);
	return d;
}

/* The host address of an area when it lies in guest RAM and is aligned both there and here. */
static uint8_t *area(const struct guest_mem *m, uint64_t gpa, uint64_t len, uint64_t align)
{
	uint8_t *p;

	if (gpa % align != 0) {
		return NULL;
	}
	p = guest_mem_ptr(m, gpa, len);
	if (p == NULL || (uintptr_t)p % align != 0) {
		return NULL;
	}
	return p;
}

static bool size_valid(uint32_t num)
{
	return num != 0 && num <= VIRTQ_MAX_SIZE && (num & (num - 1)) == 0;
}

void virtq_reset(struct virtq *q)
{
	q->last_avail = 0;
	q->used_idx = 0;
	q->signalled = 0;
	q->signalled_valid = false;
}

bool virtq_valid(const struct virtq *q, const struct guest_mem *m)
{
	return size_valid(q->num) && area(m, q->desc, desc_area(q->num), DESC_ALIGN) != NULL &&
	       area(m, q->avail, avail_area(q->num), AVAIL_ALIGN) != NULL &&
	       area(m, q->used, used_area(q->num), USED_ALIGN) != NULL;
}

/*
 * A chain being walked: the counts live here, in the walker's registers (nothing takes the
 * address of a walk), and reach the chain when the walk ends, so the stores of each buffer need
 * not be read back.
 */
struct walk {
	const struct guest_mem *m;
	struct virtq_seg *next_seg; /* where the next buffer goes */
	unsigned nout, nin;
	uint64_t out_len, in_len;
};

/* Appends one buffer to the chain, or says why the driver may not hand it over. */
static inline __attribute__((always_inline)) const char *add_seg(struct walk *w,
								 const struct desc *d)
{
	unsigned n = w->nout + w->nin;
	uint8_t *host;

	if (d->len == 0) {
		return "a buffer of length 0";
	}
	if ((host = guest_mem_ptr(w->m, d->addr, d->len)) == NULL) {
		return "a buffer outside guest RAM";
	}
	if (n == VIRTQ_MAX_SEGS) {
		return "more than VIRTQ_MAX_SEGS buffers in a chain";
	}
	if ((d->flags & VIRTQ_DESC_F_WRITE) != 0) {
		w->nin++;
		w->in_len += d->len;
	} else if (w->nin != 0) {
		return "a readable buffer after a writable one";
	} else {
		w->nout++;
		w->out_len += d->len;
	}
	w->next_seg->gpa = d->addr;
	w->next_seg->host = host;
	w->next_seg->len = d->len;
	w->next_seg++;
	return NULL;
}

/* The buffers of the indirect table that descriptor d points to. */
static const char *walk_indirect(struct walk *w, const struct desc *d)
{
	const uint8_t *table;
	uint32_t entries, i = 0, visited = 0;

	if ((d->flags & VIRTQ_DESC_F_NEXT) != 0) {
		return "an indirect descriptor with NEXT set";
	}
	if (d->len == 0 || d->len % DESC_SIZE != 0) {
		return "an indirect table not a whole number of descriptors";
	}
	table = guest_mem_ptr(w->m, d->addr, d->len);
	if (table == NULL) {
		return "an indirect table outside guest RAM";
	}
	entries = d->len / DESC_SIZE;
	/* Invariant: visited descriptors of this table so far; more than entries means a loop. */
	for (;;) {
		struct desc e;
		const char *why;

		if (i >= entries) {
			return "an indirect next index past its table";
		}
		if (++visited > entries) {
			return "a descriptor loop in an indirect table";
		}
		e = read_desc(table, i);
		if ((e.flags & VIRTQ_DESC_F_INDIRECT) != 0) {
			return "an indirect descriptor inside an indirect table";
		}
		why = add_seg(w, &e);
		if (why != NULL) {
			return why;
		}
		if ((e.flags & VIRTQ_DESC_F_NEXT) == 0) {
			return NULL;
		}
		i = e.next;
	}
}

/*
 * The whole chain from head on, through at most one indirect table (which ends it), into w;
 * the queue's fields are read once, as the chain's stores could otherwise be taken for them.
 */
static const char *walk_chain(struct walk *w, const struct virtq *q, const uint8_t *table,
			      uint16_t head)
{
	uint32_t i = head, visited = 0, num = q->num;
	bool indirect = q->indirect;

	/* Invariant: visited descriptors of the direct table so far; more than num means a loop. */
	for (;;) {
		struct desc d;
		const char *why;

		if (i >= num) {
			return "a next index past the queue size";
		}
		if (++visited > num) {
			return "a descriptor loop";
		}
		d = read_desc(table, i);
		if ((d.flags & VIRTQ_DESC_F_INDIRECT) != 0) {
			if (!indirect) {
				return "an indirect descriptor, not negotiated";
			}
			return walk_indirect(w, &d);
		}
		why = add_seg(w, &d);
		if (why != NULL) {
			return why;
		}
		if ((d.flags & VIRTQ_DESC_F_NEXT) == 0) {
			return NULL;
		}
		i = d.next;
	}
}

static enum virtq_pop_result broken(const char **why, const char *reason)
{
	if (why != NULL) {
		*why = reason;
	}
	return VIRTQ_BROKEN;
}

enum virtq_pop_result virtq_pop(struct virtq *q, const struct guest_mem *m,
				struct virtq_chain *chain, const char **why)
{
	const uint8_t *avail, *table;
	uint16_t avail_idx, pending, head;
	struct walk w = { 0 };
	const char *reason;

	if (!size_valid(q->num)) {
		return broken(why, "a queue size that is not a power of 2 up to VIRTQ_MAX_SIZE");
	}
	avail = area(m, q->avail, avail_area(q->num), AVAIL_ALIGN);
	table = area(m, q->desc, desc_area(q->num), DESC_ALIGN);
	if (avail == NULL || table == NULL) {
		return broken(why, "the avail ring or descriptor table outside guest RAM");
	}
	avail_idx = load16(avail + RING_IDX);
	pending = (uint16_t)(avail_idx - q->last_avail);
	if (pending == 0) {
		return VIRTQ_EMPTY;
	}
	if (pending > q->num) {
		return broken(why, "avail idx more than the queue size ahead");
	}
	/* The ring entry and descriptors were written before idx: read them only after it. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	head = load16(avail + RING_ENTRIES + AVAIL_ENTRY * (uint32_t)(q->last_avail % q->num));
	if (head >= q->num) {
		return broken(why, "a head index past the queue size");
	}
	w.m = m;
	w.next_seg = chain->seg;
	reason = walk_chain(&w, q, table, head);
	if (reason != NULL) {
		return broken(why, reason);
	}
	chain->head = head;
	chain->nout = w.nout;
	chain->nin = w.nin;
	chain->out_len = w.out_len;
	chain->in_len = w.in_len;
	q->last_avail++;
	return VIRTQ_CHAIN;
}

void virtq_unpop(struct virtq *q)
{
	q->last_avail--;
}

bool virtq_push(struct virtq *q, const struct guest_mem *m, uint16_t head, uint32_t written)
{
	struct virtq_used_elem e = { .head = head, .written = written };

	return virtq_push_many(q, m, &e, 1);
}

bool virtq_push_many(struct virtq *q, const struct guest_mem *m, const struct virtq_used_elem *e,
		     unsigned n)
{
	uint8_t *used;

	if (!size_valid(q->num) || n > q->num) {
		return false;
	}
	used = area(m, q->used, used_area(q->num), USED_ALIGN);
	if (used == NULL) {
		return false;
	}
	/* Invariant: e[0, i) are in the ring past used idx, where the driver does not look yet. */
	for (unsigned i = 0; i < n; i++) {
		uint16_t slot = (uint16_t)((uint16_t)(q->used_idx + i) % q->num);
		uint8_t *elem = used + RING_ENTRIES + USED_ENTRY * (uint32_t)slot;

		store32(elem, e[i].head);
		store32(elem + 4, e[i].written);
	}
	q->used_idx = (uint16_t)(q->used_idx + n);
	/* The elements (and the buffer contents before them) must be visible before idx. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	store16(used + RING_IDX, q->used_idx);
	return true;
}

/* Whether used idx moving from old to new_idx passes event: the driver's "interrupt me at". */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

bool virtq_should_interrupt(struct virtq *q, const struct guest_mem *m)
{
	const uint8_t *avail;
	bool need;

	if (!size_valid(q->num)) {
		return false;
	}
	avail = area(m, q->avail, avail_area(q->num), AVAIL_ALIGN);
	if (avail == NULL) {
		return false;
	}
	/* Used idx was stored before: the driver's flag or used_event must be read after it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (q->event_idx) {
		uint16_t event = load16(avail + RING_ENTRIES + AVAIL_ENTRY * (uint32_t)q->num);

		need = !q->signalled_valid || need_event(event, q->used_idx, q->signalled);
	} else {
		need = (load16(avail + RING_FLAGS) & VIRTQ_AVAIL_F_NO_INTERRUPT) == 0;
	}
	if (need) {
		q->signalled = q->used_idx;
		q->signalled_valid = true;
	}
	return need;
}

bool virtq_enable_notify(struct virtq *q, const struct guest_mem *m)
{
	return virtq_enable_notify_at(q, m, 0);
}

bool virtq_enable_notify_at(struct virtq *q, const struct guest_mem *m, uint16_t ahead)
{
	uint16_t want = (uint16_t)(q->last_avail + ahead);
	const uint8_t *avail;
	uint8_t *used;

	if (!size_valid(q->num)) {
		return false;
	}
	avail = area(m, q->avail, avail_area(q->num), AVAIL_ALIGN);
	used = area(m, q->used, used_area(q->num), USED_ALIGN);
	if (avail == NULL || used == NULL) {
		return true; /* let virtq_pop find and report the breakage instead of sleeping */
	}
	/* avail_event = want: the driver notifies when it makes entry `want` available. */
	if (q->event_idx) {
		store16(used + RING_ENTRIES + USED_ENTRY * (uint32_t)q->num, want);
	} else {
		store16(used + RING_FLAGS, 0);
	}
	/* The request must be visible before avail idx is read again, or a notify can be lost. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return (uint16_t)(load16(avail + RING_IDX) - q->last_avail) > ahead;
}

/* Copies between buf and segments [first, first + count) of c, from byte off of them on. */
static size_t chain_copy(const struct guest_mem *m, const struct virtq_chain *c, unsigned first,
			 unsigned count, uint64_t off, uint8_t *buf, size_t len, bool to_guest)
{
	size_t done = 0;

	/* Invariant: done bytes copied, off bytes still to skip before copying starts. */
	for (unsigned s = first; s < first + count && s < VIRTQ_MAX_SEGS && done < len; s++) {
		const struct virtq_seg *seg = &c->seg[s];
		uint64_t n;
		uint8_t *p;

		if (off >= seg->len) {
			off -= seg->len;
			continue;
		}
		n = seg->len - off;
		if (n > len - done) {
			n = len - done;
		}
		p = guest_mem_ptr(m, seg->gpa + off, n);
		if (p == NULL) {
			break;
		}
		if (to_guest) {
			lib_memcpy(p, buf + done, (size_t)n);
		} else {
			lib_memcpy(buf + done, p, (size_t)n);
		}
		done += (size_t)n;
		off = 0;
	}
	return done;
}

size_t virtq_chain_read(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			void *buf, size_t len)
{
	return chain_copy(m, c, 0, c->nout, off, buf, len, false);
}

size_t virtq_chain_write(const struct guest_mem *m, const struct virtq_chain *c, uint64_t off,
			 const void *buf, size_t len)
{
	/* The cast drops const only for the shared helper, which reads buf when to_guest is set. */
	return chain_copy(m, c, c->nout, c->nin, off, (uint8_t *)(uintptr_t)buf, len, true);
}
