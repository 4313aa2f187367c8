/* SBI dispatch: finds the extension descriptor for a call and runs its handler. */
#include "core/sbi/sbi.h"

const struct sbi_ext *sbi_find_ext(const struct rvkvm_vcpu *v, unsigned long eid)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (eid >= e->eid_lo && eid <= e->eid_hi) {
			return (!e->probe || e->probe(v)) ? e : NULL;
		}
	}
	return NULL;
}

int sbi_dispatch(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	const struct sbi_ext *e = sbi_find_ext(v, c->eid);

	r->error = SBI_ERR_NOT_SUPPORTED;
	r->value = 0;
	r->next = SBI_NEXT_RETURN;
	v->stats.sbi_calls++;
	if (!e) {
		r->next = SBI_NEXT_FORWARD;
		return 0;
	}
	return e->handler(v, c, r);
}
