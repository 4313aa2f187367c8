/* SPDX-License-Identifier: Apache-2.0 */
/* rvkvm_get_caps: the host facts the VMM may see, through the ABI. */
#include "core/hart.h"
#include "core/host_caps.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/* The guest's ISA string is the host's without the hypervisor extension (no nested virtualization). */
static void guest_isa(char *out, size_t size, const char *isa)
{
	size_t o = 0;
	bool base = true;

	for (size_t i = 0; isa[i] && o + 1 < size; i++) {
		if (isa[i] == '_') {
			base = false;
		}
		if (base && i >= 4 && isa[i] == 'h') {
			continue;
		}
		out[o++] = isa[i];
	}
	out[o] = '\0';
}

int rvkvm_get_caps(struct rvkvm_caps *caps)
{
	const struct gstage_mode *m = host_caps_largest_gstage();

	lib_memset(caps, 0, sizeof(*caps));
	guest_isa(caps->isa, sizeof(caps->isa), host_caps.isa);
	caps->timebase_freq = host_caps.timebase_freq;
	caps->nr_harts = hart_count;
	if (m) {
		lib_memcpy(caps->gstage_max, m->name,
			   lib_strnlen(m->name, sizeof(caps->gstage_max) - 1));
	}
	lib_memcpy(caps->mmu_type, host_caps.mmu_type, sizeof(caps->mmu_type));
	caps->has_sstc = host_caps.has_sstc;
	caps->mvendorid = host_caps.mvendorid;
	caps->marchid = host_caps.marchid;
	caps->mimpid = host_caps.mimpid;
	return 0;
}
