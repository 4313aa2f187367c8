/* SPDX-License-Identifier: Apache-2.0 */
/* rvkvm's vendor SBI extension, a test hook of the test image (vmm/sbi_vendor.c). */
#ifndef VMM_SBI_VENDOR_H
#define VMM_SBI_VENDOR_H

#include <stdbool.h>

#include "rvkvm/rvkvm.h"

/*
 * EID 0x09000000 | mvendorid[23:0] (the SBI vendor space; the guest sees the host's mvendorid
 * through SBI BASE). FID 0 returns SBI_VENDOR_MAGIC, FID 1 returns a0 + a1 + a2 and FID 2 the
 * calling vCPU's index; other FIDs keep NOT_SUPPORTED.
 */
#define SBI_VENDOR_BASE 0x09000000UL
#define SBI_VENDOR_MAGIC 0x52564B4DUL /* "RVKM" */

struct vmm_vm;

/* Answers e if it is a call of the extension (true); e is an RVKVM_EXIT_RISCV_SBI exit. */
bool sbi_vendor_call(struct vmm_vm *vm, unsigned vcpu_index, struct rvkvm_exit *e);

#endif
