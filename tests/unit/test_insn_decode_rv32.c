/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the MMIO load/store decoder (core/insn_decode.c) for an RV32 hart, on this
 * 64-bit host through insn_decode_mmio_xlen: RV32 has no LD, LWU or SD, and its C.FLW, C.FSW,
 * C.FLWSP and C.FSWSP are RV64C's C.LD, C.SD, C.LDSP and C.SDSP bits. Everything else decodes
 * as on RV64, which test_insn_decode checks form by form.
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

/* I and S types, from the ISA manual's bit positions written out (not the decoder's macros). */
static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
	return (((uint32_t)imm & 0xfffu) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static uint32_t enc_s(uint32_t opc, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
	uint32_t u = (uint32_t)imm & 0xfffu;

	return ((u >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1fu) << 7) | opc;
}

static void expect_rc32(uint32_t insn, int rc)
{
	struct insn_mmio r = poisoned();
	int got = insn_decode_mmio_xlen(insn, 32, &r);

	if (got != rc) {
		print_error("rv32 insn %08x: rc %d, want %d\n", insn, got, rc);
	}
	assert_int_equal(got, rc);
	expect_untouched(&r);
}

static void expect_ht_rc32(uint32_t htinst, int rc)
{
	struct insn_mmio r = poisoned();
	int got = insn_decode_mmio_htinst_xlen(htinst, 32, &r);

	if (got != rc) {
		print_error("rv32 htinst %08x: rc %d, want %d\n", htinst, got, rc);
	}
	assert_int_equal(got, rc);
	expect_untouched(&r);
}

static void expect_ok32(uint32_t insn, unsigned width, bool is_write, bool sign, unsigned reg,
			unsigned len)
{
	struct insn_mmio r = poisoned();
	int rc = insn_decode_mmio_xlen(insn, 32, &r);

	if (rc != 0) {
		print_error("rv32 insn %08x: rc %d\n", insn, rc);
	}
	assert_int_equal(rc, 0);
	expect_rec(insn, &r, width, is_write, sign, reg, len);
}

/* LB LH LW LBU LHU and SB SH SW, as raw and as htinst words, into and from every register. */
static void test_rv32_forms(void **state)
{
	static const struct {
		uint32_t opc, f3;
		uint8_t width;
		bool is_write, sign;
	} forms[] = {
		{ 0x03, 0, 1, false, true },  { 0x03, 1, 2, false, true },
		{ 0x03, 2, 4, false, true },  { 0x03, 4, 1, false, false },
		{ 0x03, 5, 2, false, false }, { 0x23, 0, 1, true, false },
		{ 0x23, 1, 2, true, false },  { 0x23, 2, 4, true, false },
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(forms); i++) {
		for (uint32_t reg = 0; reg < 32; reg++) {
			uint32_t base = (reg * 7u + 3u) % 32u;
			uint32_t insn = forms[i].is_write
						? enc_s(forms[i].opc, forms[i].f3, base, reg, -8)
						: enc_i(forms[i].opc, forms[i].f3, reg, base, 8);
			uint32_t ht = forms[i].is_write
					      ? enc_s(forms[i].opc, forms[i].f3, 0, reg, 0)
					      : enc_i(forms[i].opc, forms[i].f3, reg, 0, 0);
			struct insn_mmio r = poisoned();

			expect_ok32(insn, forms[i].width, forms[i].is_write, forms[i].sign, reg, 4);
			assert_int_equal(insn_decode_mmio_htinst_xlen(ht & ~0x2u, 32, &r), 0);
			expect_rec(ht, &r, forms[i].width, forms[i].is_write, forms[i].sign, reg,
				   2);
		}
	}
	/* c.lw a0, 0(a1); c.sw s0, 4(a5); c.lwsp ra, 8(sp); c.swsp zero, 0(sp) */
	expect_ok32(0x4188, 4, false, true, 10, 2);
	expect_ok32(0xc3c0, 4, true, false, 8, 2);
	expect_ok32(0x40a2, 4, false, true, 1, 2);
	expect_ok32(0xc002, 4, true, false, 0, 2);
}

/* LD, LWU and SD are RV64I's: reserved encodings on RV32, raw or from htinst. */
static void test_rv32_no_64bit_forms(void **state)
{
	struct insn_mmio r;

	(void)state;
	for (uint32_t reg = 0; reg < 32; reg++) {
		expect_rc32(enc_i(0x03, 3, reg, 11, 0), INSN_DECODE_EINVAL); /* ld */
		expect_rc32(enc_i(0x03, 6, reg, 11, 4), INSN_DECODE_EINVAL); /* lwu */
		expect_rc32(enc_s(0x23, 3, 11, reg, 8), INSN_DECODE_EINVAL); /* sd */
		expect_ht_rc32(enc_i(0x03, 3, reg, 0, 0), INSN_DECODE_EINVAL);
		expect_ht_rc32(enc_i(0x03, 6, reg, 0, 0) & ~0x2u, INSN_DECODE_EINVAL);
		expect_ht_rc32(enc_s(0x23, 3, 0, reg, 0), INSN_DECODE_EINVAL);
	}
	/* The same words are RV64's: ld a0, 0(a1) and sd ra, 8(sp). */
	assert_int_equal(insn_decode_mmio_xlen(0x0005b503, 64, &r), 0);
	assert_int_equal(r.width, 8);
	assert_int_equal(insn_decode_mmio_xlen(0x00113423, 64, &r), 0);
	assert_int_equal(r.width, 8);
}

/* Quadrants 0 and 2, funct3 3 and 7: FP on RV32 (EUNSUPPORTED), 8-byte integer on RV64. */
static void test_rv32_compressed_fp(void **state)
{
	static const struct {
		uint32_t insn;
		bool is_write;
		const char *rv32, *rv64;
	} words[] = {
		{ 0x6188, false, "c.flw fa0, 0(a1)", "c.ld a0, 0(a1)" },
		{ 0xe780, true, "c.fsw fs0, 8(a5)", "c.sd s0, 8(a5)" },
		{ 0x60a2, false, "c.flwsp ft1, 8(sp)", "c.ldsp ra, 8(sp)" },
		{ 0xe02a, true, "c.fswsp fa0, 0(sp)", "c.sdsp a0, 0(sp)" },
	};
	struct insn_mmio r;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(words); i++) {
		expect_rc32(words[i].insn, INSN_DECODE_EUNSUPPORTED);
		expect_rc32(words[i].insn | 0xdead0000u, INSN_DECODE_EUNSUPPORTED);
		r = poisoned();
		assert_int_equal(insn_decode_mmio_xlen(words[i].insn, 64, &r), 0);
		assert_int_equal(r.width, 8);
		assert_int_equal(r.is_write, words[i].is_write);
	}
	/* c.flwsp f0: rd 0 is an FP register here, not C.LDSP's reserved x0. */
	expect_rc32(0x6002, INSN_DECODE_EUNSUPPORTED);
	/* Every quadrant-0/2 word with funct3 3 or 7 (C.FLW C.FSW C.FLWSP C.FSWSP), any fields. */
	for (uint32_t low = 0; low < (1u << 13); low++) {
		for (uint32_t q = 0; q <= 2; q += 2) {
			expect_rc32((3u << 13) | (low & ~3u) | q, INSN_DECODE_EUNSUPPORTED);
			expect_rc32((7u << 13) | (low & ~3u) | q, INSN_DECODE_EUNSUPPORTED);
		}
	}
}

/* Every other 16-bit word and every non-LOAD/STORE 32-bit major opcode decodes as on RV64. */
static void test_rv32_same_elsewhere(void **state)
{
	(void)state;
	for (uint32_t w = 0; w < 0x10000u; w++) {
		struct insn_mmio a = poisoned(), b = poisoned();
		uint32_t f3 = w >> 13, q = w & 3u;
		int ra, rb;

		if (q == 3 || ((q == 0 || q == 2) && (f3 == 3 || f3 == 7))) {
			continue;
		}
		ra = insn_decode_mmio_xlen(w, 32, &a);
		rb = insn_decode_mmio_xlen(w, 64, &b);
		if (ra != rb) {
			print_error("%04x: rv32 rc %d, rv64 rc %d\n", w, ra, rb);
		}
		assert_int_equal(ra, rb);
		assert_memory_equal(&a, &b, sizeof(a));
	}
	for (uint32_t f3 = 0; f3 < 8; f3++) {
		struct insn_mmio a = poisoned(), b = poisoned();

		/* flw/fld/vector, fsw/fsd, amo and lr/sc words: each opcode once per funct3 */
		assert_int_equal(insn_decode_mmio_xlen(enc_i(0x07, f3, 10, 11, 0), 32, &a),
				 insn_decode_mmio_xlen(enc_i(0x07, f3, 10, 11, 0), 64, &b));
		assert_int_equal(insn_decode_mmio_xlen(enc_s(0x27, f3, 11, 10, 0), 32, &a),
				 insn_decode_mmio_xlen(enc_s(0x27, f3, 11, 10, 0), 64, &b));
		assert_int_equal(insn_decode_mmio_xlen(0x1005a02fu | (f3 << 12), 32, &a),
				 insn_decode_mmio_xlen(0x1005a02fu | (f3 << 12), 64, &b));
	}
}

/* The decoder the core calls decodes for the build's XLEN: this host's 64 bits here. */
static void test_native_is_host_xlen(void **state)
{
	struct insn_mmio a = poisoned(), b = poisoned();

	(void)state;
	assert_int_equal(INSN_XLEN, 8u * sizeof(unsigned long));
	assert_int_equal(insn_decode_mmio(0x6188, &a),
			 insn_decode_mmio_xlen(0x6188, INSN_XLEN, &b));
	assert_memory_equal(&a, &b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rv32_forms),
		cmocka_unit_test(test_rv32_no_64bit_forms),
		cmocka_unit_test(test_rv32_compressed_fp),
		cmocka_unit_test(test_rv32_same_elsewhere),
		cmocka_unit_test(test_native_is_host_xlen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
