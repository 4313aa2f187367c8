/* SPDX-License-Identifier: Apache-2.0 */
/* KVM_RUN for rvkvm: enter the guest, handle what the core can, return to the VMM for the rest. */
#include <stddef.h>

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/exc_route.h"
#include "core/insn_csr.h"
#include "core/insn_decode.h"
#include "core/mmio_decode_cache.h"
#include "core/sched.h"
#include "core/sbi/sbi.h"
#include "core/vcpu.h"
#include "core/vm_arch.h"
#include "lib/bytes.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define INSN_WFI 0x10500073u
#define ECALL_LEN 4

typedef enum exit_action (*exit_handler_fn)(struct rvkvm_vcpu *v);

/*
 * htval holds the guest-physical address shifted right by 2: widened before the shift back, since
 * on rv32 Sv32x4's 34-bit addresses do not fit in the register.
 */
static uint64_t fault_gpa(const struct rvkvm_vcpu *v)
{
	return ((uint64_t)v->ctx.htval << 2) | (v->ctx.stval & 3);
}

static __attribute__((noinline, cold)) enum exit_action stop_vm(struct rvkvm_vcpu *v,
								uint32_t suberror)
{
	struct rvkvm_exit *e = &v->exit;

	e->reason = RVKVM_EXIT_INTERNAL_ERROR;
	e->internal.suberror = suberror;
	e->internal.ndata = 6;
	e->internal.data[5] = fault_gpa(v);
	e->internal.data[0] = v->ctx.scause;
	e->internal.data[1] = v->ctx.sepc;
	e->internal.data[2] = v->ctx.stval;
	e->internal.data[3] = v->ctx.htval;
	e->internal.data[4] = v->ctx.htinst;
	v->pending = VCPU_PENDING_DEAD;
	return EXIT_TO_VMM;
}

/* The single place where the outcome of an SBI call reaches the guest's registers and sepc. */
static inline enum exit_action sbi_complete(struct rvkvm_vcpu *v, const struct sbi_call *c,
					    const struct sbi_result *r)
{
	/* Before the switch's table: a plain return is nearly every call (the fast exit path's). */
	if (__builtin_expect(r->next == SBI_NEXT_RETURN, 1) || r->next == SBI_NEXT_EXIT) {
		v->ctx.gpr[GPR_A0] = (unsigned long)r->error;
		v->ctx.gpr[GPR_A1] = r->value;
		v->ctx.sepc += ECALL_LEN;
		return r->next == SBI_NEXT_EXIT ? EXIT_TO_VMM : EXIT_RESUME;
	}
	switch (r->next) {
	case SBI_NEXT_RETURN:
	case SBI_NEXT_EXIT:
		break; /* above */
	case SBI_NEXT_NO_RETURN_EXIT:
		return EXIT_TO_VMM;
	case SBI_NEXT_NO_RETURN:
		/* HSM stop / non-retentive suspend: the vCPU resumes elsewhere, registers are reset. */
		return EXIT_RESUME;
	case SBI_NEXT_RETURN_LEGACY:
		v->ctx.gpr[GPR_A0] = r->value;
		v->ctx.sepc += ECALL_LEN;
		return EXIT_RESUME;
	case SBI_NEXT_FORWARD:
		v->exit.reason = RVKVM_EXIT_RISCV_SBI;
		v->exit.riscv_sbi.extension_id = c->eid;
		v->exit.riscv_sbi.function_id = c->fid;
		lib_memcpy(v->exit.riscv_sbi.args, c->args, sizeof(c->args));
		v->exit.riscv_sbi.ret[0] = (unsigned long)SBI_ERR_NOT_SUPPORTED;
		v->exit.riscv_sbi.ret[1] = 0;
		v->pending = VCPU_PENDING_SBI;
		v->stats.sbi_forwarded++;
		return EXIT_TO_VMM;
	}
	return EXIT_RESUME;
}

_Static_assert(GPR_A6 == GPR_A0 + 6 && GPR_A7 == GPR_A0 + 7, "a0-a7 are consecutive");
_Static_assert(offsetof(struct sbi_call, fid) == 6 * sizeof(unsigned long) &&
		       offsetof(struct sbi_call, eid) == 7 * sizeof(unsigned long),
	       "struct sbi_call is a0-a7");

static enum exit_action handle_ecall(struct rvkvm_vcpu *v)
{
	struct sbi_call c;
	struct sbi_result r;

	/* A copy: HSM handlers may rewrite the registers while they still read the call. */
	lib_memcpy(&c, &v->ctx.gpr[GPR_A0], sizeof(c));
	if (sbi_dispatch(v, &c, &r) < 0) {
		return stop_vm(v, RVKVM_INTERNAL_UNHANDLED_TRAP);
	}
	return sbi_complete(v, &c, &r);
}

int vcpu_exit_fast_ecall(struct rvkvm_vcpu *v)
{
	/* No copy: the handlers allowed here do not write the guest's registers. */
	const struct sbi_call *c = (const struct sbi_call *)&v->ctx.gpr[GPR_A0];
	struct sbi_result r;
	int rc = sbi_dispatch_fast(v, c, &r);
	enum exit_action act;

	if (__builtin_expect(rc == 0, 1)) {
		act = sbi_complete(v, c, &r);
		if (__builtin_expect(act == EXIT_RESUME, 1)) {
			return act;
		}
	}
	/*
	 * Leaving for the run loop: the trap details are this code's to store (the trap vector
	 * stores none on this path), as an ecall leaves them. stop_vm reads them too.
	 */
	v->ctx.scause = EXC_ECALL_VS;
	v->ctx.stval = 0;
	v->ctx.htval = 0;
	v->ctx.htinst = 0;
	if (rc == 0) {
		return act;
	}
	if (rc == SBI_DISPATCH_NOT_FAST) {
		return -1;
	}
	return stop_vm(v, RVKVM_INTERNAL_UNHANDLED_TRAP);
}

/* decode_access for htinst's transformed instruction. */
static __attribute__((noinline)) uint32_t decode_htinst(struct rvkvm_vcpu *v, bool store)
{
	v->mmio_acc = &v->htinst_acc;
	if (insn_decode_mmio_htinst((uint32_t)v->ctx.htinst, &v->htinst_acc) != 0 ||
	    v->htinst_acc.is_write != store) {
		return RVKVM_INTERNAL_MMIO_UNSUPPORTED;
	}
	v->stats.mmio_htinst++; /* so stats can tell the decode cache's lookups from these */
	return 0;
}

/*
 * The load or store at sepc, decoded (v->mmio_acc points at the record), when it is of the
 * fault's kind (store). Returns 0, or why not: RVKVM_INTERNAL_INSN_UNREADABLE, or
 * RVKVM_INTERNAL_MMIO_UNSUPPORTED for an instruction not emulated (htinst pseudoinstructions, a
 * fault in the guest's own page-table walk, included) or of the other kind.
 */
static inline uint32_t decode_access(struct rvkvm_vcpu *v, bool store)
{
	const struct insn_mmio *acc;
	uint32_t insn;

	if (v->ctx.htinst != 0) {
		return decode_htinst(v, store);
	}
	if (!vcpu_arch_read_insn(v, v->ctx.sepc, &insn)) {
		return RVKVM_INTERNAL_INSN_UNREADABLE;
	}
	/* A decode depends on the bits alone, the cache's key (core/mmio_decode_cache.h). */
	acc = mmio_decode_cache_get(&v->decode_cache, insn, store);
	if (!acc) {
		v->stats.decode_refused++; /* a lookup no exit counts (core/stats.c) */
		return RVKVM_INTERNAL_MMIO_UNSUPPORTED;
	}
	v->mmio_acc = acc;
	return 0;
}

/*
 * A store (decoded in v->mmio_acc) of data at gpa_v: rings the doorbell that takes it, if one
 * does, and the store is done then (true): the guest goes on, the VMM sees nothing. Out of line,
 * so the VMs without doorbells keep their exit path's registers.
 */
static __attribute__((noinline)) bool ring_doorbell(struct rvkvm_vcpu *v, uint64_t gpa_v,
						    uint64_t data)
{
	if (!doorbells_ring(&v->vm->doorbells, gpa_v, v->mmio_acc->width, data)) {
		return false;
	}
	v->stats.doorbells++;
	v->ctx.sepc += v->mmio_acc->len;
	return true;
}

/* A G-stage fault on a page with no RAM: the access, decoded, rings a doorbell or exits. */
static inline enum exit_action mmio_exit(struct rvkvm_vcpu *v, uint64_t gpa_v)
{
	const struct insn_mmio *acc;
	uint64_t data;
	uint32_t err;
	bool store;

	if (v->ctx.scause == EXC_INST_GUEST_PAGE_FAULT) {
		v->stats.gstage_not_mmio++;
		return stop_vm(v, RVKVM_INTERNAL_FETCH_OUTSIDE_RAM);
	}
	store = v->ctx.scause == EXC_STORE_GUEST_PAGE_FAULT;
	/* Of the fault's kind: a load's fault never emulates a store, nor the reverse. */
	err = decode_access(v, store);
	if (err != 0) {
		v->stats.gstage_not_mmio++;
		return stop_vm(v, err);
	}
	acc = v->mmio_acc;
	/* A store's low width bytes (gpr[0] is always 0); a load's data starts as 0. */
	data = store ? low_bytes(v->ctx.gpr[acc->reg], acc->width) : 0;
	if (store && doorbells_near(&v->vm->doorbells, gpa_v) && ring_doorbell(v, gpa_v, data)) {
		return EXIT_RESUME;
	}
	v->stats.mmio++;
	v->exit.reason = RVKVM_EXIT_MMIO;
	v->exit.mmio.phys_addr = gpa_v;
	v->exit.mmio.len = acc->width;
	v->exit.mmio.is_write = store;
	rvkvm_mmio_set_data(&v->exit, data);
	/* complete_pending finishes the access mmio_acc describes. */
	v->pending = store ? VCPU_PENDING_MMIO_STORE : VCPU_PENDING_MMIO_LOAD;
	return EXIT_TO_VMM;
}

/*
 * A G-stage fault outside the page the last one found to be no RAM (see handle_gstage_fault):
 * the memslots decide, under the lock. Returns -1 for no RAM (the page is remembered), else
 * what the run loop does.
 */
static __attribute__((noinline)) int ram_fault(struct rvkvm_vcpu *v, uint64_t gpa_v)
{
	unsigned long gen = __atomic_load_n(&v->vm->memslots_gen, __ATOMIC_ACQUIRE);
	unsigned long cause = v->ctx.scause;
	enum vm_fault r;

	r = vm_handle_ram_fault(v->vm, gpa_v,
				cause == EXC_STORE_GUEST_PAGE_FAULT  ? GSTAGE_WRITE
				: cause == EXC_INST_GUEST_PAGE_FAULT ? GSTAGE_EXEC
								     : GSTAGE_READ);
	if (r != VM_FAULT_NOT_RAM) {
		v->stats.gstage_not_mmio++; /* mmio_exit counts the rest */
	}
	switch (r) {
	case VM_FAULT_RETRY:
		return EXIT_RESUME; /* the access runs again */
	case VM_FAULT_READONLY:
		return stop_vm(v, RVKVM_INTERNAL_READONLY_WRITE);
	case VM_FAULT_BAD:
		return stop_vm(v, RVKVM_INTERNAL_GUEST_FAULT);
	case VM_FAULT_NOT_RAM:
		break;
	}
	v->mmio_page = page_base(gpa_v);
	v->mmio_page_gen = gen;
	return -1;
}

static enum exit_action handle_gstage_fault(struct rvkvm_vcpu *v)
{
	uint64_t gpa_v = fault_gpa(v);
	int rc;

	/*
	 * The page the last fault found to be no RAM, and no region changed since: a device
	 * again, known without the lock and the memslot search. (A region change racing with
	 * this access is ordered after it, as one racing with the memslot search would be.)
	 */
	if (page_base(gpa_v) != v->mmio_page ||
	    __atomic_load_n(&v->vm->memslots_gen, __ATOMIC_RELAXED) != v->mmio_page_gen) {
		rc = ram_fault(v, gpa_v);
		if (rc >= 0) {
			return (enum exit_action)rc;
		}
	}
	return mmio_exit(v, gpa_v);
}

/* An exception the VMM routed to itself: the guest waits at sepc, before the instruction. */
static enum exit_action exception_to_vmm(struct rvkvm_vcpu *v, unsigned long cause,
					 unsigned long tval, uint32_t insn, unsigned insn_len)
{
	struct rvkvm_exit *e = &v->exit;

	e->reason = RVKVM_EXIT_RISCV_EXCEPTION;
	e->riscv_exception.cause = cause;
	e->riscv_exception.tval = tval;
	e->riscv_exception.pc = v->ctx.sepc;
	e->riscv_exception.htval = v->ctx.htval;
	e->riscv_exception.htinst = v->ctx.htinst;
	e->riscv_exception.insn = insn;
	e->riscv_exception.insn_len = insn_len;
	e->riscv_exception.action = RVKVM_EXC_ACTION_RESUME;
	v->pending = VCPU_PENDING_EXCEPTION;
	return EXIT_TO_VMM;
}

/* An illegal instruction for the VMM: a CSR access becomes a CSR exit, as KVM_EXIT_RISCV_CSR. */
static enum exit_action illegal_insn_to_vmm(struct rvkvm_vcpu *v, uint32_t insn)
{
	struct insn_csr csr;
	unsigned long src;

	if (!insn_decode_csr(insn, &csr)) {
		return exception_to_vmm(v, EXC_ILLEGAL_INSN, insn, insn, insn_length(insn));
	}
	src = csr.imm ? csr.rs1 : v->ctx.gpr[csr.rs1]; /* gpr[0] is always 0 */
	v->exit.reason = RVKVM_EXIT_RISCV_CSR;
	v->exit.riscv_csr.csr_num = csr.csr;
	insn_csr_effect(&csr, src, &v->exit.riscv_csr.new_value, &v->exit.riscv_csr.write_mask);
	/* csrrs/csrrc with x0 (or immediate 0) only read: KVM reports a zero write mask too. */
	v->exit.riscv_csr.ret_value = 0;
	v->exit.riscv_csr.action = RVKVM_EXC_ACTION_RESUME;
	v->csr_rd = csr.rd;
	v->csr_insn = insn;
	v->pending = VCPU_PENDING_CSR;
	return EXIT_TO_VMM;
}

/* Routable exceptions (core/exc_route.h) that reached the core: to the VMM, or to the guest. */
static enum exit_action handle_routed_exception(struct rvkvm_vcpu *v)
{
	unsigned long cause = v->ctx.scause;
	uint32_t insn = 0;
	unsigned len = 0;

	v->stats.exceptions++;
	sbi_pmu_count_trap(v, cause);
	if (!exc_route_to_vmm(v, cause)) {
		/* The core's answer: the guest takes it, as it would have without a hypervisor. */
		vcpu_arch_inject_exception(v, cause, v->ctx.stval);
		return EXIT_RESUME;
	}
	if (vcpu_arch_read_insn(v, v->ctx.sepc, &insn)) {
		len = insn_length(insn);
	} else {
		insn = 0; /* a misaligned or faulting fetch: nothing to show */
	}
	if (cause == EXC_ILLEGAL_INSN && len != 0) {
		return illegal_insn_to_vmm(v, insn);
	}
	return exception_to_vmm(v, cause, v->ctx.stval, insn, len);
}

/* What ends a WFI: an interrupt the guest enabled, or an SBI SSE event that may be taken. */
static bool wfi_ready(struct rvkvm_vcpu *v)
{
	return vcpu_arch_irq_pending(v) || sbi_sse_look(v);
}

static enum exit_action handle_virtual_insn(struct rvkvm_vcpu *v)
{
	uint32_t insn;

	v->stats.virtual_insn++;
	/*
	 * stval may be 0 or, on QEMU 7.2, left over from an earlier trap: the instruction the
	 * guest executed is the one at sepc, read as the guest fetched it.
	 */
	if (!vcpu_arch_read_insn(v, v->ctx.sepc, &insn)) {
		return stop_vm(v, RVKVM_INTERNAL_INSN_UNREADABLE);
	}
	if (insn == INSN_WFI) {
		v->stats.wfi++;
		v->ctx.sepc += 4;
		/* Sleep on this hart until an interrupt the guest enabled is pending. */
		return vcpu_arch_wait(v, wfi_ready) == VCPU_WAIT_EXIT ? EXIT_INTR : EXIT_RESUME;
	}
	/* The firmware's illegal instruction event: what the core emulates or refuses here. */
	sbi_pmu_count_trap(v, EXC_ILLEGAL_INSN);
	if (sbi_pmu_emulate_read(v, insn)) {
		return EXIT_RESUME;
	}
	/* Anything else the guest may not do in VS/VU-mode is, to it, an illegal instruction. */
	if (exc_route_to_vmm(v, EXC_ILLEGAL_INSN)) {
		return illegal_insn_to_vmm(v, insn);
	}
	vcpu_arch_inject_exception(v, EXC_ILLEGAL_INSN, insn);
	return EXIT_RESUME;
}

static const exit_handler_fn exit_handlers[EXC_COUNT] = {
	[EXC_INST_MISALIGNED] = handle_routed_exception,
	[EXC_ILLEGAL_INSN] = handle_routed_exception,
	[EXC_BREAKPOINT] = handle_routed_exception,
	[EXC_LOAD_MISALIGNED] = handle_routed_exception,
	[EXC_LOAD_ACCESS] = handle_routed_exception,
	[EXC_STORE_MISALIGNED] = handle_routed_exception,
	[EXC_STORE_ACCESS] = handle_routed_exception,
	[EXC_ECALL_VS] = handle_ecall,
	[EXC_INST_GUEST_PAGE_FAULT] = handle_gstage_fault,
	[EXC_LOAD_GUEST_PAGE_FAULT] = handle_gstage_fault,
	[EXC_STORE_GUEST_PAGE_FAULT] = handle_gstage_fault,
	[EXC_VIRTUAL_INSN] = handle_virtual_insn,
};

static enum exit_action handle_trap(struct rvkvm_vcpu *v)
{
	unsigned long cause = v->ctx.scause;

	/* Device accesses, the most frequent exit the run loop sees, without the table. */
	if (cause == EXC_LOAD_GUEST_PAGE_FAULT || cause == EXC_STORE_GUEST_PAGE_FAULT) {
		return handle_gstage_fault(v);
	}
	if (cause & SCAUSE_INTERRUPT) {
		v->stats.interrupts++;
		return vcpu_arch_handle_interrupt(v, cause) ? EXIT_INTR : EXIT_RESUME;
	}
	if (cause < EXC_COUNT && exit_handlers[cause]) {
		return exit_handlers[cause](v);
	}
	v->stats.exceptions++;
	return stop_vm(v, RVKVM_INTERNAL_UNHANDLED_TRAP);
}

/* The VMM's data for a load, as the loading instruction leaves it in a register. */
static uint64_t mmio_load_value(const struct rvkvm_vcpu *v)
{
	uint64_t data = rvkvm_mmio_data(&v->exit);

	return v->mmio_acc->sign_extend ? low_bytes_signed(data, v->mmio_acc->width)
					: low_bytes(data, v->mmio_acc->width);
}

/* Finishes what the last exit left to the VMM (a dead vCPU never gets here: run_loop refuses it). */
static void complete_pending(struct rvkvm_vcpu *v)
{
	/* Before the switch's table: the most frequent exit, a device read. */
	if (__builtin_expect(v->pending == VCPU_PENDING_MMIO_LOAD, 1)) {
		if (v->mmio_acc->reg != 0) {
			v->ctx.gpr[v->mmio_acc->reg] = (unsigned long)mmio_load_value(v);
		}
		v->ctx.sepc += v->mmio_acc->len;
		v->pending = VCPU_PENDING_NONE;
		return;
	}
	switch (v->pending) {
	case VCPU_PENDING_NONE:
	case VCPU_PENDING_MMIO_LOAD: /* above */
		break;
	case VCPU_PENDING_SBI:
		v->ctx.gpr[GPR_A0] = v->exit.riscv_sbi.ret[0];
		/* A v0.1 call returns a0 only and leaves every other register as it was. */
		if (v->exit.riscv_sbi.extension_id > SBI_EID_LEGACY_LAST) {
			v->ctx.gpr[GPR_A1] = v->exit.riscv_sbi.ret[1];
		}
		v->ctx.sepc += ECALL_LEN;
		break;
	case VCPU_PENDING_MMIO_STORE:
		v->ctx.sepc += v->mmio_acc->len;
		break;
	case VCPU_PENDING_CSR:
		if (v->exit.riscv_csr.action == RVKVM_EXC_ACTION_INJECT) {
			vcpu_arch_inject_exception(v, EXC_ILLEGAL_INSN, v->csr_insn);
			break;
		}
		if (v->csr_rd != 0) {
			v->ctx.gpr[v->csr_rd] = v->exit.riscv_csr.ret_value;
		}
		v->ctx.sepc += 4; /* CSR instructions have no compressed form */
		break;
	case VCPU_PENDING_EXCEPTION:
		if (v->exit.riscv_exception.action == RVKVM_EXC_ACTION_INJECT) {
			vcpu_arch_inject_exception(v, v->exit.riscv_exception.cause,
						   v->exit.riscv_exception.tval);
		}
		break;
	case VCPU_PENDING_DEAD:
		return;
	}
	v->pending = VCPU_PENDING_NONE;
}

static bool start_requested(struct rvkvm_vcpu *v)
{
	return __atomic_load_n(&v->hsm_state, __ATOMIC_ACQUIRE) == VCPU_HSM_START_PENDING;
}

/* A stopped vCPU sleeps here until HSM hart_start (from another vCPU) sets it going. */
static enum exit_action wait_while_stopped(struct rvkvm_vcpu *v)
{
	int state = __atomic_load_n(&v->hsm_state, __ATOMIC_RELAXED);

	if (state != VCPU_HSM_STOPPED && state != VCPU_HSM_START_PENDING) {
		return EXIT_RESUME;
	}
	/* Acquire only when it matters: the start address was written before the state. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (vcpu_arch_wait(v, start_requested) == VCPU_WAIT_EXIT) {
		return EXIT_INTR;
	}
	vcpu_arch_reset_to(v, v->start_addr, v->start_opaque);
	sbi_fwft_reset(v); /* a hart start resets the features of local scope */
	sbi_sse_reset(v);  /* and its SSE events, masked */
	sbi_pmu_reset(v);  /* and its PMU counters, released */
	sbi_dbtr_reset(v); /* and its debug triggers, as the firmware's warm boot does */
	__atomic_store_n(&v->hsm_state, VCPU_HSM_STARTED, __ATOMIC_RELEASE);
	return EXIT_RESUME;
}

static int exit_intr(struct rvkvm_vcpu *v)
{
	__atomic_store_n(&v->kick_exit, false, __ATOMIC_RELAXED);
	v->exit.reason = RVKVM_EXIT_INTR;
	return 0;
}

static int run_loop(struct rvkvm_vcpu *v);

int rvkvm_vcpu_run(struct rvkvm_vcpu *v)
{
	int rc;

	/*
	 * dead is read after in_run is set, with a full fence between: rvkvm_destroy_vm sets dead
	 * before it looks at in_run, so one of the two sees the other.
	 */
	__atomic_store_n(&v->in_run, true, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->vm->dead, __ATOMIC_RELAXED)) {
		rc = RVKVM_EBUSY;
	} else {
		rc = run_loop(v);
	}
	__atomic_store_n(&v->in_run, false, __ATOMIC_RELEASE);
	return rc;
}

static int run_loop(struct rvkvm_vcpu *v)
{
	struct sched_thread *self = sched_current();

	/* A vCPU waits by blocking its thread: it runs on scheduler threads only. */
	if (!self) {
		return RVKVM_EINVAL;
	}
	if (v->pending == VCPU_PENDING_DEAD) {
		return RVKVM_EBUSY;
	}
	/* Published before any look at what a kick could change (see vcpu_kick). */
	if (v->thread != self) {
		__atomic_store_n(&v->thread, self, __ATOMIC_SEQ_CST);
	}
	if (__builtin_expect(!v->has_run, 0)) {
		v->stats.first_run_time = arch_time_now(); /* when set-up ends, for make bench */
		v->has_run = true;
	}
	/* Loaded first: completing an exception exit may inject it through the hart's VS CSRs. */
	vcpu_arch_load(v);
	complete_pending(v);
	if (v->exit_interval && !v->next_exit) {
		v->next_exit = arch_time_now() + v->exit_interval;
	}
	for (;;) {
		enum exit_action act;

		if (__atomic_load_n(&v->kick_exit, __ATOMIC_RELAXED)) {
			/* Acquire: what the kicker wrote before it (a VM's end) is seen by the caller. */
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			return exit_intr(v);
		}
		if (wait_while_stopped(v) == EXIT_INTR) {
			return exit_intr(v);
		}
		/* An SSE event to take: the guest enters its handler instead (whole ctx valid here). */
		if (__builtin_expect(sbi_sse_look(v), 0)) {
			sbi_sse_deliver(v);
		}
		vcpu_arch_run_once(v);
		if (v->trap_handled) {
			v->trap_handled = false;
			act = (enum exit_action)v->handled_action;
		} else {
			act = handle_trap(v);
		}
		if (act == EXIT_TO_VMM) {
			return 0;
		}
		if (act == EXIT_INTR) {
			return exit_intr(v);
		}
		/* Its time slice is over and another thread waits: vcpu_put, and on again later. */
		if (v->yield_due) {
			v->yield_due = false;
			sched_yield();
			vcpu_arch_load(v);
		}
	}
}

int rvkvm_vcpu_set_exit_interval(struct rvkvm_vcpu *v, uint32_t us)
{
	v->exit_interval = (uint64_t)us * host_caps.timebase_freq / 1000000;
	v->next_exit = 0;
	return 0;
}
