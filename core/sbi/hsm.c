/* SPDX-License-Identifier: Apache-2.0 */
/* SBI Hart State Management for vCPUs: start, stop, status, and retentive/non-retentive suspend. */
#include "core/sbi/sbi.h"
#include "core/vcpu_irq.h"
#include "core/vm_arch.h"
#include "lib/spinlock.h"

/* Orders a start request's fields (entry, opaque) with the state change that publishes them. */
static spinlock_t hsm_lock;

static struct rvkvm_vcpu *vcpu_by_id(struct rvkvm_vm *vm, unsigned long id)
{
	return id < VCPU_MAX_PER_VM ? vm->vcpus[id] : NULL;
}

static bool in_ram(const struct rvkvm_vcpu *v, unsigned long addr)
{
	return memslot_find(&v->vm->memslots, gpa(addr), 1) != NULL;
}

static long hart_start(struct rvkvm_vcpu *v, unsigned long id, unsigned long entry,
		       unsigned long opaque)
{
	struct rvkvm_vcpu *t = vcpu_by_id(v->vm, id);
	long err = SBI_SUCCESS;

	if (!t) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (!in_ram(v, entry)) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	spin_lock(&hsm_lock);
	if (__atomic_load_n(&t->hsm_state, __ATOMIC_ACQUIRE) != VCPU_HSM_STOPPED) {
		err = SBI_ERR_ALREADY_AVAILABLE;
	} else {
		t->start_addr = entry;
		t->start_opaque = opaque;
		__atomic_store_n(&t->hsm_state, VCPU_HSM_START_PENDING, __ATOMIC_RELEASE);
	}
	spin_unlock(&hsm_lock);
	if (err == SBI_SUCCESS) {
		vcpu_kick(t);
	}
	return err;
}

/*
 * Stops the calling vCPU unless it is the last one not stopped (then nothing could ever start
 * a vCPU again). Under hsm_lock, the only way out of STOPPED (hart_start) cannot interleave.
 */
static bool stop_self(struct rvkvm_vcpu *v)
{
	bool others = false;

	spin_lock(&hsm_lock);
	for (unsigned i = 0; i < VCPU_MAX_PER_VM; i++) {
		struct rvkvm_vcpu *o = v->vm->vcpus[i];

		if (o && o != v &&
		    __atomic_load_n(&o->hsm_state, __ATOMIC_ACQUIRE) != VCPU_HSM_STOPPED) {
			others = true;
		}
	}
	if (others) {
		__atomic_store_n(&v->hsm_state, VCPU_HSM_STOPPED, __ATOMIC_RELEASE);
	}
	spin_unlock(&hsm_lock);
	return others;
}

/* Sleeps like WFI; if the VMM needs the hart first, the call is made again on return. */
static bool suspend_wait(struct rvkvm_vcpu *v, struct sbi_result *r)
{
	__atomic_store_n(&v->hsm_state, VCPU_HSM_SUSPENDED, __ATOMIC_RELEASE);
	if (vcpu_arch_wait(v, vcpu_arch_irq_pending) == VCPU_WAIT_EXIT) {
		__atomic_store_n(&v->hsm_state, VCPU_HSM_STARTED, __ATOMIC_RELEASE);
		__atomic_store_n(&v->kick_exit, true, __ATOMIC_RELEASE);
		r->next = SBI_NEXT_NO_RETURN; /* sepc stays on the ecall */
		return false;
	}
	__atomic_store_n(&v->hsm_state, VCPU_HSM_STARTED, __ATOMIC_RELEASE);
	return true;
}

static void hart_suspend(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	uint32_t type = sbi_arg_u32(c, 0);
	unsigned long resume = c->args[1];

	if (type == SBI_HSM_SUSPEND_RET_DEFAULT) {
		if (suspend_wait(v, r)) {
			r->error = SBI_SUCCESS;
		}
		return;
	}
	if (type == SBI_HSM_SUSPEND_NON_RET_DEFAULT) {
		if (!in_ram(v, resume)) {
			r->error = SBI_ERR_INVALID_ADDRESS;
			return;
		}
		if (suspend_wait(v, r)) {
			vcpu_arch_reset_to(v, resume, c->args[2]);
			r->next = SBI_NEXT_NO_RETURN;
		}
		return;
	}
	/* The spec: reserved, or platform-specific and unimplemented (we implement none), is invalid. */
	r->error = SBI_ERR_INVALID_PARAM;
}

static int hsm_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	struct rvkvm_vcpu *t;

	switch (c->fid) {
	case SBI_HSM_HART_START:
		r->error = hart_start(v, c->args[0], c->args[1], c->args[2]);
		break;
	case SBI_HSM_HART_STOP:
		if (stop_self(v)) {
			sbi_sta_reset(v); /* not runnable: the spec stops steal-time writes */
			r->next = SBI_NEXT_NO_RETURN;
		} else {
			/* It was the last one: no vCPU is left that could start another. */
			v->exit.reason = RVKVM_EXIT_INTERNAL_ERROR;
			v->exit.internal.suberror = RVKVM_INTERNAL_ALL_STOPPED;
			v->exit.internal.ndata = 0;
			v->pending = VCPU_PENDING_DEAD;
			r->next = SBI_NEXT_EXIT;
		}
		break;
	case SBI_HSM_HART_GET_STATUS:
		t = vcpu_by_id(v->vm, c->args[0]);
		if (!t) {
			r->error = SBI_ERR_INVALID_PARAM;
			break;
		}
		r->error = SBI_SUCCESS;
		r->value = (unsigned long)__atomic_load_n(&t->hsm_state, __ATOMIC_ACQUIRE);
		break;
	case SBI_HSM_HART_SUSPEND:
		hart_suspend(v, c, r);
		break;
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

const struct sbi_ext sbi_ext_hsm = {
	.name = "HSM",
	.eid_lo = SBI_EID_HSM,
	.eid_hi = SBI_EID_HSM,
	.resets_vcpu = true,
	.kvm_id = RVKVM_RISCV_SBI_EXT_HSM,
	.handler = hsm_handler,
};
