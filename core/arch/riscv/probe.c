/* SPDX-License-Identifier: Apache-2.0 */
/* Probes of what the hart accepts: hgatp modes (WARL), the VMID width, HS-mode's counters and their overflow. */
#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/pmu_alarm.h"
#include "core/core_arch.h"
#include "core/host_caps.h"

unsigned long vec_arch_vlenb(void);
bool hs_counters_readable(void);

void core_arch_probe(void)
{
	static const struct gstage_mode *const candidates[] = { &gstage_sv32x4, &gstage_sv39x4,
								&gstage_sv48x4, &gstage_sv57x4 };
	unsigned n = 0;
	unsigned long vmid;

	/* hgatp.MODE is WARL: a mode the hart lacks does not stick. Only the hart's width's modes. */
	for (unsigned i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (candidates[i]->xlen != sizeof(unsigned long) * 8) {
			continue;
		}
		csr_write(CSR_HGATP, candidates[i]->hgatp_mode << HGATP_MODE_SHIFT);
		if ((csr_read(CSR_HGATP) >> HGATP_MODE_SHIFT) == candidates[i]->hgatp_mode) {
			host_caps.gstage_modes[n++] = candidates[i];
		}
	}
	/* VMIDLEN: the VMID bits that stay set when all are written as ones. */
	csr_write(CSR_HGATP, HGATP_VMID_MASK);
	vmid = (csr_read(CSR_HGATP) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	host_caps.vmid_bits = 0;
	while (vmid & 1) {
		host_caps.vmid_bits++;
		vmid >>= 1;
	}
	csr_write(CSR_HGATP, 0);
	if (host_caps.has_v) {
		host_caps.vlenb = vec_arch_vlenb();
	}
	host_caps.has_counters = hs_counters_readable();
	/* The overflow of counters that are virtual needs their reads too. */
	host_caps.has_pmu_overflow = host_caps.has_counters && pmu_alarm_probe();
}
