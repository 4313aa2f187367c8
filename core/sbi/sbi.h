/* SBI dispatch for guests: each extension is a const descriptor in one table (core/sbi/sbi_table.c). */
#ifndef CORE_SBI_SBI_H
#define CORE_SBI_SBI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "lib/sbi_spec.h"

/* rvkvm's SBI implementation id (not registered with RISC-V International; documented in README). */
#define RVKVM_SBI_IMPL_ID 0x52564B4DUL /* "RVKM" */
#define RVKVM_SBI_IMPL_VERSION 0x00000100UL
#define RVKVM_SBI_SPEC_MAJOR 2
#define RVKVM_SBI_SPEC_MINOR 0

/* An SBI call, laid out like the guest's a0..a7 so the fast exit path can use the saved registers in place. */
struct sbi_call {
	unsigned long args[6]; /* a0-a5 */
	unsigned long fid;     /* a6 */
	unsigned long eid;     /* a7 */
};

/*
 * The spec's parameters narrower than a register, read as the spec's binary encoding has them:
 * the low bits of the register, whatever the caller left above them (never a reason to refuse
 * the call). Every extension reads such a parameter through these, and this list says which
 * they are (SBI 3.0 signatures):
 *   uint32_t  HSM hart_suspend suspend_type; SRST system_reset reset_type and reset_reason;
 *             SUSP system_suspend sleep_type; FWFT fwft_set and fwft_get feature;
 *             legacy console_putchar ch (an int);
 *   uint8_t   DBCN console_write_byte byte.
 * Every other parameter of BASE, TIME, IPI, RFENCE, HSM, DBCN and the legacy calls is an
 * unsigned long, a long or a uint64_t: the whole register on rv64, read as c->args[n].
 */
static inline uint32_t sbi_arg_u32(const struct sbi_call *c, unsigned n)
{
	return (uint32_t)c->args[n];
}

static inline uint8_t sbi_arg_u8(const struct sbi_call *c, unsigned n)
{
	return (uint8_t)c->args[n];
}

/* What happens after a handler: exactly one place (sbi_complete in core/vcpu_run.c) acts on it. */
enum sbi_next {
	SBI_NEXT_RETURN,        /* a0 = error, a1 = value, sepc advances */
	SBI_NEXT_RETURN_LEGACY, /* v0.1 call: a0 = value only, sepc advances */
	SBI_NEXT_FORWARD,       /* exit to the VMM with an SBI exit */
	SBI_NEXT_EXIT,          /* the handler filled vcpu->exit; return like SBI_NEXT_RETURN, then exit */
	SBI_NEXT_NO_RETURN,     /* the handler moved the vCPU elsewhere (HSM stop): touch nothing */
	SBI_NEXT_NO_RETURN_EXIT,/* the same, and the handler filled vcpu->exit: exit to the VMM */
};

struct sbi_result {
	long error;
	unsigned long value;
	enum sbi_next next;
};

#define SBI_KVM_ID_NONE (-1) /* BASE: always offered, never switched off or handed to the VMM */

/* A handler returns the hypervisor's status (0, or negative: stop the VM); the guest's error is in r. */
struct sbi_ext {
	const char *name;
	unsigned long eid_lo;
	unsigned long eid_hi;
	bool (*probe)(const struct rvkvm_vcpu *v); /* NULL: always present */
	bool resets_vcpu; /* may rewrite every GPR (HSM stop/suspend): never on the fast exit path */
	int kvm_id; /* RVKVM_RISCV_SBI_EXT_* (ONE_REG SBI_EXT/SBI_VMM), or SBI_KVM_ID_NONE */
	int (*handler)(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r);
};

extern const struct sbi_ext *const sbi_ext_table[];
extern const unsigned sbi_ext_count;

extern const struct sbi_ext sbi_ext_base;
extern const struct sbi_ext sbi_ext_legacy;
extern const struct sbi_ext sbi_ext_dbcn;
extern const struct sbi_ext sbi_ext_srst;
extern const struct sbi_ext sbi_ext_time;
extern const struct sbi_ext sbi_ext_ipi;
extern const struct sbi_ext sbi_ext_rfence;
extern const struct sbi_ext sbi_ext_hsm;
extern const struct sbi_ext sbi_ext_fwft;
extern const struct sbi_ext sbi_ext_susp;
extern const struct sbi_ext sbi_ext_sta;

/*
 * DBCN console write/read: at most this many bytes per call. The console is shared by every VM
 * and written with the hart held, so one guest's huge buffer must not stall the others; the
 * spec lets a call write or read less than asked and return how much it did.
 */
#define SBI_DBCN_MAX_BYTES 4096UL

/* FWFT features back to their reset values, unlocked (HSM hart start: they have local scope). */
void sbi_fwft_reset(struct rvkvm_vcpu *v);

/*
 * STA (core/sbi/sta.c). vcpu_load calls sbi_sta_record when v->sta.shmem is set: it adds to the
 * guest's steal what the vCPU's thread waited for a hart since the last record. sbi_sta_start
 * points it at shmem and counts from now (the SBI call, ONE_REG); sbi_sta_reset stops it.
 */
void sbi_sta_record(struct rvkvm_vcpu *v);
void sbi_sta_start(struct rvkvm_vcpu *v, uint64_t shmem);
void sbi_sta_reset(struct rvkvm_vcpu *v);

/* Shared by the v0.2+ extensions and the v0.1 legacy calls. */
long sbi_ipi_send(struct rvkvm_vcpu *v, unsigned long mask, unsigned long base);
long sbi_rfence(struct rvkvm_vcpu *v, unsigned long fid, unsigned long hart_mask,
		unsigned long hart_mask_base, unsigned long start, unsigned long size,
		unsigned long asid);

/*
 * Calls fn for every vCPU named by an SBI hart mask; hart_mask_base -1 means all.
 * Returns SBI_ERR_INVALID_PARAM (and calls nothing) when any named hart does not exist.
 */
long sbi_for_each_hart(struct rvkvm_vm *vm, unsigned long mask, unsigned long base,
		       void (*fn)(struct rvkvm_vcpu *target, void *arg), void *arg);

/* The extension that serves eid for this vCPU, or NULL. */
const struct sbi_ext *sbi_find_ext(const struct rvkvm_vcpu *v, unsigned long eid);
/*
 * Runs the call. An extension nobody implements, or that the VMM owns (SBI_VMM), is forwarded
 * to the VMM; one the VMM switched off (SBI_EXT) gets SBI_ERR_NOT_SUPPORTED.
 */
int sbi_dispatch(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r);
/*
 * The same on the fast exit path, where only the caller-saved GPRs are in v->ctx: an
 * extension that may rewrite every GPR is not run and SBI_DISPATCH_NOT_FAST is returned.
 */
#define SBI_DISPATCH_NOT_FAST 1
int sbi_dispatch_fast(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r);

/* --- per-vCPU configuration of the SBI (core/sbi/sbi_config.c) --------------------------- */
struct sbi_eid_range {
	unsigned long lo, hi;
};
/* The extension ids each RVKVM_RISCV_SBI_EXT_* id stands for. */
extern const struct sbi_eid_range sbi_kvm_ranges[RVKVM_RISCV_SBI_EXT_MAX];
/* The RVKVM_RISCV_SBI_EXT_* id whose range holds eid, or -1. */
int sbi_kvm_id_of(unsigned long eid);
/* The core's implementation of an RVKVM_RISCV_SBI_EXT_* id on this vCPU's host, or NULL. */
const struct sbi_ext *sbi_core_ext(const struct rvkvm_vcpu *v, unsigned kvm_id);
/* True when the VMM asked to handle every call to eid's extension (ONE_REG SBI_VMM). */
bool sbi_vmm_owns(const struct rvkvm_vcpu *v, unsigned long eid);
/* False when the VMM switched the core's extension off for this vCPU (ONE_REG SBI_EXT). */
bool sbi_ext_offered(const struct rvkvm_vcpu *v, const struct sbi_ext *e);
/* What BASE probe_extension answers: the VMM owns eid, or the core offers it. */
bool sbi_probe(const struct rvkvm_vcpu *v, unsigned long eid);

#endif
