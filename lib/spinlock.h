/* SPDX-License-Identifier: Apache-2.0 */
/* A test-and-set spinlock for the hypervisor's few shared structures. */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

typedef struct {
	volatile int locked;
} spinlock_t;

/*
 * What a hart does while the lock is taken, if the program defines it (weak): the hypervisor
 * answers other harts' fence requests there, since the holder may be waiting for them.
 */
void spin_relax(void) __attribute__((weak));

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (spin_relax) {
				spin_relax();
			}
		}
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
