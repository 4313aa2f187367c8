/* SPDX-License-Identifier: Apache-2.0 */
/* ONE_REG (KVM_GET/SET_ONE_REG, KVM_GET_REG_LIST): one switch on the register type finds a register; the same code gets, sets, counts and lists. */
#include "core/one_reg.h"

#include <limits.h>

#include "core/sbi/sbi.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

#define ID_FIELDS                                                                \
	(RVKVM_REG_ARCH_MASK | RVKVM_REG_SIZE_MASK | RVKVM_REG_RISCV_TYPE_MASK | \
	 RVKVM_REG_RISCV_SUBTYPE_MASK | RVKVM_REG_RISCV_INDEX_MASK)

/* Finds the register an id names (its size field aside); the one switch on the type. */
static int find(struct rvkvm_vcpu *v, uint64_t id, struct reg *r)
{
	lib_memset(r, 0, sizeof(*r));
	r->size = RVKVM_REG_SIZE_ULONG;
	r->subtype =
		(unsigned)((id & RVKVM_REG_RISCV_SUBTYPE_MASK) >> RVKVM_REG_RISCV_SUBTYPE_SHIFT);
	r->index = (unsigned)(id & RVKVM_REG_RISCV_INDEX_MASK);
	if ((id & RVKVM_REG_ARCH_MASK) != RVKVM_REG_RISCV || (id & ~ID_FIELDS) != 0) {
		return RVKVM_ENOENT;
	}
	switch (id & RVKVM_REG_RISCV_TYPE_MASK) {
	case RVKVM_REG_RISCV_CONFIG:
		return one_reg_config(v, r);
	case RVKVM_REG_RISCV_CORE:
		return one_reg_core(v, r);
	case RVKVM_REG_RISCV_CSR:
		return one_reg_csr(v, r);
	case RVKVM_REG_RISCV_TIMER:
		return one_reg_timer(v, r);
	case RVKVM_REG_RISCV_FP_F:
		return one_reg_fp(v, r, false);
	case RVKVM_REG_RISCV_FP_D:
		return one_reg_fp(v, r, true);
	case RVKVM_REG_RISCV_ISA_EXT:
		return one_reg_isa_ext(v, r);
	case RVKVM_REG_RISCV_SBI_EXT:
		return one_reg_sbi_ext(v, r);
	case RVKVM_REG_RISCV_SBI_STATE:
		return one_reg_sbi_state(v, r);
	case RVKVM_REG_RISCV_SBI_VMM:
		return one_reg_sbi_vmm(v, r);
	case RVKVM_REG_RISCV_EXC_ROUTE:
		return one_reg_exc_route(v, r);
	case RVKVM_REG_RISCV_SBI_EXT_RVKVM:
		return one_reg_sbi_ext_rvkvm(v, r);
	default:
		return RVKVM_ENOENT; /* VECTOR, and types nobody defined */
	}
}

/* In spaces[]: a subtype for each SBI extension with SBI_STATE registers, bound by its descriptor. */
#define SPACES_OF_SBI_EXTS UINT_MAX

/*
 * Every (type, subtype) that has registers, with a bound on its indexes: the register list is
 * whatever find() accepts in these ranges. A bound may be generous; find() decides.
 */
static const struct {
	uint64_t type_subtype;
	unsigned nr;
} spaces[] = {
	{ RVKVM_REG_RISCV_CONFIG, sizeof(struct rvkvm_riscv_config) / sizeof(unsigned long) },
	{ RVKVM_REG_RISCV_CORE, sizeof(struct rvkvm_riscv_core) / sizeof(unsigned long) },
	{ RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_GENERAL,
	  sizeof(struct rvkvm_riscv_csr) / sizeof(unsigned long) },
	{ RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_AIA,
	  sizeof(struct rvkvm_riscv_aia_csr) / sizeof(unsigned long) },
	{ RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_SMSTATEEN,
	  sizeof(struct rvkvm_riscv_smstateen_csr) / sizeof(unsigned long) },
	{ RVKVM_REG_RISCV_TIMER, sizeof(struct rvkvm_riscv_timer) / sizeof(uint64_t) },
	{ RVKVM_REG_RISCV_FP_F, RVKVM_REG_RISCV_FP_F_REG(fcsr) + 1 },
	{ RVKVM_REG_RISCV_FP_D, RVKVM_REG_RISCV_FP_D_REG(fcsr) + 1 },
	{ RVKVM_REG_RISCV_ISA_EXT | RVKVM_REG_RISCV_ISA_SINGLE, RVKVM_RISCV_ISA_EXT_MAX },
	{ RVKVM_REG_RISCV_SBI_EXT | RVKVM_REG_RISCV_SBI_SINGLE, RVKVM_RISCV_SBI_EXT_MAX },
	{ RVKVM_REG_RISCV_SBI_STATE, SPACES_OF_SBI_EXTS },
	{ RVKVM_REG_RISCV_SBI_VMM, RVKVM_RISCV_SBI_EXT_MAX },
	{ RVKVM_REG_RISCV_EXC_ROUTE, RVKVM_EXC_ROUTE_NR },
	{ RVKVM_REG_RISCV_SBI_EXT_RVKVM, RVKVM_RISCV_SBI_EXT_RVKVM_MAX },
};

/* Finds the register for a get or set: size checked, and its value taken from memory. */
static int lookup(struct rvkvm_vcpu *v, uint64_t id, struct reg *r)
{
	int err = find(v, id, r);

	if (err) {
		return err;
	}
	if ((id & RVKVM_REG_SIZE_MASK) != r->size) {
		return RVKVM_EINVAL;
	}
	if (r->flags & REG_NEEDS_PUT) {
		/* The value may be in this hart's CSRs: bring it to memory, then look again. */
		err = vcpu_arch_put(v);
		if (err) {
			return err;
		}
		err = find(v, id, r);
	}
	return err;
}

int rvkvm_get_one_reg(struct rvkvm_vcpu *v, uint64_t id, void *value)
{
	struct reg r;
	int err = lookup(v, id, &r);

	if (err) {
		return err;
	}
	if (r.size == RVKVM_REG_SIZE_U32) {
		uint32_t val32 = (uint32_t)r.value;

		lib_memcpy(value, &val32, sizeof(val32));
	} else {
		lib_memcpy(value, &r.value, sizeof(r.value));
	}
	return 0;
}

int rvkvm_set_one_reg(struct rvkvm_vcpu *v, uint64_t id, const void *value)
{
	struct reg r;
	uint64_t val;
	int err = lookup(v, id, &r);

	if (err) {
		return err;
	}
	if (r.size == RVKVM_REG_SIZE_U32) {
		uint32_t val32;

		lib_memcpy(&val32, value, sizeof(val32));
		val = val32;
	} else {
		lib_memcpy(&val, value, sizeof(val));
	}
	/* A register written its own value is left alone, whatever it is and whenever. */
	if (val == r.value) {
		return 0;
	}
	if (!r.set) {
		return RVKVM_EPERM;
	}
	if ((r.flags & REG_BEFORE_RUN) && v->has_run) {
		return RVKVM_EBUSY;
	}
	return r.set(v, &r, val);
}

/* Counts the listed registers of one space into *n, and stores them too if fill. */
static void list_space(struct rvkvm_vcpu *v, uint64_t type_subtype, unsigned nr,
		       struct rvkvm_reg_list *list, bool fill, uint64_t *n)
{
	struct reg r;

	for (unsigned i = 0; i < nr; i++) {
		uint64_t id = RVKVM_REG_RISCV | type_subtype | i;

		if (find(v, id, &r) != 0 || (r.flags & REG_UNLISTED)) {
			continue;
		}
		if (fill) {
			list->reg[*n] = id | r.size;
		}
		(*n)++;
	}
}

int rvkvm_get_reg_list(struct rvkvm_vcpu *v, struct rvkvm_reg_list *list)
{
	uint64_t n = 0;
	uint64_t room = list->n;

	/* Two passes over the same walk: count, then (if it fits) fill. */
	for (int fill = 0; fill < 2; fill++) {
		n = 0;
		for (unsigned s = 0; s < sizeof(spaces) / sizeof(spaces[0]); s++) {
			if (spaces[s].nr != SPACES_OF_SBI_EXTS) {
				list_space(v, spaces[s].type_subtype, spaces[s].nr, list, fill, &n);
				continue;
			}
			/* In subtype order, whatever the order of the SBI table. */
			for (uint64_t sub = 0; sub <= RVKVM_REG_RISCV_SUBTYPE_MASK;
			     sub += 1ULL << RVKVM_REG_RISCV_SUBTYPE_SHIFT) {
				const struct sbi_ext *e = sbi_state_ext(sub);

				if (e) {
					list_space(v, spaces[s].type_subtype | sub, e->state_nr,
						   list, fill, &n);
				}
			}
		}
		if (n > room) {
			list->n = n;
			return RVKVM_E2BIG;
		}
	}
	list->n = n;
	return 0;
}

static int set_ulong(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	(void)v;
	*(unsigned long *)r->ptr = (unsigned long)val; /* the id's size: an unsigned long's */
	return 0;
}

void one_reg_plain(struct reg *r, unsigned long *p)
{
	r->ptr = p;
	r->value = *p;
	r->set = set_ulong;
}

int one_reg_check_bool(uint64_t val)
{
	return val <= 1 ? 0 : RVKVM_EINVAL;
}
