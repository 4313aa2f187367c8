/* vCPU creation and its register state through ONE_REG (KVM_CREATE_VCPU, KVM_GET/SET_ONE_REG). */
#include "core/vcpu.h"

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

int rvkvm_create_vcpu(struct rvkvm_vm *vm, unsigned id, struct rvkvm_vcpu **out)
{
	struct rvkvm_vcpu *v;

	if (id >= VCPU_MAX_PER_VM || vm->vcpus[id]) {
		return id >= VCPU_MAX_PER_VM ? RVKVM_EINVAL : RVKVM_EEXIST;
	}
	v = core_alloc_zeroed(sizeof(*v), 64);
	if (!v) {
		return RVKVM_ENOMEM;
	}
	v->vm = vm;
	v->id = id;
	/* Reset state: VS-mode, interrupts off, a 64-bit guest; the VMM sets pc, a0, a1. */
	v->ctx.sstatus = SSTATUS_SPP | SSTATUS_FS_INITIAL;
	if (host_caps.has_v) {
		/* The guest's vector registers, saved when it is not loaded (32 of vlenb bytes). */
		v->vec.regs = core_alloc_zeroed(32 * host_caps.vlenb, 16);
		if (!v->vec.regs) {
			return RVKVM_ENOMEM;
		}
		v->ctx.sstatus |= SSTATUS_VS_INITIAL;
	}
	v->ctx.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64;
	v->csr.vstimecmp = UINT64_MAX;
	v->timer_deadline = UINT64_MAX;
	vm->vcpus[id] = v;
	if (id >= vm->nvcpus) {
		vm->nvcpus = id + 1;
	}
	*out = v;
	return 0;
}

struct rvkvm_exit *rvkvm_vcpu_exit(struct rvkvm_vcpu *v)
{
	return &v->exit;
}

/* The one place that knows where each register lives; get and set both go through it. */
static unsigned long *core_reg(struct rvkvm_vcpu *v, uint64_t index)
{
	if (index == RVKVM_REG_RISCV_CORE_INDEX_PC) {
		return &v->ctx.sepc;
	}
	if (index >= 1 && index <= 31) {
		return &v->ctx.gpr[index];
	}
	return NULL;
}

static int one_reg(struct rvkvm_vcpu *v, uint64_t id, void *get, const void *set)
{
	uint64_t index = id & ~(RVKVM_REG_ARCH_MASK | RVKVM_REG_SIZE_MASK | RVKVM_REG_RISCV_TYPE_MASK);
	unsigned long *reg;
	unsigned long val;

	if ((id & RVKVM_REG_ARCH_MASK) != RVKVM_REG_RISCV) {
		return RVKVM_ENOENT;
	}
	switch (id & RVKVM_REG_RISCV_TYPE_MASK) {
	case RVKVM_REG_RISCV_CORE:
		if ((id & RVKVM_REG_SIZE_MASK) != RVKVM_REG_SIZE_U64) {
			return RVKVM_EINVAL;
		}
		if (index == RVKVM_REG_RISCV_CORE_INDEX_MODE) {
			if (get) {
				val = (v->ctx.sstatus & SSTATUS_SPP) ? RVKVM_RISCV_MODE_S
								     : RVKVM_RISCV_MODE_U;
				lib_memcpy(get, &val, sizeof(val));
				return 0;
			}
			lib_memcpy(&val, set, sizeof(val));
			if (val != RVKVM_RISCV_MODE_S && val != RVKVM_RISCV_MODE_U) {
				return RVKVM_EINVAL;
			}
			v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_SPP) |
					 (val == RVKVM_RISCV_MODE_S ? SSTATUS_SPP : 0);
			return 0;
		}
		reg = core_reg(v, index);
		if (!reg) {
			return RVKVM_ENOENT;
		}
		if (get) {
			lib_memcpy(get, reg, sizeof(*reg));
		} else {
			lib_memcpy(reg, set, sizeof(*reg));
		}
		return 0;
	default:
		return RVKVM_ENOENT;
	}
}

int rvkvm_get_one_reg(struct rvkvm_vcpu *v, uint64_t id, void *value)
{
	return one_reg(v, id, value, NULL);
}

int rvkvm_set_one_reg(struct rvkvm_vcpu *v, uint64_t id, const void *value)
{
	return one_reg(v, id, NULL, value);
}
