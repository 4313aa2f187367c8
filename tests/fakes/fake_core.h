/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake core for host tests of the VMM: the rvkvm ABI (rvkvm/rvkvm.h) and the host services of
 * rvkvm/host.h but the console's output and input (tests/fakes/fake_console.c has those). It
 * records what the VMM asks of it; a vCPU, a VM and an event are the fake's own structs, so a
 * test can look inside.
 */
#ifndef TESTS_FAKES_FAKE_CORE_H
#define TESTS_FAKES_FAKE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "rvkvm/host.h"
#include "rvkvm/rvkvm.h"

#define FAKE_CORE_REGS 64
#define FAKE_CORE_IOEVENTS 16
#define FAKE_CORE_EVENTS 64

struct rvkvm_vcpu {
	unsigned id;
	struct rvkvm_exit exit;
	int irq_level;      /* the last rvkvm_vcpu_interrupt's level */
	unsigned irq_calls; /* rvkvm_vcpu_interrupt calls */
	unsigned kicks;
	unsigned nregs; /* ONE_REG values set, by id */
	uint64_t reg_id[FAKE_CORE_REGS];
	uint64_t reg_val[FAKE_CORE_REGS];
};

struct rvkvm_vm {
	unsigned nioevents;
	struct rvkvm_ioeventfd ioevent[FAKE_CORE_IOEVENTS];
	bool destroyed;
};

struct rvkvm_event {
	uint64_t count;
};

/* Host-side counters a test may look at. */
struct fake_core {
	unsigned vms_ended; /* console_vm_ended calls */
	unsigned last_vm_ended;
	void (*input_notify)(void *arg); /* what the VMM asked console_set_input_notify for */
	void *input_arg;
	unsigned threads_started; /* hart_work_start calls (none is run) */
	bool host_devices; /* host_blk_open (a 1 MiB disk), host_rng_open, host_net_open succeed */
};

extern struct fake_core fake_core;

void fake_core_reset(void);
/* A vCPU as rvkvm_create_vcpu would make it (malloc'ed; free it). */
struct rvkvm_vcpu *fake_core_vcpu(unsigned id);
/* What rvkvm_get_one_reg would read; false if it was never set. */
bool fake_core_reg(const struct rvkvm_vcpu *v, uint64_t id, uint64_t *val);

#endif
