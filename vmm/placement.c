/* Where each vCPU runs (see vmm/placement.h): one hart per vCPU, until a scheduler shares them. */
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
	if (rc != 0 || out->total > nharts) {
		return -1;
	}
	/* Invariant: harts 0..next-1 hold the vCPUs of VMs 0..v-1, one each. */
	for (unsigned v = 0; v < nvms; v++) {
		for (unsigned i = 0; i < ncpus[v]; i++) {
			out->hart[v][i] = next++;
		}
	}
	return 0;
}
