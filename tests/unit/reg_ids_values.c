/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The values alone of the header-id lists (tests/unit/reg_ids.h), in list order, for a build
 * that cannot run: tests/cli/reg_ids_width.sh compiles this for rv32 and rv64, once against
 * Linux's newest <asm/kvm.h> (REG_IDS_SIDE_LINUX) and once against rvkvm/reg.h, and compares
 * the two .rodata sections byte for byte.
 */
#include <stddef.h>

#ifdef REG_IDS_SIDE_LINUX
#include <linux/kvm.h>
#define P(x) KVM_##x
#if __SIZEOF_LONG__ == 8 /* as reg_ids_linux.c has it */
#define KVM_REG_SIZE_ULONG KVM_REG_SIZE_U64
#else
#define KVM_REG_SIZE_ULONG KVM_REG_SIZE_U32
#endif
#else
#include "rvkvm/reg.h"
#define P(x) RVKVM_##x
#endif

#include "tests/unit/reg_ids.h"

#define VALUE_N(x) (unsigned long long)(P(x)),
#define VALUE_E(label, expr) (unsigned long long)(expr),

extern const unsigned long long reg_id_values[];
const unsigned long long reg_id_values[] = { REG_IDS_LINUX_6_1(VALUE_N, VALUE_E) REG_IDS_LINUX_6_12(
	VALUE_N, VALUE_E) REG_IDS_LINUX_NEWER(VALUE_N, VALUE_E) };
