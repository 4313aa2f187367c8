/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Linux's side of the header-id test: the shared ONE_REG names as Linux's riscv <asm/kvm.h>
 * spells them. Built three times, with -I at one Linux version's uapi headers and
 * REG_IDS_LINUX set to 601 (6.1), 612 (6.12) or 700 (newer); nothing of rvkvm is included.
 */
#include <stddef.h>

#include <linux/kvm.h>

#include "tests/unit/reg_ids.h"

#define P(x) KVM_##x
/* As Linux's own ONE_REG code and its KVM selftests define it: the size of an unsigned long. */
#if __SIZEOF_LONG__ == 8
#define KVM_REG_SIZE_ULONG KVM_REG_SIZE_U64
#else
#define KVM_REG_SIZE_ULONG KVM_REG_SIZE_U32
#endif

#if REG_IDS_LINUX == 601
#define TABLE reg_ids_linux_6_1
#define COUNT reg_ids_linux_6_1_count
#elif REG_IDS_LINUX == 612
#define TABLE reg_ids_linux_6_12
#define COUNT reg_ids_linux_6_12_count
#elif REG_IDS_LINUX == 700
#define TABLE reg_ids_linux_newer
#define COUNT reg_ids_linux_newer_count
#else
#error "REG_IDS_LINUX must be 601, 612 or 700"
#endif

extern const struct reg_id TABLE[];
extern const unsigned COUNT;

const struct reg_id TABLE[] = { REG_IDS_LINUX_6_1(REG_ID_N, REG_ID_E)
#if REG_IDS_LINUX >= 612
					REG_IDS_LINUX_6_12(REG_ID_N, REG_ID_E)
#endif
#if REG_IDS_LINUX >= 700
						REG_IDS_LINUX_NEWER(REG_ID_N, REG_ID_E)
#endif
};
const unsigned COUNT = sizeof(TABLE) / sizeof(TABLE[0]);
