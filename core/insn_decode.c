/* SPDX-License-Identifier: Apache-2.0 */
/* Decoder of guest integer loads/stores (raw, compressed or from htinst) for MMIO emulation. */
#include "core/insn_decode.h"

/* A width of 0 marks a funct3 value that is reserved at that XLEN. */
struct load_form {
	uint8_t width;
	bool sign_extend;
};

/* LOAD, indexed by funct3: LB LH LW LD LBU LHU LWU, then LDU which only RV128 defines. */
static const struct load_form load_forms_rv64[8] = {
	[0] = { 1, true },  [1] = { 2, true },  [2] = { 4, true },  [3] = { 8, false },
	[4] = { 1, false }, [5] = { 2, false }, [6] = { 4, false }, [7] = { 0, false },
};

/* RV32I has no LD or LWU. */
static const struct load_form load_forms_rv32[8] = {
	[0] = { 1, true },  [1] = { 2, true },  [2] = { 4, true },
	[4] = { 1, false }, [5] = { 2, false },
};

/* STORE, indexed by funct3: SB SH SW SD; 4 (SQ) is RV128 only and 5..7 are reserved. */
static const uint8_t store_widths_rv64[8] = { 1, 2, 4, 8, 0, 0, 0, 0 };
/* RV32I has no SD. */
static const uint8_t store_widths_rv32[8] = { 1, 2, 4, 0, 0, 0, 0, 0 };

/*
 * AMO funct3 values that name a real width: B/H (Zabha), W, D (A) and Q
 * (Zacas). Anything else under the AMO opcode is reserved.
 */
#define AMO_FUNCT3_MAX 4u

/* One compressed quadrant-0 or quadrant-2 funct3 slot. width 0: not a memory access. */
struct c_form {
	uint8_t width;
	bool fp; /* names an FP register: not emulated */
	bool is_write;
	bool sp_based; /* CI/CSS (full register field) rather than CL/CS (x8 + 3 bits) */
};

/* Quadrant 0 in RV64C: C.FLD C.LW C.LD, reserved 100, C.FSD C.SW C.SD. */
static const struct c_form c_q0_forms_rv64[8] = {
	[1] = { 8, true, false, false },  [2] = { 4, false, false, false },
	[3] = { 8, false, false, false }, [5] = { 8, true, true, false },
	[6] = { 4, false, true, false },  [7] = { 8, false, true, false },
};

/* Quadrant 2 in RV64C: C.FLDSP C.LWSP C.LDSP, C.FSDSP C.SWSP C.SDSP. */
static const struct c_form c_q2_forms_rv64[8] = {
	[1] = { 8, true, false, true },  [2] = { 4, false, false, true },
	[3] = { 8, false, false, true }, [5] = { 8, true, true, true },
	[6] = { 4, false, true, true },  [7] = { 8, false, true, true },
};

/* RV32C has C.FLW and C.FSW where RV64C has C.LD and C.SD: FP, not emulated. */
static const struct c_form c_q0_forms_rv32[8] = {
	[1] = { 8, true, false, false }, [2] = { 4, false, false, false },
	[3] = { 4, true, false, false }, [5] = { 8, true, true, false },
	[6] = { 4, false, true, false }, [7] = { 4, true, true, false },
};

/* And C.FLWSP and C.FSWSP where RV64C has C.LDSP and C.SDSP. */
static const struct c_form c_q2_forms_rv32[8] = {
	[1] = { 8, true, false, true }, [2] = { 4, false, false, true },
	[3] = { 4, true, false, true }, [5] = { 8, true, true, true },
	[6] = { 4, false, true, true }, [7] = { 4, true, true, true },
};

/* The forms of one XLEN: the funct3 slots the two widths give different instructions. */
struct xlen_forms {
	const struct load_form *load;
	const uint8_t *store;
	const struct c_form *c_q0, *c_q2;
};

static const struct xlen_forms forms_rv64 = { load_forms_rv64, store_widths_rv64, c_q0_forms_rv64,
					      c_q2_forms_rv64 };
static const struct xlen_forms forms_rv32 = { load_forms_rv32, store_widths_rv32, c_q0_forms_rv32,
					      c_q2_forms_rv32 };

static const struct xlen_forms *forms_of(unsigned xlen)
{
	return xlen == 32 ? &forms_rv32 : &forms_rv64;
}

unsigned insn_length(uint32_t insn_low_bits)
{
	if ((insn_low_bits & 0x3u) != 0x3u) {
		return 2;
	}
	/* bits [4:2] all set introduce the 48-bit and longer encodings. */
	if ((insn_low_bits & 0x1cu) == 0x1cu) {
		return 0;
	}
	return 4;
}

static int decode_32(uint32_t insn, const struct xlen_forms *f, struct insn_mmio *rec)
{
	uint32_t funct3 = INSN_FUNCT3(insn);

	switch (INSN_OPCODE(insn)) {
	case INSN_OPC_LOAD:
		if (f->load[funct3].width == 0) {
			return INSN_DECODE_EINVAL;
		}
		rec->width = f->load[funct3].width;
		rec->is_write = false;
		rec->sign_extend = f->load[funct3].sign_extend;
		rec->reg = (uint8_t)INSN_RD(insn);
		break;
	case INSN_OPC_STORE:
		if (f->store[funct3] == 0) {
			return INSN_DECODE_EINVAL;
		}
		rec->width = f->store[funct3];
		rec->is_write = true;
		rec->sign_extend = false;
		rec->reg = (uint8_t)INSN_RS2(insn);
		break;
	case INSN_OPC_LOAD_FP:
	case INSN_OPC_STORE_FP:
		/* Every funct3 here is an FP or vector access; both are real but not emulated. */
		return INSN_DECODE_EUNSUPPORTED;
	case INSN_OPC_AMO:
		if (funct3 > AMO_FUNCT3_MAX) {
			return INSN_DECODE_EINVAL;
		}
		return INSN_DECODE_EUNSUPPORTED;
	default:
		return INSN_DECODE_EINVAL;
	}
	rec->len = 4;
	return 0;
}

static int decode_16(uint32_t insn, const struct xlen_forms *f, struct insn_mmio *rec)
{
	const struct c_form *form;

	switch (INSN_C_OP(insn)) {
	case INSN_C_Q0:
		form = &f->c_q0[INSN_C_FUNCT3(insn)];
		break;
	case INSN_C_Q2:
		form = &f->c_q2[INSN_C_FUNCT3(insn)];
		break;
	default:
		/* Quadrant 1 holds no memory access. */
		return INSN_DECODE_EINVAL;
	}
	if (form->width == 0) {
		return INSN_DECODE_EINVAL;
	}
	if (form->fp) {
		return INSN_DECODE_EUNSUPPORTED;
	}

	if (!form->sp_based) {
		/* rd' of CL and rs2' of CS share bits [4:2]. */
		rec->reg = (uint8_t)INSN_C_RDP(insn);
	} else if (form->is_write) {
		rec->reg = (uint8_t)INSN_C_RS2(insn);
	} else {
		rec->reg = (uint8_t)INSN_C_RD(insn);
		/* C.LWSP/C.LDSP with rd = x0 are reserved, unlike LW/LD with rd = x0. */
		if (rec->reg == 0) {
			return INSN_DECODE_EINVAL;
		}
	}
	rec->width = form->width;
	rec->is_write = form->is_write;
	/* C.LW sign-extends like LW; the 8-byte loads fill XLEN and need no extension. */
	rec->sign_extend = !form->is_write && form->width < 8;
	rec->len = 2;
	return 0;
}

int insn_decode_mmio_xlen(uint32_t insn, unsigned xlen, struct insn_mmio *out)
{
	struct insn_mmio rec = { 0 };
	int rc;

	switch (insn_length(insn)) {
	case 2:
		rc = decode_16(insn & 0xffffu, forms_of(xlen), &rec);
		break;
	case 4:
		rc = decode_32(insn, forms_of(xlen), &rec);
		break;
	default:
		rc = INSN_DECODE_EINVAL;
		break;
	}
	if (rc != 0) {
		return rc;
	}
	*out = rec;
	return 0;
}

int insn_decode_mmio_htinst_xlen(uint32_t htinst, unsigned xlen, struct insn_mmio *out)
{
	struct insn_mmio rec = { 0 };
	uint8_t len;
	int rc;

	switch (htinst & INSN_HTINST_LEN_MASK) {
	case INSN_HTINST_FROM_32:
		len = 4;
		break;
	case INSN_HTINST_FROM_16:
		len = 2;
		break;
	default:
		return INSN_DECODE_EINVAL;
	}

	/* The transformed form is always the 32-bit encoding; restore bit 1 to decode it. */
	rc = decode_32(htinst | 0x2u, forms_of(xlen), &rec);
	if (rc != 0) {
		return rc;
	}
	/* For loads/stores the rs1 field holds the faulting byte's offset into the access. */
	if (INSN_RS1(htinst) != 0) {
		return INSN_DECODE_EUNSUPPORTED;
	}
	rec.len = len;
	*out = rec;
	return 0;
}
