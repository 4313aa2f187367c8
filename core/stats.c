/* SPDX-License-Identifier: Apache-2.0 */
/* rvkvm_vcpu_get_stats: a vCPU's exit counters through the ABI. */
#include "core/sbi/sbi.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

_Static_assert(RVKVM_STATS_SBI_EXT == VCPU_STATS_SBI_EXT, "per-extension counter arrays differ");

int rvkvm_vcpu_get_stats(struct rvkvm_vcpu *v, struct rvkvm_vcpu_stats *out)
{
	const struct vcpu_stats *s = &v->stats;

	lib_memset(out, 0, sizeof(*out));
	out->interrupts = s->interrupts;
	out->sbi_calls = s->sbi_not_run;
	out->sbi_forwarded = s->sbi_forwarded;
	out->mmio = s->mmio;
	out->doorbells = s->doorbells;
	/* Each exit adds to one counter only: the totals are sums. */
	out->gstage_faults = s->gstage_not_mmio + s->mmio + s->doorbells;
	out->virtual_insn = s->virtual_insn;
	out->wfi = s->wfi;
	out->timer_injected = s->timer_injected;
	out->ipi_sent = s->ipi_sent;
	out->ipi_received = __atomic_load_n(&s->ipi_received, __ATOMIC_RELAXED);
	out->loads = s->loads;
	out->fp_saves = s->fp_saves;
	out->vec_saves = s->vec_saves;
	out->first_run_time = s->first_run_time;
	/*
	 * Every decode cache lookup ends in an MMIO exit, a doorbell or a refusal; the exits and
	 * doorbells decoded from htinst made none. The cache counts its misses only, so that a
	 * hit costs no counter: the hits are the rest.
	 */
	out->mmio_decodes = s->mmio + s->doorbells - s->mmio_htinst + s->decode_refused;
	out->mmio_decode_hits = out->mmio_decodes - v->decode_cache.misses;
	for (unsigned i = 0; i < sbi_ext_count; i++) {
		const char *name = sbi_ext_table[i]->name;

		lib_memcpy(out->sbi_ext[i].name, name,
			   lib_strnlen(name, sizeof(out->sbi_ext[i].name) - 1));
		out->sbi_ext[i].calls = s->sbi_by_ext[i];
		out->sbi_calls += s->sbi_by_ext[i];
		out->n_sbi_ext = i + 1;
	}
	out->exits = out->sbi_calls + out->gstage_faults + s->interrupts + s->virtual_insn +
		     s->exceptions;
	return 0;
}
