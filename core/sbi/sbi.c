/* SPDX-License-Identifier: Apache-2.0 */
/* SBI dispatch: finds the extension descriptor for a call and runs its handler. */
#include "core/sbi/sbi.h"

/* The table index of the extension serving eid for this vCPU, or -1. */
static int find_index(const struct rvkvm_vcpu *v, unsigned long eid)
{
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const struct sbi_ext *e = sbi_ext_table[i];

		if (eid >= e->eid_lo && eid <= e->eid_hi) {
			return (!e->probe || e->probe(v)) ? (int)i : -1;
		}
	}
	return -1;
}

const struct sbi_ext *sbi_find_ext(const struct rvkvm_vcpu *v, unsigned long eid)
{
	int i = find_index(v, eid);

	return i < 0 ? NULL : sbi_ext_table[i];
}

/* What a lookup resolves an eid to, besides a table index (>= 0): */
#define ROUTE_VMM (-1) /* nobody in the core implements it, or the VMM owns it: an SBI exit */
#define ROUTE_OFF (-2) /* the core has it but it is switched off for this vCPU: NOT_SUPPORTED */

/* Where a call to eid goes for this vCPU: a table index or ROUTE_*. */
static int resolve(const struct rvkvm_vcpu *v, unsigned long eid)
{
	int i = find_index(v, eid);

	if (i < 0 || sbi_vmm_owns(v, eid)) {
		return ROUTE_VMM;
	}
	return sbi_ext_offered(v, sbi_ext_table[i]) ? i : ROUTE_OFF;
}

/* What a handler finds in r: it sets only what differs. */
static inline void preset(struct sbi_result *r)
{
	r->error = SBI_ERR_NOT_SUPPORTED;
	r->value = 0;
	r->next = SBI_NEXT_RETURN;
}

static inline int run_handler(struct rvkvm_vcpu *v, int i, const struct sbi_call *c,
			      struct sbi_result *r)
{
	preset(r);
	if (__builtin_expect(i >= 0, 1)) {
		v->stats.sbi_by_ext[i]++; /* sbi_table.c: every entry has a counter */
		return sbi_ext_table[i]->handler(v, c, r);
	}
	v->stats.sbi_not_run++;
	if (i == ROUTE_VMM) {
		r->next = SBI_NEXT_FORWARD;
	} else if (c->eid <= SBI_EID_LEGACY_LAST) {
		/* Switched off: to the guest the extension does not exist. */
		r->value = (unsigned long)SBI_ERR_NOT_SUPPORTED;
		r->next = SBI_NEXT_RETURN_LEGACY;
	}
	return 0;
}

/*
 * resolve, remembering the last answer per vCPU. Only once the vCPU has run: from then on
 * its set of extensions (SBI_EXT, SBI_VMM) cannot change, so the answer for an eid stays right.
 */
static __attribute__((noinline)) int lookup_miss(struct rvkvm_vcpu *v, unsigned long eid)
{
	int i = resolve(v, eid);

	if (v->has_run) {
		v->sbi_cache.eid = eid;
		v->sbi_cache.index = i;
		v->sbi_cache.fast_handler =
			i >= 0 && !sbi_ext_table[i]->resets_vcpu ? sbi_ext_table[i]->handler : NULL;
		v->sbi_cache.valid = true;
	}
	return i;
}
static inline int lookup(struct rvkvm_vcpu *v, unsigned long eid)
{
	if (__builtin_expect(v->sbi_cache.valid && v->sbi_cache.eid == eid, 1)) {
		return v->sbi_cache.index;
	}
	return lookup_miss(v, eid);
}

int sbi_dispatch(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	return run_handler(v, lookup(v, c->eid), c, r);
}

int sbi_dispatch_fast(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	int i;

	/* The common case in few instructions: the same extension as last time, a core one. */
	if (__builtin_expect(v->sbi_cache.fast_handler && v->sbi_cache.eid == c->eid, 1)) {
		preset(r);
		v->stats.sbi_by_ext[v->sbi_cache.index]++;
		return v->sbi_cache.fast_handler(v, c, r);
	}
	i = lookup(v, c->eid);
	if (i >= 0 && sbi_ext_table[i]->resets_vcpu) {
		return SBI_DISPATCH_NOT_FAST;
	}
	return run_handler(v, i, c, r);
}
