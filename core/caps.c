/* SPDX-License-Identifier: Apache-2.0 */
/* rvkvm_get_caps: the host facts the VMM may see, through the ABI. */
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/isa_ext.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/*
 * The guest's ISA string is the host's without what rvkvm does not virtualize: the hypervisor
 * extension (no nested virtualization) and the hidden multi-letter ones (isa_ext.c: e.g.
 * Sscofpmf, whose overflow interrupt a guest without AIA cannot take).
 */
static void guest_isa(char *out, size_t size, const char *isa)
{
	size_t o = 0, i = 0;

	/*
	 * "rv64" or "rv32", then single letters up to the first underscore: all but H (V has no
	 * ISA_EXT register, but a guest on a hart with V has it).
	 */
	for (; isa[i] && isa[i] != '_' && o + 1 < size; i++) {
		if (i < 4 || isa[i] != 'h') {
			out[o++] = isa[i];
		}
	}
	/* Each multi-letter extension, with its underscore, unless hidden. */
	while (isa[i] == '_') {
		size_t w = i + 1, len = 0;

		while (isa[w + len] && isa[w + len] != '_') {
			len++;
		}
		if (!isa_ext_name_hidden(&isa[w], len) && o + 1 + len < size) {
			lib_memcpy(&out[o], &isa[i], 1 + len);
			o += 1 + len;
		}
		i = w + len;
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
