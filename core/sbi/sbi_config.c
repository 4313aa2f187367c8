/* Which SBI extensions a vCPU is offered and which the VMM handles itself (ONE_REG SBI_EXT and SBI_VMM). */
#include "core/sbi/sbi.h"

const struct sbi_eid_range sbi_kvm_ranges[RVKVM_RISCV_SBI_EXT_MAX] = {
	[RVKVM_RISCV_SBI_EXT_V01] = { 0, SBI_EID_LEGACY_SHUTDOWN },
	[RVKVM_RISCV_SBI_EXT_TIME] = { SBI_EID_TIME, SBI_EID_TIME },
	[RVKVM_RISCV_SBI_EXT_IPI] = { SBI_EID_IPI, SBI_EID_IPI },
	[RVKVM_RISCV_SBI_EXT_RFENCE] = { SBI_EID_RFENCE, SBI_EID_RFENCE },
	[RVKVM_RISCV_SBI_EXT_SRST] = { SBI_EID_SRST, SBI_EID_SRST },
	[RVKVM_RISCV_SBI_EXT_HSM] = { SBI_EID_HSM, SBI_EID_HSM },
	[RVKVM_RISCV_SBI_EXT_PMU] = { SBI_EID_PMU, SBI_EID_PMU },
	[RVKVM_RISCV_SBI_EXT_EXPERIMENTAL] = { SBI_EID_EXPERIMENTAL_FIRST, SBI_EID_EXPERIMENTAL_LAST },
	[RVKVM_RISCV_SBI_EXT_VENDOR] = { SBI_EID_VENDOR_FIRST, SBI_EID_VENDOR_LAST },
	[RVKVM_RISCV_SBI_EXT_DBCN] = { SBI_EID_DBCN, SBI_EID_DBCN },
	[RVKVM_RISCV_SBI_EXT_STA] = { SBI_EID_STA, SBI_EID_STA },
	[RVKVM_RISCV_SBI_EXT_SUSP] = { SBI_EID_SUSP, SBI_EID_SUSP },
	[RVKVM_RISCV_SBI_EXT_FWFT] = { SBI_EID_FWFT, SBI_EID_FWFT },
	[RVKVM_RISCV_SBI_EXT_MPXY] = { SBI_EID_MPXY, SBI_EID_MPXY },
};

int sbi_kvm_id_of(unsigned long eid)
{
	for (unsigned id = 0; id < RVKVM_RISCV_SBI_EXT_MAX; id++) {
		if (eid >= sbi_kvm_ranges[id].lo && eid <= sbi_kvm_ranges[id].hi) {
			return (int)id;
		}
	}
	return -1;
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
	return e->kvm_id == SBI_KVM_ID_NONE || !((v->cfg.sbi_disabled >> e->kvm_id) & 1);
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
