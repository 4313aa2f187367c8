/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Recording fakes of the arch hooks (core/vm_arch.h) and the remote fences, for host tests of the
 * SBI extensions and of the run loop. vcpu_arch_run_once plays a script of traps; the guest's
 * instructions are fetched from the fake guest RAM (tests/fakes/fake_guest_mem.h).
 */
#ifndef TESTS_FAKES_FAKE_ARCH_H
#define TESTS_FAKES_FAKE_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "core/vm_arch.h"

#define FAKE_ARCH_MAX_KICKS 256
#define FAKE_ARCH_MAX_TRAPS 16

/* A trap as the world switch leaves it in v->ctx. */
struct fake_trap {
	unsigned long scause, stval, htval, htinst;
};

/* What the fake hooks did since fake_arch_reset(), and how the next calls behave. */
struct fake_arch {
	/* Behaviour, set by the target. */
	enum vcpu_wait_result wait_result; /* what vcpu_arch_wait returns */
	bool guest_read_fails;             /* vcpu_arch_read_guest_ulong cannot read */
	unsigned long guest_word;          /* what it reads when it can */
	/*
	 * What vcpu_arch_run_once makes the guest do, one trap an entry. When the script has run
	 * out, the guest takes an S-mode software interrupt (a kick) that vcpu_arch_handle_interrupt
	 * answers with "to the VMM", so the run loop returns RVKVM_EXIT_INTR instead of spinning.
	 */
	struct fake_trap script[FAKE_ARCH_MAX_TRAPS];
	unsigned ntraps;
	bool insn_unreadable; /* vcpu_arch_read_insn fails (else it reads the fake guest RAM) */
	bool interrupt_exits; /* what vcpu_arch_handle_interrupt returns for a scripted interrupt */
	unsigned dbtr_triggers; /* dbtr_arch_triggers: the firmware's mcontrol6 triggers (2) */
	long dbtr_error;        /* what dbtr_arch_install returns */
	/* Called as the guest is entered, before the trap: what another hart does meanwhile. */
	void (*on_run)(struct rvkvm_vcpu *v);

	/* Record. */
	unsigned kicks;
	struct rvkvm_vcpu *kicked[FAKE_ARCH_MAX_KICKS];
	unsigned wakes; /* sched_wake: a kicked vCPU with a thread */
	unsigned waits;
	unsigned guest_reads;
	unsigned long guest_read_addr;
	unsigned resets;
	unsigned long reset_entry, reset_opaque;
	struct rvkvm_vcpu *reset_vcpu;
	unsigned timers;
	uint64_t timer_deadline;
	unsigned trap_applies;         /* vcpu_arch_apply_traps calls */
	unsigned pmu_alarms;           /* vcpu_arch_pmu_alarm calls */
	bool pmu_alarm_watch;          /* what v->pmu.ovf_watch said at the last one */
	unsigned long applied_hedeleg; /* v->hedeleg at the last one */
	unsigned fences;
	int fence_kind; /* 0 fence.i, 1 vvma, 2 vvma.asid */
	unsigned long fence_mask, fence_start, fence_size, fence_asid;
	unsigned entries; /* vcpu_arch_run_once calls */
	struct vcpu_ctx
		entry[FAKE_ARCH_MAX_TRAPS + 1]; /* v->ctx as each of the first ones found it */
	unsigned ran_dry;                       /* entries after the script's end */
	unsigned loads, puts;
	unsigned injects;
	unsigned long inject_cause, inject_tval;
	unsigned interrupts;
	unsigned long interrupt_cause;
	unsigned flushes;      /* vm_arch_flush_gstage */
	unsigned page_flushes; /* vm_arch_flush_gstage_page */
	uint64_t page_flush_gpa;
	unsigned dbtr_installs;        /* dbtr_arch_install calls */
	struct vcpu_dbtr dbtr_in_hart; /* the set the last one that succeeded put in the hart */
};

extern struct fake_arch fake_arch;

/* Clears the record and sets the default behaviour (waits succeed, reads work, fences too). */
void fake_arch_reset(void);
/* Appends a trap to the script. */
void fake_arch_trap(unsigned long scause, unsigned long stval, unsigned long htval,
		    unsigned long htinst);

#endif
