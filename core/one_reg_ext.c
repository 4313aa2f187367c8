/* ONE_REG classes of extensions: ISA_EXT, SBI_EXT, SBI_STATE, and rvkvm's SBI_VMM and EXC_ROUTE. */
#include "core/one_reg.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"

#define BITS 64
#define FWFT_FIELDS 3         /* enable, flags, value */
#define FWFT_FLAG_LOCK 1UL

/* MULTI_EN and MULTI_DIS have the same subtype numbers in ISA_EXT and SBI_EXT. */
static bool multi_en(const struct reg *r)
{
	_Static_assert(RVKVM_REG_RISCV_ISA_MULTI_EN == RVKVM_REG_RISCV_SBI_MULTI_EN, "subtypes differ");
	return ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) == RVKVM_REG_RISCV_ISA_MULTI_EN;
}

/* --- ISA_EXT ----------------------------------------------------------------------------- */

static int set_isa_single(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	struct isa_set next = v->cfg.isa;
	int err = one_reg_check_bool(val);

	if (err) {
		return err;
	}
	isa_set_assign(&next, r->index, val != 0);
	return one_reg_isa_apply(v, &next);
}

/* MULTI_EN enables, MULTI_DIS disables, every extension whose bit is set; all or nothing. */
static int set_isa_multi(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	bool on = multi_en(r);
	struct isa_set next = v->cfg.isa;

	for (unsigned b = 0; b < BITS; b++) {
		unsigned id = r->index * BITS + b;

		if (!((val >> b) & 1) || isa_set_has(&v->cfg.isa, id) == on) {
			continue;
		}
		if (!isa_set_has(&v->cfg.isa_max, id)) {
			return RVKVM_ENOENT;
		}
		if (isa_ext_info[id].policy != ISA_EXT_SWITCH) {
			return RVKVM_EPERM;
		}
		if (v->has_run) {
			return RVKVM_EBUSY;
		}
		isa_set_assign(&next, id, on);
	}
	return one_reg_isa_apply(v, &next);
}

int one_reg_isa_ext(struct rvkvm_vcpu *v, struct reg *r)
{
	uint64_t word = 0;

	switch ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) {
	case RVKVM_REG_RISCV_ISA_SINGLE:
		if (!isa_set_has(&v->cfg.isa_max, r->index)) {
			return RVKVM_ENOENT;
		}
		r->value = isa_set_has(&v->cfg.isa, r->index);
		r->flags = REG_BEFORE_RUN;
		if (isa_ext_info[r->index].policy == ISA_EXT_SWITCH) {
			r->set = set_isa_single;
		}
		return 0;
	case RVKVM_REG_RISCV_ISA_MULTI_EN:
	case RVKVM_REG_RISCV_ISA_MULTI_DIS:
		if (r->index > RVKVM_REG_RISCV_ISA_MULTI_REG_LAST) {
			return RVKVM_ENOENT;
		}
		for (unsigned b = 0; b < BITS; b++) {
			word |= (uint64_t)isa_set_has(&v->cfg.isa, r->index * BITS + b) << b;
		}
		r->value = multi_en(r) ? word : ~word;
		r->flags = REG_UNLISTED;
		r->set = set_isa_multi;
		return 0;
	default:
		return RVKVM_ENOENT;
	}
}

/* --- SBI_EXT ----------------------------------------------------------------------------- */

static bool sbi_offered(const struct rvkvm_vcpu *v, unsigned id)
{
	return id < RVKVM_RISCV_SBI_EXT_MAX && sbi_core_ext(v, id) && !((v->cfg.sbi_disabled >> id) & 1);
}

static int set_sbi_single(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	int err = one_reg_check_bool(val);

	if (err) {
		return err;
	}
	v->cfg.sbi_disabled ^= 1ULL << r->index; /* called only for a change */
	return 0;
}

static int set_sbi_multi(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	bool on = multi_en(r);
	uint64_t disabled = v->cfg.sbi_disabled;

	for (unsigned b = 0; b < BITS; b++) {
		unsigned id = r->index * BITS + b;

		if (!((val >> b) & 1) || sbi_offered(v, id) == on) {
			continue;
		}
		if (id >= RVKVM_RISCV_SBI_EXT_MAX || !sbi_core_ext(v, id)) {
			return RVKVM_ENOENT;
		}
		if (v->has_run) {
			return RVKVM_EBUSY;
		}
		disabled = on ? disabled & ~(1ULL << id) : disabled | (1ULL << id);
	}
	v->cfg.sbi_disabled = disabled;
	return 0;
}

int one_reg_sbi_ext(struct rvkvm_vcpu *v, struct reg *r)
{
	uint64_t word = 0;

	switch ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) {
	case RVKVM_REG_RISCV_SBI_SINGLE:
		if (r->index >= RVKVM_RISCV_SBI_EXT_MAX || !sbi_core_ext(v, r->index)) {
			return RVKVM_ENOENT; /* not implemented by the core: nothing to switch */
		}
		r->value = sbi_offered(v, r->index);
		r->flags = REG_BEFORE_RUN;
		r->set = set_sbi_single;
		return 0;
	case RVKVM_REG_RISCV_SBI_MULTI_EN:
	case RVKVM_REG_RISCV_SBI_MULTI_DIS:
		if (r->index > RVKVM_REG_RISCV_SBI_MULTI_REG_LAST) {
			return RVKVM_ENOENT;
		}
		for (unsigned b = 0; b < BITS; b++) {
			word |= (uint64_t)sbi_offered(v, r->index * BITS + b) << b;
		}
		r->value = multi_en(r) ? word : ~word;
		r->flags = REG_UNLISTED;
		r->set = set_sbi_multi;
		return 0;
	default:
		return RVKVM_ENOENT;
	}
}

/* --- SBI_STATE --------------------------------------------------------------------------- */

/*
 * Which FWFT features have registers. All of them for now: the storage is the core's whatever
 * the host; the FWFT extension decides what a guest may actually set.
 */
static bool fwft_feature_exists(const struct rvkvm_vcpu *v, unsigned feature)
{
	(void)v;
	return feature < VCPU_FWFT_COUNT;
}

static int set_fwft(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	struct vcpu_fwft_feature *f = &v->fwft[r->index / FWFT_FIELDS];

	switch (r->index % FWFT_FIELDS) {
	case 0:
		if (v->has_run) {
			return RVKVM_EBUSY; /* what the guest is offered is fixed once it runs */
		}
		if (one_reg_check_bool(val) ||
		    (val && r->index / FWFT_FIELDS == VCPU_FWFT_POINTER_MASKING)) {
			return RVKVM_EINVAL; /* no pointer masking on any host rvkvm knows (Ssnpm) */
		}
		f->enable = val;
		return 0;
	case 1:
		if (val & ~FWFT_FLAG_LOCK) {
			return RVKVM_EINVAL;
		}
		f->flags = val;
		return 0;
	default:
		if (r->index / FWFT_FIELDS == VCPU_FWFT_MISALIGNED_DELEG && one_reg_check_bool(val)) {
			return RVKVM_EINVAL;
		}
		f->value = val;
		exc_route_apply(v); /* MISALIGNED_DELEG is part of hedeleg */
		return 0;
	}
}

/*
 * STA shmem_lo is the address the guest registered, all-ones when it registered none (Linux's
 * INVALID_GPA), and shmem_hi is 0. Setting lo points the vCPU's steal time there, counted from
 * now; a value the guest could not have registered (not 64-byte aligned) is refused.
 */
static int set_sta(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	if (r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_hi)) {
		return RVKVM_EINVAL; /* called only for a change: anything but 0 */
	}
	if (val == VCPU_STA_OFF) {
		sbi_sta_reset(v);
		return 0;
	}
	if (val % SBI_STA_SHMEM_SIZE != 0) {
		return RVKVM_EINVAL;
	}
	sbi_sta_start(v, val);
	return 0;
}

int one_reg_sbi_state(struct rvkvm_vcpu *v, struct reg *r)
{
	switch ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) {
	case RVKVM_REG_RISCV_SBI_STA:
		if (!sbi_core_ext(v, RVKVM_RISCV_SBI_EXT_STA)) {
			return RVKVM_ENOENT;
		}
		if (r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_lo)) {
			r->value = (unsigned long)v->sta.shmem;
		} else if (r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_hi)) {
			r->value = 0; /* RV64: the address has no bits above XLEN, nor has "off" */
		} else {
			return RVKVM_ENOENT;
		}
		r->set = set_sta;
		return 0;
	case RVKVM_REG_RISCV_SBI_FWFT: {
		const struct vcpu_fwft_feature *f;

		if (!fwft_feature_exists(v, r->index / FWFT_FIELDS)) {
			return RVKVM_ENOENT;
		}
		f = &v->fwft[r->index / FWFT_FIELDS];
		switch (r->index % FWFT_FIELDS) {
		case 0:
			r->value = f->enable;
			break;
		case 1:
			r->value = f->flags;
			break;
		default:
			r->value = f->value;
			break;
		}
		r->set = set_fwft;
		return 0;
	}
	default:
		return RVKVM_ENOENT;
	}
}

/* --- rvkvm's SBI_VMM and EXC_ROUTE ------------------------------------------------------- */

static int set_sbi_vmm(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	int err = one_reg_check_bool(val);

	if (err) {
		return err;
	}
	v->cfg.sbi_vmm ^= 1ULL << r->index; /* called only for a change */
	return 0;
}

int one_reg_sbi_vmm(struct rvkvm_vcpu *v, struct reg *r)
{
	if (r->subtype || r->index >= RVKVM_RISCV_SBI_EXT_MAX) {
		return RVKVM_ENOENT;
	}
	r->value = (v->cfg.sbi_vmm >> r->index) & 1;
	r->flags = REG_BEFORE_RUN;
	r->set = set_sbi_vmm;
	return 0;
}

static int set_exc_route(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	if (val > RVKVM_EXC_ROUTE_VMM) {
		return RVKVM_EINVAL;
	}
	return exc_route_set(v, r->index, val);
}

int one_reg_exc_route(struct rvkvm_vcpu *v, struct reg *r)
{
	if (r->subtype || !exc_route_routable(r->index)) {
		return RVKVM_ENOENT;
	}
	r->value = v->cfg.exc_route[r->index];
	r->flags = REG_NEEDS_PUT; /* the run loop reads the routes when it loads the vCPU */
	r->set = set_exc_route;
	return 0;
}
