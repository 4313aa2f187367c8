/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The core's entry points for the platform beneath it, the only core header the platform
 * includes: the platform boots, finds out what the machine is, hands the core one description
 * of it (core_init), and starts the other harts into the core. tools/check-layers.sh checks
 * that the platform's objects use nothing else of the core.
 */
#ifndef CORE_CORE_H
#define CORE_CORE_H

#define CORE_HART_MAX 16     /* harts the core runs on, at most */
#define CORE_HARTID_LIMIT 64 /* remote fences name harts in one 64-bit mask based at 0 */

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core_range {
	uint64_t base;
	uint64_t size;
};

/* The machine, as the platform found it: everything the core learns about it, once. */
struct core_machine {
	const char *isa;                                       /* riscv,isa of the boot hart */
	const char *mmu_type;                                  /* its mmu-type */
	bool has_h, has_sstc, has_svadu, has_smstateen, has_v; /* extensions the ISA string names */
	uint32_t timebase_freq;
	uint32_t cbom_block_size, cboz_block_size; /* riscv,cbom/cboz-block-size; 0 when absent */
	unsigned long mvendorid, marchid, mimpid;  /* from the firmware's SBI BASE */
	const struct core_range *mem;              /* the RAM */
	unsigned nmem;
	/* Parts of the RAM that are not the core's: the firmware, rvkvm's image, the DT, the bundle. */
	const struct core_range *reserved;
	unsigned nreserved;
};

/* First of all, on the boot hart: the core knows it as hart 0 from here on (locks need that). */
void core_boot_hart(unsigned long hartid);
/*
 * Takes the machine over from its description: the core's view of the hart, its memory, the
 * H-extension set-up of the boot hart, which is then online. Returns NULL, or what the machine
 * lacks for the core to run (the hypervisor cannot start).
 */
const char *core_init(const struct core_machine *m);
/*
 * A hart the platform is about to start into core_hart_main: its index (0 is the boot hart),
 * or -1 when the core runs on no more harts.
 */
int core_hart_add(unsigned long hartid);
/* Where a hart the platform started goes: it sets itself up, then runs threads, forever. */
void core_hart_main(unsigned long hartid) __attribute__((noreturn));
/* Runs threads on the boot hart until every added hart is online; returns how many harts are. */
unsigned core_harts_wait_online(void);
/* Memory for the platform's host drivers (their rings and requests): zeroed; NULL when none is left. */
void *core_alloc_zeroed(size_t size, size_t align);
/* The HS-mode trap vector, which the platform's entry puts in stvec before anything else. */
void hs_trap_vector(void);

#endif

#endif
