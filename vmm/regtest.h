/* SPDX-License-Identifier: Apache-2.0 */
/* A test hook of the VMM: a guest asks, by an SBI call in the experimental range, for ONE_REG work on its own vCPU. */
#ifndef VMM_REGTEST_H
#define VMM_REGTEST_H

#include <stdbool.h>

#include "rvkvm/rvkvm.h"

/* "RVRG" in the experimental range (0x08000000-0x08FFFFFF), which no standard extension uses. */
#define REGTEST_EID 0x08525647UL
#define REGTEST_ROUND_TRIP 0 /* set(get(id)) for every listed id; a1 = how many ids */
#define REGTEST_BUMP 1       /* FP_D f5 += 1 and CSR sscratch ^= 0xff, through ONE_REG */

/* Answers the call in e if it is a REGTEST call (true); e is an RVKVM_EXIT_RISCV_SBI exit of vcpu. */
bool regtest_sbi(struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e);

#endif
