/* SPDX-License-Identifier: Apache-2.0 */
/* The core's own accesses to a VM's RAM on its guest's behalf (see core/guest_ram.h). */
#include "core/guest_ram.h"

#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"

void *guest_ram_access(struct rvkvm_vm *vm, gpa_t a, uint64_t len, bool write)
{
	const struct memslot *s;
	void *p = NULL;

	spin_lock(&vm->mmu_lock);
	s = memslot_find(&vm->memslots, a, len);
	if (s && !(write && (s->flags & RVKVM_MEM_READONLY))) {
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
