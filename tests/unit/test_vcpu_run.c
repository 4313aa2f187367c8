/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the run loop (core/vcpu_run.c) and the VM (core/vm.c): a guest whose traps
 * the arch fake scripts (tests/fakes/fake_arch.h), over the real SBI table, memslots, G-stage,
 * instruction decoder and scheduler. What the guest's registers look like when it is entered
 * again is what fake_arch.entry[] recorded.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arch/riscv/csr.h"
#include "core/host_caps.h"
#include "core/host_mem.h"
#include "core/sched.h"
#include "core/vcpu.h"
#include "lib/sbi_spec.h"
#include "rvkvm/rvkvm.h"
#include "tests/fakes/fake_arch.h"
#include "tests/fakes/fake_console.h"
#include "tests/fakes/fake_guest_mem.h"
#include "tests/fakes/fake_sched_arch.h"
#include "tests/unit/xlen.h"

#define POOL_SIZE (32u << 20) /* the core's host memory: a VM's 16 MiB table pool and more */
#define PC (FAKE_RAM_BASE + 0x100)
#define UART 0x10000000ull    /* no RAM there: a device */
#define RO_BASE 0x90000000ull /* a read-only region the core backs */
#define HOLE 0xa0000000ull    /* no region, until a test adds one */
#define PAGE 4096ull

/* RV64 encodings, the fields in place. */
#define LOAD(f3, rd, rs1) \
	((uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | (uint32_t)(rd) << 7 | 0x03u)
#define STORE(f3, rs2, rs1) \
	((uint32_t)(rs2) << 20 | (uint32_t)(rs1) << 15 | (uint32_t)(f3) << 12 | 0x23u)
#define CSRRW(rd, csr, rs1) \
	((uint32_t)(csr) << 20 | (uint32_t)(rs1) << 15 | 1u << 12 | (uint32_t)(rd) << 7 | 0x73u)
#define F3_B 0
#define F3_H 1
#define F3_W 2
#define F3_D 3
#define F3_BU 4
#define F3_HU 5
#define F3_WU 6
#define C_LW_A0_A1 0x4188u /* c.lw a0, 0(a1) */
#define INSN_WFI 0x10500073u
#define INSN_SRET 0x10200073u    /* virtual instruction from VS-mode when hstatus.VTSR is set */
#define INSN_UNIMP 0x00000000u   /* all zeroes: illegal, not a CSR access */
#define INSN_CUSTOM0 0x0000000bu /* custom-0 opcode: no such instruction here */

static uint8_t *pool;
static struct rvkvm_vm *vm;
static struct rvkvm_vcpu *v;
static struct sched_thread thread;
static uint8_t stack[4096];

static void thread_fn(void *arg)
{
	(void)arg;
}

static int region(uint32_t slot, uint32_t flags, uint64_t gpa, uint64_t size, uint64_t host)
{
	struct rvkvm_memory_region r = { slot, flags, gpa, size, host };

	return rvkvm_set_memory_region(vm, &r);
}

static int setup(void **state)
{
	uint64_t deadline;

	(void)state;
	fake_arch_reset();
	fake_guest_mem_reset();
	fake_console_reset();
	fake_sched_reset(1);
	memset(&host_caps, 0, sizeof(host_caps));
	strcpy(host_caps.isa, "rv64imafdch_zicsr_zifencei");
	host_caps.has_h = true;
	host_caps.timebase_freq = 10000000;
	host_caps.gstage_modes[0] = &gstage_sv39x4;
	pool = aligned_alloc(2u << 20, POOL_SIZE);
	assert_non_null(pool);
	host_mem_init(&core_host_mem);
	assert_true(host_mem_add(&core_host_mem, (uint64_t)(uintptr_t)pool, POOL_SIZE));
	vm = NULL;
	assert_int_equal(rvkvm_create_vm(NULL, &vm), 0);
	assert_int_equal(rvkvm_create_vcpu(vm, 0, &v), 0);
	/* Slot 0 is the fake guest RAM, where the guest's instructions are. */
	assert_int_equal(region(0, 0, FAKE_RAM_BASE, FAKE_RAM_SIZE, (uint64_t)(uintptr_t)fake_ram),
			 0);
	assert_int_equal(region(1, RVKVM_MEM_READONLY, RO_BASE, PAGE, 0), 0);
	/* The vCPU's thread is what hart 0 runs: rvkvm_vcpu_run needs one. */
	sched_thread_setup(&thread, thread_fn, NULL, stack + sizeof(stack));
	assert_true(sched_thread_start(&thread));
	assert_ptr_equal(sched_pick(0, 0, &deadline), &thread);
	v->ctx.sepc = PC;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(pool); /* the VM and its vCPU lived in it */
	return 0;
}

/* The guest's next trap. */
static void trap(unsigned long scause, uint64_t gpa)
{
	/* htval is the guest-physical address shifted right by 2; stval has its low bits. */
	fake_arch_trap(scause, (unsigned long)gpa, (unsigned long)(gpa >> 2), 0);
}

static void ecall(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1)
{
	v->ctx.gpr[GPR_A7] = eid;
	v->ctx.gpr[GPR_A6] = fid;
	v->ctx.gpr[GPR_A0] = a0;
	v->ctx.gpr[GPR_A1] = a1;
	fake_guest_mem_put32(v->ctx.sepc, 0x00000073u);
	fake_arch_trap(EXC_ECALL_VS, 0, 0, 0);
}

/* Runs the vCPU; expects 0 and returns the exit. */
static struct rvkvm_exit *run_ok(void)
{
	assert_int_equal(rvkvm_vcpu_run(v), 0);
	return rvkvm_vcpu_exit(v);
}

/* The run ended because the script did: every trap before was handled in the core. */
static void assert_ran_dry(const struct rvkvm_exit *e)
{
	assert_int_equal(e->reason, RVKVM_EXIT_INTR);
	assert_int_equal(fake_arch.ran_dry, 1);
}

static void assert_internal(const struct rvkvm_exit *e, uint32_t suberror, uint64_t gpa)
{
	assert_int_equal(e->reason, RVKVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(e->internal.suberror, suberror);
	assert_int_equal(e->internal.ndata, 6);
	assert_int_equal(e->internal.data[5], gpa);
	assert_int_equal(e->internal.data[1], PC);
	/* A stopped VM is never entered again. */
	assert_int_equal(rvkvm_vcpu_run(v), RVKVM_EBUSY);
}

/* --- SBI ---------------------------------------------------------------------------------- */

static void test_sbi_handled_in_core(void **state)
{
	(void)state;
	ecall(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0x11, 0x22);
	assert_ran_dry(run_ok());
	/* Entered again after the ecall with SBI's answer in a0/a1: no exit in between. */
	assert_int_equal(fake_arch.entries, 2);
	assert_int_equal(fake_arch.entry[1].gpr[GPR_A0], SBI_SUCCESS);
	assert_true(fake_arch.entry[1].gpr[GPR_A1] >= SBI_SPEC_VERSION(1, 0));
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
}

static void test_sbi_forwarded_and_completed_on_next_run(void **state)
{
	const unsigned long eid = SBI_EID_EXPERIMENTAL_FIRST + 0x42; /* nobody's in the core */
	struct rvkvm_exit *e;

	(void)state;
	ecall(eid, 7, 0x11, 0x22);
	v->ctx.gpr[GPR_A0 + 2] = 0x33;
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_RISCV_SBI);
	assert_int_equal(e->riscv_sbi.extension_id, eid);
	assert_int_equal(e->riscv_sbi.function_id, 7);
	assert_int_equal(e->riscv_sbi.args[0], 0x11);
	assert_int_equal(e->riscv_sbi.args[1], 0x22);
	assert_int_equal(e->riscv_sbi.args[2], 0x33);
	assert_int_equal(e->riscv_sbi.ret[0], (unsigned long)SBI_ERR_NOT_SUPPORTED);
	assert_int_equal(e->riscv_sbi.ret[1], 0);
	/* Nothing reached the guest yet: it still waits at the ecall. */
	assert_int_equal(v->ctx.sepc, PC);
	assert_int_equal(v->ctx.gpr[GPR_A0], 0x11);

	e->riscv_sbi.ret[0] = 0;
	e->riscv_sbi.ret[1] = 0xabcd;
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entries, 2);
	assert_int_equal(fake_arch.entry[1].gpr[GPR_A0], 0);
	assert_int_equal(fake_arch.entry[1].gpr[GPR_A1], 0xabcd);
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
}

/* A v0.1 call has no error code: the VMM's ret[0] goes to a0 and a1 keeps what it held. */
static void test_sbi_legacy_forwarded_keeps_a1(void **state)
{
	struct rvkvm_exit *e;

	(void)state;
	ecall(SBI_EID_LEGACY_SHUTDOWN + 1, 0, 0x11, 0x22);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_RISCV_SBI);
	e->riscv_sbi.ret[0] = 5;
	e->riscv_sbi.ret[1] = 6;
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entry[1].gpr[GPR_A0], 5);
	assert_int_equal(fake_arch.entry[1].gpr[GPR_A1], 0x22);
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
}

/* SRST: the core answers the guest and exits to the VMM in the same step (SBI_NEXT_EXIT). */
static void test_sbi_shutdown_exits_answered(void **state)
{
	struct rvkvm_exit *e;

	(void)state;
	ecall(SBI_EID_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
	      SBI_SRST_REASON_SYSTEM_FAILURE);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_SYSTEM_EVENT);
	assert_int_equal(e->system_event.type, RVKVM_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(e->system_event.data[0], SBI_SRST_REASON_SYSTEM_FAILURE);
	assert_int_equal(v->ctx.gpr[GPR_A0], SBI_SUCCESS);
	assert_int_equal(v->ctx.sepc, PC + 4);
	/* Nothing left to complete: the next run does not move sepc again. */
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
}

/* --- MMIO --------------------------------------------------------------------------------- */

/* A load of insn at PC from the UART; the VMM answers data; returns the guest's next entry. */
static const struct vcpu_ctx *mmio_load(uint32_t insn, unsigned len, uint64_t data)
{
	struct rvkvm_exit *e;

	if (len == 2) {
		fake_guest_mem_put16(PC, (uint16_t)insn);
	} else {
		fake_guest_mem_put32(PC, insn);
	}
	trap(EXC_LOAD_GUEST_PAGE_FAULT, UART + 4);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_MMIO);
	assert_int_equal(e->mmio.phys_addr, UART + 4);
	assert_false(e->mmio.is_write);
	rvkvm_mmio_set_data(e, data);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entry[1].sepc, PC + len);
	return &fake_arch.entry[1];
}

static void test_mmio_load_sign_extends(void **state)
{
	(void)state;
	v->ctx.gpr[12] = 0x5555;
	/* Bytes above the width the VMM left in data are not the load's. */
	assert_int_equal(mmio_load(LOAD(F3_W, 12, 11), 4, 0xdead0000ffffff80ull)->gpr[12],
			 (unsigned long)-0x80L); /* to XLEN */
	assert_int_equal(rvkvm_vcpu_exit(v)->mmio.len, 4);
}

static void test_mmio_load_zero_extends(void **state)
{
	(void)state;
	/* LWU is RV64's (reserved on RV32, where LW already fills the register): LBU there. */
	if (XLEN == 64) {
		assert_int_equal(mmio_load(LOAD(F3_WU, 12, 11), 4, 0xffffff80)->gpr[12],
				 0xffffff80ull);
	} else {
		assert_int_equal(mmio_load(LOAD(F3_BU, 12, 11), 4, 0xffffff80)->gpr[12], 0x80);
	}
}

static void test_mmio_load_byte_sign_extends(void **state)
{
	(void)state;
	assert_int_equal(mmio_load(LOAD(F3_B, 13, 11), 4, 0x1ff)->gpr[13], ULONG_MAX);
	assert_int_equal(rvkvm_vcpu_exit(v)->mmio.len, 1);
}

static void test_mmio_load_half_unsigned(void **state)
{
	(void)state;
	assert_int_equal(mmio_load(LOAD(F3_HU, 13, 11), 4, 0x12348765)->gpr[13], 0x8765);
	assert_int_equal(rvkvm_vcpu_exit(v)->mmio.len, 2);
}

static void test_mmio_load_compressed(void **state)
{
	(void)state;
	/* c.lw: 2 bytes long, so sepc moves by 2. */
	assert_int_equal(mmio_load(C_LW_A0_A1, 2, 0x7fffffff)->gpr[GPR_A0], 0x7fffffff);
}

static void test_mmio_load_to_x0(void **state)
{
	(void)state;
	assert_int_equal(mmio_load(LOAD(XLEN == 64 ? F3_D : F3_W, 0, 11), 4, 0x1234)->gpr[0], 0);
}

static void test_mmio_store(void **state)
{
	struct rvkvm_exit *e;
	const unsigned long val = (unsigned long)0x1122334455667788ull; /* its low half on RV32 */

	(void)state;
	v->ctx.gpr[12] = val;
	fake_guest_mem_put32(PC, STORE(F3_W, 12, 11));
	trap(EXC_STORE_GUEST_PAGE_FAULT, UART + 1);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_MMIO);
	assert_true(e->mmio.is_write);
	assert_int_equal(e->mmio.len, 4);
	assert_int_equal(e->mmio.phys_addr, UART + 1);
	assert_int_equal(rvkvm_mmio_data(e), 0x55667788); /* the low 4 bytes, zeroes above */
	assert_int_equal(v->ctx.sepc, PC);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
	assert_int_equal(fake_arch.entry[1].gpr[12], val);
}

/* A store fault whose instruction is a load is not emulated, nor is a fetch from a device. */
static void test_mmio_kind_mismatch_stops_vm(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, LOAD(F3_W, 12, 11));
	trap(EXC_STORE_GUEST_PAGE_FAULT, UART);
	assert_internal(run_ok(), RVKVM_INTERNAL_MMIO_UNSUPPORTED, UART);
}

static void test_mmio_unreadable_insn_stops_vm(void **state)
{
	(void)state;
	fake_arch.insn_unreadable = true;
	trap(EXC_LOAD_GUEST_PAGE_FAULT, UART);
	assert_internal(run_ok(), RVKVM_INTERNAL_INSN_UNREADABLE, UART);
}

static void test_fetch_outside_ram_stops_vm(void **state)
{
	(void)state;
	trap(EXC_INST_GUEST_PAGE_FAULT, UART);
	assert_internal(run_ok(), RVKVM_INTERNAL_FETCH_OUTSIDE_RAM, UART);
}

/* --- G-stage faults on RAM ---------------------------------------------------------------- */

/* A fault on RAM that is mapped (a stale translation): the access runs again, nothing exits. */
static void test_ram_fault_retries(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, LOAD(F3_W, 12, 11));
	trap(EXC_LOAD_GUEST_PAGE_FAULT, FAKE_RAM_BASE + 0x2008);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.page_flushes, 1);
	assert_int_equal(fake_arch.page_flush_gpa, FAKE_RAM_BASE + 0x2000);
	assert_int_equal(fake_arch.entry[1].sepc, PC);
}

static void test_readonly_write_stops_vm(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, STORE(F3_W, 12, 11));
	/* The first touch makes the region's chunk present (read-only); the write faults again. */
	trap(EXC_STORE_GUEST_PAGE_FAULT, RO_BASE + 8);
	trap(EXC_STORE_GUEST_PAGE_FAULT, RO_BASE + 8);
	assert_internal(run_ok(), RVKVM_INTERNAL_READONLY_WRITE, RO_BASE + 8);
	assert_int_equal(fake_arch.entry[1].sepc, PC);
}

/* --- region changes racing faults ---------------------------------------------------------- */

/*
 * The guest's access faulted through a translation of a region the VMM deleted before the
 * fault was handled: the address is no RAM now, so it is device I/O.
 */
static void test_fault_on_deleted_region_is_mmio(void **state)
{
	(void)state;
	assert_int_equal(region(2, 0, HOLE, PAGE, 0), 0);
	assert_int_equal(region(2, 0, HOLE, 0, 0), 0);
	fake_guest_mem_put32(PC, LOAD(F3_W, 12, 11));
	trap(EXC_LOAD_GUEST_PAGE_FAULT, HOLE + 0x10);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_MMIO);
	assert_int_equal(rvkvm_vcpu_exit(v)->mmio.phys_addr, HOLE + 0x10);
}

/* The page the last fault found to be no RAM becomes RAM: the next fault there is retried. */
static void test_region_added_after_mmio_fault_is_ram(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, LOAD(F3_W, 12, 11));
	trap(EXC_LOAD_GUEST_PAGE_FAULT, HOLE + 0x10);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_MMIO);
	assert_int_equal(region(2, 0, HOLE, PAGE, 0), 0);
	fake_arch_reset();
	trap(EXC_LOAD_GUEST_PAGE_FAULT, HOLE + 0x10); /* after the first access completed */
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.page_flushes, 1);
	assert_int_equal(fake_arch.page_flush_gpa, HOLE);
}

/* A region moved away from under an access: the old address is I/O, the new one RAM. */
static void test_region_moved(void **state)
{
	(void)state;
	assert_int_equal(region(2, 0, HOLE, PAGE, 0), 0);
	assert_int_equal(region(2, 0, HOLE + 0x100000, PAGE, 0), 0);
	fake_guest_mem_put32(PC, LOAD(F3_W, 12, 11));
	trap(EXC_LOAD_GUEST_PAGE_FAULT, HOLE + 0x100008);
	trap(EXC_LOAD_GUEST_PAGE_FAULT, HOLE + 8);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_MMIO);
	assert_int_equal(fake_arch.page_flushes, 1); /* the first fault: retried */
	assert_int_equal(rvkvm_vcpu_exit(v)->mmio.phys_addr, HOLE + 8);
}

/* --- exceptions and virtual instructions ---------------------------------------------------- */

/* By default an illegal instruction goes back to the guest, as if delegated. */
static void test_illegal_insn_injected(void **state)
{
	(void)state;
	fake_arch_trap(EXC_ILLEGAL_INSN, INSN_UNIMP, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.injects, 1);
	assert_int_equal(fake_arch.inject_cause, EXC_ILLEGAL_INSN);
}

/* Routed to the VMM: a CSR access exits as a CSR exit, and ret_value lands in rd after it. */
static void test_illegal_csr_to_vmm(void **state)
{
	struct rvkvm_exit *e;

	(void)state;
	v->cfg.exc_route[EXC_ILLEGAL_INSN] = RVKVM_EXC_ROUTE_VMM;
	v->ctx.gpr[6] = 0xf0f0;
	fake_guest_mem_put32(PC, CSRRW(5, 0x7c0, 6));
	fake_arch_trap(EXC_ILLEGAL_INSN, 0, 0, 0);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_RISCV_CSR);
	assert_int_equal(e->riscv_csr.csr_num, 0x7c0);
	assert_int_equal(e->riscv_csr.new_value, 0xf0f0);
	assert_int_equal(e->riscv_csr.write_mask, ~0ul);
	e->riscv_csr.ret_value = 0x77;
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.entry[1].gpr[5], 0x77);
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
	assert_int_equal(fake_arch.injects, 0);
}

/* Routed to the VMM and not a CSR access: an exception exit; INJECT hands it to the guest. */
static void test_illegal_insn_to_vmm_injected(void **state)
{
	struct rvkvm_exit *e;

	(void)state;
	v->cfg.exc_route[EXC_ILLEGAL_INSN] = RVKVM_EXC_ROUTE_VMM;
	fake_guest_mem_put32(PC, INSN_CUSTOM0);
	fake_arch_trap(EXC_ILLEGAL_INSN, INSN_CUSTOM0, 0, 0);
	e = run_ok();
	assert_int_equal(e->reason, RVKVM_EXIT_RISCV_EXCEPTION);
	assert_int_equal(e->riscv_exception.cause, EXC_ILLEGAL_INSN);
	assert_int_equal(e->riscv_exception.pc, PC);
	assert_int_equal(e->riscv_exception.insn, INSN_CUSTOM0);
	assert_int_equal(e->riscv_exception.insn_len, 4);
	assert_int_equal(fake_arch.injects, 0);
	e->riscv_exception.action = RVKVM_EXC_ACTION_INJECT;
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.injects, 1);
	assert_int_equal(fake_arch.inject_cause, EXC_ILLEGAL_INSN);
	assert_int_equal(fake_arch.inject_tval, INSN_CUSTOM0);
	assert_int_equal(fake_arch.entry[1].sepc, PC); /* the guest's trap handler moves it */
}

static void test_wfi_waits_and_steps(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, INSN_WFI);
	fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.waits, 1);
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
}

/* A kick while the vCPU waits in WFI: back to the VMM, and WFI is done. */
static void test_wfi_kicked_exits(void **state)
{
	(void)state;
	fake_arch.wait_result = VCPU_WAIT_EXIT;
	fake_guest_mem_put32(PC, INSN_WFI);
	fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_INTR);
	assert_int_equal(fake_arch.ran_dry, 0);
	assert_int_equal(v->ctx.sepc, PC + 4);
}

static void test_virtual_insn_is_illegal_to_guest(void **state)
{
	(void)state;
	fake_guest_mem_put32(PC, INSN_SRET);
	fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.injects, 1);
	assert_int_equal(fake_arch.inject_cause, EXC_ILLEGAL_INSN);
	assert_int_equal(fake_arch.inject_tval, INSN_SRET);
}

/* csrrs rd, csr, x0 (csrr), and csrrw x0, csr, rs1 (csrw). */
#define INSN_CSRR(rd, csr) (((unsigned)(csr) << 20) | (2u << 12) | ((unsigned)(rd) << 7) | 0x73u)
#define INSN_CSRW(csr, rs1) (((unsigned)(csr) << 20) | ((unsigned)(rs1) << 15) | (1u << 12) | 0x73u)

/* The guest's SBI PMU counts its cycles on counter 0 (configured, so its reads of cycle trap). */
static void cycles_counted(void)
{
	v->pmu.ctr[0].event = SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES);
	v->pmu.ctr[0].started = true;
	v->pmu.ctr[0].value = 40;
	v->pmu.ctr[0].base = 100;
	v->ctx.pmu_guest[VCPU_PMU_SRC_CYCLE] = 102; /* 2 cycles in the guest since it started */
}

/* A read of a virtualised counter gets the guest's own count, in VS-mode or (allowed) VU-mode. */
static void test_counter_read_emulated(void **state)
{
	(void)state;
	cycles_counted();
	v->ctx.sstatus |= SSTATUS_SPP;
	fake_guest_mem_put32(PC, INSN_CSRR(5, 0xc00));
	fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.injects, 0);
	assert_int_equal(fake_arch.entry[1].gpr[5], 42);
	assert_int_equal(fake_arch.entry[1].sepc, PC + 4);
	assert_int_equal(v->pmu.fw_events[SBI_PMU_FW_ILLEGAL_INSN], 1);
	/* VU-mode with the guest's scounteren.CY set: the same. */
	fake_arch_reset();
	v->ctx.sepc = PC;
	v->ctx.sstatus &= ~SSTATUS_SPP;
	v->csr.scounteren = 1;
	fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.injects, 0);
	assert_int_equal(fake_arch.entry[1].gpr[5], 42);
	/* RV32: cycleh reads the counter's upper half. */
	if (XLEN == 32) {
		fake_arch_reset();
		v->ctx.sepc = PC;
		v->pmu.ctr[0].value = 0x500000028ULL;
		fake_guest_mem_put32(PC, INSN_CSRR(5, 0xc80));
		fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
		assert_ran_dry(run_ok());
		assert_int_equal(fake_arch.injects, 0);
		assert_int_equal(fake_arch.entry[1].gpr[5], 5);
	}
}

/* VU-mode without scounteren.CY, a write, or a counter the PMU does not offer: illegal. */
static void test_counter_read_refused(void **state)
{
	static const struct {
		uint32_t insn;
		bool vu;
	} cases[] = {
		{ INSN_CSRR(5, 0xc00), true },  /* the guest's scounteren keeps its U-mode out */
		{ INSN_CSRW(0xc00, 5), false }, /* a read-only CSR */
		{ INSN_CSRR(5, 0xc03), false }, /* hpmcounter3: no counter of the guest's */
		RV64_ONLY({ INSN_CSRR(5, 0xc80), false }) /* cycleh: RV32 only */
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fake_arch_reset();
		cycles_counted();
		v->ctx.sepc = PC;
		v->ctx.gpr[5] = 0x55;
		v->csr.scounteren = 0;
		v->ctx.sstatus =
			cases[i].vu ? v->ctx.sstatus & ~SSTATUS_SPP : v->ctx.sstatus | SSTATUS_SPP;
		fake_guest_mem_put32(PC, cases[i].insn);
		fake_arch_trap(EXC_VIRTUAL_INSN, 0, 0, 0);
		assert_ran_dry(run_ok());
		assert_int_equal(fake_arch.injects, 1);
		assert_int_equal(fake_arch.inject_cause, EXC_ILLEGAL_INSN);
		assert_int_equal(fake_arch.inject_tval, cases[i].insn);
		assert_int_equal(fake_arch.entry[1].gpr[5], 0x55);
	}
}

static void test_unhandled_trap_stops_vm(void **state)
{
	(void)state;
	fake_arch_trap(EXC_ECALL_U, 0, 0, 0);
	assert_internal(run_ok(), RVKVM_INTERNAL_UNHANDLED_TRAP, 0);
	assert_int_equal(rvkvm_vcpu_exit(v)->internal.data[0], EXC_ECALL_U);
}

/* --- interrupts ------------------------------------------------------------------------------ */

static void test_interrupt_handled_resumes(void **state)
{
	(void)state;
	fake_arch_trap(SCAUSE_INTERRUPT | IRQ_S_TIMER, 0, 0, 0);
	assert_ran_dry(run_ok());
	assert_int_equal(fake_arch.interrupts, 2); /* the timer's, then the script's end */
	assert_int_equal(v->stats.interrupts, 2);
}

static void test_interrupt_for_vmm_exits(void **state)
{
	(void)state;
	fake_arch.interrupt_exits = true;
	v->kick_exit = false;
	fake_arch_trap(SCAUSE_INTERRUPT | IRQ_S_EXT, 0, 0, 0);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_INTR);
	assert_int_equal(fake_arch.ran_dry, 0);
	assert_int_equal(fake_arch.interrupt_cause, SCAUSE_INTERRUPT | IRQ_S_EXT);
}

/* A kick before the run: the guest is not entered at all. */
static void test_kick_before_run(void **state)
{
	(void)state;
	rvkvm_vcpu_kick(v);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_INTR);
	assert_int_equal(fake_arch.entries, 0);
	assert_false(v->kick_exit);
}

/* --- running and destroying ------------------------------------------------------------------ */

static void test_run_needs_scheduler_thread(void **state)
{
	(void)state;
	fake_sched.hart = 1; /* a hart with no current thread */
	assert_int_equal(rvkvm_vcpu_run(v), RVKVM_EINVAL);
	assert_false(v->in_run);
}

static int destroy_rc;

static void destroy_from_other_hart(struct rvkvm_vcpu *vcpu)
{
	destroy_rc = rvkvm_destroy_vm(vcpu->vm);
}

static void test_destroy_while_in_run(void **state)
{
	(void)state;
	destroy_rc = 0;
	fake_arch.on_run = destroy_from_other_hart;
	assert_ran_dry(run_ok());
	assert_int_equal(destroy_rc, RVKVM_EBUSY);
	/* Refused, so nothing changed: the VM still runs and takes region changes. */
	assert_int_equal(vm->dead, 0);
	fake_arch_reset();
	assert_ran_dry(run_ok());
	assert_int_equal(region(2, 0, HOLE, PAGE, 0), 0);
}

static void test_destroy(void **state)
{
	uint64_t before = rvkvm_free_memory();

	(void)state;
	assert_int_equal(rvkvm_destroy_vm(vm), 0);
	/* The table pool and the read-only region the core backed go back to the core. */
	assert_true(rvkvm_free_memory() >= before + (16u << 20) + PAGE);
	assert_true(fake_arch.flushes > 0);
	assert_int_equal(rvkvm_vcpu_run(v), RVKVM_EBUSY);
	assert_int_equal(fake_arch.entries, 0);
	assert_int_equal(rvkvm_destroy_vm(vm), RVKVM_EBUSY);
	assert_int_equal(region(2, 0, HOLE, PAGE, 0), RVKVM_EBUSY);
}

/* A VM stopped for a fault can still be destroyed; its vCPU stays out. */
static void test_destroy_after_stop(void **state)
{
	(void)state;
	trap(EXC_INST_GUEST_PAGE_FAULT, UART);
	assert_int_equal(run_ok()->reason, RVKVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(rvkvm_destroy_vm(vm), 0);
	assert_int_equal(rvkvm_vcpu_run(v), RVKVM_EBUSY);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_sbi_handled_in_core),
		T(test_sbi_forwarded_and_completed_on_next_run),
		T(test_sbi_legacy_forwarded_keeps_a1),
		T(test_sbi_shutdown_exits_answered),
		T(test_mmio_load_sign_extends),
		T(test_mmio_load_zero_extends),
		T(test_mmio_load_byte_sign_extends),
		T(test_mmio_load_half_unsigned),
		T(test_mmio_load_compressed),
		T(test_mmio_load_to_x0),
		T(test_mmio_store),
		T(test_mmio_kind_mismatch_stops_vm),
		T(test_mmio_unreadable_insn_stops_vm),
		T(test_fetch_outside_ram_stops_vm),
		T(test_ram_fault_retries),
		T(test_readonly_write_stops_vm),
		T(test_fault_on_deleted_region_is_mmio),
		T(test_region_added_after_mmio_fault_is_ram),
		T(test_region_moved),
		T(test_illegal_insn_injected),
		T(test_illegal_csr_to_vmm),
		T(test_illegal_insn_to_vmm_injected),
		T(test_wfi_waits_and_steps),
		T(test_wfi_kicked_exits),
		T(test_counter_read_emulated),
		T(test_counter_read_refused),
		T(test_virtual_insn_is_illegal_to_guest),
		T(test_unhandled_trap_stops_vm),
		T(test_interrupt_handled_resumes),
		T(test_interrupt_for_vmm_exits),
		T(test_kick_before_run),
		T(test_run_needs_scheduler_thread),
		T(test_destroy_while_in_run),
		T(test_destroy),
		T(test_destroy_after_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
