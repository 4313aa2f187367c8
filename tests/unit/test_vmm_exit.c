/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host unit tests of the VMM's exit handling (vmm/vmm.c's vmm_handle_exit) and the board it
 * routes device accesses to (vmm/board.c and the table's models): a VM built by board_init over
 * the fake core (tests/fakes/fake_core.h), fed synthetic exits as the core would return them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/sbi_spec.h"
#include "tests/fakes/fake_console.h"
#include "tests/fakes/fake_core.h"
#include "tests/fakes/fake_guest_mem.h"
#include "vmm/devices/plic.h"
#include "vmm/devices/uart16550.h"
#include "vmm/devices/virtio_mmio.h"
#include "vmm/guest_traps.h"
#include "vmm/machine.h"
#include "vmm/sbi_vendor.h"
#include "vmm/sbi_vmm.h"
#include "vmm/vmm.h"

#define NCPUS 2
#define VIRTIO_SLOT(i) (MACHINE_VIRTIO_BASE + (uint64_t)(i)*MACHINE_VIRTIO_STRIDE)
#define VIRTIO_ID_CONSOLE 3
#define EXC_BREAKPOINT 3

static struct vmm_vm vm;
static struct rvkvm_exit e;

static int setup(void **state)
{
	(void)state;
	fake_core_reset();
	fake_console_reset();
	fake_guest_mem_reset();
	memset(&vm, 0, sizeof(vm));
	memset(&e, 0, sizeof(e));
	vm.name = "testvm";
	vm.index = 3;
	vm.ncpus = NCPUS;
	assert_int_equal(rvkvm_create_vm(NULL, &vm.vm), 0);
	for (unsigned i = 0; i < NCPUS; i++) {
		vm.vcpus[i] = fake_core_vcpu(i);
		assert_non_null(vm.vcpus[i]);
	}
	vm.cfg.mem_size = FAKE_RAM_SIZE;
	vm.ram_host = (uint64_t)(uintptr_t)fake_ram;
	/* As vm_build sets it, without the core's present hook: the fake RAM is all there. */
	vm.guest_mem = (struct guest_mem){ .base = FAKE_RAM_BASE,
					   .size = FAKE_RAM_SIZE,
					   .host = (uint8_t *)fake_ram };
	vm.cfg.hvc = true; /* a virtio console in slot 0 */
	vm.status = VMM_STATUS_RUNNING;
	assert_int_equal(board_init(&vm), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NCPUS; i++) {
		free(vm.vcpus[i]);
	}
	free(vm.vm);
	return 0;
}

static int handle(unsigned index)
{
	return vmm_handle_exit(&vm, index, &e);
}

static void mmio(uint64_t gpa, unsigned len, bool write, uint64_t data)
{
	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_MMIO;
	e.mmio.phys_addr = gpa;
	e.mmio.len = len;
	e.mmio.is_write = write;
	rvkvm_mmio_set_data(&e, data);
}

/* A read of the board at gpa, as a vCPU's load would exit; the VM must go on. */
static uint64_t board_read(uint64_t gpa, unsigned len)
{
	mmio(gpa, len, false, 0xdeadbeefdeadbeefull);
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
	return rvkvm_mmio_data(&e);
}

static void board_write(uint64_t gpa, unsigned len, uint64_t data)
{
	mmio(gpa, len, true, data);
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
}

static const char *host_output(void)
{
	size_t len;

	return fake_console_host_output(&len);
}

/* --- the board ------------------------------------------------------------------------------ */

static void test_board_init_registers_doorbell(void **state)
{
	(void)state;
	/* The test device's, and slot 0's QueueNotify. */
	assert_int_equal(vm.vm->nioevents, 2);
	assert_int_equal(vm.vm->ioevent[0].addr, MACHINE_TESTDEV_BASE + TESTDEV_DOORBELL);
	assert_int_equal(vm.vm->ioevent[1].addr, VIRTIO_SLOT(0) + VIRTIO_MMIO_QUEUE_NOTIFY);
	assert_int_equal(vm.io_threads, 1);
}

static void test_uart_write_reaches_vm_console(void **state)
{
	size_t len;
	const unsigned char *out;

	(void)state;
	board_write(MACHINE_UART_BASE + UART16550_THR, 1, 'h');
	board_write(MACHINE_UART_BASE + UART16550_THR, 1, 'i');
	out = fake_console_vm_output(&len);
	assert_int_equal(len, 2);
	assert_memory_equal(out, "hi", 2);
	assert_int_equal(fake_console_last_vm_id(), 3);
}

static void test_uart_read_replaces_data(void **state)
{
	(void)state;
	/* LSR: the transmitter is empty (THRE, TEMT), nothing received: the poison is gone. */
	assert_int_equal(board_read(MACHINE_UART_BASE + UART16550_LSR, 1), 0x60);
}

/* Console input moves into the UART when vCPU 0 comes back for an interrupt exit, not vCPU 1. */
static void test_intr_polls_input_on_vcpu0_only(void **state)
{
	(void)state;
	vm.cfg.hvc = false; /* the UART takes the input, not hvc0 */
	fake_console_queue_input("x", 1);
	e.reason = RVKVM_EXIT_INTR;
	assert_int_equal(handle(1), VMM_STATUS_RUNNING);
	assert_int_equal(fake_console_input_left(), 1);
	e.reason = RVKVM_EXIT_INTR;
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
	assert_int_equal(fake_console_input_left(), 0);
	assert_int_equal(board_read(MACHINE_UART_BASE + UART16550_RBR, 1), 'x');
}

/* The UART's interrupt goes through the PLIC to vCPU 0's external interrupt line. */
static void test_uart_irq_reaches_vcpu0(void **state)
{
	(void)state;
	board_write(MACHINE_PLIC_BASE + PLIC_PRIORITY_BASE + 4 * MACHINE_UART_IRQ, 4, 1);
	board_write(MACHINE_PLIC_BASE + PLIC_ENABLE_BASE, 4, 1u << MACHINE_UART_IRQ);
	board_write(MACHINE_PLIC_BASE + PLIC_CONTEXT_BASE, 4, 0); /* threshold */
	assert_int_equal(vm.vcpus[0]->irq_calls, 0);
	/* Transmitter empty, and the guest enables its interrupt: the line rises. */
	board_write(MACHINE_UART_BASE + UART16550_IER, 1, UART16550_IER_ETBEI);
	assert_int_equal(vm.vcpus[0]->irq_level, 1);
	assert_int_equal(vm.vcpus[1]->irq_calls, 0);
	/* The guest masks it and claims the interrupt: the PLIC's pending bit, and the line, fall. */
	board_write(MACHINE_UART_BASE + UART16550_IER, 1, 0);
	assert_int_equal(board_read(MACHINE_PLIC_BASE + PLIC_CONTEXT_BASE + 4, 4),
			 MACHINE_UART_IRQ);
	assert_int_equal(vm.vcpus[0]->irq_level, 0);
}

static void test_virtio_slot_routed(void **state)
{
	(void)state;
	assert_int_equal(board_read(VIRTIO_SLOT(0) + VIRTIO_MMIO_MAGIC, 4),
			 VIRTIO_MMIO_MAGIC_VALUE);
	assert_int_equal(board_read(VIRTIO_SLOT(0) + VIRTIO_MMIO_DEVICE_ID, 4), VIRTIO_ID_CONSOLE);
	/* plic, uart16550, testdev, then the console in slot 0. */
	assert_string_equal(vm.devices[3].model->name, "virtio-console");
	assert_int_equal(vm.devices[3].bus->accesses, 2);
}

/* A slot past the devices in use is nobody's: the VM stops, and the VMM says where. */
static void test_empty_virtio_slot_stops_vm(void **state)
{
	(void)state;
	mmio(VIRTIO_SLOT(1), 4, false, 0);
	assert_int_equal(handle(1), VMM_STATUS_FAULT);
	assert_non_null(strstr(host_output(), "testvm: vcpu1: guest read 4 byte(s) at 0x10002000"));
}

static void test_unknown_address_stops_vm(void **state)
{
	(void)state;
	mmio(0x40000000, 8, true, 0);
	assert_int_equal(handle(0), VMM_STATUS_FAULT);
	assert_non_null(strstr(host_output(), "guest wrote 8 byte(s) at 0x40000000"));
	assert_non_null(strstr(host_output(), "VM stopped"));
}

/* --- system events, errors --------------------------------------------------------------------- */

static void system_event(uint32_t type, uint64_t reason)
{
	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_SYSTEM_EVENT;
	e.system_event.type = type;
	e.system_event.ndata = 1;
	e.system_event.data[0] = reason;
}

static void test_shutdown_status(void **state)
{
	(void)state;
	system_event(RVKVM_SYSTEM_EVENT_SHUTDOWN, SBI_SRST_REASON_NONE);
	assert_int_equal(handle(0), VMM_STATUS_OK);
	assert_non_null(strstr(host_output(), "guest powered off (normal)"));
	system_event(RVKVM_SYSTEM_EVENT_SHUTDOWN, SBI_SRST_REASON_SYSTEM_FAILURE);
	assert_int_equal(handle(1), VMM_STATUS_FAILURE);
	assert_non_null(strstr(host_output(), "(system failure)"));
}

static void test_reboot_ends_suspend_resumes(void **state)
{
	(void)state;
	system_event(RVKVM_SYSTEM_EVENT_RESET, SBI_SRST_REASON_NONE);
	assert_int_equal(handle(0), VMM_STATUS_OK);
	system_event(RVKVM_SYSTEM_EVENT_SUSPEND, 0);
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
}

static void test_internal_error_says_why(void **state)
{
	(void)state;
	e.reason = RVKVM_EXIT_INTERNAL_ERROR;
	e.internal.suberror = RVKVM_INTERNAL_READONLY_WRITE;
	e.internal.ndata = 6;
	e.internal.data[0] = 23;         /* scause */
	e.internal.data[1] = 0x80001234; /* sepc */
	e.internal.data[5] = 0x90000008; /* gpa */
	assert_int_equal(handle(1), VMM_STATUS_FAULT);
	assert_non_null(strstr(host_output(), "testvm: vcpu1: VM stopped: guest wrote to read-only "
					      "memory at 0x90000008: scause=0x17 sepc=0x80001234"));
}

static void test_unknown_exit_stops_vm(void **state)
{
	(void)state;
	e.reason = 999;
	assert_int_equal(handle(0), VMM_STATUS_FAULT);
	assert_non_null(strstr(host_output(), "unknown exit reason 999"));
}

/* --- SBI calls and guest traps the VMM answers ------------------------------------------------- */

static void sbi(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
		unsigned long a2)
{
	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_SBI;
	e.riscv_sbi.extension_id = eid;
	e.riscv_sbi.function_id = fid;
	e.riscv_sbi.args[0] = a0;
	e.riscv_sbi.args[1] = a1;
	e.riscv_sbi.args[2] = a2;
	e.riscv_sbi.ret[0] = (unsigned long)SBI_ERR_NOT_SUPPORTED;
}

static void test_sbi_vendor_answered(void **state)
{
	(void)state;
	vm.mvendorid = 0x489;
	sbi(SBI_VENDOR_BASE | 0x489, 2, 0, 0, 0);
	assert_int_equal(handle(1), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_sbi.ret[0], SBI_SUCCESS);
	assert_int_equal(e.riscv_sbi.ret[1], 1); /* the calling vCPU's index */
	/* Another vendor's id is not the VMM's: NOT_SUPPORTED stands. */
	sbi(SBI_VENDOR_BASE | 0x48a, 2, 0, 0, 0);
	assert_int_equal(handle(1), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_sbi.ret[0], (unsigned long)SBI_ERR_NOT_SUPPORTED);
}

/* DBCN owned by the VMM: the bytes come from guest RAM and go to the VM's console. */
static void test_sbi_dbcn_write_from_guest_ram(void **state)
{
	size_t len;

	(void)state;
	vm.cfg.vmm_dbcn = true;
	memcpy(fake_guest_mem_ptr(FAKE_RAM_BASE + 0x40, 5), "hello", 5);
	sbi(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 5, FAKE_RAM_BASE + 0x40, 0);
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_sbi.ret[0], SBI_SUCCESS);
	assert_int_equal(e.riscv_sbi.ret[1], 5);
	assert_memory_equal(fake_console_vm_output(&len), "hello", 5);
	/* Past the end of RAM: refused, nothing written. */
	sbi(SBI_EID_DBCN, SBI_DBCN_CONSOLE_WRITE, 5, FAKE_RAM_BASE + FAKE_RAM_SIZE - 2, 0);
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_sbi.ret[0], (unsigned long)SBI_ERR_INVALID_PARAM);
	fake_console_vm_output(&len);
	assert_int_equal(len, 5);
}

static void test_csr_exit_scratch_and_inject(void **state)
{
	(void)state;
	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_CSR;
	e.riscv_csr.csr_num = GUEST_TRAPS_CSR_SCRATCH;
	e.riscv_csr.new_value = 0x1234;
	e.riscv_csr.write_mask = ~0ul;
	assert_int_equal(handle(1), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_csr.action, RVKVM_EXC_ACTION_RESUME);
	assert_int_equal(vm.test.scratch_csr[1], 0x1234);
	assert_int_equal(vm.test.scratch_csr[0], 0);
	e.riscv_csr.csr_num = 0x7c0; /* nobody's */
	assert_int_equal(handle(1), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_csr.action, RVKVM_EXC_ACTION_INJECT);
}

/* A breakpoint the VMM routed to itself: counted and stepped over, pc set through ONE_REG. */
static void test_breakpoint_skipped(void **state)
{
	uint64_t pc;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.reason = RVKVM_EXIT_RISCV_EXCEPTION;
	e.riscv_exception.cause = EXC_BREAKPOINT;
	e.riscv_exception.pc = FAKE_RAM_BASE + 0x200;
	e.riscv_exception.insn = 0x9002; /* c.ebreak */
	e.riscv_exception.insn_len = 2;
	assert_int_equal(handle(0), VMM_STATUS_RUNNING);
	assert_int_equal(e.riscv_exception.action, RVKVM_EXC_ACTION_RESUME);
	assert_int_equal(vm.test.breakpoints, 1);
	assert_true(fake_core_reg(vm.vcpus[0],
				  RVKVM_REG_RISCV_CORE_ID(RVKVM_REG_RISCV_CORE_INDEX_PC), &pc));
	assert_int_equal(pc, FAKE_RAM_BASE + 0x202);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_board_init_registers_doorbell),
		T(test_uart_write_reaches_vm_console),
		T(test_uart_read_replaces_data),
		T(test_intr_polls_input_on_vcpu0_only),
		T(test_uart_irq_reaches_vcpu0),
		T(test_virtio_slot_routed),
		T(test_empty_virtio_slot_stops_vm),
		T(test_unknown_address_stops_vm),
		T(test_shutdown_status),
		T(test_reboot_ends_suspend_resumes),
		T(test_internal_error_says_why),
		T(test_unknown_exit_stops_vm),
		T(test_sbi_vendor_answered),
		T(test_sbi_dbcn_write_from_guest_ram),
		T(test_csr_exit_scratch_and_inject),
		T(test_breakpoint_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
