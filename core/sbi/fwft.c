/* SPDX-License-Identifier: Apache-2.0 */
/* SBI FWFT (firmware features): per-vCPU feature values with LOCK, backed by rvkvm's own controls. */
#include "core/exc_route.h"
#include "core/host_caps.h"
#include "core/one_reg.h"
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"
#include "rvkvm/rvkvm.h"

#define STATE_FIELDS 3 /* ONE_REG SBI_STATE FWFT, per feature: enable, flags, value */

/*
 * The state of a feature the core implements, or NULL. Linux's ONE_REG layout (SBI_STATE
 * FWFT) has slots for MISALIGNED_EXC_DELEG and POINTER_MASKING_PMLEN; PTE_AD_HW_UPDATING
 * is kept apart. A feature the VMM turned off (enable 0) does not exist for the guest.
 */
static struct vcpu_fwft_feature *feature_state(struct rvkvm_vcpu *v, uint32_t feature)
{
	struct vcpu_fwft_feature *f;

	switch (feature) {
	case SBI_FWFT_MISALIGNED_EXC_DELEG:
		f = &v->fwft[VCPU_FWFT_MISALIGNED_DELEG];
		break;
	case SBI_FWFT_PTE_AD_HW_UPDATING:
		f = host_caps.has_svadu ? &v->fwft_pte_ad : NULL;
		break;
	default:
		return NULL;
	}
	return f && f->enable ? f : NULL;
}

/* SBI_ERR_DENIED for a reserved or platform-specific id, NOT_SUPPORTED for one not offered, else 0. */
static long feature_error(struct rvkvm_vcpu *v, uint32_t feature)
{
	switch (feature) {
	case SBI_FWFT_MISALIGNED_EXC_DELEG:
	case SBI_FWFT_PTE_AD_HW_UPDATING:
		return feature_state(v, feature) ? SBI_SUCCESS : SBI_ERR_NOT_SUPPORTED;
	case SBI_FWFT_LANDING_PAD:
	case SBI_FWFT_SHADOW_STACK:
	case SBI_FWFT_DOUBLE_TRAP:
	case SBI_FWFT_POINTER_MASKING_PMLEN:
		/* Valid features whose hardware (Zicfilp, Zicfiss, Ssdbltrp, Ssnpm) rvkvm does not use. */
		return SBI_ERR_NOT_SUPPORTED;
	default:
		return SBI_ERR_DENIED;
	}
}

static unsigned long feature_value(struct rvkvm_vcpu *v, uint32_t feature)
{
	if (feature == SBI_FWFT_MISALIGNED_EXC_DELEG) {
		/* What is in effect: the VMM's routing may have decided it (see exc_route.h). */
		return exc_route_misaligned_delegated(v) ? 1 : 0;
	}
	return feature_state(v, feature)->value;
}

static long fwft_set(struct rvkvm_vcpu *v, uint32_t feature, unsigned long value,
		     unsigned long flags)
{
	long err = feature_error(v, feature);
	struct vcpu_fwft_feature *f;

	if (err != SBI_SUCCESS) {
		return err;
	}
	f = feature_state(v, feature);
	if (flags & ~SBI_FWFT_SET_FLAG_LOCK) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (f->flags & SBI_FWFT_SET_FLAG_LOCK) {
		return SBI_ERR_DENIED_LOCKED;
	}
	if (value > 1) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (feature == SBI_FWFT_MISALIGNED_EXC_DELEG && exc_route_misaligned_pinned(v)) {
		/* The VMM's routing wins; the spec's DENIED is meant for exactly this. */
		return SBI_ERR_DENIED;
	}
	f->value = value;
	f->flags = flags;
	exc_route_apply(v);
	return SBI_SUCCESS;
}

void sbi_fwft_reset(struct rvkvm_vcpu *v)
{
	for (unsigned i = 0; i < VCPU_FWFT_COUNT; i++) {
		v->fwft[i].value = 0;
		v->fwft[i].flags = 0;
	}
	v->fwft_pte_ad.value = 0;
	v->fwft_pte_ad.flags = 0;
	exc_route_apply(v);
}

static int fwft_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	uint32_t feature = sbi_arg_u32(c, 0);

	switch (c->fid) {
	case SBI_FWFT_SET:
		r->error = fwft_set(v, feature, c->args[1], c->args[2]);
		break;
	case SBI_FWFT_GET:
		r->error = feature_error(v, feature);
		r->value = r->error == SBI_SUCCESS ? feature_value(v, feature) : 0;
		break;
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

/*
 * ONE_REG SBI_STATE FWFT: enable, flags and value of each feature with a slot in Linux's layout
 * (struct rvkvm_riscv_sbi_fwft). All of them have registers whatever the host: the storage is
 * the core's, and fwft_set decides what a guest may actually set.
 */
static int set_state_reg(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	unsigned feature = r->index / STATE_FIELDS;
	struct vcpu_fwft_feature *f = &v->fwft[feature];

	switch (r->index % STATE_FIELDS) {
	case 0:
		if (v->has_run) {
			return RVKVM_EBUSY; /* what the guest is offered is fixed once it runs */
		}
		if (val > 1 || (val && feature == VCPU_FWFT_POINTER_MASKING)) {
			return RVKVM_EINVAL; /* no pointer masking on any host rvkvm knows (Ssnpm) */
		}
		f->enable = (unsigned long)val;
		return 0;
	case 1:
		if (val & ~SBI_FWFT_SET_FLAG_LOCK) {
			return RVKVM_EINVAL;
		}
		f->flags = (unsigned long)val;
		return 0;
	default:
		if (feature == VCPU_FWFT_MISALIGNED_DELEG && val > 1) {
			return RVKVM_EINVAL;
		}
		f->value = (unsigned long)val; /* an unsigned long register: no wider value */
		exc_route_apply(v);            /* MISALIGNED_DELEG is part of hedeleg */
		return 0;
	}
}

static int fwft_state_reg(struct rvkvm_vcpu *v, struct reg *r)
{
	const struct vcpu_fwft_feature *f;

	if (r->index / STATE_FIELDS >= VCPU_FWFT_COUNT) {
		return RVKVM_ENOENT;
	}
	f = &v->fwft[r->index / STATE_FIELDS];
	switch (r->index % STATE_FIELDS) {
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
	r->set = set_state_reg;
	return 0;
}

_Static_assert(sizeof(struct rvkvm_riscv_sbi_fwft_feature) ==
			       STATE_FIELDS * sizeof(unsigned long) &&
		       sizeof(struct rvkvm_riscv_sbi_fwft) ==
			       VCPU_FWFT_COUNT * sizeof(struct rvkvm_riscv_sbi_fwft_feature),
	       "ONE_REG SBI_STATE FWFT is enable, flags, value for each of v->fwft[]");

const struct sbi_ext sbi_ext_fwft = {
	.name = "FWFT",
	.eid_lo = SBI_EID_FWFT,
	.eid_hi = SBI_EID_FWFT,
	.kvm_id = RVKVM_RISCV_SBI_EXT_FWFT,
	.handler = fwft_handler,
	.state_reg = fwft_state_reg,
	.state_subtype = RVKVM_REG_RISCV_SBI_FWFT,
	.state_nr = sizeof(struct rvkvm_riscv_sbi_fwft) / sizeof(unsigned long),
};
