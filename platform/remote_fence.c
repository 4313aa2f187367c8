/*
 * Fences on other harts (see platform/remote_fence.h). The firmware could do them (SBI RFENCE),
 * but OpenSBI waits for the other harts by spinning, and under QEMU's -icount, where one
 * thread runs every hart in turn, a hart spinning for a later one keeps the thread and the
 * later hart never runs: the machine hangs. Here the requester sleeps in WFI instead.
 */
#include "platform/remote_fence.h"

#include <stdbool.h>

#include "core/arch/riscv/csr.h"
#include "core/hart.h"
#include "lib/spinlock.h"
#include "platform/firmware.h"

/* Above this many pages a ranged VS-stage fence flushes the whole VMID instead. */
#define RANGE_PAGES_MAX 64
#define FENCE_PAGE_SIZE 4096UL

enum fence_kind {
	FENCE_GVMA_VMID,
	FENCE_VVMA,
	FENCE_VVMA_ASID,
	FENCE_I,
};

struct fence_req {
	enum fence_kind kind;
	unsigned long vmid, start, size, asid;
	unsigned left; /* harts that have not done it yet */
};

/* reqs[i] is hart i's request (a hart has at most one at a time: it waits for it). */
static struct fence_req reqs[HART_MAX];
/* pending[t]: bit i set while hart i's request waits for hart t. */
static unsigned long pending[HART_MAX];

static inline void hfence_gvma_vmid(unsigned long vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" : : "r"(vmid) : "memory");
}

static inline void hfence_vvma(unsigned long va, unsigned long asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, %1" : : "r"(va), "r"(asid) : "memory");
}

static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

static inline void hfence_vvma_asid_all(unsigned long asid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, %0" : : "r"(asid) : "memory");
}

/* SBI's convention: start 0 and size 0, or size -1, is the whole address space. */
static bool whole_space(const struct fence_req *r)
{
	return (r->start == 0 && r->size == 0) || r->size > RANGE_PAGES_MAX * FENCE_PAGE_SIZE ||
	       r->start + r->size < r->start;
}

static void vvma(const struct fence_req *r)
{
	bool asid = r->kind == FENCE_VVMA_ASID;

	if (whole_space(r)) {
		if (asid) {
			hfence_vvma_asid_all(r->asid);
		} else {
			hfence_vvma_all();
		}
		return;
	}
	for (unsigned long va = r->start & ~(FENCE_PAGE_SIZE - 1); va < r->start + r->size; va += FENCE_PAGE_SIZE) {
		/* rs2 = x0 would flush every ASID: pass it only for the ASID form. */
		if (asid) {
			hfence_vvma(va, r->asid);
		} else {
			__asm__ volatile(".insn r 0x73, 0, 0x11, x0, %0, x0" : : "r"(va) : "memory");
		}
	}
}

/* The VVMA fences name the guest by the VMID in hgatp: borrow it while fencing. */
static void run(const struct fence_req *r, bool local)
{
	unsigned long saved;

	switch (r->kind) {
	case FENCE_GVMA_VMID:
		hfence_gvma_vmid(r->vmid);
		break;
	case FENCE_VVMA:
	case FENCE_VVMA_ASID:
		if (local) {
			vvma(r);
			break;
		}
		saved = csr_swap(CSR_HGATP, r->vmid << HGATP_VMID_SHIFT);
		vvma(r);
		csr_write(CSR_HGATP, saved);
		break;
	case FENCE_I:
		__asm__ volatile("fence.i" : : : "memory");
		break;
	}
}

void remote_fence_service(void)
{
	unsigned self = hart_self()->index;
	unsigned long todo;

	if (!__atomic_load_n(&pending[self], __ATOMIC_RELAXED)) {
		return;
	}
	todo = __atomic_exchange_n(&pending[self], 0, __ATOMIC_ACQUIRE);
	/* Invariant: every bit still in todo is a request read by nobody on this hart yet. */
	while (todo) {
		unsigned from = (unsigned)__builtin_ctzl(todo);

		todo &= todo - 1;
		run(&reqs[from], false);
		/* The last hart to finish wakes the requester. */
		if (__atomic_sub_fetch(&reqs[from].left, 1, __ATOMIC_ACQ_REL) == 0) {
			firmware_send_ipi_to(harts[from].hartid);
		}
	}
}

/* Hook of lib/spinlock.h: a hart waiting for a lock still answers fences (its holder may wait for them). */
void spin_relax(void)
{
	remote_fence_service();
}

/* Clears this hart's IPI; true if it was pending. */
static bool sip_take_soft(void)
{
	unsigned long old;

	__asm__ volatile("csrrc %0, " CSR_STR(CSR_SIP) ", %1"
			 : "=r"(old)
			 : "r"(1UL << IRQ_S_SOFT)
			 : "memory");
	return (old >> IRQ_S_SOFT) & 1;
}

static void request(unsigned long hart_mask, struct fence_req r)
{
	struct hart *self = hart_self();
	struct fence_req *mine = &reqs[self->index];
	unsigned long targets = 0;
	unsigned count = 0;
	bool woken = false;

	for (unsigned i = 0; i < hart_count; i++) {
		if (!harts[i].online || harts[i].hartid >= 64 || !((hart_mask >> harts[i].hartid) & 1)) {
			continue;
		}
		if (&harts[i] == self) {
			run(&r, true);
		} else {
			targets |= 1UL << i;
			count++;
		}
	}
	if (!count) {
		return;
	}
	r.left = count;
	*mine = r;
	for (unsigned i = 0; i < hart_count; i++) {
		if ((targets >> i) & 1) {
			__atomic_or_fetch(&pending[i], 1UL << self->index, __ATOMIC_RELEASE);
			firmware_send_ipi_to(harts[i].hartid);
		}
	}
	for (;;) {
		/* Clear the doorbell before looking, so a wake-up after the look still ends the WFI. */
		if (sip_take_soft()) {
			woken = true;
		}
		remote_fence_service();
		if (__atomic_load_n(&mine->left, __ATOMIC_ACQUIRE) == 0) {
			break;
		}
		__asm__ volatile("wfi");
	}
	/*
	 * The IPI just taken may also have been a kick for this hart's vCPU: leave it pending
	 * so whoever looks next (the run loop, a WFI loop) still sees it.
	 */
	if (woken) {
		csr_set(CSR_SIP, 1UL << IRQ_S_SOFT);
	}
}

void remote_fence_hfence_gvma_vmid(unsigned long hart_mask, unsigned long vmid)
{
	request(hart_mask, (struct fence_req){ .kind = FENCE_GVMA_VMID, .vmid = vmid });
}

static unsigned long current_vmid(void)
{
	return (csr_read(CSR_HGATP) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
}

void remote_fence_hfence_vvma(unsigned long hart_mask, unsigned long start, unsigned long size)
{
	request(hart_mask, (struct fence_req){ .kind = FENCE_VVMA, .vmid = current_vmid(),
					       .start = start, .size = size });
}

void remote_fence_hfence_vvma_asid(unsigned long hart_mask, unsigned long start, unsigned long size,
				   unsigned long asid)
{
	request(hart_mask, (struct fence_req){ .kind = FENCE_VVMA_ASID, .vmid = current_vmid(),
					       .start = start, .size = size, .asid = asid });
}

void remote_fence_i(unsigned long hart_mask)
{
	request(hart_mask, (struct fence_req){ .kind = FENCE_I });
}
