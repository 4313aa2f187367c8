/* SPDX-License-Identifier: Apache-2.0 */
/* ONE_REG inside the core: what a register lookup finds, and the per-class lookups (core/one_reg*.c). */
#ifndef CORE_ONE_REG_H
#define CORE_ONE_REG_H

#include <stdint.h>

#include "core/vcpu.h"

#define REG_NEEDS_PUT (1u << 0)  /* lives in hart CSRs while loaded: vcpu_arch_put first */
#define REG_BEFORE_RUN (1u << 1) /* a change after the first run is refused (RVKVM_EBUSY) */
#define REG_UNLISTED (1u << 2)   /* valid, but not in the register list (ISA/SBI MULTI) */

struct reg;
typedef int (*reg_set_fn)(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val);

/*
 * One register of one vCPU, as a class lookup describes it: its size and current value, and
 * how to change it. rvkvm_get_one_reg, rvkvm_set_one_reg and rvkvm_get_reg_list all act on
 * this description, so a register is described in exactly one place.
 */
struct reg {
	uint64_t size;  /* RVKVM_REG_SIZE_U32 or _U64 */
	unsigned flags; /* REG_* */
	uint64_t value;
	reg_set_fn set; /* NULL: read-only; called only with a value other than `value` */
	void *ptr; /* the storage of a plain register, for set_ulong (one_reg_plain's setter) */
	unsigned subtype, index;
};

/* Each returns 0 with *r filled, or RVKVM_ENOENT; r arrives zeroed with size ULONG. */
int one_reg_config(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_core(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_csr(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_timer(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_fp(struct rvkvm_vcpu *v, struct reg *r, bool d);
int one_reg_isa_ext(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_sbi_ext(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_sbi_state(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_sbi_vmm(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_exc_route(struct rvkvm_vcpu *v, struct reg *r);
int one_reg_sbi_ext_rvkvm(struct rvkvm_vcpu *v, struct reg *r);

/* Makes next the vCPU's ISA if it is a consistent one (D needs F), and applies what follows from it. */
int one_reg_isa_apply(struct rvkvm_vcpu *v, const struct isa_set *next);

/* Describes a plain read-write unsigned long at p. */
void one_reg_plain(struct reg *r, unsigned long *p);
/* A setter for registers that hold 0 or 1 (RVKVM_EINVAL for anything else) is built on this. */
int one_reg_check_bool(uint64_t val);

#endif
