/* SPDX-License-Identifier: Apache-2.0 */
/* Where each vCPU's thread starts: the one place that decides it (the core's scheduler may move the thread later). */
#ifndef VMM_PLACEMENT_H
#define VMM_PLACEMENT_H

#define PLACEMENT_MAX_VMS 16
#define PLACEMENT_MAX_VCPUS 64

/* hart[v][i]: the hart (0 = the boot hart, which also runs the VMM) of VM v's vCPU i. */
struct placement {
	unsigned hart[PLACEMENT_MAX_VMS][PLACEMENT_MAX_VCPUS];
	unsigned total; /* vCPUs placed */
};

/*
 * Picks the hart each vCPU thread of nvms VMs (VM v has ncpus[v]) starts on: harts 0..nharts-1
 * in turn, in VM order, VM 0's vCPU 0 on the boot hart. More vCPUs than harts share them (the
 * core's scheduler moves threads as it likes; this is only where each starts). Returns 0, or -1
 * for more VMs or vCPUs than the limits above; out->total counts the vCPUs.
 */
int placement_assign(const unsigned *ncpus, unsigned nvms, unsigned nharts, struct placement *out);

#endif
