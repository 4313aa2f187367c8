/* SPDX-License-Identifier: Apache-2.0 */
/* The description of rvkvm's guest machine for the device-tree builder (see vmm/guest_fdt.h). */
#include "vmm/guest_fdt.h"

#include "lib/string.h"
#include "vmm/machine.h"

void guest_fdt_split_isa(struct guest_fdt_isa *out, const char *isa)
{
	size_t len = lib_strnlen(isa, sizeof(out->scratch) - 1);
	unsigned nl = 0;
	char *p;

	out->n = 0;
	lib_memcpy(out->scratch, isa, len);
	out->scratch[len] = '\0';
	if (len < 5) {
		return;
	}
	/* Each letter becomes its own "x\0" string; the multi-letter tokens are cut in place. */
	for (p = out->scratch + 4; *p && *p != '_' && out->n < GUEST_FDT_ISA_EXT_MAX; p++) {
		out->letters[nl] = *p;
		out->letters[nl + 1] = '\0';
		out->ext[out->n++] = &out->letters[nl];
		nl += 2;
	}
	while (*p == '_' && out->n < GUEST_FDT_ISA_EXT_MAX) {
		*p++ = '\0';
		out->ext[out->n++] = p;
		while (*p && *p != '_') {
			p++;
		}
	}
	*p = '\0'; /* the last token kept ends here, at the limit too */
}

void guest_fdt_machine(struct fdt_machine *m, const struct vm_config *cfg,
		       const struct load_plan *plan, const char *isa,
		       const struct guest_fdt_isa *split, const char *mmu_type, uint32_t timebase)
{
	*m = (struct fdt_machine){
		.num_cpus = cfg->cpus,
		.isa = isa,
		.isa_ext = split->ext,
		.num_isa_ext = split->n,
		.mmu_type = mmu_type,
		.timebase_freq = timebase,
		.ram_base = MACHINE_RAM_BASE,
		.ram_size = cfg->mem_size,
		.bootargs = cfg->append[0] ? cfg->append : NULL,
		.initrd_start = plan->initrd_gpa,
		.initrd_end = plan->initrd_end,
		.stdout_device = -1,
	};
}
