/* The VMM: builds each VM from the boot bundle and runs it, reaching the core only through rvkvm/. */
#ifndef VMM_VMM_H
#define VMM_VMM_H

#include <stddef.h>
#include <stdint.h>

#include "rvkvm/rvkvm.h"

/* Exit statuses of a run, as ./rvkvm run reports them. */
#define VMM_STATUS_OK 0       /* the guest powered off normally */
#define VMM_STATUS_FAILURE 1  /* the guest reported failure (SRST reason) */
#define VMM_STATUS_BAD_INPUT 2 /* the bundle or its config is unusable */
#define VMM_STATUS_FAULT 3    /* rvkvm stopped the VM for what it did */
#define VMM_STATUS_RUNNING (-1)

struct vmm_vm {
	const char *name;
	struct rvkvm_vm *vm;
	int status;
};

/* Runs every VM in the bundle; returns the worst status. */
int vmm_main(const uint8_t *bundle, size_t size);
/* Handles one exit; returns VMM_STATUS_RUNNING to resume the vCPU or the VM's final status. */
int vmm_handle_exit(struct vmm_vm *vm, struct rvkvm_vcpu *vcpu, struct rvkvm_exit *exit);

#endif
