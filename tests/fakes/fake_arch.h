/* Recording fakes of the arch and firmware hooks the SBI extensions call (for fuzz_sbi.c). */
#ifndef TESTS_FAKES_FAKE_ARCH_H
#define TESTS_FAKES_FAKE_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "core/vm_arch.h"

#define FAKE_ARCH_MAX_KICKS 256

/* What the fake hooks did since fake_arch_reset(), and how the next calls behave. */
struct fake_arch {
	/* Behaviour, set by the target. */
	enum vcpu_wait_result wait_result; /* what vcpu_arch_wait returns */
	bool guest_read_fails;		   /* vcpu_arch_read_guest_ulong cannot read */
	unsigned long guest_word;	   /* what it reads when it can */

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
	unsigned trap_applies;            /* vcpu_arch_apply_traps calls */
	unsigned long applied_hedeleg;    /* v->hedeleg at the last one */
	unsigned fences;
	int fence_kind; /* 0 fence.i, 1 vvma, 2 vvma.asid */
	unsigned long fence_mask, fence_start, fence_size, fence_asid;
};

extern struct fake_arch fake_arch;

/* Clears the record and sets the default behaviour (waits succeed, reads work, fences too). */
void fake_arch_reset(void);

#endif
