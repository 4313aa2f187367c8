/* SPDX-License-Identifier: Apache-2.0 */
/* Where each vCPU's thread starts (see vmm/placement.h): the core's scheduler may move it later. */
#include "vmm/placement.h"

int placement_assign(const unsigned *ncpus, unsigned nvms, unsigned nharts, struct placement *out)
{
	unsigned next = 0;
	int rc = 0;

	out->total = 0;
	if (nvms > PLACEMENT_MAX_VMS) {
		return -1;
	}
	for (unsigned v = 0; v < nvms; v++) {
		if (ncpus[v] == 0 || ncpus[v] > PLACEMENT_MAX_VCPUS) {
			rc = -1;
		}
		out->total += ncpus[v];
	}
	if (rc != 0 || nharts == 0) {
		return -1;
	}
	/* Invariant: the vCPUs of VMs 0..v-1 took harts 0..next-1 in turn, round robin. */
	for (unsigned v = 0; v < nvms; v++) {
		for (unsigned i = 0; i < ncpus[v]; i++) {
			out->hart[v][i] = next++ % nharts;
		}
	}
	return 0;
}
