/* SPDX-License-Identifier: Apache-2.0 */
/* core_init: the core takes the machine over from the platform's one description of it. */
#include "core/core.h"

#include "core/core_arch.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "lib/string.h"
#include "rvkvm/host.h"

static void set_caps(const struct core_machine *m)
{
	/* Both strings stay NUL-terminated: host_caps starts zeroed and keeps its last byte. */
	lib_memcpy(host_caps.isa, m->isa, lib_strnlen(m->isa, sizeof(host_caps.isa) - 1));
	lib_memcpy(host_caps.mmu_type, m->mmu_type,
		   lib_strnlen(m->mmu_type, sizeof(host_caps.mmu_type) - 1));
	host_caps.has_h = m->has_h;
	host_caps.has_sstc = m->has_sstc;
	host_caps.has_svadu = m->has_svadu;
	host_caps.has_smstateen = m->has_smstateen;
	host_caps.has_v = m->has_v;
	host_caps.timebase_freq = m->timebase_freq;
	host_caps.cbom_block_size = m->cbom_block_size;
	host_caps.cboz_block_size = m->cboz_block_size;
	host_caps.mvendorid = m->mvendorid;
	host_caps.marchid = m->marchid;
	host_caps.mimpid = m->mimpid;
}

static const char *setup_memory(const struct core_machine *m)
{
	host_mem_init(&core_host_mem);
	for (unsigned i = 0; i < m->nmem; i++) {
		if (!host_mem_add(&core_host_mem, m->mem[i].base, m->mem[i].size)) {
			console_printf("rvkvm: memory range %u ignored\n", i);
		}
	}
	for (unsigned i = 0; i < m->nreserved; i++) {
		/* Memory we failed to take out of the allocator could be handed to a guest: stop instead. */
		if (!host_mem_reserve(&core_host_mem, m->reserved[i].base, m->reserved[i].size)) {
			return "too many reserved memory ranges";
		}
	}
	return NULL;
}

static void print_caps(void)
{
	console_printf("rvkvm: extensions: H %s, Sstc %s, Svadu %s; G-stage:",
		       host_caps.has_h ? "yes" : "no", host_caps.has_sstc ? "yes" : "no",
		       host_caps.has_svadu ? "yes" : "no");
	for (unsigned i = 0; i < 3 && host_caps.gstage_modes[i]; i++) {
		console_printf(" %s", host_caps.gstage_modes[i]->name);
	}
	console_printf("; VMID bits %u\n", host_caps.vmid_bits);
	console_printf("rvkvm: %llu MiB free for guests\n",
		       (unsigned long long)(host_mem_free_bytes(&core_host_mem) >> 20));
}

const char *core_init(const struct core_machine *m)
{
	const char *err;

	set_caps(m);
	if (!host_caps.has_h) {
		return "the hart has no H extension (riscv,isa lacks 'h')";
	}
	core_arch_probe();
	err = setup_memory(m);
	if (err) {
		return err;
	}
	print_caps();
	core_arch_init();
	core_arch_hart_init();
	harts[0].online = 1;
	return NULL;
}
