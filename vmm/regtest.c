/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM's ONE_REG test hook: round trips and small changes of a guest's registers between two runs of its vCPU. */
#include "vmm/regtest.h"

#include "lib/sbi_spec.h"
#include "lib/spinlock.h"

#define MAX_REGS 1024

/* Too big for a hart's stack; vCPUs on other harts may ask at the same time. */
static spinlock_t lock;
static union {
	struct rvkvm_reg_list list;
	uint64_t words[MAX_REGS + 1];
} buf;

/* set(get(id)) for every register of the vCPU; the number of ids, or a negative error. */
static long round_trip(struct rvkvm_vcpu *vcpu)
{
	struct rvkvm_reg_list *list = &buf.list;
	uint64_t val[2];
	long n;
	int err;

	list->n = MAX_REGS;
	err = rvkvm_get_reg_list(vcpu, list);
	if (err) {
		return err;
	}
	n = (long)list->n;
	for (long i = 0; i < n; i++) {
		uint64_t id = list->reg[i];

		err = rvkvm_get_one_reg(vcpu, id, val);
		if (!err) {
			err = rvkvm_set_one_reg(vcpu, id, val);
		}
		if (err) {
			return err;
		}
	}
	return n;
}

static long bump(struct rvkvm_vcpu *vcpu)
{
	const uint64_t f5 = RVKVM_REG_RISCV_ID(RVKVM_REG_SIZE_U64, RVKVM_REG_RISCV_FP_D,
					       RVKVM_REG_RISCV_FP_D_REG(f[5]));
	const uint64_t sscratch = RVKVM_REG_RISCV_ID(
		RVKVM_REG_SIZE_ULONG, RVKVM_REG_RISCV_CSR | RVKVM_REG_RISCV_CSR_GENERAL,
		RVKVM_REG_RISCV_CSR_REG(sscratch));
	uint64_t val;
	int err = rvkvm_get_one_reg(vcpu, f5, &val);

	if (!err) {
		val += 1;
		err = rvkvm_set_one_reg(vcpu, f5, &val);
	}
	if (!err) {
		err = rvkvm_get_one_reg(vcpu, sscratch, &val);
	}
	if (!err) {
		val ^= 0xff;
		err = rvkvm_set_one_reg(vcpu, sscratch, &val);
	}
	return err;
}

bool regtest_sbi(struct rvkvm_vcpu *vcpu, struct rvkvm_exit *e)
{
	long r;

	if (e->riscv_sbi.extension_id != REGTEST_EID) {
		return false;
	}
	switch (e->riscv_sbi.function_id) {
	case REGTEST_ROUND_TRIP:
		spin_lock(&lock);
		r = round_trip(vcpu);
		spin_unlock(&lock);
		break;
	case REGTEST_BUMP:
		r = bump(vcpu);
		break;
	default:
		e->riscv_sbi.ret[0] = (unsigned long)SBI_ERR_NOT_SUPPORTED;
		return true;
	}
	/* A ONE_REG error comes back as SBI_ERR_FAILED with the error in a1. */
	e->riscv_sbi.ret[0] = r < 0 ? (unsigned long)SBI_ERR_FAILED : SBI_SUCCESS;
	e->riscv_sbi.ret[1] = (unsigned long)r;
	return true;
}
