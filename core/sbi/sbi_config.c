/* SPDX-License-Identifier: Apache-2.0 */
/* Which SBI extensions a vCPU is offered and which the VMM handles itself (ONE_REG SBI_EXT and SBI_VMM). */
#include "core/sbi/sbi.h"

/*
 * The KVM ids and their ranges come from the descriptors (core/sbi/sbi.h): these searches walk
 * the whole table, the extensions the VMM alone may implement too. None is on the fast path:
 * dispatch caches what they answer per vCPU (core/sbi/sbi.c).
 */
const struct sbi_ext *sbi_kvm_ext(unsigned kvm_id)
{
	for (unsigned i = 0; i < sbi_ext_count_all; i++) {
		if (sbi_ext_table[i]->kvm_id == (int)kvm_id) {
			return sbi_ext_table[i];
		}
	}
	return NULL;
}

int sbi_kvm_id_of(unsigned long eid)
{
	for (unsigned i = 0; i < sbi_ext_count_all; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (eid >= e->eid_lo && eid <= e->eid_hi) {
			return e->kvm_id < 0 ? -1 : e->kvm_id;
		}
	}
	return -1;
}

const struct sbi_ext *sbi_state_ext(uint64_t subtype)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (e->state_reg && e->state_subtype == subtype) {
			return e;
		}
	}
	return NULL;
}

const struct sbi_ext *sbi_core_ext(const struct rvkvm_vcpu *v, unsigned kvm_id)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (e->kvm_id == (int)kvm_id) {
			return (!e->probe || e->probe(v)) ? e : NULL;
		}
	}
	return NULL;
}

bool sbi_vmm_owns(const struct rvkvm_vcpu *v, unsigned long eid)
{
	int id;

	if (!v->cfg.sbi_vmm) {
		return false; /* the common case, without a search */
	}
	id = sbi_kvm_id_of(eid);
	return id >= 0 && ((v->cfg.sbi_vmm >> id) & 1);
}

bool sbi_ext_offered(const struct rvkvm_vcpu *v, const struct sbi_ext *e)
{
	if (e->kvm_id != SBI_KVM_ID_NONE) {
		return !((v->cfg.sbi_disabled >> e->kvm_id) & 1);
	}
	return !e->own || !((v->cfg.sbi_disabled_rvkvm >> (e->own - 1)) & 1);
}

const struct sbi_ext *sbi_own_ext(const struct rvkvm_vcpu *v, unsigned own_id)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (e->own == SBI_OWN(own_id)) {
			return (!e->probe || e->probe(v)) ? e : NULL;
		}
	}
	return NULL;
}

bool sbi_probe(const struct rvkvm_vcpu *v, unsigned long eid)
{
	const struct sbi_ext *e;

	if (sbi_vmm_owns(v, eid)) {
		return true;
	}
	e = sbi_find_ext(v, eid);
	return e && sbi_ext_offered(v, e);
}

_Static_assert(RVKVM_RISCV_SBI_EXT_MAX <= 64, "vcpu_config's SBI bitmaps hold one bit per id");
