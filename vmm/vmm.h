/* The VMM: builds each VM from the boot bundle and runs it, reaching the core only through rvkvm/. */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stddef.h>
#include <stdint.h>

#include "lib/spinlock.h"
#include "rvkvm/rvkvm.h"
#include "vmm/devices/plic.h"
#include "vmm/devices/testdev.h"
#include "vmm/devices/uart16550.h"
#include "vmm/mmio_bus.h"

/* Exit statuses of a run, as ./rvkvm run reports them. */
#define VMM_STATUS_OK 0       /* the guest powered off normally */
#define VMM_STATUS_FAILURE 1  /* the guest reported failure (SRST reason) */
#define VMM_STATUS_BAD_INPUT 2 /* the bundle or its config is unusable */
#define VMM_STATUS_FAULT 3    /* rvkvm stopped the VM for what it did */
#define VMM_STATUS_RUNNING (-1)

#define VMM_MAX_VCPUS 64
#define VMM_INPUT_POLL_US 10000 /* how often vCPU 0's thread looks for console input */

/* A VM as the VMM sees it: its vCPUs and its board (device models on an MMIO bus). */
struct vmm_vm {
	const char *name;
	struct rvkvm_vm *vm;
	int status; /* VMM_STATUS_RUNNING until the first vCPU ends the VM */
	unsigned ncpus;
	struct rvkvm_vcpu *vcpus[VMM_MAX_VCPUS];
	unsigned threads_done;

	spinlock_t board_lock; /* device models are not reentrant */
	struct mmio_bus bus;
	struct plic plic;
	struct uart16550 uart;
	struct testdev testdev;
	uint64_t testmem_gpa, testmem_size, testmem_host; /* the memory-test slot, if any */

	/* Guest traps and SBI calls the VMM handles (vmm/guest_traps.c, vmm/sbi_vmm.c). */
	unsigned long mvendorid;                 /* what the guest sees; picks the vendor SBI id */
	unsigned long scratch_csr[VMM_MAX_VCPUS];
	unsigned long breakpoints, emulated_insns, vmm_sbi_calls;
};

/* Runs every VM in the bundle; returns the worst status. */
int vmm_main(const uint8_t *bundle, size_t size);
/* Handles one exit; returns VMM_STATUS_RUNNING to resume the vCPU or the VM's final status. */
int vmm_handle_exit(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *exit);

/* The board (vmm/board.c): puts the devices on the bus and wires their interrupts. */
void board_init(struct vmm_vm *vm);
/* Performs a guest MMIO access on the board; false when no device is there. */
bool board_mmio(struct vmm_vm *vm, struct rvkvm_exit *exit);
/* Moves pending console input into the UART. */
void board_poll_input(struct vmm_vm *vm);

/* Reports (vmm/report.c): the exit table of --stats, the device tree for --dump-dtb. */
void vmm_print_stats(struct vmm_vm *vm);
void vmm_print_dtb(const uint8_t *dtb, size_t size);

#endif
