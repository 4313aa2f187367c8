/* SPDX-License-Identifier: Apache-2.0 */
/* What a remote fence does on a RISC-V hart: the HFENCE itself, the IPI that asks for it, the wait. */
#include <stdbool.h>

#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/hfence.h"
#include "core/remote_fence.h"
#include "platform/platform.h"

/* Above this many pages a ranged VS-stage fence flushes the whole VMID instead. */
#define RANGE_PAGES_MAX 64
#define FENCE_PAGE_SIZE 4096UL

/* SBI's convention: start 0 and size 0, or size -1, is the whole address space. */
static bool whole_space(const struct remote_fence *f)
{
	return (f->start == 0 && f->size == 0) || f->size > RANGE_PAGES_MAX * FENCE_PAGE_SIZE ||
	       f->start + f->size < f->start;
}

static void vvma(const struct remote_fence *f)
{
	bool asid = f->kind == REMOTE_FENCE_VVMA_ASID;

	if (whole_space(f)) {
		if (asid) {
			hfence_vvma_asid(f->asid);
		} else {
			hfence_vvma_all();
		}
		return;
	}
	for (unsigned long va = f->start & ~(FENCE_PAGE_SIZE - 1); va < f->start + f->size;
	     va += FENCE_PAGE_SIZE) {
		/* rs2 = x0 would flush every ASID: pass it only for the ASID form. */
		if (asid) {
			hfence_vvma_va_asid(va, f->asid);
		} else {
			hfence_vvma_va(va);
		}
	}
}

/* The VVMA fences name the guest by the VMID in hgatp: borrow it while fencing. */
void remote_fence_arch_run(const struct remote_fence *f, bool local)
{
	unsigned long saved;

	switch (f->kind) {
	case REMOTE_FENCE_GVMA_VMID:
		hfence_gvma_vmid(f->vmid);
		break;
	case REMOTE_FENCE_VVMA:
	case REMOTE_FENCE_VVMA_ASID:
		if (local) {
			vvma(f);
			break;
		}
		saved = csr_swap(CSR_HGATP, f->vmid << HGATP_VMID_SHIFT);
		vvma(f);
		csr_write(CSR_HGATP, saved);
		break;
	case REMOTE_FENCE_I:
		__asm__ volatile("fence.i" : : : "memory");
		break;
	}
}

unsigned long remote_fence_arch_current_vmid(void)
{
	return (csr_read(CSR_HGATP) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
}

void remote_fence_arch_kick(unsigned long hartid)
{
	firmware_send_ipi_to(hartid);
}

bool remote_fence_arch_take_kick(void)
{
	unsigned long old;

	__asm__ volatile("csrrc %0, " CSR_STR(CSR_SIP) ", %1"
			 : "=r"(old)
			 : "r"(1UL << IRQ_S_SOFT)
			 : "memory");
	return (old >> IRQ_S_SOFT) & 1;
}

void remote_fence_arch_repost_kick(void)
{
	csr_set(CSR_SIP, 1UL << IRQ_S_SOFT);
}

void remote_fence_arch_wait(void)
{
	__asm__ volatile("wfi");
}
