/* SPDX-License-Identifier: Apache-2.0 */
/* Doorbells (KVM_IOEVENTFD): guest MMIO writes the core turns into an event count, no exit. */
#ifndef CORE_DOORBELL_H
#define CORE_DOORBELL_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "rvkvm/rvkvm.h"

struct sched_thread;

/* An event (core/event.c): a counter, and the thread waiting for it to rise above 0. */
struct rvkvm_event {
	uint64_t count;              /* signals since the last rvkvm_event_read */
	struct sched_thread *waiter; /* in rvkvm_event_wait, or NULL */
};

struct doorbell {
	uint64_t addr;
	uint64_t datamatch;
	uint32_t len;    /* 1, 2, 4, 8; 0: a write of any width */
	bool match_data; /* only writes of the value datamatch */
	struct rvkvm_event *event;
};

/*
 * A VM's doorbells. Changes take the lock and make seq odd while they last; a guest write
 * reads the table without the lock and looks again if seq changed meanwhile (a seqlock), so
 * the MMIO stores of a VM with doorbells take no lock. count 0 is the common case.
 */
struct doorbells {
	spinlock_t lock;
	unsigned long seq;
	unsigned count;
	/* Every doorbell's address is in [lo, lo + span): a cheap no for all other stores. */
	uint64_t lo, span;
	struct doorbell entry[RVKVM_IOEVENTFD_MAX];
};

/* rvkvm_ioeventfd's work on one VM's table: adds or (DEASSIGN) removes a doorbell. */
int doorbells_assign(struct doorbells *d, const struct rvkvm_ioeventfd *args);

/*
 * A guest write of len bytes (1, 2, 4 or 8) of value (its low len bytes) at addr: rings the
 * doorbell that takes it, if any. True if one rang: the write is done, nothing else sees it.
 */
bool doorbells_ring(struct doorbells *d, uint64_t addr, unsigned len, uint64_t value);

/*
 * Whether a doorbell may take a write at addr (false for sure when none could), without the
 * table: every MMIO store of the VM asks, and mostly the answer is no.
 */
static inline bool doorbells_near(const struct doorbells *d, uint64_t addr)
{
	return addr - __atomic_load_n(&d->lo, __ATOMIC_RELAXED) <
	       __atomic_load_n(&d->span, __ATOMIC_RELAXED);
}

#endif
