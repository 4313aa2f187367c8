/* SPDX-License-Identifier: Apache-2.0 */
/* The description of rvkvm's guest machine that the device-tree builder turns into the guest's DT. */
#ifndef VMM_GUEST_FDT_H
#define VMM_GUEST_FDT_H

#include <stdint.h>

#include "vmm/fdt_build.h"
#include "vmm/loader.h"
#include "vmm/vm_config.h"

#define GUEST_FDT_ISA_MAX 1024
#define GUEST_FDT_ISA_EXT_MAX 128

/* A riscv,isa string split into the riscv,isa-extensions list; the strings live in here. */
struct guest_fdt_isa {
	char scratch[GUEST_FDT_ISA_MAX];
	char letters[2 * GUEST_FDT_ISA_EXT_MAX];
	const char *ext[GUEST_FDT_ISA_EXT_MAX];
	unsigned n;
};

/* One entry per single-letter extension after "rv64", then one per "_token". */
void guest_fdt_split_isa(struct guest_fdt_isa *out, const char *isa);

/*
 * Fills m for a VM with this config and load plan on rvkvm's board (vmm/machine.h), but for its
 * devices: none, until the caller adds the board's nodes (board_layout_fdt, vmm/board_layout.h).
 */
void guest_fdt_machine(struct fdt_machine *m, const struct vm_config *cfg,
		       const struct load_plan *plan, const char *isa,
		       const struct guest_fdt_isa *split, const char *mmu_type, uint32_t timebase);

#endif
