/* SPDX-License-Identifier: Apache-2.0 */
/* A recording stand-in for the arch and firmware hooks of the SBI extensions (see fake_arch.h). */
#include "tests/fakes/fake_arch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arch/riscv/csr.h"
#include "tests/fakes/fake_guest_mem.h"

#include "core/remote_fence.h"
#include "core/sbi/sbi.h"
#include "platform/firmware.h"

struct fake_arch fake_arch;

void fake_arch_reset(void)
{
	memset(&fake_arch, 0, sizeof(fake_arch));
	fake_arch.wait_result = VCPU_WAIT_READY;
	fake_arch.dbtr_triggers = 2; /* QEMU 7.2's */
}

bool vcpu_arch_read_guest_ulong(struct rvkvm_vcpu *v, unsigned long gva, unsigned long *val)
{
	(void)v;
	fake_arch.guest_reads++;
	fake_arch.guest_read_addr = gva;
	if (fake_arch.guest_read_fails) {
		return false;
	}
	*val = fake_arch.guest_word;
	return true;
}

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	if (fake_arch.kicks < FAKE_ARCH_MAX_KICKS) {
		fake_arch.kicked[fake_arch.kicks] = v;
	}
	fake_arch.kicks++;
}

enum vcpu_wait_result vcpu_arch_wait(struct rvkvm_vcpu *v, bool (*ready)(struct rvkvm_vcpu *v))
{
	fake_arch.waits++;
	/* The condition is evaluated as the real wait would, so it is exercised too. */
	(void)ready(v);
	return fake_arch.wait_result;
}

bool vcpu_arch_irq_pending(struct rvkvm_vcpu *v)
{
	return (__atomic_load_n(&v->irqs_pending, __ATOMIC_ACQUIRE) & VCPU_IRQ_MASK) != 0;
}

void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque)
{
	fake_arch.resets++;
	fake_arch.reset_vcpu = v;
	fake_arch.reset_entry = entry;
	fake_arch.reset_opaque = opaque;
}

void vcpu_arch_apply_traps(struct rvkvm_vcpu *v)
{
	fake_arch.trap_applies++;
	fake_arch.applied_hedeleg = v->hedeleg;
}

/* Records the call: a test plays the hart's part with sbi_pmu_overflow_check itself. */
void vcpu_arch_pmu_alarm(struct rvkvm_vcpu *v)
{
	fake_arch.pmu_alarms++;
	fake_arch.pmu_alarm_watch = v->pmu.ovf_watch;
}

void vcpu_arch_set_timer(struct rvkvm_vcpu *v, uint64_t deadline)
{
	(void)v;
	fake_arch.timers++;
	fake_arch.timer_deadline = deadline;
}

static void fence(int kind, unsigned long mask, unsigned long start, unsigned long size,
		  unsigned long asid)
{
	fake_arch.fences++;
	fake_arch.fence_kind = kind;
	fake_arch.fence_mask = mask;
	fake_arch.fence_start = start;
	fake_arch.fence_size = size;
	fake_arch.fence_asid = asid;
}

void remote_fence_i(unsigned long hart_mask)
{
	fence(0, hart_mask, 0, 0, 0);
}

void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	fence(1, hart_mask, start, size, 0);
}

void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid)
{
	fence(2, hart_mask, start, size, asid);
}

void fake_arch_trap(unsigned long scause, unsigned long stval, unsigned long htval,
		    unsigned long htinst)
{
	if (fake_arch.ntraps == FAKE_ARCH_MAX_TRAPS) {
		fprintf(stderr, "fake_arch: more than %d traps scripted\n", FAKE_ARCH_MAX_TRAPS);
		abort();
	}
	fake_arch.script[fake_arch.ntraps++] = (struct fake_trap){ scause, stval, htval, htinst };
}

/* --- the run loop's hooks ------------------------------------------------------------------ */

void vcpu_arch_load(struct rvkvm_vcpu *v)
{
	(void)v;
	fake_arch.loads++;
}

int vcpu_arch_put(struct rvkvm_vcpu *v)
{
	(void)v;
	fake_arch.puts++;
	return 0;
}

void vcpu_arch_run_once(struct rvkvm_vcpu *v)
{
	unsigned i = fake_arch.entries++;

	if (i < FAKE_ARCH_MAX_TRAPS + 1) {
		fake_arch.entry[i] = v->ctx;
	}
	if (fake_arch.on_run) {
		fake_arch.on_run(v);
	}
	if (i < fake_arch.ntraps) {
		v->ctx.scause = fake_arch.script[i].scause;
		v->ctx.stval = fake_arch.script[i].stval;
		v->ctx.htval = fake_arch.script[i].htval;
		v->ctx.htinst = fake_arch.script[i].htinst;
		return;
	}
	fake_arch.ran_dry++;
	v->ctx.scause = SCAUSE_INTERRUPT | IRQ_S_SOFT;
	v->ctx.stval = v->ctx.htval = v->ctx.htinst = 0;
}

bool vcpu_arch_handle_interrupt(struct rvkvm_vcpu *v, unsigned long cause)
{
	(void)v;
	fake_arch.interrupts++;
	fake_arch.interrupt_cause = cause;
	return fake_arch.interrupt_exits || fake_arch.entries > fake_arch.ntraps;
}

bool vcpu_arch_read_insn(struct rvkvm_vcpu *v, unsigned long gva, uint32_t *insn)
{
	const uint8_t *p = fake_guest_mem_ptr(gva, 2);
	uint32_t lo;

	(void)v;
	if (fake_arch.insn_unreadable || !p) {
		return false;
	}
	lo = (uint32_t)p[0] | (uint32_t)p[1] << 8;
	if ((lo & 3) != 3) {
		*insn = lo; /* compressed */
		return true;
	}
	p = fake_guest_mem_ptr(gva, 4);
	if (!p) {
		return false;
	}
	*insn = lo | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return true;
}

/* The fake hart is v->csr. */
unsigned long vcpu_arch_scounteren(struct rvkvm_vcpu *v)
{
	return v->csr.scounteren;
}

void vcpu_arch_inject_exception(struct rvkvm_vcpu *v, unsigned long cause, unsigned long tval)
{
	(void)v;
	fake_arch.injects++;
	fake_arch.inject_cause = cause;
	fake_arch.inject_tval = tval;
}

/* The VS CSRs as a put vCPU keeps them: the fake hart is v->csr. */
void vcpu_arch_get_vs_trap(struct rvkvm_vcpu *v, unsigned long *vsepc, unsigned long *vsstatus)
{
	*vsepc = v->csr.vsepc;
	*vsstatus = v->csr.vsstatus;
}

void vcpu_arch_set_vs_trap(struct rvkvm_vcpu *v, unsigned long vsepc, unsigned long vsstatus)
{
	v->csr.vsepc = vsepc;
	v->csr.vsstatus = vsstatus;
}

void vm_arch_flush_gstage(struct rvkvm_vm *vm)
{
	(void)vm;
	fake_arch.flushes++;
}

void vm_arch_flush_gstage_page(struct rvkvm_vm *vm, uint64_t gpa)
{
	(void)vm;
	fake_arch.page_flushes++;
	fake_arch.page_flush_gpa = gpa;
}

unsigned dbtr_arch_triggers(void)
{
	return fake_arch.dbtr_triggers;
}

long dbtr_arch_install(struct rvkvm_vcpu *v, const struct vcpu_dbtr *d)
{
	(void)v;
	fake_arch.dbtr_installs++;
	if (fake_arch.dbtr_error == 0) {
		fake_arch.dbtr_in_hart = *d;
	}
	return fake_arch.dbtr_error;
}
