/* SPDX-License-Identifier: Apache-2.0 */
/* SBI extensions the core has no code for, registered for their KVM id: the VMM may take them (SBI_VMM). */
#include "core/sbi/sbi.h"

/*
 * No handler: a call is forwarded to the VMM when it owns the id and otherwise unknown to the
 * guest, and ONE_REG SBI_EXT has no register for these (nothing in the core to switch).
 */
#define VMM_ONLY(nm, lo, hi, id)                                     \
	{                                                            \
		.name = nm, .eid_lo = lo, .eid_hi = hi, .kvm_id = id \
	}

const struct sbi_ext sbi_ext_experimental =
	VMM_ONLY("EXPERIMENTAL", SBI_EID_EXPERIMENTAL_FIRST, SBI_EID_EXPERIMENTAL_LAST,
		 RVKVM_RISCV_SBI_EXT_EXPERIMENTAL);
const struct sbi_ext sbi_ext_vendor =
	VMM_ONLY("VENDOR", SBI_EID_VENDOR_FIRST, SBI_EID_VENDOR_LAST, RVKVM_RISCV_SBI_EXT_VENDOR);
const struct sbi_ext sbi_ext_mpxy =
	VMM_ONLY("MPXY", SBI_EID_MPXY, SBI_EID_MPXY, RVKVM_RISCV_SBI_EXT_MPXY);
