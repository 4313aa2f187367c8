/* SPDX-License-Identifier: Apache-2.0 */
/* The G-stage modes as data (struct gstage_mode): what Sv32x4, Sv39x4, Sv48x4 and Sv57x4 differ in. */
#include "core/gstage.h"

#include "lib/string.h"

const struct gstage_mode gstage_sv32x4 = {
	.name = "sv32x4",
	.xlen = 32,
	.hgatp_mode = 1,
	.levels = 2,
	.gpa_bits = 34,
	.pte_bytes = 4,
	.index_bits = 10,
	.root_extra_bits = 2,
	.ppn_bits = PTE_PPN_BITS_32,
	.max_leaf_level = 1,
};
const struct gstage_mode gstage_sv39x4 = {
	.name = "sv39x4",
	.xlen = 64,
	.hgatp_mode = 8,
	.levels = 3,
	.gpa_bits = 41,
	.pte_bytes = 8,
	.index_bits = 9,
	.root_extra_bits = 2,
	.ppn_bits = PTE_PPN_BITS_64,
	.max_leaf_level = 2,
};
const struct gstage_mode gstage_sv48x4 = {
	.name = "sv48x4",
	.xlen = 64,
	.hgatp_mode = 9,
	.levels = 4,
	.gpa_bits = 50,
	.pte_bytes = 8,
	.index_bits = 9,
	.root_extra_bits = 2,
	.ppn_bits = PTE_PPN_BITS_64,
	.max_leaf_level = 2,
};
const struct gstage_mode gstage_sv57x4 = {
	.name = "sv57x4",
	.xlen = 64,
	.hgatp_mode = 10,
	.levels = 5,
	.gpa_bits = 59,
	.pte_bytes = 8,
	.index_bits = 9,
	.root_extra_bits = 2,
	.ppn_bits = PTE_PPN_BITS_64,
	.max_leaf_level = 2,
};

static const struct gstage_mode *const modes[] = { &gstage_sv32x4, &gstage_sv39x4, &gstage_sv48x4,
						   &gstage_sv57x4 };

const struct gstage_mode *gstage_mode_by_name_xlen(const char *name, unsigned xlen)
{
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (modes[i]->xlen == xlen && lib_strcmp(modes[i]->name, name) == 0) {
			return modes[i];
		}
	}
	return NULL;
}

const struct gstage_mode *gstage_mode_by_name(const char *name)
{
	return gstage_mode_by_name_xlen(name, GSTAGE_HOST_XLEN);
}

uint64_t gstage_hpa_limit(const struct gstage_mode *mode)
{
	return 1ULL << (mode->ppn_bits + PAGE_SHIFT);
}
