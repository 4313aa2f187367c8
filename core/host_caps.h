/* SPDX-License-Identifier: Apache-2.0 */
/* What the core knows about the machine it runs on: from the platform's description (core_init) and the arch probes. */
#ifndef CORE_HOST_CAPS_H
#define CORE_HOST_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/gstage.h"

#define HOST_ISA_MAX 1024

struct host_caps {
	char isa[HOST_ISA_MAX]; /* riscv,isa of the boot hart */
	char mmu_type[16];
	bool has_h, has_sstc, has_svadu, has_smstateen, has_v;
	bool has_counters; /* HS-mode reads cycle and instret (the SBI PMU counts with them) */
	/* Sscofpmf, and the firmware's SBI PMU arms overflowing cycle and instruction counters */
	bool has_pmu_overflow;
	unsigned long vlenb; /* bytes in a vector register, when has_v */
	const struct gstage_mode
		*gstage_modes[3]; /* accepted by hgatp, smallest first; NULL-padded */
	unsigned vmid_bits;
	uint32_t timebase_freq;
	unsigned long mvendorid, marchid, mimpid;  /* from the firmware's SBI BASE */
	uint32_t cbom_block_size, cboz_block_size; /* riscv,cbom/cboz-block-size; 0 when absent */
};

extern struct host_caps host_caps;

const struct gstage_mode *host_caps_largest_gstage(void);
bool host_caps_has_gstage(const struct gstage_mode *m);

#endif
