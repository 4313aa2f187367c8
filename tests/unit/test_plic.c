/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of the PLIC model, driven through its MMIO descriptor as a guest would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmm/devices/plic.h"

#define MAX_EVENTS 64

struct event {
	unsigned context;
	bool level;
};

/* Records every notify call so tests can check both the count and the content. */
struct recorder {
	struct event ev[MAX_EVENTS];
	unsigned count;
	unsigned num_contexts;
};

static struct plic plic;
static struct recorder rec;

static void record(void *opaque, unsigned context, bool level)
{
	struct recorder *r = opaque;

	assert_ptr_equal(r, &rec);
	assert_true(context < r->num_contexts);
	if (r->count < MAX_EVENTS) {
		r->ev[r->count].context = context;
		r->ev[r->count].level = level;
	}
	r->count++;
}

static void setup_plic(unsigned sources, unsigned contexts)
{
	memset(&rec, 0, sizeof(rec));
	rec.num_contexts = contexts > PLIC_MAX_CONTEXTS ? PLIC_MAX_CONTEXTS : contexts;
	plic_init(&plic, sources, contexts, record, &rec);
}

static uint64_t prio_off(unsigned s)
{
	return PLIC_PRIORITY_BASE + 4u * s;
}

static uint64_t pending_off(unsigned w)
{
	return PLIC_PENDING_BASE + 4u * w;
}

static uint64_t enable_off(unsigned c, unsigned w)
{
	return PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * c + 4u * w;
}

static uint64_t threshold_off(unsigned c)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * c + PLIC_CONTEXT_THRESHOLD;
}

static uint64_t claim_off(unsigned c)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * c + PLIC_CONTEXT_CLAIM;
}

static uint32_t rd(uint64_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefULL;

	assert_true(plic_device.read(&plic, off, 4, &v));
	assert_true(v <= UINT32_MAX);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	assert_true(plic_device.write(&plic, off, 4, v));
}

static void enable_source(unsigned c, unsigned s)
{
	wr(enable_off(c, s / 32u), rd(enable_off(c, s / 32u)) | (1u << (s % 32u)));
}

static void assert_event(unsigned i, unsigned context, bool level)
{
	assert_true(i < rec.count);
	assert_int_equal(rec.ev[i].context, context);
	assert_int_equal(rec.ev[i].level, level);
}

static void test_descriptor(void **state)
{
	(void)state;
	assert_string_equal(plic_device.name, "plic");
	assert_string_equal(plic_device.compatible, "sifive,plic-1.0.0");
	assert_non_null(plic_device.read);
	assert_non_null(plic_device.write);
	assert_non_null(plic_device.reset);
}

static void test_priority_masking(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(5), 0xff);
	assert_int_equal(rd(prio_off(5)), 7);
	wr(prio_off(5), 3);
	assert_int_equal(rd(prio_off(5)), 3);
	wr(prio_off(5), 0xfffffff8);
	assert_int_equal(rd(prio_off(5)), 0);
	wr(prio_off(95), 0x6);
	assert_int_equal(rd(prio_off(95)), 6);
	/* Source 96 does not exist in a 96-source PLIC: reserved, and must not alias. */
	wr(prio_off(96), 5);
	assert_int_equal(rd(prio_off(96)), 0);
	wr(prio_off(1023), 5);
	assert_int_equal(rd(prio_off(1023)), 0);
	for (unsigned s = 1; s < 95; s++) {
		assert_int_equal(rd(prio_off(s)), 0);
	}
	assert_int_equal(rec.count, 0);
}

static void test_source_zero(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(0), 7);
	assert_int_equal(rd(prio_off(0)), 0);
	wr(enable_off(0, 0), 0xffffffff);
	assert_int_equal(rd(enable_off(0, 0)), 0xfffffffe);
	plic_set_irq(&plic, 0, true);
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
	wr(claim_off(0), 0); /* completing id 0 must be harmless */
	assert_int_equal(rec.count, 0);
}

static void test_enable_per_context(void **state)
{
	(void)state;
	setup_plic(96, 4);
	wr(prio_off(3), 1);
	enable_source(1, 3);
	assert_int_equal(rd(enable_off(1, 0)), 1u << 3);
	assert_int_equal(rd(enable_off(0, 0)), 0);
	assert_int_equal(rd(enable_off(2, 0)), 0);
	plic_set_irq(&plic, 3, true);
	assert_int_equal(rec.count, 1);
	assert_event(0, 1, true);
	assert_int_equal(rd(claim_off(0)), 0);
	assert_int_equal(rd(claim_off(2)), 0);
	assert_int_equal(rd(claim_off(1)), 3);
	assert_int_equal(rec.count, 2);
	assert_event(1, 1, false);
}

static void test_enable_after_pending(void **state)
{
	(void)state;
	setup_plic(96, 2);
	wr(prio_off(64), 2);
	plic_set_irq(&plic, 64, true);
	assert_int_equal(rec.count, 0);
	/* Enabling an already-pending source must raise the output at once. */
	enable_source(1, 64);
	assert_int_equal(rec.count, 1);
	assert_event(0, 1, true);
	wr(enable_off(1, 2), 0);
	assert_int_equal(rec.count, 2);
	assert_event(1, 1, false);
}

static void test_enable_masks_missing_sources(void **state)
{
	(void)state;
	setup_plic(40, 2);
	wr(enable_off(0, 1), 0xffffffff);
	assert_int_equal(rd(enable_off(0, 1)), 0xff); /* sources 32..39 */
	wr(enable_off(0, 2), 0xffffffff);
	assert_int_equal(rd(enable_off(0, 2)), 0);
	/* Words past the enable array are reserved, not a neighbouring context's bits. */
	wr(enable_off(0, 31), 0xffffffff);
	assert_int_equal(rd(enable_off(0, 31)), 0);
	assert_int_equal(rd(enable_off(1, 0)), 0);
	/* Context 2 does not exist in a 2-context PLIC. */
	wr(enable_off(2, 0), 0xffffffff);
	assert_int_equal(rd(enable_off(2, 0)), 0);
}

static void test_threshold_gating(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(threshold_off(0), 0xf);
	assert_int_equal(rd(threshold_off(0)), 7);
	wr(prio_off(10), 3);
	enable_source(0, 10);
	wr(threshold_off(0), 3);
	plic_set_irq(&plic, 10, true);
	assert_int_equal(rec.count, 0);
	assert_int_equal(rd(claim_off(0)), 0);
	assert_int_equal(rd(pending_off(0)), 1u << 10); /* a failed claim leaves it pending */
	wr(threshold_off(0), 2);
	assert_int_equal(rec.count, 1);
	assert_event(0, 0, true);
	wr(threshold_off(0), 3);
	assert_int_equal(rec.count, 2);
	assert_event(1, 0, false);
	wr(threshold_off(0), 0);
	assert_int_equal(rd(claim_off(0)), 10);
}

static void test_priority_zero_never_interrupts(void **state)
{
	(void)state;
	setup_plic(96, 1);
	enable_source(0, 4);
	plic_set_irq(&plic, 4, true);
	assert_int_equal(rec.count, 0);
	assert_int_equal(rd(claim_off(0)), 0);
	wr(prio_off(4), 1);
	assert_int_equal(rec.count, 1);
	wr(prio_off(4), 0);
	assert_int_equal(rec.count, 2);
	assert_event(1, 0, false);
}

static void test_claim_order_by_priority(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(2), 1);
	wr(prio_off(7), 5);
	wr(prio_off(9), 3);
	wr(prio_off(60), 7);
	enable_source(0, 2);
	enable_source(0, 7);
	enable_source(0, 9);
	enable_source(0, 60);
	plic_set_irq(&plic, 2, true);
	plic_set_irq(&plic, 9, true);
	plic_set_irq(&plic, 7, true);
	plic_set_irq(&plic, 60, true);
	assert_int_equal(rd(claim_off(0)), 60);
	assert_int_equal(rd(claim_off(0)), 7);
	assert_int_equal(rd(claim_off(0)), 9);
	assert_int_equal(rd(claim_off(0)), 2);
	assert_int_equal(rd(claim_off(0)), 0);
}

static void test_claim_order_by_id(void **state)
{
	(void)state;
	setup_plic(96, 1);
	const unsigned ids[] = { 70, 40, 10, 95, 33 };
	const unsigned order[] = { 10, 33, 40, 70, 95 };

	for (unsigned i = 0; i < 5; i++) {
		wr(prio_off(ids[i]), 4);
		enable_source(0, ids[i]);
		plic_set_irq(&plic, ids[i], true);
	}
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(rd(claim_off(0)), order[i]);
	}
	assert_int_equal(rd(claim_off(0)), 0);
}

static void test_claim_clears_pending(void **state)
{
	(void)state;
	setup_plic(96, 2);
	wr(prio_off(5), 2);
	wr(prio_off(6), 1);
	enable_source(0, 5);
	enable_source(0, 6);
	enable_source(1, 5);
	plic_set_irq(&plic, 5, true);
	plic_set_irq(&plic, 6, true);
	assert_int_equal(rd(pending_off(0)), (1u << 5) | (1u << 6));
	assert_int_equal(rec.count, 2);
	assert_int_equal(rd(claim_off(0)), 5);
	assert_int_equal(rd(pending_off(0)), 1u << 6);
	/* Context 1 only had source 5, which is now claimed: its line drops. */
	assert_int_equal(rec.count, 3);
	assert_event(2, 1, false);
	assert_int_equal(rd(claim_off(1)), 0);
	assert_int_equal(rd(claim_off(0)), 6);
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
}

static void test_complete_reraises_high_line(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(8), 1);
	enable_source(0, 8);
	plic_set_irq(&plic, 8, true);
	assert_int_equal(rd(claim_off(0)), 8);
	/* In service: the gateway must hold a new assertion back. */
	plic_set_irq(&plic, 8, true);
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
	assert_int_equal(rec.count, 2);
	wr(claim_off(0), 8);
	assert_int_equal(rd(pending_off(0)), 1u << 8);
	assert_int_equal(rec.count, 3);
	assert_event(2, 0, true);
	assert_int_equal(rd(claim_off(0)), 8);
	plic_set_irq(&plic, 8, false);
	wr(claim_off(0), 8);
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
}

static void test_complete_wrong_id_ignored(void **state)
{
	(void)state;
	setup_plic(96, 2);
	wr(prio_off(5), 1);
	wr(prio_off(6), 1);
	enable_source(0, 5);
	enable_source(0, 6);
	plic_set_irq(&plic, 5, true);
	assert_int_equal(rd(claim_off(0)), 5);
	/* 6 is not in service; 5 is not enabled on context 1; the rest are not ids. */
	wr(claim_off(0), 6);
	wr(claim_off(1), 5);
	wr(claim_off(0), 0);
	wr(claim_off(0), 96);
	wr(claim_off(0), 1000);
	wr(claim_off(0), 0xffffffff);
	plic_complete(&plic, 5, 5);
	/* Still in service, so the high line has not become pending again. */
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
	wr(claim_off(0), 5);
	assert_int_equal(rd(pending_off(0)), 1u << 5);
	assert_int_equal(rd(claim_off(0)), 5);
}

static void test_complete_needs_enable_now(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(12), 1);
	enable_source(0, 12);
	plic_set_irq(&plic, 12, true);
	assert_int_equal(rd(claim_off(0)), 12);
	wr(enable_off(0, 0), 0);
	wr(claim_off(0), 12); /* ignored: not enabled any more */
	enable_source(0, 12);
	assert_int_equal(rd(pending_off(0)), 0);
	wr(claim_off(0), 12);
	assert_int_equal(rd(claim_off(0)), 12);
}

static void test_notify_exact_changes(void **state)
{
	(void)state;
	setup_plic(96, 3);
	wr(prio_off(1), 1);
	wr(prio_off(2), 1);
	enable_source(2, 1);
	enable_source(2, 2);
	assert_int_equal(rec.count, 0);
	plic_set_irq(&plic, 1, true);
	assert_int_equal(rec.count, 1);
	assert_event(0, 2, true);
	/* Already high: more sources, repeated assertions and priority changes say nothing. */
	plic_set_irq(&plic, 2, true);
	plic_set_irq(&plic, 1, true);
	wr(prio_off(1), 3);
	assert_int_equal(rec.count, 1);
	assert_int_equal(rd(claim_off(2)), 1);
	assert_int_equal(rec.count, 1); /* 2 still pending */
	assert_int_equal(rd(claim_off(2)), 2);
	assert_int_equal(rec.count, 2);
	assert_event(1, 2, false);
	plic_set_irq(&plic, 1, false);
	plic_set_irq(&plic, 2, false);
	wr(claim_off(2), 1);
	wr(claim_off(2), 2);
	assert_int_equal(rec.count, 2);
	/* Lines low and completed: nothing left to raise. */
	assert_int_equal(rd(claim_off(2)), 0);
	assert_int_equal(rec.count, 2);
}

static void test_notify_null_allowed(void **state)
{
	(void)state;
	plic_init(&plic, 96, 1, NULL, NULL);
	wr(prio_off(3), 1);
	enable_source(0, 3);
	plic_set_irq(&plic, 3, true);
	assert_int_equal(rd(claim_off(0)), 3);
	plic_reset(&plic);
}

static void test_level_drop_keeps_request(void **state)
{
	(void)state;
	setup_plic(96, 1);
	wr(prio_off(20), 1);
	enable_source(0, 20);
	plic_set_irq(&plic, 20, true);
	plic_set_irq(&plic, 20, false);
	/* The spec keeps an accepted request; the guest claims it and finds nothing to do. */
	assert_int_equal(rd(pending_off(0)), 1u << 20);
	assert_int_equal(rd(claim_off(0)), 20);
	wr(claim_off(0), 20);
	assert_int_equal(rd(pending_off(0)), 0);
	assert_int_equal(rd(claim_off(0)), 0);
}

static void test_pending_reflects_state(void **state)
{
	(void)state;
	setup_plic(96, 1);
	plic_set_irq(&plic, 1, true);
	plic_set_irq(&plic, 33, true);
	plic_set_irq(&plic, 95, true);
	assert_int_equal(rd(pending_off(0)), 1u << 1);
	assert_int_equal(rd(pending_off(1)), 1u << 1);
	assert_int_equal(rd(pending_off(2)), 1u << 31);
	assert_int_equal(rd(pending_off(3)), 0);
	assert_int_equal(rd(pending_off(31)), 0);
	/* Pending is read-only to the guest. */
	wr(pending_off(0), 0);
	wr(pending_off(1), 0xffffffff);
	assert_int_equal(rd(pending_off(0)), 1u << 1);
	assert_int_equal(rd(pending_off(1)), 1u << 1);
	/* Out-of-range lines change nothing. */
	plic_set_irq(&plic, 96, true);
	plic_set_irq(&plic, 1024, true);
	plic_set_irq(&plic, UINT32_MAX, true);
	assert_int_equal(rd(pending_off(3)), 0);
	assert_int_equal(rd(pending_off(2)), 1u << 31);
}

static void test_bad_access_rejected(void **state)
{
	(void)state;
	setup_plic(96, 2);
	const unsigned widths[] = { 0, 1, 2, 3, 8, 16 };
	const uint64_t offs[] = { prio_off(1), pending_off(0), enable_off(0, 0), threshold_off(0),
				  claim_off(0) };
	uint64_t v;

	wr(prio_off(1), 2);
	enable_source(0, 1);
	plic_set_irq(&plic, 1, true);
	for (unsigned i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		for (unsigned j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			v = 0x1234;
			assert_false(plic_device.read(&plic, offs[j], widths[i], &v));
			assert_false(plic_device.write(&plic, offs[j], widths[i], 0));
		}
	}
	for (unsigned j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
		for (unsigned mis = 1; mis < 4; mis++) {
			assert_false(plic_device.read(&plic, offs[j] + mis, 4, &v));
			assert_false(plic_device.write(&plic, offs[j] + mis, 4, 0));
		}
	}
	assert_false(plic_device.read(&plic, PLIC_WINDOW_SIZE, 4, &v));
	assert_false(plic_device.write(&plic, PLIC_WINDOW_SIZE, 4, 0));
	assert_false(plic_device.read(&plic, UINT64_MAX - 3, 4, &v));
	assert_false(plic_device.write(&plic, UINT64_MAX - 3, 4, 0));
	assert_true(plic_device.read(&plic, PLIC_WINDOW_SIZE - 4, 4, &v));
	assert_int_equal(v, 0);
	/* None of the rejected accesses claimed, completed or rewrote anything. */
	assert_int_equal(rd(prio_off(1)), 2);
	assert_int_equal(rd(enable_off(0, 0)), 1u << 1);
	assert_int_equal(rd(pending_off(0)), 1u << 1);
	assert_int_equal(rd(claim_off(0)), 1);
}

static uint64_t lcg_state;

static uint64_t lcg(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return lcg_state >> 11;
}

/* After any guest traffic the visible state must stay within what the hardware can hold. */
static void check_invariants(unsigned sources, unsigned contexts)
{
	for (unsigned s = 0; s < 1024; s++) {
		uint32_t pr = rd(prio_off(s));

		assert_true(pr <= PLIC_PRIORITY_MAX);
		if (s == 0 || s >= sources) {
			assert_int_equal(pr, 0);
		}
	}
	for (unsigned c = 0; c < contexts + 2; c++) {
		assert_true(rd(threshold_off(c)) <= PLIC_PRIORITY_MAX);
		for (unsigned w = 0; w < 32; w++) {
			uint32_t en = rd(enable_off(c, w));

			if (c >= contexts || w * 32u >= sources) {
				assert_int_equal(en, 0);
			}
		}
	}
	assert_int_equal(rd(enable_off(0, 0)) & 1u, 0);
	assert_int_equal(rd(pending_off(0)) & 1u, 0);
}

static void hammer(unsigned sources, unsigned contexts)
{
	uint64_t v;

	setup_plic(sources, contexts);
	lcg_state = 0x5eed0000u + sources * 31u + contexts;
	for (unsigned s = 0; s < PLIC_MAX_SOURCES + 4; s++) {
		plic_set_irq(&plic, s, true);
	}
	/* Every register of the dense low pages, then a sparse grid over the whole window. */
	for (uint64_t off = 0; off < PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * 20; off += 4) {
		assert_true(plic_device.write(&plic, off, 4, 0xffffffff));
		assert_true(plic_device.read(&plic, off, 4, &v));
	}
	for (uint64_t off = 0; off < PLIC_WINDOW_SIZE; off += 0x7c) {
		assert_true(plic_device.write(&plic, off, 4, 0xffffffff));
		assert_true(plic_device.read(&plic, off, 4, &v));
		assert_true(v <= UINT32_MAX);
	}
	for (unsigned c = 0; c < PLIC_MAX_CONTEXTS + 4; c++) {
		for (uint64_t r = 0; r < 0x20; r += 4) {
			uint64_t off = PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * c + r;

			assert_true(plic_device.write(&plic, off, 4, lcg()));
			assert_true(plic_device.read(&plic, off, 4, &v));
		}
	}
	for (unsigned i = 0; i < 200000; i++) {
		uint64_t off;
		unsigned width = 1u << (lcg() % 4);

		switch (lcg() % 4) {
		case 0:
			off = lcg() % PLIC_WINDOW_SIZE;
			break;
		case 1:
			off = lcg() % (PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * 24);
			break;
		case 2:
			off = PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (lcg() % 24) + lcg() % 16;
			break;
		default:
			off = (lcg() << 11) ^ lcg();
			break;
		}
		if (lcg() % 2 != 0) {
			bool ok = plic_device.write(&plic, off, width, lcg() ^ (lcg() << 32));

			assert_int_equal(ok, width == 4 && off % 4 == 0 && off < PLIC_WINDOW_SIZE);
		} else {
			bool ok = plic_device.read(&plic, off, width, &v);

			assert_int_equal(ok, width == 4 && off % 4 == 0 && off < PLIC_WINDOW_SIZE);
			assert_true(!ok || v <= UINT32_MAX);
		}
		if (i % 1024 == 0) {
			plic_set_irq(&plic, (unsigned)(lcg() % 200), lcg() % 2 != 0);
		}
	}
	check_invariants(sources, contexts);
	plic_reset(&plic);
	check_invariants(sources, contexts);
}

static void test_hostile_accesses(void **state)
{
	(void)state;
	hammer(PLIC_MAX_SOURCES, PLIC_MAX_CONTEXTS);
	hammer(10, 2);
	hammer(33, 1);
	hammer(1, 0);
	hammer(0, 0);
}

static void test_reset_clears_everything(void **state)
{
	(void)state;
	setup_plic(96, 2);
	for (unsigned s = 1; s < 96; s++) {
		wr(prio_off(s), s % 8);
	}
	for (unsigned c = 0; c < 2; c++) {
		wr(threshold_off(c), 1);
		for (unsigned w = 0; w < 3; w++) {
			wr(enable_off(c, w), 0xffffffff);
		}
	}
	plic_set_irq(&plic, 7, true);
	plic_set_irq(&plic, 50, true);
	plic_set_irq(&plic, 50, false);
	assert_int_equal(rd(claim_off(0)), 7); /* 7 now in service */
	assert_int_equal(rec.count, 2);        /* both up, and 50 keeps them up */
	plic_set_irq(&plic, 7, false);
	plic_device.reset(&plic);
	/* Both contexts were still high (source 50): reset must lower and report them. */
	assert_int_equal(rec.count, 4);
	assert_event(2, 0, false);
	assert_event(3, 1, false);
	for (unsigned s = 0; s < 1024; s++) {
		assert_int_equal(rd(prio_off(s)), 0);
	}
	for (unsigned w = 0; w < 32; w++) {
		assert_int_equal(rd(pending_off(w)), 0);
	}
	for (unsigned c = 0; c < 2; c++) {
		assert_int_equal(rd(threshold_off(c)), 0);
		assert_int_equal(rd(claim_off(c)), 0);
		for (unsigned w = 0; w < 32; w++) {
			assert_int_equal(rd(enable_off(c, w)), 0);
		}
	}
	/* Source 7 is no longer in service: a new assertion becomes pending at once. */
	plic_set_irq(&plic, 7, true);
	assert_int_equal(rd(pending_off(0)), 1u << 7);
	assert_int_equal(rec.count, 4);
}

static void test_reset_repends_high_lines(void **state)
{
	(void)state;
	setup_plic(96, 1);
	plic_set_irq(&plic, 40, true);
	wr(prio_off(40), 1);
	enable_source(0, 40);
	assert_int_equal(rd(claim_off(0)), 40);
	plic_reset(&plic);
	/* The device still drives the wire, so the gateway forwards it again. */
	assert_int_equal(rd(pending_off(1)), 1u << 8);
	wr(prio_off(40), 1);
	enable_source(0, 40);
	assert_int_equal(rd(claim_off(0)), 40);
}

static void test_init_clamps_counts(void **state)
{
	(void)state;
	setup_plic(5000, 5000);
	assert_int_equal(plic.num_sources, PLIC_MAX_SOURCES);
	assert_int_equal(plic.num_contexts, PLIC_MAX_CONTEXTS);
	plic_set_irq(&plic, PLIC_MAX_SOURCES, true);
	assert_int_equal(rd(pending_off(3)), 0);
	wr(threshold_off(PLIC_MAX_CONTEXTS), 5);
	assert_int_equal(rd(threshold_off(PLIC_MAX_CONTEXTS)), 0);
	wr(threshold_off(PLIC_MAX_CONTEXTS - 1), 5);
	assert_int_equal(rd(threshold_off(PLIC_MAX_CONTEXTS - 1)), 5);
	assert_int_equal(plic_claim(&plic, PLIC_MAX_CONTEXTS), 0);
	assert_int_equal(plic_claim(&plic, UINT32_MAX), 0);
	plic_complete(&plic, UINT32_MAX, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),
		cmocka_unit_test(test_priority_masking),
		cmocka_unit_test(test_source_zero),
		cmocka_unit_test(test_enable_per_context),
		cmocka_unit_test(test_enable_after_pending),
		cmocka_unit_test(test_enable_masks_missing_sources),
		cmocka_unit_test(test_threshold_gating),
		cmocka_unit_test(test_priority_zero_never_interrupts),
		cmocka_unit_test(test_claim_order_by_priority),
		cmocka_unit_test(test_claim_order_by_id),
		cmocka_unit_test(test_claim_clears_pending),
		cmocka_unit_test(test_complete_reraises_high_line),
		cmocka_unit_test(test_complete_wrong_id_ignored),
		cmocka_unit_test(test_complete_needs_enable_now),
		cmocka_unit_test(test_notify_exact_changes),
		cmocka_unit_test(test_notify_null_allowed),
		cmocka_unit_test(test_level_drop_keeps_request),
		cmocka_unit_test(test_pending_reflects_state),
		cmocka_unit_test(test_bad_access_rejected),
		cmocka_unit_test(test_hostile_accesses),
		cmocka_unit_test(test_reset_clears_everything),
		cmocka_unit_test(test_reset_repends_high_lines),
		cmocka_unit_test(test_init_clamps_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
