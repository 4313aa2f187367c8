/* Why rvkvm_vcpu_run() returned: the exit record shared by the core and the VMM, shaped like struct kvm_run. */
#ifndef RVKVM_EXIT_H
#define RVKVM_EXIT_H

#include <stdint.h>

enum rvkvm_exit_reason {
	RVKVM_EXIT_UNKNOWN = 0,
	RVKVM_EXIT_MMIO = 6,           /* KVM_EXIT_MMIO */
	RVKVM_EXIT_INTR = 10,          /* KVM_EXIT_INTR: kicked, or the exit interval elapsed */
	RVKVM_EXIT_SYSTEM_EVENT = 24,  /* KVM_EXIT_SYSTEM_EVENT */
	RVKVM_EXIT_INTERNAL_ERROR = 17, /* KVM_EXIT_INTERNAL_ERROR */
	RVKVM_EXIT_RISCV_SBI = 35,     /* KVM_EXIT_RISCV_SBI */
};

/* system_event.type, as KVM_SYSTEM_EVENT_*. data[0] holds the SBI SRST reason. */
#define RVKVM_SYSTEM_EVENT_SHUTDOWN 1
#define RVKVM_SYSTEM_EVENT_RESET 2

/* internal.suberror: what the core could not handle; data[] holds the trap details. */
enum rvkvm_internal_error {
	RVKVM_INTERNAL_UNHANDLED_TRAP = 1, /* data: scause, sepc, stval, htval, htinst, gpa */
	RVKVM_INTERNAL_GUEST_FAULT = 2,    /* guest access outside RAM that is not MMIO; same data */
	RVKVM_INTERNAL_NO_MEMORY = 3,
	RVKVM_INTERNAL_READONLY_WRITE = 4, /* guest write to a read-only memory region; same data */
	RVKVM_INTERNAL_FETCH_OUTSIDE_RAM = 5, /* instruction fetch from a GPA that is not RAM */
	RVKVM_INTERNAL_MMIO_UNSUPPORTED = 6,  /* device access by an instruction not emulated (AMO, FP...) */
	RVKVM_INTERNAL_INSN_UNREADABLE = 7,   /* the trapping instruction could not be read */
	RVKVM_INTERNAL_ALL_STOPPED = 8,       /* HSM stop of the last running vCPU: nothing can run again */
};

struct rvkvm_exit {
	uint32_t reason;
	uint32_t pad;
	union {
		/* The VMM completes a read by filling data[] before the next run. */
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		/* Forwarded SBI call; the VMM writes ret[0] (error) and ret[1] (value). */
		struct {
			unsigned long extension_id;
			unsigned long function_id;
			unsigned long args[6];
			unsigned long ret[2];
		} riscv_sbi;
		struct {
			uint32_t type;
			uint32_t ndata;
			uint64_t data[16];
		} system_event;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[16];
		} internal;
	};
};

#endif
