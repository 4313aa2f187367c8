/* SPDX-License-Identifier: Apache-2.0 */
/* SBI BASE extension: spec version, implementation id/version, extension probe, machine ids (ONE_REG CONFIG). */
#include "core/sbi/sbi.h"

/* The one call that calls further, apart: base_handler's switch then needs no stack frame. */
static __attribute__((noinline)) int base_probe(struct rvkvm_vcpu *v, const struct sbi_call *c,
						struct sbi_result *r)
{
	r->value = sbi_probe(v, c->args[0]) ? 1 : 0;
	return 0;
}

static int base_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->error = SBI_SUCCESS;
	if (c->fid == SBI_BASE_PROBE_EXTENSION) {
		return base_probe(v, c, r);
	}
	switch (c->fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		r->value = SBI_SPEC_VERSION(RVKVM_SBI_SPEC_MAJOR, RVKVM_SBI_SPEC_MINOR);
		break;
	case SBI_BASE_GET_IMPL_ID:
		r->value = RVKVM_SBI_IMPL_ID;
		break;
	case SBI_BASE_GET_IMPL_VERSION:
		r->value = RVKVM_SBI_IMPL_VERSION;
		break;
	case SBI_BASE_GET_MVENDORID:
		r->value = v->cfg.mvendorid;
		break;
	case SBI_BASE_GET_MARCHID:
		r->value = v->cfg.marchid;
		break;
	case SBI_BASE_GET_MIMPID:
		r->value = v->cfg.mimpid;
		break;
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

const struct sbi_ext sbi_ext_base = {
	.name = "BASE",
	.eid_lo = SBI_EID_BASE,
	.eid_hi = SBI_EID_BASE,
	.kvm_id = SBI_KVM_ID_NONE,
	.handler = base_handler,
};
