/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target for the MMIO instruction decoder: raw words and htinst against a reference. */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "core/insn_decode.h"

/*
 * The reference below is restated from the RISC-V unprivileged spec (RV64I loads/stores, the
 * RV64C table, opcode map) and the privileged spec's htinst transformation, written as plain
 * bit tests so it shares nothing with the code under test.
 */
struct ref {
	int rc;
	struct insn_mmio rec;
};

static struct ref ref_ok(unsigned width, bool is_write, bool sign, unsigned reg, unsigned len)
{
	struct ref r = { 0, { (uint8_t)width, is_write, sign, (uint8_t)reg, (uint8_t)len } };

	return r;
}

static struct ref ref_err(int rc)
{
	struct ref r = { rc, { 0, false, false, 0, 0 } };

	return r;
}

static struct ref ref_32(uint32_t w)
{
	unsigned opcode = w & 0x7f;
	unsigned f3 = (w >> 12) & 7;
	unsigned rd = (w >> 7) & 31;
	unsigned rs2 = (w >> 20) & 31;

	if (opcode == 0x03) { /* LB LH LW LD LBU LHU LWU; 111 is reserved in RV64 */
		static const unsigned width[8] = { 1, 2, 4, 8, 1, 2, 4, 0 };

		if (f3 == 7) {
			return ref_err(INSN_DECODE_EINVAL);
		}
		return ref_ok(width[f3], false, f3 < 3, rd, 4);
	}
	if (opcode == 0x23) { /* SB SH SW SD; the rest is RV128 or reserved */
		if (f3 > 3) {
			return ref_err(INSN_DECODE_EINVAL);
		}
		return ref_ok(1u << f3, true, false, rs2, 4);
	}
	if (opcode == 0x07 || opcode == 0x27) { /* FP and vector loads/stores */
		return ref_err(INSN_DECODE_EUNSUPPORTED);
	}
	if (opcode == 0x2f) { /* AMO: B, H (Zabha), W, D, Q (Zacas); 5..7 reserved */
		return ref_err(f3 <= 4 ? INSN_DECODE_EUNSUPPORTED : INSN_DECODE_EINVAL);
	}
	return ref_err(INSN_DECODE_EINVAL);
}

static struct ref ref_16(uint32_t h)
{
	unsigned q = h & 3;
	unsigned f3 = (h >> 13) & 7;
	unsigned rdp = 8 + ((h >> 2) & 7);
	unsigned rd = (h >> 7) & 31;
	unsigned rs2 = (h >> 2) & 31;

	if (q == 0) {
		switch (f3) {
		case 1: /* C.FLD */
		case 5: /* C.FSD */
			return ref_err(INSN_DECODE_EUNSUPPORTED);
		case 2:
			return ref_ok(4, false, true, rdp, 2); /* C.LW */
		case 3:
			return ref_ok(8, false, false, rdp, 2); /* C.LD */
		case 6:
			return ref_ok(4, true, false, rdp, 2); /* C.SW */
		case 7:
			return ref_ok(8, true, false, rdp, 2); /* C.SD */
		default:                                       /* C.ADDI4SPN, reserved */
			return ref_err(INSN_DECODE_EINVAL);
		}
	}
	if (q == 2) {
		switch (f3) {
		case 1: /* C.FLDSP */
		case 5: /* C.FSDSP */
			return ref_err(INSN_DECODE_EUNSUPPORTED);
		case 2: /* C.LWSP, rd = 0 reserved */
			return rd == 0 ? ref_err(INSN_DECODE_EINVAL)
				       : ref_ok(4, false, true, rd, 2);
		case 3: /* C.LDSP, rd = 0 reserved */
			return rd == 0 ? ref_err(INSN_DECODE_EINVAL)
				       : ref_ok(8, false, false, rd, 2);
		case 6:
			return ref_ok(4, true, false, rs2, 2); /* C.SWSP */
		case 7:
			return ref_ok(8, true, false, rs2, 2); /* C.SDSP */
		default:                                       /* C.SLLI, C.MV/ADD/JR/JALR/EBREAK */
			return ref_err(INSN_DECODE_EINVAL);
		}
	}
	return ref_err(INSN_DECODE_EINVAL); /* quadrant 1: no memory access */
}

static struct ref ref_raw(uint32_t insn)
{
	if ((insn & 3) != 3) {
		return ref_16(insn & 0xffff);
	}
	if ((insn & 0x1c) == 0x1c) { /* 48-bit and longer */
		return ref_err(INSN_DECODE_EINVAL);
	}
	return ref_32(insn);
}

static struct ref ref_htinst(uint32_t h)
{
	struct ref r;
	unsigned len;

	if ((h & 3) == 3) {
		len = 4;
	} else if ((h & 3) == 1) {
		len = 2;
	} else {
		return ref_err(INSN_DECODE_EINVAL); /* 0 or a pseudoinstruction */
	}
	r = ref_32(h | 2);
	if (r.rc != 0) {
		return r;
	}
	if (((h >> 15) & 31) != 0) { /* address offset in the rs1 field */
		return ref_err(INSN_DECODE_EUNSUPPORTED);
	}
	r.rec.len = (uint8_t)len;
	return r;
}

static void check(const char *what, uint32_t in, int rc, const struct insn_mmio *got,
		  const struct ref *want)
{
	static const struct insn_mmio poison = { 0xa5, true, true, 0xa5, 0xa5 };

	FZ_CHECK(rc == want->rc, "%s(0x%08x) returned %d, want %d", what, in, rc, want->rc);
	if (rc != 0) {
		FZ_CHECK(memcmp(got, &poison, sizeof(poison)) == 0,
			 "%s(0x%08x) wrote its record on failure", what, in);
		return;
	}
	FZ_CHECK(got->width == want->rec.width && got->is_write == want->rec.is_write &&
			 got->sign_extend == want->rec.sign_extend && got->reg == want->rec.reg &&
			 got->len == want->rec.len,
		 "%s(0x%08x) = {w%u %s sx%d x%u len%u}, want {w%u %s sx%d x%u len%u}", what, in,
		 got->width, got->is_write ? "st" : "ld", got->sign_extend, got->reg, got->len,
		 want->rec.width, want->rec.is_write ? "st" : "ld", want->rec.sign_extend,
		 want->rec.reg, want->rec.len);
	FZ_CHECK(got->reg < 32, "register x%u", got->reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = fz_init(data, size);

	/* Each 8 bytes: a raw instruction word and an htinst value. */
	do {
		uint32_t insn = fz_u32(&f);
		uint32_t htinst = fz_u32(&f);
		struct insn_mmio rec;
		struct ref want;
		int rc;

		rec = (struct insn_mmio){ 0xa5, true, true, 0xa5, 0xa5 };
		want = ref_raw(insn);
		rc = insn_decode_mmio(insn, &rec);
		check("insn_decode_mmio", insn, rc, &rec, &want);
		if (rc == 0) {
			FZ_CHECK(insn_length(insn) == rec.len,
				 "insn_length(0x%08x) = %u, record says %u", insn,
				 insn_length(insn), rec.len);
		}

		rec = (struct insn_mmio){ 0xa5, true, true, 0xa5, 0xa5 };
		want = ref_htinst(htinst);
		rc = insn_decode_mmio_htinst(htinst, &rec);
		check("insn_decode_mmio_htinst", htinst, rc, &rec, &want);
	} while (!fz_empty(&f));
	return 0;
}
