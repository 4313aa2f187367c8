/* SPDX-License-Identifier: Apache-2.0 */
/* The table of SBI extensions, built from the registry (SBI_EXTENSIONS in core/sbi/sbi.h). */
#include "core/sbi/sbi.h"

#define ENTRY(n) &sbi_ext_##n,
#define ONE(n) +1

const struct sbi_ext *const sbi_ext_table[] = { SBI_EXTENSIONS(ENTRY) SBI_VMM_EXTENSIONS(ENTRY) };

const unsigned sbi_ext_count = 0 SBI_EXTENSIONS(ONE);
const unsigned sbi_ext_count_all = sizeof(sbi_ext_table) / sizeof(sbi_ext_table[0]);

_Static_assert(0 SBI_EXTENSIONS(ONE) <= VCPU_STATS_SBI_EXT,
	       "every extension the core runs has its call counter (struct vcpu_stats)");
