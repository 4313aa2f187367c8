/* SPDX-License-Identifier: Apache-2.0 */
/* The VMM: builds each VM from the boot bundle and runs them side by side, reaching the core only through rvkvm/. */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "rvkvm/rvkvm.h"
#include "vmm/board_layout.h"
#include "vmm/device_model.h"
#include "vmm/mmio_bus.h"
#include "vmm/placement.h"
#include "vmm/test_hooks.h"
#include "vmm/vm_config.h"
#include "vmm/guest_mem.h"

/*
 * Exit statuses of a VM and of the run, as ./rvkvm run reports them. The run's status is the
 * worst of its VMs' in the order ok < failure < fault; bad input stops the run before any VM
 * starts.
 */
#define VMM_STATUS_OK 0        /* the guest powered off normally */
#define VMM_STATUS_FAILURE 1   /* the guest reported failure (SRST reason) */
#define VMM_STATUS_BAD_INPUT 2 /* the bundle or its config is unusable */
#define VMM_STATUS_FAULT 3     /* rvkvm stopped the VM for what it did */
#define VMM_STATUS_RUNNING (-1)

#define VMM_MAX_VMS PLACEMENT_MAX_VMS
#define VMM_MAX_VCPUS PLACEMENT_MAX_VCPUS
/*
 * How often vCPU 0 exits while the guest runs, when something needs it to: the test image's
 * dirty-log harvests, and a run under QEMU's -icount (config key icount). Console input needs
 * no exits: it kicks vCPU 0 (vmm.c, input_arrived). Under -icount, QEMU 7.2 runs all harts on
 * one thread and hands the next hart in turn the whole budget up to the next timer deadline, so
 * a guest CPU spinning for another (stop_machine, a TLB shootdown) can keep the thread while the
 * CPU it waits for never runs: the machine livelocks, rvkvm or not (a native 2-hart boot hangs
 * the same way). QEMU 8.1 fixed it ("ensure fairness with icount": the budget is split between
 * the harts). vCPU 0's exit ends the spinning hart's turn, so the others run.
 */
#define VMM_EXIT_INTERVAL_US 10000

struct vmm_vm;

/* What a VMM vCPU thread runs: one vCPU of one VM. */
struct vmm_vcpu_thread {
	struct vmm_vm *vm;
	unsigned index;
};

/* A VM as the VMM sees it: its vCPUs and its board (the table's device models on an MMIO bus). */
struct vmm_vm {
	const char *name;
	unsigned index; /* place in the bundle (vmN/), and the number of its console */
	struct vm_config cfg;
	struct rvkvm_vm *vm;
	uint64_t ram_host; /* where the core put its RAM in host memory */
	int status;        /* VMM_STATUS_RUNNING until the first vCPU ends the VM */
	unsigned ncpus;
	struct rvkvm_vcpu *vcpus[VMM_MAX_VCPUS];
	struct vmm_vcpu_thread threads[VMM_MAX_VCPUS];
	unsigned threads_done; /* vCPU and I/O threads that have returned */

	/* Held around the handlers of the models without their own lock, and the irqchip's lines. */
	spinlock_t board_lock;
	struct mmio_bus bus;
	struct guest_mem guest_mem; /* its RAM, for the device models */
	unsigned long ram_present_bits[GUEST_MEM_PRESENT_WORDS]; /* guest_mem's present blocks */
	struct vmm_device devices[BOARD_MAX_DEVICES];            /* in the board table's order */
	unsigned ndevices;
	struct vmm_device *irqchip; /* the one whose model has set_line */
	unsigned io_threads;        /* the devices' I/O threads */

	/* SBI calls the VMM answers (vmm/sbi_vmm.c, and the test image's vendor extension). */
	unsigned long mvendorid; /* what the guest sees; picks the vendor SBI id */
	unsigned long vmm_sbi_calls;

	struct test_hooks_vm
		test; /* the test image's hooks (vmm/test_hooks.h); none in the product */
};

/* Runs every VM in the bundle side by side; returns the worst status. */
int vmm_main(const uint8_t *bundle, size_t size);
/* Handles one exit of vCPU index: VMM_STATUS_RUNNING to resume it, or the VM's final status. */
int vmm_handle_exit(struct vmm_vm *vm, unsigned index, struct rvkvm_exit *exit);

/* Building a VM (vmm/vm_build.c). Each returns 0 or VMM_STATUS_BAD_INPUT after saying why. */
/* How many VMs the bundle holds: vm0/, vm1/, ... without gaps, at most VMM_MAX_VMS. */
int vmm_bundle_vms(const uint8_t *bundle, size_t size, unsigned *count);
/* Reads vmN/config into vm->cfg and names the VM (its config's name, else "vmN"). */
int vmm_read_config(struct vmm_vm *vm, unsigned index, const uint8_t *bundle, size_t size);
/* Creates the VM: RAM, kernel, initrd, device tree, vCPUs and board, ready to run. */
int vmm_build_vm(struct vmm_vm *vm, const uint8_t *bundle, size_t size,
		 const struct rvkvm_caps *caps);

/*
 * The board (vmm/board.c): places the board table's devices the config asks for, builds them and
 * puts them on the bus. 0, or VMM_STATUS_BAD_INPUT after saying why.
 */
int board_init(struct vmm_vm *vm);
/* A thread of the VM (vCPU or I/O) has returned, or was never started. */
void vmm_thread_done(struct vmm_vm *vm);

/* Performs a guest MMIO access on the board; false when no device is there. */
bool board_mmio(struct vmm_vm *vm, struct rvkvm_exit *exit);
/* Moves pending console input into the device that takes it (the UART, or hvc0). */
void board_poll_input(struct vmm_vm *vm);
/* Drives d's interrupt line (from its handlers, or from any thread for an own_lock model). */
void board_set_irq(struct vmm_device *d, bool level);
/* Starts the devices' I/O threads, the first on hart `hart`; returns how many started. */
unsigned board_start(struct vmm_vm *vm, unsigned hart);
/* The VM has ended: the devices' I/O threads finish (after the host devices are done). */
void board_stop(struct vmm_vm *vm);

/* Reports (vmm/report.c): the exit table of --stats, the device tree for --dump-dtb. */
void vmm_print_stats(struct vmm_vm *vm);
void vmm_print_dtb(const char *vm_name, const uint8_t *dtb, size_t size);

#endif
