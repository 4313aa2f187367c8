/* SPDX-License-Identifier: Apache-2.0 */
/* Events (rvkvm_event_*): the eventfds of rvkvm, which doorbells and host-device interrupts signal and VMM threads wait on. */
#include "core/doorbell.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/sched.h"

int rvkvm_event_create(struct rvkvm_event **event)
{
	struct rvkvm_event *e = core_alloc_zeroed(sizeof(*e), sizeof(uint64_t));

	if (!e) {
		return RVKVM_ENOMEM;
	}
	*event = e;
	return 0;
}

uint64_t rvkvm_event_read(struct rvkvm_event *event)
{
	return __atomic_exchange_n(&event->count, 0, __ATOMIC_ACQ_REL);
}

/*
 * The count rises, then the waiter is looked at; rvkvm_event_wait publishes itself as the waiter,
 * then looks at the count. With a full fence between the two steps on both sides, one of them
 * sees the other: the signal wakes the waiter, or the waiter sees the count.
 */
void rvkvm_event_signal(struct rvkvm_event *event)
{
	struct sched_thread *t;

	__atomic_add_fetch(&event->count, 1, __ATOMIC_SEQ_CST);
	t = __atomic_load_n(&event->waiter, __ATOMIC_SEQ_CST);
	if (t) {
		sched_wake(t);
	}
}

static uint32_t raised(struct rvkvm_event *const *events, unsigned n)
{
	uint32_t mask = 0;

	for (unsigned i = 0; i < n; i++) {
		if (__atomic_load_n(&events[i]->count, __ATOMIC_SEQ_CST) != 0) {
			mask |= 1u << i;
		}
	}
	return mask;
}

uint32_t rvkvm_event_wait(struct rvkvm_event *const *events, unsigned n, uint64_t timeout_us)
{
	struct sched_thread *self = sched_current();
	uint64_t deadline = SCHED_NO_DEADLINE;
	uint32_t mask;

	if (n == 0 || n > 32 || !self) {
		return 0;
	}
	if (timeout_us != RVKVM_WAIT_FOREVER) {
		uint64_t f = host_caps.timebase_freq;

		/* Split so that no product overflows (timeout_us is below 2^64, f below 2^32). */
		deadline = sched_arch_now() + timeout_us / 1000000 * f +
			   timeout_us % 1000000 * f / 1000000;
	}
	for (unsigned i = 0; i < n; i++) {
		__atomic_store_n(&events[i]->waiter, self, __ATOMIC_SEQ_CST);
	}
	for (;;) {
		unsigned long seq = sched_wait_begin();

		mask = raised(events, n);
		if (mask || sched_arch_now() >= deadline) {
			break;
		}
		sched_block(seq, deadline);
	}
	for (unsigned i = 0; i < n; i++) {
		__atomic_store_n(&events[i]->waiter, NULL, __ATOMIC_RELEASE);
	}
	return mask;
}
