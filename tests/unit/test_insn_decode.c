/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the guest MMIO load/store decoder (core/insn_decode.c): each form written out
 * by hand. test_insn_decode_model checks it against an independent model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/insn_decode.h"
#include "tests/unit/insn_record_check.h"

/*
 * The encoders below use the bit positions of the ISA manual written out
 * literally, not the decoder's macros, so a wrong macro cannot hide itself.
 */

static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1, int32_t imm)
{
	return (((uint32_t)imm & 0xfffu) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static uint32_t enc_s(uint32_t opc, uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
	uint32_t u = (uint32_t)imm & 0xfffu;

	return ((u >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1fu) << 7) | opc;
}

/* R-type with the AMO funct5/aq/rl split of funct7. */
static uint32_t enc_amo(uint32_t f5, uint32_t aqrl, uint32_t f3, uint32_t rd, uint32_t rs1,
			uint32_t rs2)
{
	return (f5 << 27) | (aqrl << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) |
	       0x2fu;
}

/* CL and CS share a layout: [15:13] funct3, [12:10] uimm[5:3], [9:7] rs1', [6:5], [4:2], 00. */
static uint32_t enc_cl_cs(uint32_t f3, uint32_t rdp_rs2p, uint32_t rs1p, uint32_t uimm,
			  unsigned width)
{
	uint32_t lo;

	if (width == 4) {
		/* [6] = uimm[2], [5] = uimm[6] */
		lo = (((uimm >> 2) & 1u) << 1) | ((uimm >> 6) & 1u);
	} else {
		lo = (uimm >> 6) & 3u; /* [6:5] = uimm[7:6] */
	}
	return (f3 << 13) | (((uimm >> 3) & 7u) << 10) | (rs1p << 7) | (lo << 5) | (rdp_rs2p << 2);
}

/* CI stack-pointer loads: [12] uimm[5], [11:7] rd, [6:2] scrambled uimm, 10. */
static uint32_t enc_ci_sp(uint32_t f3, uint32_t rd, uint32_t uimm, unsigned width)
{
	uint32_t lo;

	if (width == 4) {
		lo = (((uimm >> 2) & 7u) << 2) | ((uimm >> 6) & 3u); /* uimm[4:2|7:6] */
	} else {
		lo = (((uimm >> 3) & 3u) << 3) | ((uimm >> 6) & 7u); /* uimm[4:3|8:6] */
	}
	return (f3 << 13) | (((uimm >> 5) & 1u) << 12) | (rd << 7) | (lo << 2) | 2u;
}

/* CSS stack-pointer stores: [12:7] scrambled uimm, [6:2] rs2, 10. */
static uint32_t enc_css(uint32_t f3, uint32_t rs2, uint32_t uimm, unsigned width)
{
	uint32_t hi;

	if (width == 4) {
		hi = (((uimm >> 2) & 15u) << 2) | ((uimm >> 6) & 3u); /* uimm[5:2|7:6] */
	} else {
		hi = (((uimm >> 3) & 7u) << 3) | ((uimm >> 6) & 7u); /* uimm[5:3|8:6] */
	}
	return (f3 << 13) | (hi << 7) | (rs2 << 2) | 2u;
}

static void expect_ok(uint32_t insn, unsigned width, bool is_write, bool sign, unsigned reg,
		      unsigned len)
{
	struct insn_mmio r = poisoned();
	int rc = insn_decode_mmio_xlen(insn, 64, &r);

	if (rc != 0) {
		print_error("insn %08x: rc %d\n", insn, rc);
	}
	assert_int_equal(rc, 0);
	expect_rec(insn, &r, width, is_write, sign, reg, len);
}

static void expect_ht_ok(uint32_t htinst, unsigned width, bool is_write, bool sign, unsigned reg,
			 unsigned len)
{
	struct insn_mmio r = poisoned();
	int rc = insn_decode_mmio_htinst_xlen(htinst, 64, &r);

	if (rc != 0) {
		print_error("htinst %08x: rc %d\n", htinst, rc);
	}
	assert_int_equal(rc, 0);
	expect_rec(htinst, &r, width, is_write, sign, reg, len);
}

/* ---------------------------------------------------------------- 32-bit */

struct form32 {
	const char *name;
	uint32_t opc;
	uint32_t f3;
	uint8_t width;
	bool is_write;
	bool sign;
};

static const struct form32 forms32[] = {
	{ "lb", 0x03, 0, 1, false, true },   { "lh", 0x03, 1, 2, false, true },
	{ "lw", 0x03, 2, 4, false, true },   { "ld", 0x03, 3, 8, false, false },
	{ "lbu", 0x03, 4, 1, false, false }, { "lhu", 0x03, 5, 2, false, false },
	{ "lwu", 0x03, 6, 4, false, false }, { "sb", 0x23, 0, 1, true, false },
	{ "sh", 0x23, 1, 2, true, false },   { "sw", 0x23, 2, 4, true, false },
	{ "sd", 0x23, 3, 8, true, false },
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const int32_t imms[] = { 0, -1, 1, 2047, -2048, 0x555, -0x556 };

static uint32_t enc_form32(const struct form32 *f, uint32_t reg, uint32_t base, int32_t imm)
{
	if (f->is_write) {
		return enc_s(f->opc, f->f3, base, reg, imm);
	}
	return enc_i(f->opc, f->f3, reg, base, imm);
}

static void test_32bit_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(forms32); i++) {
		const struct form32 *f = &forms32[i];

		for (uint32_t reg = 0; reg < 32; reg++) {
			/* A base register different from reg, so mixing them up shows. */
			uint32_t base = (reg * 7u + 3u) % 32u;

			for (size_t k = 0; k < N_ELEMS(imms); k++) {
				uint32_t insn = enc_form32(f, reg, base, imms[k]);

				expect_ok(insn, f->width, f->is_write, f->sign, reg, 4);
			}
		}
	}
}

/* Spot checks against hand-assembled words, independent of the encoders above. */
static void test_32bit_known_words(void **state)
{
	(void)state;
	/* lw a0, 0(a1) */
	expect_ok(0x0005a503, 4, false, true, 10, 4);
	/* sd ra, 8(sp) */
	expect_ok(0x00113423, 8, true, false, 1, 4);
	/* lbu t6, -1(s0) */
	expect_ok(0xfff44f83, 1, false, false, 31, 4);
	/* sb zero, 0(a0) */
	expect_ok(0x00050023, 1, true, false, 0, 4);
}

/* The transformed form: rs1 (address offset) zero, immediates zero, bit 1 gives the length. */
static void test_htinst_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(forms32); i++) {
		const struct form32 *f = &forms32[i];

		for (uint32_t reg = 0; reg < 32; reg++) {
			uint32_t t = enc_form32(f, reg, 0, 0);

			expect_ht_ok(t, f->width, f->is_write, f->sign, reg, 4);
			expect_ht_ok(t & ~0x2u, f->width, f->is_write, f->sign, reg, 2);
		}
	}
}

/* ------------------------------------------------------------ compressed */

enum cfmt { CF_CL, CF_CS, CF_CI, CF_CSS };

struct form16 {
	const char *name;
	enum cfmt fmt;
	uint32_t f3;
	uint8_t width;
	/* funct3 of the 32-bit instruction it expands to, for its htinst form */
	uint32_t exp_f3;
};

static const struct form16 forms16[] = {
	{ "c.lw", CF_CL, 2, 4, 2 },    { "c.ld", CF_CL, 3, 8, 3 },    { "c.sw", CF_CS, 6, 4, 2 },
	{ "c.sd", CF_CS, 7, 8, 3 },    { "c.lwsp", CF_CI, 2, 4, 2 },  { "c.ldsp", CF_CI, 3, 8, 3 },
	{ "c.swsp", CF_CSS, 6, 4, 2 }, { "c.sdsp", CF_CSS, 7, 8, 3 },
};

static bool cform_is_write(const struct form16 *f)
{
	return f->fmt == CF_CS || f->fmt == CF_CSS;
}

static uint32_t max_uimm(const struct form16 *f)
{
	bool sp = f->fmt == CF_CI || f->fmt == CF_CSS;

	if (f->width == 4) {
		return sp ? 252u : 124u;
	}
	return sp ? 504u : 248u;
}

/* reg is the full register number the record must report. */
static uint32_t enc_form16(const struct form16 *f, uint32_t reg, uint32_t rs1p, uint32_t uimm)
{
	switch (f->fmt) {
	case CF_CL:
	case CF_CS:
		return enc_cl_cs(f->f3, reg - 8u, rs1p, uimm, f->width);
	case CF_CI:
		return enc_ci_sp(f->f3, reg, uimm, f->width);
	case CF_CSS:
		return enc_css(f->f3, reg, uimm, f->width);
	}
	return 0;
}

static void check_form16(const struct form16 *f, uint32_t reg)
{
	bool w = cform_is_write(f);
	uint32_t offs[] = { 0, f->width, max_uimm(f) };

	for (size_t k = 0; k < N_ELEMS(offs); k++) {
		uint32_t insn = enc_form16(f, reg, (reg * 5u + 1u) % 8u, offs[k]);

		expect_ok(insn, f->width, w, !w && f->width < 8, reg, 2);

		/* A 32-bit fetch that ran past the instruction must not change anything. */
		expect_ok(insn | 0xdead0000u, f->width, w, !w && f->width < 8, reg, 2);
		expect_ok(insn | 0xffff0000u, f->width, w, !w && f->width < 8, reg, 2);
	}

	/* Its htinst: the 32-bit expansion with offset 0 and bit 1 cleared. */
	uint32_t t = w ? enc_s(0x23, f->exp_f3, 0, reg, 0) : enc_i(0x03, f->exp_f3, reg, 0, 0);

	expect_ht_ok(t & ~0x2u, f->width, w, !w && f->width < 8, reg, 2);
}

static void test_compressed_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(forms16); i++) {
		const struct form16 *f = &forms16[i];

		if (f->fmt == CF_CL || f->fmt == CF_CS) {
			for (uint32_t reg = 8; reg <= 15; reg++) {
				check_form16(f, reg);
			}
		} else {
			/* rd = x0 of C.LWSP/C.LDSP is reserved; checked separately. */
			uint32_t first = f->fmt == CF_CI ? 1u : 0u;

			for (uint32_t reg = first; reg < 32; reg++) {
				check_form16(f, reg);
			}
		}
	}
}

static void test_compressed_known_words(void **state)
{
	(void)state;
	/* c.lw a0, 0(a1) */
	expect_ok(0x4188, 4, false, true, 10, 2);
	/* c.sd s0, 8(a5) */
	expect_ok(0xe780, 8, true, false, 8, 2);
	/* c.ldsp ra, 8(sp) */
	expect_ok(0x60a2, 8, false, false, 1, 2);
	/* c.sdsp ra, 8(sp) */
	expect_ok(0xe406, 8, true, false, 1, 2);
	/* c.swsp zero, 0(sp) stores x0 and is valid */
	expect_ok(0xc002, 4, true, false, 0, 2);
}

/* -------------------------------------------------------------- rejects */

static void expect_rc(uint32_t insn, int rc)
{
	struct insn_mmio r = poisoned();
	int got = insn_decode_mmio_xlen(insn, 64, &r);

	if (got != rc) {
		print_error("insn %08x: rc %d, want %d\n", insn, got, rc);
	}
	assert_int_equal(got, rc);
	expect_untouched(&r);
}

static void expect_ht_rc(uint32_t htinst, int rc)
{
	struct insn_mmio r = poisoned();
	int got = insn_decode_mmio_htinst_xlen(htinst, 64, &r);

	if (got != rc) {
		print_error("htinst %08x: rc %d, want %d\n", htinst, got, rc);
	}
	assert_int_equal(got, rc);
	expect_untouched(&r);
}

static void test_reject_fp(void **state)
{
	const uint32_t regs[] = { 0, 8, 15, 31 };

	(void)state;
	for (size_t i = 0; i < N_ELEMS(regs); i++) {
		uint32_t x = regs[i];

		/* FLH FLW FLD FLQ, FSH FSW FSD FSQ */
		for (uint32_t f3 = 1; f3 <= 4; f3++) {
			expect_rc(enc_i(0x07, f3, x, 5, 16), INSN_DECODE_EUNSUPPORTED);
			expect_rc(enc_s(0x27, f3, 5, x, -8), INSN_DECODE_EUNSUPPORTED);
			expect_ht_rc(enc_i(0x07, f3, x, 0, 0), INSN_DECODE_EUNSUPPORTED);
			expect_ht_rc(enc_s(0x27, f3, 0, x, 0), INSN_DECODE_EUNSUPPORTED);
			expect_ht_rc(enc_i(0x07, f3, x, 0, 0) & ~0x2u, INSN_DECODE_EUNSUPPORTED);
		}
		/* vector loads/stores share the FP major opcodes */
		expect_rc(enc_i(0x07, 0, x, 5, 0), INSN_DECODE_EUNSUPPORTED);
		expect_rc(enc_s(0x27, 7, 5, x, 0), INSN_DECODE_EUNSUPPORTED);

		/* C.FLD, C.FSD (CL/CS), C.FLDSP, C.FSDSP (CI/CSS) */
		expect_rc(enc_cl_cs(1, x & 7u, 3, 248, 8), INSN_DECODE_EUNSUPPORTED);
		expect_rc(enc_cl_cs(5, x & 7u, 3, 8, 8), INSN_DECODE_EUNSUPPORTED);
		expect_rc(enc_ci_sp(1, x, 504, 8), INSN_DECODE_EUNSUPPORTED);
		expect_rc(enc_css(5, x, 0, 8), INSN_DECODE_EUNSUPPORTED);
	}
	/* fld fa0, 0(a1); fsd fs0, 8(sp); c.fldsp fs0, 8(sp) */
	expect_rc(0x0005b507, INSN_DECODE_EUNSUPPORTED);
	expect_rc(0x00813427, INSN_DECODE_EUNSUPPORTED);
	expect_rc(0x2422, INSN_DECODE_EUNSUPPORTED);
}

static void test_reject_amo(void **state)
{
	/* AMOADD AMOSWAP LR SC AMOXOR AMOOR AMOAND AMOMIN AMOMAX AMOMINU AMOMAXU */
	const uint32_t f5s[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c };

	(void)state;
	for (size_t i = 0; i < N_ELEMS(f5s); i++) {
		for (uint32_t f3 = 2; f3 <= 3; f3++) {
			for (uint32_t aqrl = 0; aqrl < 4; aqrl++) {
				uint32_t rs2 = f5s[i] == 0x02 ? 0u : 31u; /* LR has rs2 = 0 */

				expect_rc(enc_amo(f5s[i], aqrl, f3, 10, 11, rs2),
					  INSN_DECODE_EUNSUPPORTED);
				expect_ht_rc(enc_amo(f5s[i], aqrl, f3, 10, 0, rs2),
					     INSN_DECODE_EUNSUPPORTED);
				expect_ht_rc(enc_amo(f5s[i], aqrl, f3, 0, 0, rs2) & ~0x2u,
					     INSN_DECODE_EUNSUPPORTED);
			}
		}
	}
	/* lr.w a0, (a1); sc.d.aqrl t0, t1, (a2) */
	expect_rc(0x1005a52f, INSN_DECODE_EUNSUPPORTED);
	expect_rc(0x1e6632af, INSN_DECODE_EUNSUPPORTED);
	/* funct3 5..7 under the AMO opcode is not a width any extension defines */
	for (uint32_t f3 = 5; f3 <= 7; f3++) {
		expect_rc(enc_amo(0x01, 0, f3, 10, 11, 12), INSN_DECODE_EINVAL);
		expect_ht_rc(enc_amo(0x01, 0, f3, 10, 0, 12), INSN_DECODE_EINVAL);
	}
}

static void test_reject_reserved(void **state)
{
	(void)state;
	/* LOAD funct3 7 (LDU, RV128 only) and STORE funct3 4..7 */
	expect_rc(enc_i(0x03, 7, 10, 11, 0), INSN_DECODE_EINVAL);
	expect_ht_rc(enc_i(0x03, 7, 10, 0, 0), INSN_DECODE_EINVAL);
	for (uint32_t f3 = 4; f3 <= 7; f3++) {
		expect_rc(enc_s(0x23, f3, 11, 10, 0), INSN_DECODE_EINVAL);
		expect_ht_rc(enc_s(0x23, f3, 0, 10, 0), INSN_DECODE_EINVAL);
	}

	/* C.LWSP / C.LDSP with rd = x0, at every offset */
	for (uint32_t off = 0; off <= 252; off += 4) {
		expect_rc(enc_ci_sp(2, 0, off, 4), INSN_DECODE_EINVAL);
	}
	for (uint32_t off = 0; off <= 504; off += 8) {
		expect_rc(enc_ci_sp(3, 0, off, 8), INSN_DECODE_EINVAL);
	}

	/* Quadrant 0 funct3 100 is reserved in RV64C (Zcb is not decoded) */
	for (uint32_t low = 0; low < (1u << 13); low += 4) {
		expect_rc((4u << 13) | low, INSN_DECODE_EINVAL);
	}

	/* the all-zero halfword is defined to be illegal */
	expect_rc(0x00000000, INSN_DECODE_EINVAL);
	expect_rc(0xffff0000, INSN_DECODE_EINVAL);

	/* 48-bit, 64-bit and longer encodings */
	expect_rc(0x0000001f, INSN_DECODE_EINVAL);
	expect_rc(0x0000003f, INSN_DECODE_EINVAL);
	expect_rc(0x0000007f, INSN_DECODE_EINVAL);
	expect_rc(0xffffffff, INSN_DECODE_EINVAL);
}

static void test_reject_non_mem(void **state)
{
	static const uint32_t words[] = {
		0x00510093, /* addi ra, sp, 5 */
		0x00b50533, /* add a0, a0, a1 */
		0x000012b7, /* lui t0, 1 */
		0x00000297, /* auipc t0, 0 */
		0x0000006f, /* jal zero, 0 */
		0x00008067, /* ret */
		0x00b50463, /* beq a0, a1, 8 */
		0x00000073, /* ecall */
		0x00100073, /* ebreak */
		0x10500073, /* wfi */
		0x34011173, /* csrrw sp, mscratch, sp */
		0x0ff0000f, /* fence */
		0x0000100f, /* fence.i */
		0x00b5053b, /* addw */
		0x0015051b, /* addiw */
		0x02b50533, /* mul */
		0x00b57553, /* fadd.s */
		0x00000013, /* nop */
	};
	static const uint32_t cwords[] = {
		0x0001, /* c.nop */
		0x0040, /* c.addi4spn s0, sp, 4 */
		0x952e, /* c.add a0, a1 */
		0x852e, /* c.mv a0, a1 */
		0x8082, /* c.jr ra (ret) */
		0x9002, /* c.ebreak */
		0x050a, /* c.slli a0, 2 */
		0x4505, /* c.li a0, 1 */
		0xa001, /* c.j 0 */
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(words); i++) {
		expect_rc(words[i], INSN_DECODE_EINVAL);
		expect_ht_rc(words[i], INSN_DECODE_EINVAL);
		expect_ht_rc(words[i] & ~0x2u, INSN_DECODE_EINVAL);
	}
	for (size_t i = 0; i < N_ELEMS(cwords); i++) {
		expect_rc(cwords[i], INSN_DECODE_EINVAL);
		expect_rc(cwords[i] | 0x12340000u, INSN_DECODE_EINVAL);
	}

	/* Every other 32-bit major opcode, with every funct3 and noisy upper bits. */
	for (uint32_t opc = 0x03; opc < 0x80; opc += 4) {
		if (opc == 0x03 || opc == 0x07 || opc == 0x23 || opc == 0x27 || opc == 0x2f) {
			continue;
		}
		for (uint32_t f3 = 0; f3 < 8; f3++) {
			uint32_t w = 0xa5a50000u | (f3 << 12) | (0x15u << 7) | opc;

			expect_rc(w, INSN_DECODE_EINVAL);
			expect_ht_rc(w & ~(0x1fu << 15), INSN_DECODE_EINVAL);
		}
	}
}

static void test_htinst_special(void **state)
{
	(void)state;
	/* 0 means the hardware gave no information */
	expect_ht_rc(0, INSN_DECODE_EINVAL);
	/* implicit VS-stage page-table access pseudoinstructions */
	expect_ht_rc(0x00002000, INSN_DECODE_EINVAL);
	expect_ht_rc(0x00003000, INSN_DECODE_EINVAL);
	expect_ht_rc(0x00002020, INSN_DECODE_EINVAL);
	expect_ht_rc(0x00003020, INSN_DECODE_EINVAL);
	/* bits[1:0] = 10 names no instruction length */
	expect_ht_rc(enc_i(0x03, 2, 10, 0, 0) & ~0x1u, INSN_DECODE_EINVAL);
	expect_ht_rc(enc_i(0x03, 2, 10, 0, 0) & ~0x3u, INSN_DECODE_EINVAL);

	/* a fault past the first byte of the access: the record cannot describe it */
	for (uint32_t off = 1; off < 32; off++) {
		expect_ht_rc(enc_i(0x03, 3, 10, off, 0), INSN_DECODE_EUNSUPPORTED);
		expect_ht_rc(enc_s(0x23, 2, off, 10, 0), INSN_DECODE_EUNSUPPORTED);
		expect_ht_rc(enc_s(0x23, 3, off, 10, 0) & ~0x2u, INSN_DECODE_EUNSUPPORTED);
	}
}

static void test_insn_length(void **state)
{
	(void)state;
	assert_int_equal(insn_length(0x0), 2);
	assert_int_equal(insn_length(0x1), 2);
	assert_int_equal(insn_length(0x2), 2);
	assert_int_equal(insn_length(0x3), 4);
	assert_int_equal(insn_length(0x13), 4);
	assert_int_equal(insn_length(0x1b), 4);
	assert_int_equal(insn_length(0x1f), 0);
	assert_int_equal(insn_length(0x3f), 0);
	assert_int_equal(insn_length(0x7f), 0);
	assert_int_equal(insn_length(0xffffffff), 0);
	assert_int_equal(insn_length(0xfffffffc), 2);
	assert_int_equal(insn_length(0x0005a503), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_32bit_forms),
		cmocka_unit_test(test_32bit_known_words),
		cmocka_unit_test(test_htinst_forms),
		cmocka_unit_test(test_compressed_forms),
		cmocka_unit_test(test_compressed_known_words),
		cmocka_unit_test(test_reject_fp),
		cmocka_unit_test(test_reject_amo),
		cmocka_unit_test(test_reject_reserved),
		cmocka_unit_test(test_reject_non_mem),
		cmocka_unit_test(test_htinst_special),
		cmocka_unit_test(test_insn_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
