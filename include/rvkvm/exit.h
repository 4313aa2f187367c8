/* SPDX-License-Identifier: Apache-2.0 */
/* Why rvkvm_vcpu_run() returned: the exit record shared by the core and the VMM, shaped like struct kvm_run. */
#ifndef RVKVM_EXIT_H
#define RVKVM_EXIT_H

#include <stdint.h>

enum rvkvm_exit_reason {
	RVKVM_EXIT_UNKNOWN = 0,
	RVKVM_EXIT_MMIO = 6,             /* KVM_EXIT_MMIO */
	RVKVM_EXIT_INTR = 10,            /* KVM_EXIT_INTR: kicked, or the exit interval elapsed */
	RVKVM_EXIT_SYSTEM_EVENT = 24,    /* KVM_EXIT_SYSTEM_EVENT */
	RVKVM_EXIT_INTERNAL_ERROR = 17,  /* KVM_EXIT_INTERNAL_ERROR */
	RVKVM_EXIT_RISCV_SBI = 35,       /* KVM_EXIT_RISCV_SBI */
	RVKVM_EXIT_RISCV_CSR = 36,       /* KVM_EXIT_RISCV_CSR */
	RVKVM_EXIT_RISCV_EXCEPTION = 64, /* rvkvm: a guest exception the VMM chose to handle */
};

/* system_event.type, as KVM_SYSTEM_EVENT_*. data[0] holds the SBI SRST reason. */
#define RVKVM_SYSTEM_EVENT_SHUTDOWN 1
#define RVKVM_SYSTEM_EVENT_RESET 2
/*
 * SBI SUSP suspend to RAM (KVM_SYSTEM_EVENT_SUSPEND; data[0] = the sleep type): every other
 * vCPU is stopped and this one is already set to wake at the guest's resume address; running
 * it again is the wake-up.
 */
#define RVKVM_SYSTEM_EVENT_SUSPEND 5

/* internal.suberror: what the core could not handle; data[] holds the trap details. */
enum rvkvm_internal_error {
	RVKVM_INTERNAL_UNHANDLED_TRAP = 1, /* data: scause, sepc, stval, htval, htinst, gpa */
	RVKVM_INTERNAL_GUEST_FAULT = 2, /* guest access outside RAM that is not MMIO; same data */
	RVKVM_INTERNAL_NO_MEMORY = 3,
	RVKVM_INTERNAL_READONLY_WRITE = 4, /* guest write to a read-only memory region; same data */
	RVKVM_INTERNAL_FETCH_OUTSIDE_RAM = 5, /* instruction fetch from a GPA that is not RAM */
	RVKVM_INTERNAL_MMIO_UNSUPPORTED =
		6, /* device access by an instruction not emulated (AMO, FP...) */
	RVKVM_INTERNAL_INSN_UNREADABLE = 7, /* the trapping instruction could not be read */
	RVKVM_INTERNAL_ALL_STOPPED =
		8, /* HSM stop of the last running vCPU: nothing can run again */
};

#define RVKVM_EXC_ACTION_RESUME 0 /* run on with the registers as the VMM left them */
#define RVKVM_EXC_ACTION_INJECT 1 /* deliver the exception to the guest */

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
		/*
		 * An SBI call the core does not implement, or one of an extension the VMM owns
		 * (RVKVM_REG_RISCV_SBI_VMM). ret[0] (error) starts as SBI_ERR_NOT_SUPPORTED and
		 * ret[1] (value) as 0; whatever the VMM leaves there reaches the guest's a0/a1 (a0
		 * only for a v0.1 call) and sepc advances past the ecall once, on the next run.
		 */
		struct {
			unsigned long extension_id;
			unsigned long function_id;
			unsigned long args[6];
			unsigned long ret[2];
		} riscv_sbi;
		/*
		 * A CSR instruction on a CSR the core does not emulate, when the VMM routes
		 * illegal instructions to itself (RVKVM_REG_RISCV_EXC_ROUTE). As KVM: the CSR
		 * takes (old & ~write_mask) | (new_value & write_mask); the VMM puts the old value
		 * in ret_value, which reaches the instruction's rd on the next run, and the guest
		 * continues after the instruction. rvkvm adds action: INJECT when the VMM does not
		 * emulate this CSR either, and the guest takes its illegal-instruction exception.
		 */
		struct {
			unsigned long csr_num;
			unsigned long new_value;
			unsigned long write_mask;
			unsigned long ret_value;
			uint32_t action; /* RVKVM_EXC_ACTION_*, set by the VMM */
		} riscv_csr;
		/*
		 * rvkvm: an exception the VMM routed to itself (RVKVM_EXC_ROUTE_VMM). The guest is
		 * stopped at pc, before the instruction. The VMM either emulates it (registers and
		 * pc through ONE_REG, then action RESUME) or sets action INJECT: the guest takes the
		 * exception itself, as if it had been delegated.
		 */
		struct {
			unsigned long cause;
			unsigned long tval;
			unsigned long pc;
			unsigned long htval;
			unsigned long htinst;
			uint32_t insn;     /* the instruction at pc (0 if unreadable) */
			uint32_t insn_len; /* 2 or 4, 0 if unreadable */
			uint32_t action;   /* RVKVM_EXC_ACTION_*, set by the VMM */
		} riscv_exception;
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

/*
 * mmio.data[] as one value, byte 0 lowest (RISC-V is little-endian), read or written in one
 * access: the field lies at offset 16 of the 8-byte aligned record. A load's value is the low
 * len bytes; a store's value has zeroes above them.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "mmio.data is copied as one value");
_Static_assert(__builtin_offsetof(struct rvkvm_exit, mmio.data) % 8 == 0, "mmio.data is aligned");

static inline uint64_t rvkvm_mmio_data(const struct rvkvm_exit *e)
{
	uint64_t value;

	__builtin_memcpy(&value, __builtin_assume_aligned(e->mmio.data, 8), sizeof(value));
	return value;
}

static inline void rvkvm_mmio_set_data(struct rvkvm_exit *e, uint64_t value)
{
	__builtin_memcpy(__builtin_assume_aligned(e->mmio.data, 8), &value, sizeof(value));
}

#endif
