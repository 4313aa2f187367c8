/* SPDX-License-Identifier: Apache-2.0 */
/* What the ONE_REG host tests share: a vCPU on a fake host, fake arch hooks, a fake SBI table, id helpers. */
#ifndef TESTS_UNIT_ONE_REG_FIXTURE_H
#define TESTS_UNIT_ONE_REG_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "rvkvm/rvkvm.h"

/* The fake host: rv64imafdch with these multi-letter extensions (see one_reg_fixture.c). */
#define FIX_HOST_ISA                                                                       \
	"rv64imafdchv_zicsr_zifencei_zihintpause_zba_zbb_zkr_sstc_svadu_svpbmt_smstateen_" \
	"zicbom_zicboz_ssaia"
#define FIX_TIMEBASE 10000000u
#define FIX_CBOM 64u
#define FIX_CBOZ 128u
#define FIX_NOW 0x123456789ULL /* what arch_time_now() returns */
/* The host's marchid, its top bit set (an open-source implementation's id): bit 63, or 31 on rv32. */
#define FIX_MARCHID ((1UL << (sizeof(unsigned long) * 8 - 1)) | 7)

extern struct rvkvm_vm fix_vm;
extern struct rvkvm_vcpu *fix_v;
/* vcpu_arch_put: how often it ran, and what it returns (0, or RVKVM_EBUSY for "on another hart"). */
extern unsigned fix_put_calls;
extern int fix_put_result;
/* Whether the fake SBI table's STA extension is present on the host (its probe). */
extern bool fix_sta_present;

/* cmocka setup/teardown: a fresh vCPU created by rvkvm_create_vcpu on the fake host. */
int fix_setup(void **state);
int fix_teardown(void **state);

/* Whole ids. */
uint64_t fix_id(uint64_t size, uint64_t type_subtype, uint64_t index);
uint64_t fix_ul(uint64_t type_subtype, uint64_t index); /* size unsigned long */

/* get/set through the ABI with a 64-bit value (a U32 register uses the low half). */
int fix_get(uint64_t id, uint64_t *val);
int fix_set(uint64_t id, uint64_t val);
uint64_t fix_get_ok(uint64_t id);
void fix_set_ok(uint64_t id, uint64_t val);

/* The register list: returns a malloc'ed list (free it) with every id. */
struct rvkvm_reg_list *fix_reg_list(void);
bool fix_listed(const struct rvkvm_reg_list *l, uint64_t id);

#endif
