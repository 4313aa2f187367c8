/* SPDX-License-Identifier: Apache-2.0 */
/* SBI SSE (Supervisor Software Events): the software-injected local and global events and the PMU overflow, taken in the guest's VS-mode. */
#include "core/arch/riscv/csr.h"
#include "core/guest_ram.h"
#include "core/sbi/pmu_overflow.h"
#include "core/sbi/sbi.h"
#include "core/vcpu_irq.h"
#include "core/vm_arch.h"
#include "lib/string.h"

/*
 * The events of the spec's table, by what rvkvm does with them. The PMU overflow is a local event
 * where the host can watch for it (Sscofpmf, core/sbi/pmu_overflow.c) and the core's PMU is the
 * vCPU's. The standard events with a source rvkvm does not have (RAS errors; double traps, which
 * need Ssdbltrp and FWFT DOUBLE_TRAP; PMU overflow elsewhere) are valid but NOT_SUPPORTED.
 * Reserved ids, and the platform-specific ones (rvkvm defines none), are INVALID_PARAM.
 */
enum kind { KIND_INVALID, KIND_UNSUPPORTED, KIND_LOCAL, KIND_GLOBAL };

static enum kind kind_of(const struct rvkvm_vcpu *v, uint32_t id)
{
	switch (id) {
	case SBI_SSE_EVENT_LOCAL_SOFTWARE:
		return KIND_LOCAL;
	case SBI_SSE_EVENT_GLOBAL_SOFTWARE:
		return KIND_GLOBAL;
	case SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW:
		return sbi_pmu_overflow_offered(v) ? KIND_LOCAL : KIND_UNSUPPORTED;
	case SBI_SSE_EVENT_LOCAL_HIGH_PRIO_RAS:
	case SBI_SSE_EVENT_LOCAL_DOUBLE_TRAP:
	case SBI_SSE_EVENT_GLOBAL_HIGH_PRIO_RAS:
	case SBI_SSE_EVENT_LOCAL_LOW_PRIO_RAS:
	case SBI_SSE_EVENT_GLOBAL_LOW_PRIO_RAS:
		return KIND_UNSUPPORTED;
	default:
		return KIND_INVALID;
	}
}

/* An event a call names: one of the vCPU's local ones, or the VM's global one (under vm->sse_lock). */
struct ev {
	struct sse_event *e;
	uint32_t id;
	bool global;
};

/* The local event id of v (a KIND_LOCAL id). */
static struct sse_event *local_event(struct rvkvm_vcpu *v, uint32_t id)
{
	return id == SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW ? &v->sse.pmu_overflow : &v->sse.local;
}

/* Every event that may run on v: its local ones, then the global one. */
#define SSE_EVENTS_OF_VCPU 3
static void events_of(struct rvkvm_vcpu *v, struct ev out[SSE_EVENTS_OF_VCPU])
{
	out[0] = (struct ev){ &v->sse.pmu_overflow, SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW, false };
	out[1] = (struct ev){ &v->sse.local, SBI_SSE_EVENT_LOCAL_SOFTWARE, false };
	out[2] = (struct ev){ &v->vm->sse_global, SBI_SSE_EVENT_GLOBAL_SOFTWARE, true };
}

static long find(struct rvkvm_vcpu *v, uint32_t id, struct ev *out)
{
	switch (kind_of(v, id)) {
	case KIND_LOCAL:
		*out = (struct ev){ local_event(v, id), id, false };
		return SBI_SUCCESS;
	case KIND_GLOBAL:
		*out = (struct ev){ &v->vm->sse_global, id, true };
		return SBI_SUCCESS;
	case KIND_UNSUPPORTED:
		return SBI_ERR_NOT_SUPPORTED;
	case KIND_INVALID:
		break;
	}
	return SBI_ERR_INVALID_PARAM;
}

/* The global event's state is one for every vCPU: each call on it holds the VM's lock. */
static void lock(struct rvkvm_vcpu *v, const struct ev *ev)
{
	if (ev->global) {
		spin_lock(&v->vm->sse_lock);
	}
}

static void unlock(struct rvkvm_vcpu *v, const struct ev *ev)
{
	if (ev->global) {
		spin_unlock(&v->vm->sse_lock);
	}
}

static struct rvkvm_vcpu *vcpu_by_id(struct rvkvm_vm *vm, unsigned long id)
{
	return id < VCPU_MAX_PER_VM ? vm->vcpus[id] : NULL;
}

/* Makes t look for an event to deliver before it next enters its guest (see sbi_sse_deliver). */
static void nudge(struct rvkvm_vcpu *v, struct rvkvm_vcpu *t)
{
	__atomic_store_n(&t->sse.look, 1, __ATOMIC_SEQ_CST);
	if (t != v) {
		vcpu_kick(t); /* out of the guest, or out of its WFI */
	}
}

/* Lower is more urgent: the priority, then the event id (the spec's tie-break). */
static uint64_t rank(const struct sse_event *e, uint32_t id)
{
	return (uint64_t)e->priority << 32 | id;
}

/* --- attributes ---------------------------------------------------------------------------- */

static unsigned long attr_get(const struct rvkvm_vcpu *v, const struct ev *ev, unsigned a)
{
	const struct sse_event *e = ev->e;

	switch (a) {
	case SBI_SSE_ATTR_STATUS:
		/* Every event rvkvm has is injectable (bit 3), as every one of OpenSBI's is. */
		return e->state | SBI_SSE_STATUS_INJECTABLE |
		       (__atomic_load_n(&e->pending, __ATOMIC_RELAXED) ? SBI_SSE_STATUS_PENDING
								       : 0);
	case SBI_SSE_ATTR_PRIORITY:
		return e->priority;
	case SBI_SSE_ATTR_CONFIG:
		return e->config;
	case SBI_SSE_ATTR_PREFERRED_HART:
		return ev->global ? e->preferred_hart : v->id; /* a local event's is its hart */
	case SBI_SSE_ATTR_ENTRY_PC:
		return e->entry_pc;
	case SBI_SSE_ATTR_ENTRY_ARG:
		return e->entry_arg;
	default:
		return e->interrupted[a - SBI_SSE_ATTR_INTERRUPTED_SEPC];
	}
}

/* Whether the guest may write val to attribute a now: the spec's legal values and state rules. */
static long attr_check(struct rvkvm_vcpu *v, const struct ev *ev, unsigned a, unsigned long val)
{
	const struct sse_event *e = ev->e;
	bool configurable =
		e->state == SBI_SSE_STATE_UNUSED || e->state == SBI_SSE_STATE_REGISTERED;

	switch (a) {
	case SBI_SSE_ATTR_STATUS:
	case SBI_SSE_ATTR_ENTRY_PC:
	case SBI_SSE_ATTR_ENTRY_ARG:
		return SBI_ERR_DENIED; /* read-only (register sets the entry) */
	case SBI_SSE_ATTR_PRIORITY:
		/* "only lower 32-bits of the value are used and other bits are always ... zero" */
		if (val & ~(unsigned long)UINT32_MAX) {
			return SBI_ERR_INVALID_PARAM;
		}
		return configurable ? SBI_SUCCESS : SBI_ERR_INVALID_STATE;
	case SBI_SSE_ATTR_CONFIG:
		if (val & ~SBI_SSE_CONFIG_ONESHOT) {
			return SBI_ERR_INVALID_PARAM;
		}
		return configurable ? SBI_SUCCESS : SBI_ERR_INVALID_STATE;
	case SBI_SSE_ATTR_PREFERRED_HART:
		if (!ev->global) {
			return SBI_ERR_DENIED; /* read-only for a local event */
		}
		if (!vcpu_by_id(v->vm, val)) {
			return SBI_ERR_INVALID_PARAM; /* "must always be valid hart id" */
		}
		return configurable ? SBI_SUCCESS : SBI_ERR_INVALID_STATE;
	case SBI_SSE_ATTR_INTERRUPTED_FLAGS:
		/*
		 * The guest has no H extension, Zicfilp or Ssdbltrp: of the flags, only SPP and
		 * SPIE can be what it was interrupted with.
		 */
		if (val & ~(SBI_SSE_FLAG_SPP | SBI_SSE_FLAG_SPIE)) {
			return SBI_ERR_INVALID_PARAM;
		}
		break;
	default:
		break;
	}
	/* INTERRUPTED_*: while RUNNING, and a global event's only on the hart that runs it. */
	if (e->state != SBI_SSE_STATE_RUNNING || (ev->global && e->running_on != v->id)) {
		return SBI_ERR_INVALID_STATE;
	}
	return SBI_SUCCESS;
}

static void attr_set(struct sse_event *e, unsigned a, unsigned long val)
{
	switch (a) {
	case SBI_SSE_ATTR_PRIORITY:
		e->priority = (uint32_t)val;
		break;
	case SBI_SSE_ATTR_CONFIG:
		e->config = val;
		break;
	case SBI_SSE_ATTR_PREFERRED_HART:
		e->preferred_hart = val;
		break;
	default:
		e->interrupted[a - SBI_SSE_ATTR_INTERRUPTED_SEPC] = val;
		break;
	}
}

/*
 * The guest's buffer of count attribute values at (phys_hi:phys_lo) (sbi_phys_addr: on RV64
 * phys_hi must be 0): XLEN/8-aligned guest RAM, writable when the core writes it.
 */
static void *attr_buffer(struct rvkvm_vcpu *v, unsigned long lo, unsigned long hi, uint32_t count,
			 bool write)
{
	uint64_t a;

	if (!sbi_phys_addr(lo, hi, &a) || lo % sizeof(unsigned long) != 0) {
		return NULL;
	}
	return guest_ram_access(v->vm, gpa(a), (uint64_t)count * sizeof(unsigned long), write);
}

/*
 * read_attrs and write_attrs. Value i is at offset (XLEN/8) * i: the spec sizes the buffer as
 * attr_count values, and its "(XLEN/8) * (base_attr_id + i)" would run past that for any
 * base_attr_id but 0. A write is all or nothing: every value is checked (the first error in
 * attribute order is returned) before any is set.
 */
static long attrs(struct rvkvm_vcpu *v, const struct sbi_call *c, bool write)
{
	uint32_t base = sbi_arg_u32(c, 1), count = sbi_arg_u32(c, 2);
	unsigned long vals[SBI_SSE_ATTR_COUNT];
	unsigned long *buf;
	struct ev ev;
	long err = find(v, sbi_arg_u32(c, 0), &ev);

	if (err != SBI_SUCCESS) {
		return err;
	}
	if (count == 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	if ((uint64_t)base + count > SBI_SSE_ATTR_COUNT) {
		return SBI_ERR_BAD_RANGE; /* some id in the range is reserved */
	}
	buf = attr_buffer(v, c->args[3], c->args[4], count, !write);
	if (!buf) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	if (write) {
		lib_memcpy(vals, buf,
			   count * sizeof(vals[0])); /* read once: the guest may change it */
	}
	lock(v, &ev);
	for (uint32_t i = 0; i < count && err == SBI_SUCCESS; i++) {
		if (write) {
			err = attr_check(v, &ev, base + i, vals[i]);
		} else {
			vals[i] = attr_get(v, &ev, base + i);
		}
	}
	for (uint32_t i = 0; write && err == SBI_SUCCESS && i < count; i++) {
		attr_set(ev.e, base + i, vals[i]);
	}
	unlock(v, &ev);
	if (!write) {
		lib_memcpy(buf, vals, count * sizeof(vals[0]));
	}
	return err;
}

/* --- state changes ------------------------------------------------------------------------- */

/* register, unregister, enable, disable: from one state to the next, or INVALID_STATE. */
static long transition(struct rvkvm_vcpu *v, const struct sbi_call *c, uint32_t from, uint32_t to)
{
	struct rvkvm_vcpu *t = NULL;
	struct ev ev;
	long err = find(v, sbi_arg_u32(c, 0), &ev);

	if (err != SBI_SUCCESS) {
		return err;
	}
	if (c->fid == SBI_SSE_REGISTER && c->args[1] % 2 != 0) {
		return SBI_ERR_INVALID_PARAM; /* handler_entry_pc not 2-byte aligned */
	}
	lock(v, &ev);
	if (ev.e->state != from) {
		err = SBI_ERR_INVALID_STATE;
	} else {
		if (c->fid == SBI_SSE_REGISTER) {
			ev.e->entry_pc = c->args[1];
			ev.e->entry_arg = c->args[2];
		}
		ev.e->state = to;
		/* Enabled: it may have been injected meanwhile. */
		if (to == SBI_SSE_STATE_ENABLED) {
			t = ev.global ? vcpu_by_id(v->vm, ev.e->preferred_hart) : v;
		}
	}
	unlock(v, &ev);
	if (t) {
		nudge(v, t);
	}
	/* Registered, the PMU overflow is watched (core/sbi/pmu_overflow.c); unregistered, not. */
	if (err == SBI_SUCCESS && ev.id == SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW &&
	    (from == SBI_SSE_STATE_UNUSED || to == SBI_SSE_STATE_UNUSED)) {
		sbi_pmu_overflow_update(v);
	}
	return err;
}

/*
 * inject: pending until it runs. A local event on the hart hart_id names (this one or another),
 * the global event on its preferred hart (hart_id is ignored). Injecting an event that is not
 * enabled is no error: it stays pending, as STATUS shows, and runs once enabled.
 */
static long inject(struct rvkvm_vcpu *v, uint32_t id, unsigned long hart_id)
{
	struct rvkvm_vcpu *t;
	struct ev ev;
	long err = find(v, id, &ev);

	if (err != SBI_SUCCESS) {
		return err;
	}
	if (!ev.global) {
		t = vcpu_by_id(v->vm, hart_id);
		if (!t) {
			return SBI_ERR_INVALID_PARAM;
		}
		__atomic_store_n(&local_event(t, id)->pending, 1, __ATOMIC_SEQ_CST);
	} else {
		lock(v, &ev);
		ev.e->pending = 1;
		t = vcpu_by_id(v->vm, ev.e->preferred_hart);
		unlock(v, &ev);
	}
	if (t) {
		nudge(v, t);
	}
	return SBI_SUCCESS;
}

/* The event running on v that is most urgent (the one the latest delivery started), or none. */
static bool running_top(struct rvkvm_vcpu *v, struct ev *top)
{
	struct ev all[SSE_EVENTS_OF_VCPU];
	int best = -1;

	events_of(v, all);
	for (int i = 0; i < SSE_EVENTS_OF_VCPU; i++) {
		const struct sse_event *e = all[i].e;

		if (e->state == SBI_SSE_STATE_RUNNING &&
		    (!all[i].global || e->running_on == v->id) &&
		    (best < 0 || rank(e, all[i].id) < rank(all[best].e, all[best].id))) {
			best = i;
		}
	}
	if (best < 0) {
		return false;
	}
	*top = all[best];
	return true;
}

/*
 * complete: the spec's "Software Event Completion" for the most urgent running event, as an
 * sret from the handler (pc = vsepc, privilege = vsstatus.SPP, SIE = SPIE) followed by a restore
 * of what the event saved. a0-a5 stay as the handler left them: the call does not return.
 */
static void complete(struct rvkvm_vcpu *v, struct sbi_result *r)
{
	struct ev top;
	unsigned long vsepc, vsstatus, flags;

	spin_lock(&v->vm->sse_lock);
	if (!running_top(v, &top)) {
		spin_unlock(&v->vm->sse_lock);
		r->error = SBI_SUCCESS;
		return;
	}
	flags = top.e->interrupted[SBI_SSE_ATTR_INTERRUPTED_FLAGS - SBI_SSE_ATTR_INTERRUPTED_SEPC];
	vcpu_arch_get_vs_trap(v, &vsepc, &vsstatus);
	v->ctx.sepc = vsepc;
	v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_SPP) | (vsstatus & SSTATUS_SPP);
	vsstatus = (vsstatus & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP)) |
		   ((vsstatus & SSTATUS_SPIE) ? SSTATUS_SIE : 0) |
		   ((flags & SBI_SSE_FLAG_SPIE) ? SSTATUS_SPIE : 0) |
		   ((flags & SBI_SSE_FLAG_SPP) ? SSTATUS_SPP : 0);
	v->ctx.gpr[GPR_A7] =
		top.e->interrupted[SBI_SSE_ATTR_INTERRUPTED_A7 - SBI_SSE_ATTR_INTERRUPTED_SEPC];
	v->ctx.gpr[GPR_A6] =
		top.e->interrupted[SBI_SSE_ATTR_INTERRUPTED_A6 - SBI_SSE_ATTR_INTERRUPTED_SEPC];
	vsepc = top.e->interrupted[0];
	vcpu_arch_set_vs_trap(v, vsepc, vsstatus);
	top.e->state = (top.e->config & SBI_SSE_CONFIG_ONESHOT) ? SBI_SSE_STATE_REGISTERED
								: SBI_SSE_STATE_ENABLED;
	spin_unlock(&v->vm->sse_lock);
	/* Another event may have waited for this one, or this one been injected again. */
	__atomic_store_n(&v->sse.look, 1, __ATOMIC_RELAXED);
	r->next = SBI_NEXT_NO_RETURN;
}

static long hart_mask(struct rvkvm_vcpu *v, bool unmask)
{
	if (v->sse.unmasked == unmask) {
		return unmask ? SBI_ERR_ALREADY_STARTED : SBI_ERR_ALREADY_STOPPED;
	}
	v->sse.unmasked = unmask;
	if (unmask) {
		__atomic_store_n(&v->sse.look, 1, __ATOMIC_RELAXED);
	}
	return SBI_SUCCESS;
}

/* --- delivery ------------------------------------------------------------------------------ */

/* The spec's "Software Event Injection" into the guest's VS-mode: a trap to entry_pc, of sorts. */
static void enter_handler(struct rvkvm_vcpu *v, const struct ev *ev)
{
	struct sse_event *e = ev->e;
	unsigned long vsepc, vsstatus;

	vcpu_arch_get_vs_trap(v, &vsepc, &vsstatus);
	/* The guest has no H, Zicfilp or Ssdbltrp: SPV, SPVP, SPELP and SDT are saved as 0. */
	e->interrupted[0] = vsepc;
	e->interrupted[1] = ((vsstatus & SSTATUS_SPP) ? SBI_SSE_FLAG_SPP : 0) |
			    ((vsstatus & SSTATUS_SPIE) ? SBI_SSE_FLAG_SPIE : 0);
	e->interrupted[2] = v->ctx.gpr[GPR_A6];
	e->interrupted[3] = v->ctx.gpr[GPR_A7];
	v->ctx.gpr[GPR_A6] = v->id; /* the hart id */
	v->ctx.gpr[GPR_A7] = e->entry_arg;
	/* sepc = the interrupted pc, SPP = its privilege (the HS-level SPP: VS or VU), SPIE = SIE. */
	vsepc = v->ctx.sepc;
	vsstatus = (vsstatus & ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE)) |
		   (v->ctx.sstatus & SSTATUS_SPP) | ((vsstatus & SSTATUS_SIE) ? SSTATUS_SPIE : 0);
	vcpu_arch_set_vs_trap(v, vsepc, vsstatus);
	v->ctx.sepc = e->entry_pc;
	v->ctx.sstatus |= SSTATUS_SPP; /* the handler runs in VS-mode */
	e->state = SBI_SSE_STATE_RUNNING;
	e->running_on = v->id;
	__atomic_store_n(&e->pending, 0, __ATOMIC_RELAXED);
}

/* An event that may run on v now: enabled, injected, and (global) meant for v. */
static bool ready(const struct rvkvm_vcpu *v, const struct ev *ev)
{
	return ev->e->state == SBI_SSE_STATE_ENABLED &&
	       __atomic_load_n(&ev->e->pending, __ATOMIC_ACQUIRE) &&
	       (!ev->global || ev->e->preferred_hart == v->id);
}

void sbi_sse_deliver(struct rvkvm_vcpu *v)
{
	struct ev cand[SSE_EVENTS_OF_VCPU];
	const struct ev *best = NULL;
	struct ev top;

	if (!__atomic_exchange_n(&v->sse.look, 0, __ATOMIC_ACQUIRE) || !v->sse.unmasked) {
		return; /* unmask, enable, inject, complete and an overflow look again */
	}
	events_of(v, cand);
	spin_lock(&v->vm->sse_lock);
	for (unsigned i = 0; i < SSE_EVENTS_OF_VCPU; i++) {
		if (ready(v, &cand[i]) &&
		    (!best || rank(cand[i].e, cand[i].id) < rank(best->e, best->id))) {
			best = &cand[i];
		}
	}
	/* It must be more urgent than what already runs here; a less urgent one waits. */
	if (best && (!running_top(v, &top) || rank(best->e, best->id) < rank(top.e, top.id))) {
		enter_handler(v, best);
	}
	spin_unlock(&v->vm->sse_lock);
}

void sbi_sse_reset(struct rvkvm_vcpu *v)
{
	struct sse_event *g = &v->vm->sse_global;

	lib_memset(&v->sse, 0, sizeof(v->sse));
	/* A global event left running here never completes: it is enabled again. */
	spin_lock(&v->vm->sse_lock);
	if (g->state == SBI_SSE_STATE_RUNNING && g->running_on == v->id) {
		g->state = SBI_SSE_STATE_ENABLED;
	}
	spin_unlock(&v->vm->sse_lock);
	sbi_pmu_overflow_update(v); /* its PMU overflow event is unregistered: no more watching */
}

void sbi_sse_pmu_overflow(struct rvkvm_vcpu *v)
{
	__atomic_store_n(&v->sse.pmu_overflow.pending, 1, __ATOMIC_SEQ_CST);
	nudge(v, v);
}

static int sse_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->value = 0;
	switch (c->fid) {
	case SBI_SSE_READ_ATTRS:
	case SBI_SSE_WRITE_ATTRS:
		r->error = attrs(v, c, c->fid == SBI_SSE_WRITE_ATTRS);
		break;
	case SBI_SSE_REGISTER:
		r->error = transition(v, c, SBI_SSE_STATE_UNUSED, SBI_SSE_STATE_REGISTERED);
		break;
	case SBI_SSE_UNREGISTER:
		r->error = transition(v, c, SBI_SSE_STATE_REGISTERED, SBI_SSE_STATE_UNUSED);
		break;
	case SBI_SSE_ENABLE:
		r->error = transition(v, c, SBI_SSE_STATE_REGISTERED, SBI_SSE_STATE_ENABLED);
		break;
	case SBI_SSE_DISABLE:
		r->error = transition(v, c, SBI_SSE_STATE_ENABLED, SBI_SSE_STATE_REGISTERED);
		break;
	case SBI_SSE_COMPLETE:
		complete(v, r);
		break;
	case SBI_SSE_INJECT:
		r->error = inject(v, sbi_arg_u32(c, 0), c->args[1]);
		break;
	case SBI_SSE_HART_UNMASK:
	case SBI_SSE_HART_MASK:
		r->error = hart_mask(v, c->fid == SBI_SSE_HART_UNMASK);
		break;
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

/*
 * Linux's asm/kvm.h has no KVM_RISCV_SBI_EXT_* id for SSE: like BASE it is always offered, never
 * switched off through ONE_REG SBI_EXT nor handed to the VMM. Complete rewrites a6, a7, sepc and
 * sstatus, so SSE runs on the slow path, where the whole context is in v->ctx.
 */
const struct sbi_ext sbi_ext_sse = {
	.name = "SSE",
	.eid_lo = SBI_EID_SSE,
	.eid_hi = SBI_EID_SSE,
	.kvm_id = SBI_KVM_ID_NONE,
	.own = SBI_OWN(RVKVM_RISCV_SBI_EXT_RVKVM_SSE),
	.resets_vcpu = true,
	.handler = sse_handler,
};
