/* SPDX-License-Identifier: Apache-2.0 */
/* The ISA a vCPU has, in Linux KVM's numbering (ONE_REG CONFIG isa and ISA_EXT), and how rvkvm treats each extension. */
#ifndef CORE_ISA_EXT_H
#define CORE_ISA_EXT_H

#include <stdbool.h>
#include <stdint.h>

#include "rvkvm/reg.h"

#define ISA_EXT_WORDS ((RVKVM_RISCV_ISA_EXT_MAX + 63) / 64)

/*
 * Single-letter extensions are bits of `letters` (bit n: 'a' + n, the CONFIG isa value); the
 * ISA_EXT ids of letters (A, C, D, ...) read and write those same bits. Multi-letter ones are
 * bits of `ext`, by RVKVM_RISCV_ISA_EXT_* id.
 */
struct isa_set {
	uint32_t letters;
	uint64_t ext[ISA_EXT_WORDS];
};

/* How rvkvm offers an extension the host has to its guests. */
enum isa_ext_policy {
	ISA_EXT_FIXED, /* offered; no way to take it from the guest, so it cannot be switched off */
	ISA_EXT_SWITCH, /* offered; the core can take it away (FS, henvcfg, hstateen bits) */
	ISA_EXT_HIDDEN, /* never offered (the core does not virtualize it): no ISA_EXT register */
};

struct isa_ext_info {
	const char *name; /* as in riscv,isa: "zicbom"; for a letter, the letter */
	enum isa_ext_policy policy;
};

/* Indexed by RVKVM_RISCV_ISA_EXT_* id. */
extern const struct isa_ext_info isa_ext_info[RVKVM_RISCV_ISA_EXT_MAX];

/* The letter of a single-letter extension id, or 0. */
char isa_ext_letter(unsigned id);
/* The id of a single-letter extension, or -1 when Linux KVM has none for it. */
int isa_ext_of_letter(char letter);
bool isa_set_has(const struct isa_set *s, unsigned id);
void isa_set_assign(struct isa_set *s, unsigned id, bool on);
/* Reads a riscv,isa string ("rv64imafdc_zicsr_sstc"); unknown extensions are left out. */
void isa_set_parse(struct isa_set *s, const char *isa);
/* What a guest may have on this host: the host's extensions minus the hidden ones and H. */
void isa_set_guest_max(struct isa_set *s, const char *host_isa);
/* Whether the extension named name[0..len) is one rvkvm never offers a guest (ISA_EXT_HIDDEN). */
bool isa_ext_name_hidden(const char *name, size_t len);

#endif
