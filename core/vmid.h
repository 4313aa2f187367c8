/* SPDX-License-Identifier: Apache-2.0 */
/* VMID allocation with generations: when the VMID space runs out, a new generation starts and every hart flushes. */
#ifndef CORE_VMID_H
#define CORE_VMID_H

#include <stdbool.h>
#include <stdint.h>

struct vmid_space {
	unsigned bits;       /* VMIDLEN probed from the hart; 0 means no VMIDs */
	uint64_t generation; /* starts at 1 */
	uint32_t next;
};

struct vm_vmid {
	uint64_t generation; /* 0: never allocated */
	uint32_t vmid;
};

void vmid_space_init(struct vmid_space *s, unsigned bits);
/* True when v holds a VMID of the current generation. */
bool vmid_valid(const struct vmid_space *s, const struct vm_vmid *v);
/*
 * Gives v a VMID of the current generation. Returns true when that started a new
 * generation: the caller must then make every hart flush all G-stage translations
 * (HFENCE.GVMA with no VMID) before it next enters a guest.
 */
bool vmid_refresh(struct vmid_space *s, struct vm_vmid *v);

#endif
