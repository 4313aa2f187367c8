/* SPDX-License-Identifier: Apache-2.0 */
/* ONE_REG classes of extensions: ISA_EXT, SBI_EXT, SBI_STATE, and rvkvm's SBI_VMM, EXC_ROUTE and SBI_EXT_RVKVM. */
#include "core/one_reg.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"

/* A MULTI register's bits, one extension each: XLEN, as Linux's __BITS_PER_LONG (rvkvm/reg.h). */
#define BITS ((unsigned)(8 * sizeof(unsigned long)))

/* MULTI_EN and MULTI_DIS have the same subtype numbers in ISA_EXT and SBI_EXT. */
static bool multi_en(const struct reg *r)
{
	_Static_assert(RVKVM_REG_RISCV_ISA_MULTI_EN == RVKVM_REG_RISCV_SBI_MULTI_EN,
		       "subtypes differ");
	return ((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT) ==
	       RVKVM_REG_RISCV_ISA_MULTI_EN;
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
	return id < RVKVM_RISCV_SBI_EXT_MAX && sbi_core_ext(v, id) &&
	       !((v->cfg.sbi_disabled >> id) & 1);
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

/* --- rvkvm's SBI_EXT_RVKVM: SBI_EXT for the core's extensions without a Linux id ---------- */

static int set_sbi_rvkvm(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	int err = one_reg_check_bool(val);

	if (err) {
		return err;
	}
	v->cfg.sbi_disabled_rvkvm ^= 1ULL << r->index; /* called only for a change */
	return 0;
}

int one_reg_sbi_ext_rvkvm(struct rvkvm_vcpu *v, struct reg *r)
{
	const struct sbi_ext *e;

	_Static_assert(RVKVM_RISCV_SBI_EXT_RVKVM_MAX <= 64,
		       "cfg.sbi_disabled_rvkvm has a bit each");
	if (r->subtype || r->index >= RVKVM_RISCV_SBI_EXT_RVKVM_MAX) {
		return RVKVM_ENOENT;
	}
	e = sbi_own_ext(v, r->index);
	if (!e) {
		return RVKVM_ENOENT; /* not on this host (DBTR without the firmware's) */
	}
	r->value = sbi_ext_offered(v, e);
	r->flags = REG_BEFORE_RUN;
	r->set = set_sbi_rvkvm;
	return 0;
}

/* --- SBI_STATE --------------------------------------------------------------------------- */

/* Each subtype is one extension's, and its descriptor finds the register (core/sbi/sbi.h). */
int one_reg_sbi_state(struct rvkvm_vcpu *v, struct reg *r)
{
	const struct sbi_ext *e =
		sbi_state_ext((uint64_t)r->subtype << RVKVM_REG_RISCV_SUBTYPE_SHIFT);

	if (!e || (e->probe && !e->probe(v))) {
		return RVKVM_ENOENT;
	}
	if (r->index >= e->state_nr) {
		return RVKVM_ENOENT;
	}
	return e->state_reg(v, r);
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
	return exc_route_set(v, r->index, (unsigned long)val);
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
