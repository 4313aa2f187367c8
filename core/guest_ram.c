/* SPDX-License-Identifier: Apache-2.0 */
/* The core's own accesses to a VM's RAM on its guest's behalf (see core/guest_ram.h). */
#include "core/guest_ram.h"

#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"

/* The slot that allows the access, or NULL (called with the mmu_lock held). */
static const struct memslot *allowed_slot(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write)
{
	const struct memslot *s = memslot_find(&vm->memslots, a, len);

	return s && !(write && (s->flags & RVKVM_MEM_READONLY)) ? s : NULL;
}

bool guest_ram_valid(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write)
{
	bool ok;

	spin_lock(&vm->mmu_lock);
	ok = allowed_slot(vm, a, len, write) != NULL;
	spin_unlock(&vm->mmu_lock);
	return ok;
}

void *guest_ram_access(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write)
{
	const struct memslot *s;
	void *p = NULL;

	spin_lock(&vm->mmu_lock);
	s = allowed_slot(vm, a, len, write);
	/* Present first: the guest's own first touch of it would zero it after this access. */
	if (s && vm_populate_locked(vm, s, a.v - s->base.v, len) == 0) {
		if (write && (s->flags & RVKVM_MEM_LOG_DIRTY_PAGES)) {
			struct dirty_log *log = &vm->dirty[s - vm->memslots.slot];
			uint64_t first = (a.v - s->base.v) >> PAGE_SHIFT;
			uint64_t last = (a.v + len - 1 - s->base.v) >> PAGE_SHIFT;

			for (uint64_t page = first; page <= last; page++) {
				dirty_log_mark(log, page);
			}
		}
		p = (uint8_t *)hpa_ptr(s->host) + (a.v - s->base.v);
	}
	spin_unlock(&vm->mmu_lock);
	return p;
}
