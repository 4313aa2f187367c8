/* SPDX-License-Identifier: Apache-2.0 */
/* Decoding of the Zicsr instructions into the CSR access they ask for (for CSR exits to the VMM). */
#ifndef CORE_INSN_CSR_H
#define CORE_INSN_CSR_H

#include <stdbool.h>
#include <stdint.h>

#define INSN_OPC_SYSTEM 0x73u

/* A CSR instruction, in KVM_EXIT_RISCV_CSR's terms: the CSR takes (old & ~mask) | (new & mask). */
struct insn_csr {
	uint16_t csr; /* CSR number */
	uint8_t rd;   /* gets the old value (x0: discarded) */
	uint8_t rs1;  /* source register, or the 5-bit immediate for the I forms */
	bool imm;     /* CSRRWI / CSRRSI / CSRRCI */
	uint8_t op;   /* INSN_CSR_RW, _RS, _RC */
};

#define INSN_CSR_RW 1
#define INSN_CSR_RS 2
#define INSN_CSR_RC 3

/* True and *out filled when insn is CSRRW/CSRRS/CSRRC or an immediate form. */
bool insn_decode_csr(uint32_t insn, struct insn_csr *out);
/* The new value and write mask of the access, given the source operand's value. */
void insn_csr_effect(const struct insn_csr *c, unsigned long src, unsigned long *new_value,
		     unsigned long *write_mask);

#endif
