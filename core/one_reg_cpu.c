/* SPDX-License-Identifier: Apache-2.0 */
/* ONE_REG classes of the hart itself: CONFIG, CORE, CSR, TIMER, FP_F and FP_D. */
#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/one_reg.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10
#define FCSR_MASK 0xffUL /* frm and fflags; the rest of fcsr is reserved */
#define TIMER_OFF UINT64_MAX

/* --- CONFIG ------------------------------------------------------------------------------ */

int one_reg_isa_apply(struct rvkvm_vcpu *v, const struct isa_set *next)
{
	if (isa_set_has(next, RVKVM_RISCV_ISA_EXT_D) && !isa_set_has(next, RVKVM_RISCV_ISA_EXT_F)) {
		return RVKVM_EINVAL;
	}
	v->cfg.isa = *next;
	vcpu_config_apply(v);
	return 0;
}

/* Letters may only be dropped (or given back) where the host has them and the core can enforce it. */
static int set_isa(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	struct isa_set next = v->cfg.isa;
	uint64_t changed = val ^ r->value;

	if (val & ~(uint64_t)v->cfg.isa_max.letters) {
		return RVKVM_EINVAL;
	}
	for (unsigned b = 0; b < 26; b++) {
		int id = isa_ext_of_letter((char)('a' + b));

		if (((changed >> b) & 1) && (id < 0 || isa_ext_info[id].policy != ISA_EXT_SWITCH)) {
			return RVKVM_EPERM;
		}
	}
	next.letters = (uint32_t)val;
	return one_reg_isa_apply(v, &next);
}

static unsigned long satp_mode(void)
{
	if (lib_strcmp(host_caps.mmu_type, "riscv,sv57") == 0) {
		return SATP_MODE_SV57;
	}
	if (lib_strcmp(host_caps.mmu_type, "riscv,sv48") == 0) {
		return SATP_MODE_SV48;
	}
	return lib_strcmp(host_caps.mmu_type, "riscv,sv39") == 0 ? SATP_MODE_SV39 : 0;
}

int one_reg_config(struct rvkvm_vcpu *v, struct reg *r)
{
	if (r->subtype) {
		return RVKVM_ENOENT;
	}
	switch (r->index) {
	case RVKVM_REG_RISCV_CONFIG_REG(isa):
		r->value = v->cfg.isa.letters;
		r->set = set_isa;
		break;
	case RVKVM_REG_RISCV_CONFIG_REG(zicbom_block_size):
		if (!isa_set_has(&v->cfg.isa, RVKVM_RISCV_ISA_EXT_ZICBOM)) {
			return RVKVM_ENOENT;
		}
		r->value = host_caps.cbom_block_size;
		return 0; /* read-only */
	case RVKVM_REG_RISCV_CONFIG_REG(zicboz_block_size):
		if (!isa_set_has(&v->cfg.isa, RVKVM_RISCV_ISA_EXT_ZICBOZ)) {
			return RVKVM_ENOENT;
		}
		r->value = host_caps.cboz_block_size;
		return 0;
	case RVKVM_REG_RISCV_CONFIG_REG(mvendorid):
		one_reg_plain(r, &v->cfg.mvendorid);
		break;
	case RVKVM_REG_RISCV_CONFIG_REG(marchid):
		one_reg_plain(r, &v->cfg.marchid);
		break;
	case RVKVM_REG_RISCV_CONFIG_REG(mimpid):
		one_reg_plain(r, &v->cfg.mimpid);
		break;
	case RVKVM_REG_RISCV_CONFIG_REG(satp_mode):
		r->value = satp_mode();
		return 0;
	default:
		/* zicbop_block_size too: the host's Zicbop block size is not known to rvkvm. */
		return RVKVM_ENOENT;
	}
	r->flags = REG_BEFORE_RUN;
	return 0;
}

/* --- CORE -------------------------------------------------------------------------------- */

static int set_mode(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	if (val != RVKVM_RISCV_MODE_S && val != RVKVM_RISCV_MODE_U) {
		return RVKVM_EINVAL;
	}
	v->ctx.sstatus =
		(v->ctx.sstatus & ~SSTATUS_SPP) | (val == RVKVM_RISCV_MODE_S ? SSTATUS_SPP : 0);
	return 0;
}

int one_reg_core(struct rvkvm_vcpu *v, struct reg *r)
{
	if (r->subtype) {
		return RVKVM_ENOENT;
	}
	if (r->index == RVKVM_REG_RISCV_CORE_REG(regs.pc)) {
		one_reg_plain(r, &v->ctx.sepc);
	} else if (r->index <= RVKVM_REG_RISCV_CORE_REG(regs.t6)) {
		one_reg_plain(r, &v->ctx.gpr[r->index]); /* x1..x31 have indexes 1..31 */
	} else if (r->index == RVKVM_REG_RISCV_CORE_REG(mode)) {
		r->value = (v->ctx.sstatus & SSTATUS_SPP) ? RVKVM_RISCV_MODE_S : RVKVM_RISCV_MODE_U;
		r->set = set_mode;
	} else {
		return RVKVM_ENOENT;
	}
	return 0;
}

/* --- CSR --------------------------------------------------------------------------------- */

/*
 * hvip as the next entry will have it, with the lines other harts changed since; only read
 * (a lookup must change nothing: the register list looks up registers without a put).
 */
static unsigned long hvip_now(const struct rvkvm_vcpu *v)
{
	unsigned long changed = __atomic_load_n(&v->irqs_changed, __ATOMIC_ACQUIRE);

	return (v->csr.hvip & ~changed) |
	       (__atomic_load_n(&v->irqs_pending, __ATOMIC_RELAXED) & changed);
}

/* sip shows VSSIP/VSTIP/VSEIP of hvip one bit lower, where S-mode sees its own SSIP/STIP/SEIP. */
static int set_sip(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	/* The vCPU is put: the next load writes hvip. What other harts raised is overridden. */
	v->csr.hvip = (v->csr.hvip & ~VCPU_IRQ_MASK) | ((val << 1) & VCPU_IRQ_MASK);
	__atomic_store_n(&v->irqs_pending, v->csr.hvip & VCPU_IRQ_MASK, __ATOMIC_RELAXED);
	__atomic_store_n(&v->irqs_changed, 0, __ATOMIC_RELEASE);
	return 0;
}

static unsigned long *csr_general(struct rvkvm_vcpu *v, unsigned index)
{
	switch (index) {
	case RVKVM_REG_RISCV_CSR_REG(sstatus):
		return &v->csr.vsstatus;
	case RVKVM_REG_RISCV_CSR_REG(sie):
		return &v->csr.vsie;
	case RVKVM_REG_RISCV_CSR_REG(stvec):
		return &v->csr.vstvec;
	case RVKVM_REG_RISCV_CSR_REG(sscratch):
		return &v->csr.vsscratch;
	case RVKVM_REG_RISCV_CSR_REG(sepc):
		return &v->csr.vsepc;
	case RVKVM_REG_RISCV_CSR_REG(scause):
		return &v->csr.vscause;
	case RVKVM_REG_RISCV_CSR_REG(stval):
		return &v->csr.vstval;
	case RVKVM_REG_RISCV_CSR_REG(satp):
		return &v->csr.vsatp;
	case RVKVM_REG_RISCV_CSR_REG(scounteren):
		return &v->csr.scounteren;
	case RVKVM_REG_RISCV_CSR_REG(senvcfg):
		return &v->csr.senvcfg;
	default:
		return NULL;
	}
}

int one_reg_csr(struct rvkvm_vcpu *v, struct reg *r)
{
	unsigned long *p;

	r->flags = REG_NEEDS_PUT;
	switch ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) {
	case RVKVM_REG_RISCV_CSR_GENERAL:
		if (r->index == RVKVM_REG_RISCV_CSR_REG(sip)) {
			r->value = (hvip_now(v) & VCPU_IRQ_MASK) >> 1;
			r->set = set_sip;
			return 0;
		}
		p = csr_general(v, r->index);
		if (!p) {
			return RVKVM_ENOENT;
		}
		one_reg_plain(r, p);
		return 0;
	case RVKVM_REG_RISCV_CSR_SMSTATEEN:
		if (r->index != RVKVM_REG_RISCV_CSR_SMSTATEEN_REG(sstateen0) ||
		    !isa_set_has(&v->cfg.isa, RVKVM_RISCV_ISA_EXT_SMSTATEEN)) {
			return RVKVM_ENOENT;
		}
		one_reg_plain(r, &v->csr.sstateen0);
		return 0;
	default:
		return RVKVM_ENOENT; /* AIA: rvkvm offers no Ssaia */
	}
}

/* --- TIMER ------------------------------------------------------------------------------- */

static uint64_t *timer_compare(struct rvkvm_vcpu *v)
{
	_Static_assert(sizeof(v->csr.vstimecmp) == sizeof(uint64_t), "vstimecmp is 64 bits");
	return v->cfg.sstc ? (uint64_t *)&v->csr.vstimecmp : &v->timer_deadline;
}

static int set_time(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	/* Guest time is host time plus the VM's delta: every vCPU sees it at its next load. */
	v->vm->time_delta = val - arch_time_now();
	return 0;
}

static int set_compare(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	*timer_compare(v) = val;
	return 0;
}

/* Off is a compare value that never comes; on needs a compare value to wait for. */
static int set_state(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	if (val != RVKVM_RISCV_TIMER_STATE_OFF) {
		return RVKVM_EINVAL; /* on, while off: set compare to arm it */
	}
	*timer_compare(v) = TIMER_OFF;
	return 0;
}

int one_reg_timer(struct rvkvm_vcpu *v, struct reg *r)
{
	r->size = RVKVM_REG_SIZE_U64;
	r->flags = REG_NEEDS_PUT;
	if (r->subtype) {
		return RVKVM_ENOENT;
	}
	switch (r->index) {
	case RVKVM_REG_RISCV_TIMER_REG(frequency):
		r->value = host_caps.timebase_freq;
		r->flags = 0; /* read-only */
		return 0;
	case RVKVM_REG_RISCV_TIMER_REG(time):
		r->value = arch_time_now() + v->vm->time_delta;
		r->set = set_time;
		return 0;
	case RVKVM_REG_RISCV_TIMER_REG(compare):
		r->value = *timer_compare(v);
		r->set = set_compare;
		return 0;
	case RVKVM_REG_RISCV_TIMER_REG(state):
		r->value = *timer_compare(v) == TIMER_OFF ? RVKVM_RISCV_TIMER_STATE_OFF
							  : RVKVM_RISCV_TIMER_STATE_ON;
		r->set = set_state;
		return 0;
	default:
		return RVKVM_ENOENT;
	}
}

/* --- FP_F and FP_D ----------------------------------------------------------------------- */

/* An FP_F register is the low half of the 64-bit register; a write keeps the high half. */
static int set_fp_f(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	v->fp.f[r->index] = (v->fp.f[r->index] & ~0xffffffffULL) | (uint32_t)val;
	return 0;
}

static int set_fp_d(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	v->fp.f[r->index] = val;
	return 0;
}

static int set_fcsr(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)r;
	if (val & ~FCSR_MASK) {
		return RVKVM_EINVAL;
	}
	v->fp.fcsr = (uint32_t)val;
	return 0;
}

int one_reg_fp(struct rvkvm_vcpu *v, struct reg *r, bool d)
{
	if (r->subtype ||
	    !isa_set_has(&v->cfg.isa, d ? RVKVM_RISCV_ISA_EXT_D : RVKVM_RISCV_ISA_EXT_F)) {
		return RVKVM_ENOENT;
	}
	r->flags = REG_NEEDS_PUT;
	if (r->index == RVKVM_REG_RISCV_FP_F_REG(fcsr) && !d) {
		r->size = RVKVM_REG_SIZE_U32;
		r->value = v->fp.fcsr;
		r->set = set_fcsr;
	} else if (r->index == RVKVM_REG_RISCV_FP_D_REG(fcsr) && d) {
		r->size = RVKVM_REG_SIZE_U32; /* fcsr is 32 bits in FP_D too */
		r->value = v->fp.fcsr;
		r->set = set_fcsr;
	} else if (r->index < 32) {
		r->size = d ? RVKVM_REG_SIZE_U64 : RVKVM_REG_SIZE_U32;
		r->value = d ? v->fp.f[r->index] : (uint32_t)v->fp.f[r->index];
		r->set = d ? set_fp_d : set_fp_f;
	} else {
		return RVKVM_ENOENT;
	}
	return 0;
}
