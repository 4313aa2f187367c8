/* SPDX-License-Identifier: Apache-2.0 */
/* The host PLIC (RISC-V PLIC specification): priorities, S-mode enables, claim and complete. */
#include "platform/drivers/host_plic.h"

#include <stddef.h>

#include "lib/spinlock.h"
#include "platform/drivers/mmio.h"
#include "platform/platform.h"

#define PLIC_SOURCES 1024 /* source 0 is "none" */
/* A context number is an int only because -1 means none; every use below has checked ctx >= 0. */
#define PLIC_PRIORITY(src) (4ull * (src))
#define PLIC_ENABLE(ctx, src) (0x2000ull + 0x80ull * (unsigned)(ctx) + 4ull * ((src) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000ull + 0x1000ull * (unsigned)(ctx))
#define PLIC_CLAIM(ctx) (0x200004ull + 0x1000ull * (unsigned)(ctx))
#define HART_IDS 64 /* rvkvm uses hart ids below 64 (platform/boot.c) */

struct source {
	host_plic_handler *handler;
	void *arg;
};

static uint64_t base;
static uint32_t ndev;
static int context_of[HART_IDS]; /* by hart id; -1: none, or no PLIC */
static struct source sources[PLIC_SOURCES];
static spinlock_t lock; /* enable words are read, changed and written back */

void host_plic_init(const struct discover_plic *plic, const unsigned long *hartids, unsigned nharts)
{
	for (unsigned i = 0; i < HART_IDS; i++) {
		context_of[i] = -1;
	}
	base = plic->base;
	ndev = plic->ndev;
	for (uint32_t src = 1; src <= ndev; src++) {
		mmio_write32(base + PLIC_PRIORITY(src), 0);
	}
	for (unsigned h = 0; h < nharts && h < DISCOVER_MAX_HARTS; h++) {
		int ctx = plic->s_context[h];

		if (ctx < 0 || hartids[h] >= HART_IDS) {
			continue;
		}
		context_of[hartids[h]] = ctx;
		for (uint32_t src = 0; src <= ndev; src += 32) {
			mmio_write32(base + PLIC_ENABLE(ctx, src), 0);
		}
		mmio_write32(base + PLIC_THRESHOLD(ctx), 0);
	}
}

bool host_plic_enable(uint32_t irq, host_plic_handler *handler, void *arg)
{
	bool ok = false;

	if (!base || irq == 0 || irq > ndev || !handler) {
		return false;
	}
	spin_lock(&lock);
	if (!sources[irq].handler) {
		sources[irq].arg = arg;
		/* Published before the source can interrupt: a claiming hart reads handler then arg. */
		__atomic_store_n(&sources[irq].handler, handler, __ATOMIC_RELEASE);
		mmio_write32(base + PLIC_PRIORITY(irq), 1);
		for (unsigned i = 0; i < HART_IDS; i++) {
			int ctx = context_of[i];

			if (ctx >= 0) {
				uint64_t en = base + PLIC_ENABLE(ctx, irq);

				mmio_write32(en, mmio_read32(en) | 1u << (irq % 32));
			}
		}
		ok = true;
	}
	spin_unlock(&lock);
	return ok;
}

void host_plic_dispatch(unsigned long hartid)
{
	int ctx = hartid < HART_IDS ? context_of[hartid] : -1;
	uint32_t irq;

	if (!base || ctx < 0) {
		return;
	}
	/* Each claim takes one source off every context's pending set; 0: none is left. */
	while ((irq = mmio_read32(base + PLIC_CLAIM(ctx))) != 0) {
		host_plic_handler *handler =
			irq < PLIC_SOURCES
				? __atomic_load_n(&sources[irq].handler, __ATOMIC_ACQUIRE)
				: NULL;

		if (handler) {
			handler(sources[irq].arg);
		}
		mmio_write32(base + PLIC_CLAIM(ctx), irq);
	}
}

void platform_external_irq(unsigned long hartid)
{
	host_plic_dispatch(hartid);
}
