/* The table of SBI extensions the core implements for its guests. */
#include "core/sbi/sbi.h"

const struct sbi_ext *const sbi_ext_table[] = {
	&sbi_ext_legacy,
	&sbi_ext_base,
	&sbi_ext_dbcn,
	&sbi_ext_srst,
	&sbi_ext_time,
	&sbi_ext_ipi,
	&sbi_ext_rfence,
	&sbi_ext_hsm,
	&sbi_ext_fwft,
	&sbi_ext_susp,
	&sbi_ext_sta,
};

const unsigned sbi_ext_count = sizeof(sbi_ext_table) / sizeof(sbi_ext_table[0]);

_Static_assert(sizeof(sbi_ext_table) / sizeof(sbi_ext_table[0]) <= VCPU_STATS_SBI_EXT,
	       "every extension has its call counter (struct vcpu_stats)");
