/* SPDX-License-Identifier: Apache-2.0 */
/* VMID allocation with generations (see core/vmid.h). */
#include "core/vmid.h"

void vmid_space_init(struct vmid_space *s, unsigned bits)
{
	s->bits = bits;
	s->generation = 1;
	s->next = 1; /* VMID 0 is left to the hypervisor itself, as KVM does */
}

bool vmid_valid(const struct vmid_space *s, const struct vm_vmid *v)
{
	return v->generation == s->generation;
}

bool vmid_refresh(struct vmid_space *s, struct vm_vmid *v)
{
	bool rollover = false;

	if (vmid_valid(s, v)) {
		return false;
	}
	/* Without VMIDs every VM shares VMID 0 and the caller flushes on every VM switch. */
	if (s->bits == 0) {
		v->generation = s->generation;
		v->vmid = 0;
		return false;
	}
	if (s->next >= (1u << s->bits)) {
		s->generation++;
		s->next = 1;
		rollover = true;
	}
	v->vmid = s->next++;
	v->generation = s->generation;
	return rollover;
}
