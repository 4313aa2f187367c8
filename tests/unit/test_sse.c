/* SPDX-License-Identifier: Apache-2.0 */
/* Host unit tests of SBI SSE (core/sbi/sse.c): states, attributes, and an event's delivery and completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/arch/riscv/csr.h"
#include "core/sbi/sbi.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE 4096UL
#define BUF (RAM_BASE + 0x100)
#define HANDLER (RAM_BASE + 0x800)
#define HANDLER2 (RAM_BASE + 0x900)
#define ARG 0xa0a0a0a0UL
#define ARG2 0xb0b0b0b0UL
#define PC (RAM_BASE + 0x400) /* where the guest is when an event comes */
#define LOCAL SBI_SSE_EVENT_LOCAL_SOFTWARE
#define GLOBAL SBI_SSE_EVENT_GLOBAL_SOFTWARE

static struct rvkvm_vm vm;
static struct rvkvm_vcpu vcpu, other;
static unsigned long ram[RAM_SIZE / sizeof(unsigned long)];

static int setup(void **state)
{
	(void)state;
	memset(&vm, 0, sizeof(vm));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&other, 0, sizeof(other));
	memset(ram, 0x5a, sizeof(ram));
	vm.memslots.slot[0] = (struct memslot){
		.used = true, .base = gpa(RAM_BASE), .size = RAM_SIZE, .host = hpa_of(ram)
	};
	vm.vcpus[0] = &vcpu;
	vm.vcpus[1] = &other;
	vm.nvcpus = 2;
	vcpu.vm = other.vm = &vm;
	other.id = 1;
	fake_arch_reset();
	return 0;
}

static struct sbi_result call_on(struct rvkvm_vcpu *v, unsigned long fid, unsigned long a0,
				 unsigned long a1, unsigned long a2, unsigned long a3,
				 unsigned long a4)
{
	struct sbi_call c = { .eid = SBI_EID_SSE, .fid = fid, .args = { a0, a1, a2, a3, a4, 7 } };
	struct sbi_result r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(sbi_dispatch(v, &c, &r), 0);
	return r;
}

static long call(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	struct sbi_result r = call_on(&vcpu, fid, a0, a1, a2, 0, 0);

	assert_int_equal(r.next, SBI_NEXT_RETURN);
	assert_int_equal(r.value, 0);
	return r.error;
}

static unsigned long attr(uint32_t event, unsigned id)
{
	struct sbi_result r = call_on(&vcpu, SBI_SSE_READ_ATTRS, event, id, 1, BUF, 0);

	assert_int_equal(r.error, SBI_SUCCESS);
	return ram[(BUF - RAM_BASE) / sizeof(long)];
}

static long set_attr(uint32_t event, unsigned id, unsigned long val)
{
	ram[(BUF - RAM_BASE) / sizeof(long)] = val;
	return call_on(&vcpu, SBI_SSE_WRITE_ATTRS, event, id, 1, BUF, 0).error;
}

static unsigned long state_of(uint32_t event)
{
	return attr(event, SBI_SSE_ATTR_STATUS) & SBI_SSE_STATUS_STATE_MASK;
}

/* The guest somewhere in VS-mode with interrupts on, about to be entered by the run loop. */
static void guest_at(struct rvkvm_vcpu *v, unsigned long pc)
{
	v->ctx.sepc = pc;
	v->ctx.sstatus = SSTATUS_SPP;
	v->ctx.gpr[GPR_A0] = 0xa0;
	v->ctx.gpr[GPR_A6] = 0x66;
	v->ctx.gpr[GPR_A7] = 0x77;
	v->csr.vsepc = 0x1234;                       /* its own last trap's */
	v->csr.vsstatus = SSTATUS_SIE | SSTATUS_SPP; /* SPIE 0, SPP 1 */
}

/* What the run loop does before it enters the guest. */
static void entry(struct rvkvm_vcpu *v)
{
	if (sbi_sse_look(v)) {
		sbi_sse_deliver(v);
	}
}

static void register_enable(uint32_t event, unsigned long pc, unsigned long arg)
{
	assert_int_equal(call(SBI_SSE_REGISTER, event, pc, arg), SBI_SUCCESS);
	assert_int_equal(call(SBI_SSE_ENABLE, event, 0, 0), SBI_SUCCESS);
}

/* UNUSED -> REGISTERED -> ENABLED -> REGISTERED -> UNUSED, and each wrong step refused. */
static void test_states(void **state)
{
	(void)state;
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_UNUSED);
	assert_int_equal(call(SBI_SSE_ENABLE, LOCAL, 0, 0), SBI_ERR_INVALID_STATE);
	assert_int_equal(call(SBI_SSE_UNREGISTER, LOCAL, 0, 0), SBI_ERR_INVALID_STATE);
	assert_int_equal(call(SBI_SSE_REGISTER, LOCAL, HANDLER, ARG), SBI_SUCCESS);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_REGISTERED);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_ENTRY_PC), HANDLER);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_ENTRY_ARG), ARG);
	assert_int_equal(call(SBI_SSE_REGISTER, LOCAL, HANDLER, ARG), SBI_ERR_INVALID_STATE);
	assert_int_equal(call(SBI_SSE_DISABLE, LOCAL, 0, 0), SBI_ERR_INVALID_STATE);
	assert_int_equal(call(SBI_SSE_ENABLE, LOCAL, 0, 0), SBI_SUCCESS);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_ENABLED);
	assert_int_equal(call(SBI_SSE_UNREGISTER, LOCAL, 0, 0), SBI_ERR_INVALID_STATE);
	assert_int_equal(call(SBI_SSE_DISABLE, LOCAL, 0, 0), SBI_SUCCESS);
	assert_int_equal(call(SBI_SSE_UNREGISTER, LOCAL, 0, 0), SBI_SUCCESS);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_UNUSED);
	/* Local state is per hart: the other vCPU's event is untouched. */
	assert_int_equal(call(SBI_SSE_REGISTER, LOCAL, HANDLER, ARG), SBI_SUCCESS);
	assert_int_equal(other.sse.local.state, SBI_SSE_STATE_UNUSED);
	/* The global event's is the VM's: registered from vCPU 0, seen from vCPU 1. */
	assert_int_equal(call(SBI_SSE_REGISTER, GLOBAL, HANDLER, ARG), SBI_SUCCESS);
	assert_int_equal(call_on(&other, SBI_SSE_REGISTER, GLOBAL, HANDLER, ARG, 0, 0).error,
			 SBI_ERR_INVALID_STATE);
	assert_int_equal(call_on(&other, SBI_SSE_ENABLE, GLOBAL, 0, 0, 0, 0).error, SBI_SUCCESS);
	assert_int_equal(state_of(GLOBAL), SBI_SSE_STATE_ENABLED);
}

/* Attributes: reset values, which are writable when, and the read of a range. */
static void test_attributes(void **state)
{
	unsigned long *out = &ram[(BUF - RAM_BASE) / sizeof(long)];

	(void)state;
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_STATUS), SBI_SSE_STATUS_INJECTABLE);
	assert_int_equal(attr(GLOBAL, SBI_SSE_ATTR_STATUS), SBI_SSE_STATUS_INJECTABLE);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_PREFERRED_HART), 0);
	/* A local event's preferred hart is the hart reading it. */
	assert_int_equal(
		call_on(&other, SBI_SSE_READ_ATTRS, LOCAL, SBI_SSE_ATTR_PREFERRED_HART, 1, BUF, 0)
			.error,
		SBI_SUCCESS);
	assert_int_equal(*out, 1);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_PRIORITY, 7), SBI_SUCCESS);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_CONFIG, SBI_SSE_CONFIG_ONESHOT), SBI_SUCCESS);
	assert_int_equal(set_attr(GLOBAL, SBI_SSE_ATTR_PREFERRED_HART, 1), SBI_SUCCESS);
	assert_int_equal(set_attr(GLOBAL, SBI_SSE_ATTR_PREFERRED_HART, 2), SBI_ERR_INVALID_PARAM);
	register_enable(LOCAL, HANDLER, ARG);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_PRIORITY, 8), SBI_ERR_INVALID_STATE);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_CONFIG, 0), SBI_ERR_INVALID_STATE);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A7, 1), SBI_ERR_INVALID_STATE);
	/* The range 1..5 in one read: value i at offset (XLEN / 8) * i, nothing past. */
	out[5] = 0x5a5a;
	assert_int_equal(call_on(&vcpu, SBI_SSE_READ_ATTRS, LOCAL, 1, 5, BUF, 0).error,
			 SBI_SUCCESS);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], SBI_SSE_CONFIG_ONESHOT);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], HANDLER);
	assert_int_equal(out[4], ARG);
	assert_int_equal(out[5], 0x5a5a);
	/* The buffer of 10 values must lie wholly in RAM. */
	assert_int_equal(call_on(&vcpu, SBI_SSE_READ_ATTRS, LOCAL, 0, 10,
				 RAM_BASE + RAM_SIZE - 9 * sizeof(long), 0)
				 .error,
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(call_on(&vcpu, SBI_SSE_READ_ATTRS, LOCAL, 0, 10,
				 RAM_BASE + RAM_SIZE - 10 * sizeof(long), 0)
				 .error,
			 SBI_SUCCESS);
}

/* Injected, enabled and unmasked: taken on the next entry, with the spec's registers. */
static void test_deliver_and_complete(void **state)
{
	struct sbi_result r;

	(void)state;
	guest_at(&vcpu, PC);
	register_enable(LOCAL, HANDLER, ARG);
	assert_int_equal(call(SBI_SSE_INJECT, LOCAL, 0, 0), SBI_SUCCESS);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_STATUS), SBI_SSE_STATE_ENABLED |
								   SBI_SSE_STATUS_PENDING |
								   SBI_SSE_STATUS_INJECTABLE);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, PC); /* masked: nothing */
	assert_int_equal(call(SBI_SSE_HART_UNMASK, 0, 0, 0), SBI_SUCCESS);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
	assert_true(vcpu.ctx.sstatus & SSTATUS_SPP);
	assert_int_equal(vcpu.ctx.gpr[GPR_A6], 0); /* the hart id */
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], ARG);
	assert_int_equal(vcpu.ctx.gpr[GPR_A0], 0xa0);
	assert_int_equal(vcpu.csr.vsepc, PC);
	/* SPP = interrupted privilege (VS), SPIE = SIE (1), SIE = 0. */
	assert_int_equal(vcpu.csr.vsstatus, SSTATUS_SPP | SSTATUS_SPIE);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_STATUS),
			 SBI_SSE_STATE_RUNNING | SBI_SSE_STATUS_INJECTABLE);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_SEPC), 0x1234);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_FLAGS), SBI_SSE_FLAG_SPP);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A6), 0x66);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A7), 0x77);
	/* The handler runs, clobbers a6/a7 with the complete call; complete puts it all back. */
	vcpu.ctx.sepc = HANDLER + 0x20;
	vcpu.ctx.gpr[GPR_A6] = SBI_SSE_COMPLETE;
	vcpu.ctx.gpr[GPR_A7] = SBI_EID_SSE;
	r = call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	assert_int_equal(r.next, SBI_NEXT_NO_RETURN);
	assert_int_equal(vcpu.ctx.sepc, PC);
	assert_true(vcpu.ctx.sstatus & SSTATUS_SPP);
	assert_int_equal(vcpu.ctx.gpr[GPR_A6], 0x66);
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], 0x77);
	assert_int_equal(vcpu.csr.vsepc, 0x1234);
	assert_int_equal(vcpu.csr.vsstatus, SSTATUS_SIE | SSTATUS_SPP);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_ENABLED);
	/* Nothing left pending: the next entry changes nothing. */
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, PC);
	/* No event running now: complete just returns. */
	assert_int_equal(call(SBI_SSE_COMPLETE, 0, 0, 0), SBI_SUCCESS);
}

/* The handler changes INTERRUPTED_SEPC and _A6: complete resumes there, from VU-mode too. */
static void test_resume_elsewhere(void **state)
{
	(void)state;
	guest_at(&vcpu, PC);
	vcpu.ctx.sstatus = 0; /* interrupted in VU-mode */
	register_enable(LOCAL, HANDLER, ARG);
	call(SBI_SSE_HART_UNMASK, 0, 0, 0);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu);
	assert_int_equal(vcpu.csr.vsstatus & SSTATUS_SPP, 0); /* VU was interrupted */
	assert_true(vcpu.ctx.sstatus & SSTATUS_SPP);          /* the handler runs in VS */
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_SEPC, 0x4444), SBI_SUCCESS);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A6, 0x6666), SBI_SUCCESS);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_FLAGS, SBI_SSE_FLAG_SPIE),
			 SBI_SUCCESS);
	vcpu.csr.vsepc = PC + 8; /* and the handler's own "where to go back" */
	assert_int_equal(call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0).next, SBI_NEXT_NO_RETURN);
	assert_int_equal(vcpu.ctx.sepc, PC + 8);
	assert_int_equal(vcpu.ctx.sstatus & SSTATUS_SPP, 0);
	assert_int_equal(vcpu.ctx.gpr[GPR_A6], 0x6666);
	assert_int_equal(vcpu.csr.vsepc, 0x4444);
	assert_int_equal(vcpu.csr.vsstatus, SSTATUS_SIE | SSTATUS_SPIE);
}

/* One-shot: back to REGISTERED on complete; injected again meanwhile it waits for enable. */
static void test_oneshot(void **state)
{
	(void)state;
	guest_at(&vcpu, PC);
	assert_int_equal(set_attr(LOCAL, SBI_SSE_ATTR_CONFIG, SBI_SSE_CONFIG_ONESHOT), SBI_SUCCESS);
	register_enable(LOCAL, HANDLER, ARG);
	call(SBI_SSE_HART_UNMASK, 0, 0, 0);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
	call(SBI_SSE_INJECT, LOCAL, 0, 0); /* RUNNING: it is taken after complete, if enabled */
	call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_REGISTERED);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, PC);
	assert_int_equal(call(SBI_SSE_ENABLE, LOCAL, 0, 0), SBI_SUCCESS);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
}

/* Not one-shot and injected while running: taken right after complete, from the same place. */
static void test_again_after_complete(void **state)
{
	(void)state;
	guest_at(&vcpu, PC);
	register_enable(LOCAL, HANDLER, ARG);
	call(SBI_SSE_HART_UNMASK, 0, 0, 0);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu); /* running: not taken again inside itself */
	assert_int_equal(vcpu.csr.vsepc, PC);
	call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
	assert_int_equal(vcpu.csr.vsepc, PC);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A6), 0x66);
}

/*
 * Priority: the more urgent preempts the less urgent while it runs, and completes first; the
 * less urgent waits for the more urgent. Equal priorities: the lower event id first.
 */
static void test_priority(void **state)
{
	(void)state;
	guest_at(&vcpu, PC);
	assert_int_equal(set_attr(GLOBAL, SBI_SSE_ATTR_PRIORITY, 5), SBI_SUCCESS);
	register_enable(LOCAL, HANDLER, ARG);
	register_enable(GLOBAL, HANDLER2, ARG2);
	call(SBI_SSE_HART_UNMASK, 0, 0, 0);
	/* Both pending, priorities 0 and 5: the local one. */
	call(SBI_SSE_INJECT, GLOBAL, 0, 0);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER); /* the global one waits */
	vcpu.ctx.sepc = HANDLER + 0x10;
	call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	assert_int_equal(vcpu.ctx.sepc, PC);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER2);
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], ARG2);
	/* Now the local one preempts the running global one, and completes first. */
	vcpu.ctx.sepc = HANDLER2 + 4;
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	entry(&vcpu);
	assert_int_equal(vcpu.ctx.sepc, HANDLER);
	assert_int_equal(vcpu.csr.vsepc, HANDLER2 + 4);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_INTERRUPTED_A7), ARG2);
	call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	assert_int_equal(vcpu.ctx.sepc, HANDLER2 + 4);
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], ARG2);
	assert_int_equal(state_of(GLOBAL), SBI_SSE_STATE_RUNNING);
	call_on(&vcpu, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0);
	assert_int_equal(vcpu.ctx.sepc, PC);
	assert_int_equal(vcpu.ctx.gpr[GPR_A7], 0x77);
	assert_int_equal(vcpu.csr.vsepc, 0x1234);
	assert_int_equal(state_of(GLOBAL), SBI_SSE_STATE_ENABLED);
}

/* Inject into another vCPU: it is kicked, and takes the event on its own entry; a WFI ends. */
static void test_inject_other(void **state)
{
	(void)state;
	guest_at(&other, PC);
	assert_int_equal(call_on(&other, SBI_SSE_REGISTER, LOCAL, HANDLER, ARG, 0, 0).error,
			 SBI_SUCCESS);
	assert_int_equal(call_on(&other, SBI_SSE_ENABLE, LOCAL, 0, 0, 0, 0).error, SBI_SUCCESS);
	assert_int_equal(call_on(&other, SBI_SSE_HART_UNMASK, 0, 0, 0, 0, 0).error, SBI_SUCCESS);
	entry(&other);
	assert_false(sbi_sse_look(&other));
	assert_int_equal(call(SBI_SSE_INJECT, LOCAL, 1, 0), SBI_SUCCESS);
	assert_int_equal(fake_arch.kicks, 1);
	assert_ptr_equal(fake_arch.kicked[0], &other);
	assert_true(sbi_sse_look(&other)); /* what the vCPU's WFI also waits for */
	assert_false(vcpu.sse.local.pending);
	entry(&other);
	assert_int_equal(other.ctx.sepc, HANDLER);
	assert_int_equal(other.ctx.gpr[GPR_A6], 1);
	/* A hart that does not exist. */
	assert_int_equal(call(SBI_SSE_INJECT, LOCAL, 2, 0), SBI_ERR_INVALID_PARAM);
}

/* The global event goes to its preferred hart, whichever vCPU injects it. */
static void test_global_preferred(void **state)
{
	(void)state;
	guest_at(&other, PC);
	assert_int_equal(set_attr(GLOBAL, SBI_SSE_ATTR_PREFERRED_HART, 1), SBI_SUCCESS);
	register_enable(GLOBAL, HANDLER2, ARG2);
	call_on(&other, SBI_SSE_HART_UNMASK, 0, 0, 0, 0, 0);
	call(SBI_SSE_HART_UNMASK, 0, 0, 0);
	fake_arch_reset();
	assert_int_equal(call(SBI_SSE_INJECT, GLOBAL, 0, 0), SBI_SUCCESS);
	assert_int_equal(fake_arch.kicks, 1);
	assert_ptr_equal(fake_arch.kicked[0], &other);
	entry(&vcpu);
	assert_int_equal(vm.sse_global.state, SBI_SSE_STATE_ENABLED);
	entry(&other);
	assert_int_equal(other.ctx.sepc, HANDLER2);
	/* Only the hart that runs it may change its interrupted state. */
	assert_int_equal(set_attr(GLOBAL, SBI_SSE_ATTR_INTERRUPTED_A6, 1), SBI_ERR_INVALID_STATE);
	/* Completing on a hart that does not run it does nothing. */
	assert_int_equal(call(SBI_SSE_COMPLETE, 0, 0, 0), SBI_SUCCESS);
	assert_int_equal(vm.sse_global.state, SBI_SSE_STATE_RUNNING);
	assert_int_equal(call_on(&other, SBI_SSE_COMPLETE, 0, 0, 0, 0, 0).next, SBI_NEXT_NO_RETURN);
	assert_int_equal(other.ctx.sepc, PC);
}

/* Mask and unmask answer with the spec's errors; a hart start resets everything, masked. */
static void test_mask_and_reset(void **state)
{
	(void)state;
	assert_int_equal(call(SBI_SSE_HART_MASK, 0, 0, 0), SBI_ERR_ALREADY_STOPPED);
	assert_int_equal(call(SBI_SSE_HART_UNMASK, 0, 0, 0), SBI_SUCCESS);
	assert_int_equal(call(SBI_SSE_HART_UNMASK, 0, 0, 0), SBI_ERR_ALREADY_STARTED);
	assert_int_equal(call(SBI_SSE_HART_MASK, 0, 0, 0), SBI_SUCCESS);
	assert_int_equal(call(SBI_SSE_HART_UNMASK, 0, 0, 0), SBI_SUCCESS);
	guest_at(&vcpu, PC);
	register_enable(LOCAL, HANDLER, ARG);
	register_enable(GLOBAL, HANDLER2, ARG2);
	call(SBI_SSE_INJECT, GLOBAL, 0, 0);
	entry(&vcpu);
	assert_int_equal(vm.sse_global.state, SBI_SSE_STATE_RUNNING);
	call(SBI_SSE_INJECT, LOCAL, 0, 0);
	sbi_sse_reset(&vcpu);
	assert_int_equal(state_of(LOCAL), SBI_SSE_STATE_UNUSED);
	assert_int_equal(attr(LOCAL, SBI_SSE_ATTR_STATUS), SBI_SSE_STATUS_INJECTABLE);
	assert_false(vcpu.sse.unmasked);
	assert_false(sbi_sse_look(&vcpu));
	/* The global event it ran is the VM's: enabled again, for whoever takes it next. */
	assert_int_equal(vm.sse_global.state, SBI_SSE_STATE_ENABLED);
	assert_int_equal(call(SBI_SSE_HART_MASK, 0, 0, 0), SBI_ERR_ALREADY_STOPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_states, setup),
		cmocka_unit_test_setup(test_attributes, setup),
		cmocka_unit_test_setup(test_deliver_and_complete, setup),
		cmocka_unit_test_setup(test_resume_elsewhere, setup),
		cmocka_unit_test_setup(test_oneshot, setup),
		cmocka_unit_test_setup(test_again_after_complete, setup),
		cmocka_unit_test_setup(test_priority, setup),
		cmocka_unit_test_setup(test_inject_other, setup),
		cmocka_unit_test_setup(test_global_preferred, setup),
		cmocka_unit_test_setup(test_mask_and_reset, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
