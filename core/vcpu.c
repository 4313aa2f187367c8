/* SPDX-License-Identifier: Apache-2.0 */
/* vCPU creation (KVM_CREATE_VCPU) and the state the core derives from a vCPU's configuration. */
#include "core/vcpu.h"

#include "core/arch/riscv/csr.h"
#include "core/exc_route.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

int rvkvm_create_vcpu(struct rvkvm_vm *vm, unsigned id, struct rvkvm_vcpu **out)
{
	struct rvkvm_vcpu *v;

	if (id >= VCPU_MAX_PER_VM || vm->vcpus[id]) {
		return id >= VCPU_MAX_PER_VM ? RVKVM_EINVAL : RVKVM_EEXIST;
	}
	v = core_alloc_zeroed(sizeof(*v), 64);
	if (!v) {
		return RVKVM_ENOMEM;
	}
	v->vm = vm;
	v->id = id;
	mmio_decode_cache_init(&v->decode_cache);
	v->mmio_acc = &v->htinst_acc; /* a record, though nothing is pending yet */
	/* Reset state: VS-mode, interrupts off, a 64-bit guest; the VMM sets pc, a0, a1. */
	v->ctx.sstatus = SSTATUS_SPP; /* FS follows the vCPU's ISA (vcpu_config_apply) */
	if (host_caps.has_v) {
		/* The guest's vector registers, saved when it is not loaded (32 of vlenb bytes). */
		v->vec.regs = core_alloc_zeroed(32 * host_caps.vlenb, 16);
		if (!v->vec.regs) {
			return RVKVM_ENOMEM;
		}
		v->ctx.sstatus |= SSTATUS_VS_INITIAL;
	}
	v->ctx.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_GUEST;
	v->csr.vstimecmp = UINT64_MAX;
	/*
	 * scounteren is not banked: VU-mode reads of cycle, time and instret need it (and
	 * hcounteren). A guest that does not set it itself (Linux 6.12 leaves it to the firmware)
	 * finds it enabled, as on hardware under OpenSBI and under Linux KVM.
	 */
	v->csr.scounteren = 0x7;
	v->pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT; /* until its SBI PMU configures a counter */
	v->timer_deadline = UINT64_MAX;
	/* By default a guest gets what the host can give it, and the host's machine ids. */
	isa_set_guest_max(&v->cfg.isa_max, host_caps.isa);
	v->cfg.isa = v->cfg.isa_max;
	v->cfg.mvendorid = host_caps.mvendorid;
	v->cfg.marchid = host_caps.marchid;
	v->cfg.mimpid = host_caps.mimpid;
	vcpu_config_apply(v);
	/* FWFT features offered by default: the ones the core implements on this host. */
	v->fwft[VCPU_FWFT_MISALIGNED_DELEG].enable = 1;
	v->fwft_pte_ad.enable = host_caps.has_svadu;
	v->hedeleg = exc_route_hedeleg(v);
	v->sta.shmem = VCPU_STA_OFF;
	v->dbtr.shmem = VCPU_DBTR_OFF;
	vm->vcpus[id] = v;
	if (id >= vm->nvcpus) {
		vm->nvcpus = id + 1;
	}
	*out = v;
	return 0;
}

struct rvkvm_exit *rvkvm_vcpu_exit(struct rvkvm_vcpu *v)
{
	return &v->exit;
}

void vcpu_config_apply(struct rvkvm_vcpu *v)
{
	const struct isa_set *isa = &v->cfg.isa;
	bool fp =
		isa_set_has(isa, RVKVM_RISCV_ISA_EXT_F) || isa_set_has(isa, RVKVM_RISCV_ISA_EXT_D);
	uint64_t henvcfg = 0;

	/* Without F and D the guest's FP instructions are illegal (sstatus.FS off), as on such a hart. */
	if (!fp) {
		v->ctx.sstatus &= ~SSTATUS_FS;
	} else if ((v->ctx.sstatus & SSTATUS_FS) == SSTATUS_FS_OFF) {
		v->ctx.sstatus |= SSTATUS_FS_INITIAL;
	}
	/* isa only holds what the host has (isa_max), so each bit below exists on the host. */
	v->cfg.sstc = isa_set_has(isa, RVKVM_RISCV_ISA_EXT_SSTC);
	if (v->cfg.sstc) {
		henvcfg |= HENVCFG_STCE;
	}
	if (isa_set_has(isa, RVKVM_RISCV_ISA_EXT_SVPBMT)) {
		henvcfg |= HENVCFG_PBMTE;
	}
	if (isa_set_has(isa, RVKVM_RISCV_ISA_EXT_SVADU)) {
		henvcfg |= HENVCFG_ADUE;
	}
	if (isa_set_has(isa, RVKVM_RISCV_ISA_EXT_ZICBOM)) {
		henvcfg |= HENVCFG_CBIE_INVAL | HENVCFG_CBCFE;
	}
	if (isa_set_has(isa, RVKVM_RISCV_ISA_EXT_ZICBOZ)) {
		henvcfg |= HENVCFG_CBZE;
	}
	v->cfg.henvcfg = henvcfg;
	/* On a host with Smstateen, senvcfg stays the guest's; sstateen0 only with Smstateen. */
	v->cfg.hstateen0 = HSTATEEN0_ENVCFG |
			   (isa_set_has(isa, RVKVM_RISCV_ISA_EXT_SMSTATEEN) ? HSTATEEN0_SE0 : 0);
}
