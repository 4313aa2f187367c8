/* SPDX-License-Identifier: Apache-2.0 */
/* ISA extensions by Linux KVM's ids: names, what rvkvm can do with each, and riscv,isa parsing. */
#include "core/isa_ext.h"

#include "lib/string.h"

#define F ISA_EXT_FIXED
#define S ISA_EXT_SWITCH
#define H ISA_EXT_HIDDEN

/*
 * SWITCH: F and D (sstatus.FS off), Sstc (henvcfg.STCE), Svpbmt (PBMTE), Svadu (ADUE), Zicbom
 * (CBIE/CBCFE), Zicboz (CBZE), Smstateen (hstateen0.SE0). HIDDEN: what the core does not
 * virtualize yet: H (no nested guests), V (sstatus.VS stays off), AIA, the PMU's Sscofpmf,
 * pointer masking, and Zawrs (WRS.NTO traps as a virtual instruction with hstatus.VTW).
 */
const struct isa_ext_info isa_ext_info[RVKVM_RISCV_ISA_EXT_MAX] = {
	[RVKVM_RISCV_ISA_EXT_A] = { "a", F },
	[RVKVM_RISCV_ISA_EXT_C] = { "c", F },
	[RVKVM_RISCV_ISA_EXT_D] = { "d", S },
	[RVKVM_RISCV_ISA_EXT_F] = { "f", S },
	[RVKVM_RISCV_ISA_EXT_H] = { "h", H },
	[RVKVM_RISCV_ISA_EXT_I] = { "i", F },
	[RVKVM_RISCV_ISA_EXT_M] = { "m", F },
	[RVKVM_RISCV_ISA_EXT_SVPBMT] = { "svpbmt", S },
	[RVKVM_RISCV_ISA_EXT_SSTC] = { "sstc", S },
	[RVKVM_RISCV_ISA_EXT_SVINVAL] = { "svinval", F },
	[RVKVM_RISCV_ISA_EXT_ZIHINTPAUSE] = { "zihintpause", F },
	[RVKVM_RISCV_ISA_EXT_ZICBOM] = { "zicbom", S },
	[RVKVM_RISCV_ISA_EXT_ZICBOZ] = { "zicboz", S },
	[RVKVM_RISCV_ISA_EXT_ZBB] = { "zbb", F },
	[RVKVM_RISCV_ISA_EXT_SSAIA] = { "ssaia", H },
	[RVKVM_RISCV_ISA_EXT_V] = { "v", H },
	[RVKVM_RISCV_ISA_EXT_SVNAPOT] = { "svnapot", F },
	[RVKVM_RISCV_ISA_EXT_ZBA] = { "zba", F },
	[RVKVM_RISCV_ISA_EXT_ZBS] = { "zbs", F },
	[RVKVM_RISCV_ISA_EXT_ZICNTR] = { "zicntr", F },
	[RVKVM_RISCV_ISA_EXT_ZICSR] = { "zicsr", F },
	[RVKVM_RISCV_ISA_EXT_ZIFENCEI] = { "zifencei", F },
	[RVKVM_RISCV_ISA_EXT_ZIHPM] = { "zihpm", F },
	[RVKVM_RISCV_ISA_EXT_SMSTATEEN] = { "smstateen", S },
	[RVKVM_RISCV_ISA_EXT_ZICOND] = { "zicond", F },
	[RVKVM_RISCV_ISA_EXT_ZBC] = { "zbc", F },
	[RVKVM_RISCV_ISA_EXT_ZBKB] = { "zbkb", F },
	[RVKVM_RISCV_ISA_EXT_ZBKC] = { "zbkc", F },
	[RVKVM_RISCV_ISA_EXT_ZBKX] = { "zbkx", F },
	[RVKVM_RISCV_ISA_EXT_ZKND] = { "zknd", F },
	[RVKVM_RISCV_ISA_EXT_ZKNE] = { "zkne", F },
	[RVKVM_RISCV_ISA_EXT_ZKNH] = { "zknh", F },
	[RVKVM_RISCV_ISA_EXT_ZKR] = { "zkr", F },
	[RVKVM_RISCV_ISA_EXT_ZKSED] = { "zksed", F },
	[RVKVM_RISCV_ISA_EXT_ZKSH] = { "zksh", F },
	[RVKVM_RISCV_ISA_EXT_ZKT] = { "zkt", F },
	[RVKVM_RISCV_ISA_EXT_ZVBB] = { "zvbb", H },
	[RVKVM_RISCV_ISA_EXT_ZVBC] = { "zvbc", H },
	[RVKVM_RISCV_ISA_EXT_ZVKB] = { "zvkb", H },
	[RVKVM_RISCV_ISA_EXT_ZVKG] = { "zvkg", H },
	[RVKVM_RISCV_ISA_EXT_ZVKNED] = { "zvkned", H },
	[RVKVM_RISCV_ISA_EXT_ZVKNHA] = { "zvknha", H },
	[RVKVM_RISCV_ISA_EXT_ZVKNHB] = { "zvknhb", H },
	[RVKVM_RISCV_ISA_EXT_ZVKSED] = { "zvksed", H },
	[RVKVM_RISCV_ISA_EXT_ZVKSH] = { "zvksh", H },
	[RVKVM_RISCV_ISA_EXT_ZVKT] = { "zvkt", H },
	[RVKVM_RISCV_ISA_EXT_ZFH] = { "zfh", F },
	[RVKVM_RISCV_ISA_EXT_ZFHMIN] = { "zfhmin", F },
	[RVKVM_RISCV_ISA_EXT_ZIHINTNTL] = { "zihintntl", F },
	[RVKVM_RISCV_ISA_EXT_ZVFH] = { "zvfh", H },
	[RVKVM_RISCV_ISA_EXT_ZVFHMIN] = { "zvfhmin", H },
	[RVKVM_RISCV_ISA_EXT_ZFA] = { "zfa", F },
	[RVKVM_RISCV_ISA_EXT_ZTSO] = { "ztso", F },
	[RVKVM_RISCV_ISA_EXT_ZACAS] = { "zacas", F },
	[RVKVM_RISCV_ISA_EXT_SSCOFPMF] = { "sscofpmf", H },
	[RVKVM_RISCV_ISA_EXT_ZIMOP] = { "zimop", F },
	[RVKVM_RISCV_ISA_EXT_ZCA] = { "zca", F },
	[RVKVM_RISCV_ISA_EXT_ZCB] = { "zcb", F },
	[RVKVM_RISCV_ISA_EXT_ZCD] = { "zcd", F },
	[RVKVM_RISCV_ISA_EXT_ZCF] = { "zcf", F },
	[RVKVM_RISCV_ISA_EXT_ZCMOP] = { "zcmop", F },
	[RVKVM_RISCV_ISA_EXT_ZAWRS] = { "zawrs", H },
	[RVKVM_RISCV_ISA_EXT_SMNPM] = { "smnpm", H },
	[RVKVM_RISCV_ISA_EXT_SSNPM] = { "ssnpm", H },
	[RVKVM_RISCV_ISA_EXT_SVADE] = { "svade", F },
	[RVKVM_RISCV_ISA_EXT_SVADU] = { "svadu", S },
	[RVKVM_RISCV_ISA_EXT_SVVPTC] = { "svvptc", F },
	[RVKVM_RISCV_ISA_EXT_ZABHA] = { "zabha", F },
	[RVKVM_RISCV_ISA_EXT_ZICCRSE] = { "ziccrse", F },
	[RVKVM_RISCV_ISA_EXT_ZAAMO] = { "zaamo", F },
	[RVKVM_RISCV_ISA_EXT_ZALRSC] = { "zalrsc", F },
	[RVKVM_RISCV_ISA_EXT_ZICBOP] = { "zicbop", F },
	[RVKVM_RISCV_ISA_EXT_ZFBFMIN] = { "zfbfmin", F },
	[RVKVM_RISCV_ISA_EXT_ZVFBFMIN] = { "zvfbfmin", H },
	[RVKVM_RISCV_ISA_EXT_ZVFBFWMA] = { "zvfbfwma", H },
	[RVKVM_RISCV_ISA_EXT_ZCLSD] = { "zclsd", F },
	[RVKVM_RISCV_ISA_EXT_ZILSD] = { "zilsd", F },
	[RVKVM_RISCV_ISA_EXT_ZALASR] = { "zalasr", F },
};

#undef F
#undef S
#undef H

char isa_ext_letter(unsigned id)
{
	const char *n = id < RVKVM_RISCV_ISA_EXT_MAX ? isa_ext_info[id].name : NULL;

	return n && n[0] && !n[1] ? n[0] : 0;
}

int isa_ext_of_letter(char letter)
{
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		if (isa_ext_letter(id) == letter) {
			return (int)id;
		}
	}
	return -1;
}

bool isa_set_has(const struct isa_set *s, unsigned id)
{
	char l = isa_ext_letter(id);

	if (id >= RVKVM_RISCV_ISA_EXT_MAX) {
		return false;
	}
	if (l) {
		return (s->letters >> (l - 'a')) & 1;
	}
	return (s->ext[id / 64] >> (id % 64)) & 1;
}

void isa_set_assign(struct isa_set *s, unsigned id, bool on)
{
	char l = isa_ext_letter(id);

	if (id >= RVKVM_RISCV_ISA_EXT_MAX) {
		return;
	}
	if (l) {
		s->letters = on ? s->letters | (1u << (l - 'a')) : s->letters & ~(1u << (l - 'a'));
	} else if (on) {
		s->ext[id / 64] |= 1ULL << (id % 64);
	} else {
		s->ext[id / 64] &= ~(1ULL << (id % 64));
	}
}

static void add_multi(struct isa_set *s, const char *name, size_t len)
{
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		const char *n = isa_ext_info[id].name;

		if (n && n[1] && lib_strlen(n) == len && lib_strncmp(n, name, len) == 0) {
			isa_set_assign(s, id, true);
		}
	}
}

void isa_set_parse(struct isa_set *s, const char *isa)
{
	const char *p = isa;

	lib_memset(s, 0, sizeof(*s));
	if (lib_strncmp(p, "rv64", 4) != 0 && lib_strncmp(p, "rv32", 4) != 0) {
		return;
	}
	/* The letters run up to the first underscore; 'g' is imafd with Zicsr and Zifencei. */
	for (p += 4; *p && *p != '_'; p++) {
		if (*p == 'g') {
			s->letters |= (1u << ('i' - 'a')) | (1u << ('m' - 'a')) |
				      (1u << ('a' - 'a')) | (1u << ('f' - 'a')) |
				      (1u << ('d' - 'a'));
			isa_set_assign(s, RVKVM_RISCV_ISA_EXT_ZICSR, true);
			isa_set_assign(s, RVKVM_RISCV_ISA_EXT_ZIFENCEI, true);
		} else if (*p >= 'a' && *p <= 'z') {
			s->letters |= 1u << (*p - 'a');
		}
	}
	/* Then one multi-letter extension per underscore-separated word. */
	while (*p == '_') {
		const char *w = ++p;

		while (*p && *p != '_') {
			p++;
		}
		add_multi(s, w, (size_t)(p - w));
	}
}

bool isa_ext_name_hidden(const char *name, size_t len)
{
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		const char *n = isa_ext_info[id].name;

		if (n && lib_strlen(n) == len && lib_strncmp(n, name, len) == 0) {
			return isa_ext_info[id].policy == ISA_EXT_HIDDEN;
		}
	}
	return false;
}

void isa_set_guest_max(struct isa_set *s, const char *host_isa)
{
	isa_set_parse(s, host_isa);
	for (unsigned id = 0; id < RVKVM_RISCV_ISA_EXT_MAX; id++) {
		if (isa_ext_info[id].policy == ISA_EXT_HIDDEN) {
			isa_set_assign(s, id, false);
		}
	}
}
