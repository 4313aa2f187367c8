/* Work for secondary harts: a one-slot mailbox per hart, rung with an IPI (see platform/hart_work.h). */
#include "platform/hart_work.h"

#include "core/arch/riscv/csr.h"
#include "core/hart.h"
#include "platform/firmware.h"
#include "platform/remote_fence.h"

struct hart_mailbox {
	void (*fn)(void *);
	void *arg;
	int busy;
};

static struct hart_mailbox mailbox[HART_MAX];

unsigned hart_work_harts(void)
{
	return hart_count;
}

bool hart_work_start(unsigned index, void (*fn)(void *), void *arg)
{
	struct hart_mailbox *m = &mailbox[index];

	if (index == 0 || index >= hart_count || !harts[index].online ||
	    __atomic_exchange_n(&m->busy, 1, __ATOMIC_ACQUIRE)) {
		return false;
	}
	m->arg = arg;
	__atomic_store_n(&m->fn, fn, __ATOMIC_RELEASE);
	firmware_send_ipi_to(harts[index].hartid);
	return true;
}

/*
 * Waiting in WFI rather than spinning matters beyond power: under QEMU's -icount all harts
 * share one thread, and a spinning hart would keep it for its whole time slice.
 */
void hart_work_wait(const unsigned *flag, unsigned want)
{
	for (;;) {
		csr_clear(CSR_SIP, 1UL << IRQ_S_SOFT);
		remote_fence_service();
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE) >= want) {
			return;
		}
		__asm__ volatile("wfi");
	}
}

void hart_work_wake_boot(void)
{
	if (hart_self() != &harts[0]) {
		firmware_send_ipi_to(harts[0].hartid);
	}
}

void hart_work_idle(void)
{
	struct hart_mailbox *m = &mailbox[hart_self()->index];

	for (;;) {
		void (*fn)(void *);

		/* Clear the doorbell before looking, so one rung after the look still ends the WFI. */
		csr_clear(CSR_SIP, 1UL << IRQ_S_SOFT);
		remote_fence_service();
		fn = __atomic_load_n(&m->fn, __ATOMIC_ACQUIRE);
		if (!fn) {
			__asm__ volatile("wfi");
			continue;
		}
		m->fn = 0;
		fn(m->arg);
		__atomic_store_n(&m->busy, 0, __ATOMIC_RELEASE);
	}
}
