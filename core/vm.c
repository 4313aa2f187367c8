/* VM creation and guest memory regions (KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION). */
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/vcpu.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define GSTAGE_POOL_PAGES 2048 /* 8 MiB of table pages per VM: enough for 4 GiB in 4 KiB leaves */
#define LARGE_LEAF (1UL << 30)
#define MEDIUM_LEAF (2UL << 20)

static unsigned next_vm_id;

int rvkvm_create_vm(const struct rvkvm_vm_params *params, struct rvkvm_vm **out)
{
	const struct gstage_mode *mode = host_caps_largest_gstage();
	struct rvkvm_vm *vm;
	struct page_pool *pool;
	void *pages;

	if (params && params->gstage && params->gstage[0]) {
		mode = gstage_mode_by_name(params->gstage);
		if (!mode || !host_caps_has_gstage(mode)) {
			return RVKVM_EINVAL;
		}
	}
	if (!mode) {
		return RVKVM_EINVAL;
	}
	vm = core_alloc_zeroed(sizeof(*vm), 64);
	pool = core_alloc_zeroed(sizeof(*pool), 64);
	pages = core_alloc_zeroed(GSTAGE_POOL_PAGES * PAGE_SIZE, 16 * 1024);
	if (!vm || !pool || !pages) {
		return RVKVM_ENOMEM;
	}
	page_pool_init(pool, pages, GSTAGE_POOL_PAGES);
	if (gstage_init(&vm->gstage, mode, pool) != GSTAGE_OK) {
		return RVKVM_ENOMEM;
	}
	vm->id = __atomic_fetch_add(&next_vm_id, 1, __ATOMIC_RELAXED);
	*out = vm;
	return 0;
}

int rvkvm_set_memory_region(struct rvkvm_vm *vm, struct rvkvm_memory_region *r)
{
	struct memslot *slot;
	uint64_t align;
	hpa_t host;
	int err;

	if (r->slot >= MEMSLOT_MAX || r->flags != 0 || r->memory_size == 0 ||
	    (r->guest_phys_addr | r->memory_size) % PAGE_SIZE != 0 ||
	    r->guest_phys_addr + r->memory_size < r->guest_phys_addr) {
		return RVKVM_EINVAL;
	}
	slot = &vm->memslots.slot[r->slot];
	if (slot->used) {
		return RVKVM_EBUSY; /* removing and moving regions comes with unmap support */
	}
	if (memslot_overlaps(&vm->memslots, gpa(r->guest_phys_addr), r->memory_size, (int)r->slot)) {
		return RVKVM_EEXIST;
	}
	if (r->userspace_addr != 0) {
		return RVKVM_EINVAL; /* caller-provided backing needs a host address space; not yet */
	}
	/* Place RAM so guest and host addresses share alignment: that is what allows large leaves. */
	align = r->memory_size >= LARGE_LEAF ? LARGE_LEAF : MEDIUM_LEAF;
	while (!host_mem_alloc(&core_host_mem, r->memory_size, align, &host)) {
		if (align == PAGE_SIZE) {
			return RVKVM_ENOMEM;
		}
		align >>= 1;
	}
	lib_memset(hpa_ptr(host), 0, r->memory_size);
	err = gstage_map(&vm->gstage, gpa(r->guest_phys_addr), host, r->memory_size, GSTAGE_RWX);
	if (err != GSTAGE_OK) {
		return err == GSTAGE_ENOMEM ? RVKVM_ENOMEM : RVKVM_EINVAL;
	}
	slot->base = gpa(r->guest_phys_addr);
	slot->size = r->memory_size;
	slot->host = host;
	slot->flags = r->flags;
	slot->used = true;
	r->userspace_addr = host.v;
	vm_arch_flush_gstage(vm);
	return 0;
}
