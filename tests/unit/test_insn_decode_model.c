/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the guest MMIO load/store decoder (core/insn_decode.c) against a reference model:
 * every 16-bit word and many random 32-bit ones. test_insn_decode has the hand-written forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/insn_decode.h"
#include "tests/unit/insn_record_check.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/*
 * An independent description of the accepted encodings as mask/match pairs
 * (the form the ISA opcode tables use), to cross-check the table-driven
 * decoder over every 16-bit word and many random 32-bit ones.
 */
enum ref_reg { REF_RD, REF_RS2, REF_RDP, REF_RS2_CSS, REF_RD_NONZERO };

struct ref_entry {
	uint32_t mask;
	uint32_t match;
	int rc;
	uint8_t width;
	bool is_write;
	bool sign;
	enum ref_reg reg;
};

static const struct ref_entry ref32[] = {
	{ 0x707f, 0x0003, 0, 1, false, true, REF_RD },                         /* lb */
	{ 0x707f, 0x1003, 0, 2, false, true, REF_RD },                         /* lh */
	{ 0x707f, 0x2003, 0, 4, false, true, REF_RD },                         /* lw */
	{ 0x707f, 0x3003, 0, 8, false, false, REF_RD },                        /* ld */
	{ 0x707f, 0x4003, 0, 1, false, false, REF_RD },                        /* lbu */
	{ 0x707f, 0x5003, 0, 2, false, false, REF_RD },                        /* lhu */
	{ 0x707f, 0x6003, 0, 4, false, false, REF_RD },                        /* lwu */
	{ 0x707f, 0x0023, 0, 1, true, false, REF_RS2 },                        /* sb */
	{ 0x707f, 0x1023, 0, 2, true, false, REF_RS2 },                        /* sh */
	{ 0x707f, 0x2023, 0, 4, true, false, REF_RS2 },                        /* sw */
	{ 0x707f, 0x3023, 0, 8, true, false, REF_RS2 },                        /* sd */
	{ 0x007f, 0x0007, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* LOAD-FP */
	{ 0x007f, 0x0027, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* STORE-FP */
	{ 0x707f, 0x002f, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* amo*.b */
	{ 0x707f, 0x102f, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* amo*.h */
	{ 0x707f, 0x202f, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* amo*.w */
	{ 0x707f, 0x302f, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* amo*.d */
	{ 0x707f, 0x402f, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* amocas.q */
};

static const struct ref_entry ref16[] = {
	{ 0xe003, 0x4000, 0, 4, false, true, REF_RDP },                        /* c.lw */
	{ 0xe003, 0x6000, 0, 8, false, false, REF_RDP },                       /* c.ld */
	{ 0xe003, 0xc000, 0, 4, true, false, REF_RDP },                        /* c.sw */
	{ 0xe003, 0xe000, 0, 8, true, false, REF_RDP },                        /* c.sd */
	{ 0xe003, 0x4002, 0, 4, false, true, REF_RD_NONZERO },                 /* c.lwsp */
	{ 0xe003, 0x6002, 0, 8, false, false, REF_RD_NONZERO },                /* c.ldsp */
	{ 0xe003, 0xc002, 0, 4, true, false, REF_RS2_CSS },                    /* c.swsp */
	{ 0xe003, 0xe002, 0, 8, true, false, REF_RS2_CSS },                    /* c.sdsp */
	{ 0xe003, 0x2000, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* c.fld */
	{ 0xe003, 0xa000, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* c.fsd */
	{ 0xe003, 0x2002, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* c.fldsp */
	{ 0xe003, 0xa002, INSN_DECODE_EUNSUPPORTED, 0, false, false, REF_RD }, /* c.fsdsp */
};

static int ref_lookup(const struct ref_entry *tab, size_t n, uint32_t insn, unsigned len,
		      struct insn_mmio *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct ref_entry *e = &tab[i];
		unsigned reg = 0;

		if ((insn & e->mask) != e->match) {
			continue;
		}
		if (e->rc != 0) {
			return e->rc;
		}
		switch (e->reg) {
		case REF_RD:
			reg = (insn >> 7) & 31u;
			break;
		case REF_RS2:
			reg = (insn >> 20) & 31u;
			break;
		case REF_RDP:
			reg = 8u + ((insn >> 2) & 7u);
			break;
		case REF_RS2_CSS:
			reg = (insn >> 2) & 31u;
			break;
		case REF_RD_NONZERO:
			reg = (insn >> 7) & 31u;
			if (reg == 0) {
				return INSN_DECODE_EINVAL;
			}
			break;
		}
		out->width = e->width;
		out->is_write = e->is_write;
		out->sign_extend = e->sign;
		out->reg = (uint8_t)reg;
		out->len = (uint8_t)len;
		return 0;
	}
	return INSN_DECODE_EINVAL;
}

static int ref_decode(uint32_t insn, struct insn_mmio *out)
{
	if ((insn & 3u) != 3u) {
		return ref_lookup(ref16, N_ELEMS(ref16), insn & 0xffffu, 2, out);
	}
	if ((insn & 0x1cu) == 0x1cu) {
		return INSN_DECODE_EINVAL;
	}
	return ref_lookup(ref32, N_ELEMS(ref32), insn, 4, out);
}

static int ref_decode_htinst(uint32_t t, struct insn_mmio *out)
{
	int rc;

	if ((t & 1u) == 0) {
		return INSN_DECODE_EINVAL;
	}
	rc = ref_lookup(ref32, N_ELEMS(ref32), t | 2u, 4, out);
	if (rc != 0) {
		return rc;
	}
	if (((t >> 15) & 31u) != 0) {
		return INSN_DECODE_EUNSUPPORTED;
	}
	out->len = (t & 2u) ? 4 : 2;
	return 0;
}

static void expect_same(uint32_t insn, int rc, const struct insn_mmio *got, int ref_rc,
			const struct insn_mmio *want)
{
	if (rc != ref_rc) {
		print_error("insn %08x: rc %d, reference %d\n", insn, rc, ref_rc);
	}
	assert_int_equal(rc, ref_rc);
	if (rc == 0) {
		expect_rec(insn, got, want->width, want->is_write, want->sign_extend, want->reg,
			   want->len);
	} else {
		expect_untouched(got);
	}
}

static void check_invariants(int rc, const struct insn_mmio *r)
{
	if (rc != 0) {
		assert_true(rc == INSN_DECODE_EINVAL || rc == INSN_DECODE_EUNSUPPORTED);
		return;
	}
	assert_true(r->width == 1 || r->width == 2 || r->width == 4 || r->width == 8);
	assert_true(r->reg <= 31);
	assert_true(r->len == 2 || r->len == 4);
	assert_false(r->sign_extend && (r->is_write || r->width == 8));
}

/* Every halfword, each with a few upper halves: the reference and the decoder agree. */
static void test_exhaustive_compressed(void **state)
{
	static const uint32_t uppers[] = { 0x0000, 0xffff, 0x1234 };
	unsigned accepted = 0;

	(void)state;
	for (uint32_t h = 0; h < 0x10000u; h++) {
		if ((h & 3u) == 3u) {
			continue;
		}
		for (size_t u = 0; u < N_ELEMS(uppers); u++) {
			uint32_t insn = (uppers[u] << 16) | h;
			struct insn_mmio got = poisoned();
			struct insn_mmio want = { 0 };
			int rc = insn_decode_mmio_xlen(insn, 64, &got);
			int ref_rc = ref_decode(insn, &want);

			check_invariants(rc, &got);
			expect_same(insn, rc, &got, ref_rc, &want);
			accepted += rc == 0;
		}
	}
	/*
	 * 8 forms x 2^11 free bits each, less the 2 x 2^6 rd = x0 words of
	 * C.LWSP/C.LDSP, times the 3 upper halves.
	 */
	assert_int_equal(accepted, 3u * (8u * 2048u - 2u * 64u));
}

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/*
 * Random words: plain, and with the opcode steered to the memory opcodes so
 * the interesting cases are not one in a hundred. The decoder must match the
 * reference and never produce an impossible record.
 */
static void test_random_words(void **state)
{
	static const uint32_t mem_opcodes[] = { 0x03, 0x07, 0x23, 0x27, 0x2f, 0x01, 0x21 };
	uint32_t seed = 0x2545f491u;
	unsigned accepted = 0;

	(void)state;
	for (unsigned i = 0; i < 100000u; i++) {
		uint32_t w = xorshift32(&seed);
		struct insn_mmio got, want;
		int rc, ref_rc;

		if (i & 1u) {
			uint32_t pick = xorshift32(&seed);

			w = (w & ~0x7fu) | mem_opcodes[pick % N_ELEMS(mem_opcodes)];
			if (pick & 0x100u) {
				w &= ~(0x1fu << 15); /* zero address offset, as htinst has */
			}
		}

		got = poisoned();
		want = (struct insn_mmio){ 0 };
		rc = insn_decode_mmio_xlen(w, 64, &got);
		ref_rc = ref_decode(w, &want);
		check_invariants(rc, &got);
		expect_same(w, rc, &got, ref_rc, &want);
		accepted += rc == 0;

		got = poisoned();
		want = (struct insn_mmio){ 0 };
		rc = insn_decode_mmio_htinst_xlen(w, 64, &got);
		ref_rc = ref_decode_htinst(w, &want);
		check_invariants(rc, &got);
		expect_same(w, rc, &got, ref_rc, &want);
		accepted += rc == 0;
	}
	/* The steering must actually reach the success path, or this test checks nothing. */
	assert_true(accepted > 10000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaustive_compressed),
		cmocka_unit_test(test_random_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
