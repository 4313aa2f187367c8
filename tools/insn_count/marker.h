/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The marker instruction of tools/insn_count/'s plugins: `slti x0, x0, IMM`, a HINT the RISC-V
 * ISA leaves for custom use. It writes x0, so it does nothing on hardware or under QEMU without a
 * plugin; guests run it to mark points in their work (guests/linux/marker.S).
 */
#ifndef RVKVM_INSN_COUNT_MARKER_H
#define RVKVM_INSN_COUNT_MARKER_H

#include <stdint.h>

#include "qemu_plugin_api.h"

/* slti x0, x0, imm: OP-IMM with funct3 SLTI, rd = rs1 = x0; imm[11:0] is bits 31:20. */
#define MARKER_MASK 0x000fffffu
#define MARKER_BITS 0x00002013u
#define MARKER_IMM_SHIFT 20

/* Whether the instruction is a marker; *imm gets its immediate. */
static inline int is_marker(const struct qemu_plugin_insn *insn, int *imm)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	uint32_t word;

	if (qemu_plugin_insn_size(insn) != 4) {
		return 0;
	}
	/* RISC-V instructions are little-endian parcels whatever the host. */
	word = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	if ((word & MARKER_MASK) != MARKER_BITS) {
		return 0;
	}
	*imm = (int32_t)word >> MARKER_IMM_SHIFT;
	return 1;
}

#endif
