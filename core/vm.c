/* SPDX-License-Identifier: Apache-2.0 */
/* VM creation, guest memory regions and dirty logging (KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION, KVM_GET_DIRTY_LOG). */
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/vcpu.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define GSTAGE_POOL_PAGES 4096 /* 16 MiB of table pages per VM: 4 GiB in 4 KiB leaves, or logging */
#define LARGE_LEAF (1UL << 30)
#define MEDIUM_LEAF (2UL << 20)
#define MEM_FLAGS (RVKVM_MEM_LOG_DIRTY_PAGES | RVKVM_MEM_READONLY | RVKVM_MEM_KEEP)

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
	/* Not zeroed here: the pool zeroes each page it hands out, and a VM uses a few of 4096. */
	pages = core_alloc(GSTAGE_POOL_PAGES * PAGE_SIZE, 16 * 1024);
	if (!vm || !pool || !pages) {
		return RVKVM_ENOMEM;
	}
	vm->created_time = arch_time_now();
	page_pool_init(pool, pages, GSTAGE_POOL_PAGES);
	if (gstage_init(&vm->gstage, mode, pool) != GSTAGE_OK) {
		return RVKVM_ENOMEM;
	}
	vm->id = params ? params->console : 0;
	vm->gstage_pages = (uint64_t)(uintptr_t)pages;
	*out = vm;
	return 0;
}

static int gstage_err(int err)
{
	return err == GSTAGE_OK ? 0 : err == GSTAGE_ENOMEM ? RVKVM_ENOMEM : RVKVM_EINVAL;
}

/*
 * Maps what of a slot is present as its flags say. A logged slot is made present whole first:
 * logging needs all of it mapped, in 4 KiB leaves, so a logged write never allocates.
 */
static int map_slot(struct rvkvm_vm *vm, unsigned idx, const struct memslot *s)
{
	int err = GSTAGE_OK;

	if (s->flags & RVKVM_MEM_LOG_DIRTY_PAGES) {
		err = ram_populate_range(vm, idx, 0, s->size, false, 0);
	}
	if (err == GSTAGE_OK) {
		err = ram_populate_map(vm, idx, s, memslot_prot(s->flags));
	}
	if (err == GSTAGE_OK && (s->flags & RVKVM_MEM_LOG_DIRTY_PAGES)) {
		err = gstage_protect(&vm->gstage, s->base, s->size, memslot_prot(s->flags),
				     GSTAGE_SPLIT_4K);
	}
	return gstage_err(err);
}

static int prepare_dirty_log(struct rvkvm_vm *vm, unsigned idx, const struct memslot *s)
{
	uint64_t npages = s->size >> PAGE_SHIFT;
	unsigned long *bits;

	if (vm->dirty[idx].npages == npages) {
		return 0;
	}
	bits = core_alloc_zeroed((size_t)(DIRTY_LOG_WORDS(npages) * sizeof(unsigned long)), 64);
	if (!bits) {
		return RVKVM_ENOMEM;
	}
	dirty_log_init(&vm->dirty[idx], bits, npages);
	return 0;
}

static int alloc_backing(struct rvkvm_memory_region *r, hpa_t *host)
{
	/* Place RAM so guest and host addresses share alignment: that is what allows large leaves. */
	uint64_t align = r->memory_size >= LARGE_LEAF ? LARGE_LEAF : MEDIUM_LEAF;

	while (!host_mem_alloc(&core_host_mem, r->memory_size, align, host)) {
		if (align == PAGE_SIZE) {
			return RVKVM_ENOMEM;
		}
		align >>= 1;
	}
	/* Not zeroed here: each chunk is zeroed when first touched (core/ram_populate.h). */
	return 0;
}

static int delete_slot(struct rvkvm_vm *vm, struct memslot *s, uint32_t flags)
{
	unsigned idx = (unsigned)(s - vm->memslots.slot);
	int err = gstage_err(gstage_unmap(&vm->gstage, s->base, s->size));

	vm_arch_flush_gstage(vm);
	if (err) {
		return err;
	}
	/* Kept for a later slot, which takes it as it is: what was never touched is zeroed now. */
	if (flags & RVKVM_MEM_KEEP) {
		ram_populate_range(vm, idx, 0, s->size, false, 0);
	}
	if (s->core_owned && !(flags & RVKVM_MEM_KEEP)) {
		host_mem_add(&core_host_mem, s->host.v, s->size);
	}
	s->used = false;
	return 0;
}

static int add_slot(struct rvkvm_vm *vm, unsigned idx, struct rvkvm_memory_region *r)
{
	struct memslot *s = &vm->memslots.slot[idx];
	hpa_t host = hpa(r->userspace_addr);
	bool owned = r->userspace_addr == 0;
	int err;

	if (memslot_overlaps(&vm->memslots, gpa(r->guest_phys_addr), r->memory_size, (int)idx)) {
		return RVKVM_EEXIST;
	}
	if (owned && (err = alloc_backing(r, &host)) != 0) {
		return err;
	}
	*s = (struct memslot){ true, gpa(r->guest_phys_addr),    r->memory_size,
			       host, r->flags & ~RVKVM_MEM_KEEP, owned };
	/* Memory the VMM brings back (RVKVM_MEM_KEEP) is present whole; new memory on touch. */
	ram_populate_init(&vm->populate[idx], s->size, owned);
	if ((s->flags & RVKVM_MEM_LOG_DIRTY_PAGES) && (err = prepare_dirty_log(vm, idx, s)) != 0) {
		s->used = false;
		return err;
	}
	if ((err = map_slot(vm, idx, s)) != 0) {
		gstage_unmap(&vm->gstage, s->base, s->size);
		s->used = false;
		return err;
	}
	r->userspace_addr = host.v;
	vm_arch_flush_gstage(vm);
	return 0;
}

static int change_slot(struct rvkvm_vm *vm, unsigned idx, struct rvkvm_memory_region *r)
{
	struct memslot *s = &vm->memslots.slot[idx];
	struct memslot old = *s;
	int err;

	if (r->memory_size != s->size || (r->userspace_addr && r->userspace_addr != s->host.v)) {
		return RVKVM_EINVAL; /* KVM does not resize or re-back a slot in place either */
	}
	if (memslot_overlaps(&vm->memslots, gpa(r->guest_phys_addr), r->memory_size, (int)idx)) {
		return RVKVM_EEXIST;
	}
	if ((r->flags & RVKVM_MEM_LOG_DIRTY_PAGES) &&
	    (err = prepare_dirty_log(vm, idx, &old)) != 0) {
		return err;
	}
	/* Move or re-flag: take the old translations away everywhere, then map anew. */
	if ((err = gstage_err(gstage_unmap(&vm->gstage, old.base, old.size))) != 0) {
		return err;
	}
	vm_arch_flush_gstage(vm);
	s->base = gpa(r->guest_phys_addr);
	s->flags = r->flags & ~RVKVM_MEM_KEEP;
	if ((err = map_slot(vm, idx, s)) != 0) {
		gstage_unmap(&vm->gstage, s->base, s->size);
		*s = old;
		map_slot(vm, idx, s); /* the old mapping's tables were just freed: this fits */
	}
	r->userspace_addr = s->host.v;
	vm_arch_flush_gstage(vm);
	return err;
}

int rvkvm_set_memory_region(struct rvkvm_vm *vm, struct rvkvm_memory_region *r)
{
	struct memslot *s;
	int err;

	if (vm->dead) {
		return RVKVM_EBUSY;
	}
	if (r->slot >= MEMSLOT_MAX || (r->flags & ~MEM_FLAGS) ||
	    (r->guest_phys_addr | r->memory_size | r->userspace_addr) % PAGE_SIZE != 0 ||
	    r->guest_phys_addr + r->memory_size < r->guest_phys_addr) {
		return RVKVM_EINVAL;
	}
	spin_lock(&vm->mmu_lock);
	s = &vm->memslots.slot[r->slot];
	if (r->memory_size == 0) {
		err = s->used ? delete_slot(vm, s, r->flags) : RVKVM_ENOENT;
	} else if (s->used) {
		err = change_slot(vm, r->slot, r);
	} else {
		err = add_slot(vm, r->slot, r);
	}
	/* What a vCPU found not to be RAM (handle_gstage_fault) may be RAM now: look again. */
	__atomic_store_n(&vm->memslots_gen, vm->memslots_gen + 1, __ATOMIC_RELEASE);
	spin_unlock(&vm->mmu_lock);
	return err;
}

struct rearm_ctx {
	struct rvkvm_vm *vm;
	const struct memslot *slot;
};

static void rearm(void *arg, uint64_t first, uint64_t count)
{
	struct rearm_ctx *c = arg;

	/* The slot is split to 4 KiB leaves while logging, so this needs no table page. */
	gstage_protect(&c->vm->gstage, gpa(c->slot->base.v + (first << PAGE_SHIFT)),
		       count << PAGE_SHIFT, GSTAGE_READ | GSTAGE_EXEC, 0);
}

long rvkvm_get_dirty_log(struct rvkvm_vm *vm, uint32_t slot, unsigned long *bitmap)
{
	struct rearm_ctx ctx = { vm, NULL };
	uint64_t n;

	if (slot >= MEMSLOT_MAX) {
		return RVKVM_EINVAL;
	}
	spin_lock(&vm->mmu_lock);
	ctx.slot = &vm->memslots.slot[slot];
	if (!ctx.slot->used || !(ctx.slot->flags & RVKVM_MEM_LOG_DIRTY_PAGES)) {
		spin_unlock(&vm->mmu_lock);
		return RVKVM_ENOENT;
	}
	n = dirty_log_harvest(&vm->dirty[slot], bitmap, rearm, &ctx);
	spin_unlock(&vm->mmu_lock);
	/* Before the VMM copies the pages, no hart may still write them through an old translation. */
	vm_arch_flush_gstage(vm);
	return (long)n;
}

enum vm_fault vm_handle_ram_fault(struct rvkvm_vm *vm, uint64_t fault_gpa, unsigned long access)
{
	uint64_t page_gpa = page_base(fault_gpa);
	const struct memslot *s;
	enum vm_fault result;
	unsigned long prot;
	unsigned level;
	hpa_t h;

	/* Under the lock, a region change in progress on another hart is either done or not begun. */
	spin_lock(&vm->mmu_lock);
	s = memslot_find(&vm->memslots, gpa(fault_gpa), 1);
	if (!s) {
		result = VM_FAULT_NOT_RAM;
	} else if (!ram_populate_has(&vm->populate[s - vm->memslots.slot], fault_gpa - s->base.v,
				     1)) {
		/* The first touch of this chunk: zeroed and mapped, then the access runs again. */
		result = vm_populate_locked(vm, s, fault_gpa - s->base.v, 1) == 0 ? VM_FAULT_RETRY
										  : VM_FAULT_BAD;
	} else if (access == GSTAGE_WRITE && (s->flags & RVKVM_MEM_LOG_DIRTY_PAGES) &&
		   !(s->flags & RVKVM_MEM_READONLY)) {
		/*
		 * The first write to a page since the log was read. No lookup first: if another
		 * vCPU's write got here before, marking and opening the page again changes nothing.
		 */
		if (dirty_log_mark(&vm->dirty[s - vm->memslots.slot],
				   (page_gpa - s->base.v) >> PAGE_SHIFT)) {
			vm->dirty_faults++;
		}
		gstage_protect(&vm->gstage, gpa(page_gpa), PAGE_SIZE, GSTAGE_RWX, 0);
		result = VM_FAULT_RETRY;
	} else if (gstage_lookup(&vm->gstage, gpa(fault_gpa), &h, &prot, &level) &&
		   (prot & access)) {
		/* Mapped by now (a change raced with the access, or a stale translation): retry. */
		result = VM_FAULT_RETRY;
	} else if (access == GSTAGE_WRITE && (s->flags & RVKVM_MEM_READONLY)) {
		result = VM_FAULT_READONLY;
	} else {
		result = VM_FAULT_BAD;
	}
	spin_unlock(&vm->mmu_lock);
	if (result == VM_FAULT_RETRY) {
		vm_arch_flush_gstage_page(vm, page_gpa);
	}
	return result;
}

int rvkvm_pre_fault_memory(struct rvkvm_vm *vm, uint64_t gpa_v, uint64_t size)
{
	const struct memslot *s;
	int err;

	if (size == 0) {
		return 0;
	}
	spin_lock(&vm->mmu_lock);
	s = memslot_find(&vm->memslots, gpa(gpa_v), size);
	err = s ? vm_populate_locked(vm, s, gpa_v - s->base.v, size) : RVKVM_ENOENT;
	spin_unlock(&vm->mmu_lock);
	return err;
}

int rvkvm_vm_get_stats(struct rvkvm_vm *vm, struct rvkvm_vm_stats *out)
{
	lib_memset(out, 0, sizeof(*out));
	spin_lock(&vm->mmu_lock);
	lib_memcpy(out->gstage, vm->gstage.mode->name,
		   lib_strnlen(vm->gstage.mode->name, sizeof(out->gstage) - 1));
	out->table_pages = vm->gstage.stats.tables;
	out->leaves_4k = vm->gstage.stats.leaves[0];
	out->leaves_2m = vm->gstage.stats.leaves[1];
	out->leaves_1g = vm->gstage.stats.leaves[2];
	for (unsigned l = 0; l <= vm->gstage.mode->max_leaf_level && l < 3; l++) {
		out->leaf_shift[l] = (uint8_t)(PAGE_SHIFT + l * vm->gstage.mode->index_bits);
	}
	out->dirty_faults = vm->dirty_faults;
	out->created_time = vm->created_time;
	spin_unlock(&vm->mmu_lock);
	return 0;
}

int rvkvm_destroy_vm(struct rvkvm_vm *vm)
{
	if (__atomic_exchange_n(&vm->dead, 1, __ATOMIC_SEQ_CST)) {
		return RVKVM_EBUSY;
	}
	/* dead is set first: a vCPU entering rvkvm_vcpu_run from now on sees it and leaves. */
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		if (vm->vcpus[i] && __atomic_load_n(&vm->vcpus[i]->in_run, __ATOMIC_SEQ_CST)) {
			__atomic_store_n(&vm->dead, 0, __ATOMIC_SEQ_CST);
			return RVKVM_EBUSY;
		}
	}
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		if (vm->vcpus[i]) {
			vm->vcpus[i]->pending = VCPU_PENDING_DEAD;
		}
	}
	/* Each delete unmaps and fences; the RAM the core allocated goes back to it. */
	spin_lock(&vm->mmu_lock);
	for (unsigned i = 0; i < MEMSLOT_MAX; i++) {
		if (vm->memslots.slot[i].used) {
			delete_slot(vm, &vm->memslots.slot[i], 0);
		}
	}
	spin_unlock(&vm->mmu_lock);
	vm_arch_flush_gstage(vm);
	/* No hart walks these tables again: each loads hgatp afresh for the next vCPU it runs. */
	host_mem_add(&core_host_mem, vm->gstage_pages, GSTAGE_POOL_PAGES * PAGE_SIZE);
	return 0;
}

uint64_t rvkvm_free_memory(void)
{
	return host_mem_free_bytes(&core_host_mem);
}
