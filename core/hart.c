/* SPDX-License-Identifier: Apache-2.0 */
/* The physical harts the core runs on: the boot hart, then those the platform starts. */
#include "core/hart.h"

#include "core/core.h"
#include "core/core_arch.h"
#include "core/hart_work.h"

struct hart harts[HART_MAX];
unsigned hart_count;

static void set_self(struct hart *h)
{
	__asm__ volatile("mv tp, %0" : : "r"(h));
}

void core_boot_hart(unsigned long hartid)
{
	harts[0].index = 0;
	harts[0].hartid = hartid;
	hart_count = 1;
	set_self(&harts[0]);
}

int core_hart_add(unsigned long hartid)
{
	struct hart *h;

	if (hart_count >= HART_MAX) {
		return -1;
	}
	h = &harts[hart_count];
	h->index = hart_count;
	h->hartid = hartid;
	hart_count++;
	return (int)h->index;
}

void core_hart_main(unsigned long hartid)
{
	struct hart *h = NULL;

	for (unsigned i = 1; i < HART_MAX; i++) {
		if (harts[i].hartid == hartid && harts[i].index == i) {
			h = &harts[i];
		}
	}
	if (!h) {
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	set_self(h);
	core_arch_hart_init();
	__atomic_store_n(&h->online, 1, __ATOMIC_RELEASE);
	hart_work_wake_boot();
	hart_work_idle();
}

unsigned core_harts_wait_online(void)
{
	/* A hart that is up has run core_arch_hart_init. */
	for (unsigned i = 1; i < hart_count; i++) {
		hart_work_wait(&harts[i].online, 1);
	}
	return hart_count;
}
