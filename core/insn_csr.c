/* SPDX-License-Identifier: Apache-2.0 */
/* Zicsr decoding (see core/insn_csr.h): field positions as in the unprivileged spec's I-type. */
#include "core/insn_csr.h"

#include "core/insn_decode.h"

#define CSR_SHIFT 20    /* the CSR number is the I-type immediate, bits [31:20] */
#define FUNCT3_IMM 0x4u /* funct3 bit 2: the I forms */

bool insn_decode_csr(uint32_t insn, struct insn_csr *out)
{
	unsigned funct3 = INSN_FUNCT3(insn);

	if (INSN_OPCODE(insn) != INSN_OPC_SYSTEM || (funct3 & ~FUNCT3_IMM) == 0) {
		return false; /* funct3 0 and 4 are ecall/ebreak/xRET/WFI/fences and the H loads */
	}
	out->csr = (uint16_t)(insn >> CSR_SHIFT);
	out->rd = (uint8_t)INSN_RD(insn);
	out->rs1 = (uint8_t)INSN_RS1(insn);
	out->imm = (funct3 & FUNCT3_IMM) != 0;
	out->op = (uint8_t)(funct3 & ~FUNCT3_IMM);
	return true;
}

void insn_csr_effect(const struct insn_csr *c, unsigned long src, unsigned long *new_value,
		     unsigned long *write_mask)
{
	switch (c->op) {
	case INSN_CSR_RW:
		*new_value = src;
		*write_mask = ~0UL;
		break;
	case INSN_CSR_RS:
		*new_value = ~0UL;
		*write_mask = src;
		break;
	default: /* INSN_CSR_RC */
		*new_value = 0;
		*write_mask = src;
		break;
	}
}
