/* SPDX-License-Identifier: Apache-2.0 */
/* Decoding of a trapping guest load/store into the neutral record the MMIO exit path uses. */
#ifndef CORE_INSN_DECODE_H
#define CORE_INSN_DECODE_H

#include <stdbool.h>
#include <stdint.h>

/* Not a load/store at all, or a reserved encoding of one. */
#define INSN_DECODE_EINVAL (-1)
/* A real load/store the core does not emulate on MMIO: FP, vector, AMO, LR/SC. */
#define INSN_DECODE_EUNSUPPORTED (-2)

/*
 * Field layout of the 32-bit base encodings (RISC-V unprivileged spec,
 * "Base Instruction Formats"). The fields tile bits [24:0] without gaps.
 */
#define INSN_OPCODE_SHIFT 0
#define INSN_OPCODE_WIDTH 7
#define INSN_RD_SHIFT 7
#define INSN_RD_WIDTH 5
#define INSN_FUNCT3_SHIFT 12
#define INSN_FUNCT3_WIDTH 3
#define INSN_RS1_SHIFT 15
#define INSN_RS1_WIDTH 5
#define INSN_RS2_SHIFT 20
#define INSN_RS2_WIDTH 5

_Static_assert(INSN_OPCODE_SHIFT + INSN_OPCODE_WIDTH == INSN_RD_SHIFT, "opcode/rd");
_Static_assert(INSN_RD_SHIFT + INSN_RD_WIDTH == INSN_FUNCT3_SHIFT, "rd/funct3");
_Static_assert(INSN_FUNCT3_SHIFT + INSN_FUNCT3_WIDTH == INSN_RS1_SHIFT, "funct3/rs1");
_Static_assert(INSN_RS1_SHIFT + INSN_RS1_WIDTH == INSN_RS2_SHIFT, "rs1/rs2");

/*
 * Field layout of the 16-bit compressed encodings (unprivileged spec,
 * "Compressed Instruction Formats"). CL/CS name x8..x15 with 3 bits at
 * [4:2] (rd' of a load, rs2' of a store); CI loads name a full rd at
 * [11:7] and CSS stores a full rs2 at [6:2].
 */
#define INSN_C_OP_SHIFT 0
#define INSN_C_OP_WIDTH 2
#define INSN_C_FUNCT3_SHIFT 13
#define INSN_C_FUNCT3_WIDTH 3
#define INSN_C_RDP_SHIFT 2
#define INSN_C_RDP_WIDTH 3
#define INSN_C_RS1P_SHIFT 7
#define INSN_C_RS1P_WIDTH 3
#define INSN_C_RD_SHIFT 7
#define INSN_C_RD_WIDTH 5
#define INSN_C_RS2_SHIFT 2
#define INSN_C_RS2_WIDTH 5
/* The 3-bit register fields are an offset from x8. */
#define INSN_C_REG_BASE 8u

_Static_assert(INSN_C_REG_BASE + (1u << INSN_C_RDP_WIDTH) - 1u <= 31u, "rd' stays a GPR");
_Static_assert(INSN_C_FUNCT3_SHIFT + INSN_C_FUNCT3_WIDTH == 16, "funct3 is the top of 16 bits");

#define INSN_FIELD_MASK(width) ((1u << (width)) - 1u)
#define INSN_GET(insn, shift, width) (((uint32_t)(insn) >> (shift)) & INSN_FIELD_MASK(width))

#define INSN_OPCODE(i) INSN_GET(i, INSN_OPCODE_SHIFT, INSN_OPCODE_WIDTH)
#define INSN_RD(i) INSN_GET(i, INSN_RD_SHIFT, INSN_RD_WIDTH)
#define INSN_FUNCT3(i) INSN_GET(i, INSN_FUNCT3_SHIFT, INSN_FUNCT3_WIDTH)
#define INSN_RS1(i) INSN_GET(i, INSN_RS1_SHIFT, INSN_RS1_WIDTH)
#define INSN_RS2(i) INSN_GET(i, INSN_RS2_SHIFT, INSN_RS2_WIDTH)

#define INSN_C_OP(i) INSN_GET(i, INSN_C_OP_SHIFT, INSN_C_OP_WIDTH)
#define INSN_C_FUNCT3(i) INSN_GET(i, INSN_C_FUNCT3_SHIFT, INSN_C_FUNCT3_WIDTH)
#define INSN_C_RDP(i) (INSN_C_REG_BASE + INSN_GET(i, INSN_C_RDP_SHIFT, INSN_C_RDP_WIDTH))
#define INSN_C_RS2P(i) INSN_C_RDP(i)
#define INSN_C_RS1P(i) (INSN_C_REG_BASE + INSN_GET(i, INSN_C_RS1P_SHIFT, INSN_C_RS1P_WIDTH))
#define INSN_C_RD(i) INSN_GET(i, INSN_C_RD_SHIFT, INSN_C_RD_WIDTH)
#define INSN_C_RS2(i) INSN_GET(i, INSN_C_RS2_SHIFT, INSN_C_RS2_WIDTH)

/* Major opcodes (bits [6:0]) of the 32-bit memory-access instructions. */
#define INSN_OPC_LOAD 0x03u
#define INSN_OPC_LOAD_FP 0x07u
#define INSN_OPC_STORE 0x23u
#define INSN_OPC_STORE_FP 0x27u
#define INSN_OPC_AMO 0x2fu

/* Compressed quadrants (bits [1:0]); 3 is a 32-bit or longer instruction. */
#define INSN_C_Q0 0u
#define INSN_C_Q1 1u
#define INSN_C_Q2 2u

/*
 * htinst bits [1:0]: 11 is a transformed 32-bit instruction, 01 is the
 * transformed expansion of a 16-bit one (bit 1 cleared), 00 is zero or one
 * of the implicit-access pseudoinstructions (a VS-stage page-table walk).
 */
#define INSN_HTINST_LEN_MASK 0x3u
#define INSN_HTINST_FROM_32 0x3u
#define INSN_HTINST_FROM_16 0x1u

struct insn_mmio {
	uint8_t width; /* bytes: 1, 2, 4, 8 */
	bool is_write;
	bool sign_extend; /* LB, LH, LW and C.LW(SP): sign-extend to XLEN; false for the rest */
	uint8_t reg;      /* GPR x0..x31: data source for stores, destination for loads */
	uint8_t len;      /* length of the trapping instruction: 2 or 4 (sepc advance) */
};

/*
 * The XLEN the guest's instructions are decoded for: the hart's own, as rvkvm runs its guests
 * at the host's width (hstatus.VSXL). RV32 has no LD, LWU or SD, and its C.FLW, C.FSW, C.FLWSP
 * and C.FSWSP have RV64C's C.LD, C.SD, C.LDSP and C.SDSP encodings.
 */
#define INSN_XLEN (8u * (unsigned)sizeof(unsigned long))

/*
 * Decode raw instruction bits read from guest memory, as an instruction of
 * an xlen-bit (32 or 64) hart. A compressed instruction is in the low 16
 * bits; the upper 16 bits are ignored then, so the caller may pass a 32-bit
 * read that ran past it. Returns 0 and fills *out, or a negative
 * INSN_DECODE_E* code and leaves *out untouched.
 */
int insn_decode_mmio_xlen(uint32_t insn, unsigned xlen, struct insn_mmio *out);

static inline int insn_decode_mmio(uint32_t insn, struct insn_mmio *out)
{
	return insn_decode_mmio_xlen(insn, INSN_XLEN, out);
}

/*
 * Decode a transformed instruction from htinst. It is always in the 32-bit
 * format; bit 1 only says how long the trapping instruction was. htinst == 0
 * (no information) and the pseudoinstructions return INSN_DECODE_EINVAL: the
 * caller reads the instruction itself for 0 and must not treat a
 * pseudoinstruction as an MMIO access. A non-zero address offset (an access
 * that faulted past its first byte) returns INSN_DECODE_EUNSUPPORTED, since
 * the record has no room for it and emulating at the faulting address would
 * be wrong. *out is written only on success.
 */
int insn_decode_mmio_htinst_xlen(uint32_t htinst, unsigned xlen, struct insn_mmio *out);

static inline int insn_decode_mmio_htinst(uint32_t htinst, struct insn_mmio *out)
{
	return insn_decode_mmio_htinst_xlen(htinst, INSN_XLEN, out);
}

/* 2 or 4 from the low bits of an instruction; 0 for 48-bit and longer encodings. */
unsigned insn_length(uint32_t insn_low_bits);

#endif
