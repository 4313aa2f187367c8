/* SPDX-License-Identifier: Apache-2.0 */
/* SBI dispatch for guests: each extension is a const descriptor, registered by one line (SBI_EXTENSIONS). */
#ifndef CORE_SBI_SBI_H
#define CORE_SBI_SBI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/vcpu.h"
#include "lib/sbi_spec.h"

/* rvkvm's SBI implementation id (not registered with RISC-V International; documented in README). */
#define RVKVM_SBI_IMPL_ID 0x52564B4DUL /* "RVKM" */
#define RVKVM_SBI_IMPL_VERSION 0x00000100UL
/* SBI 3.0: the version that defines FWFT and SSE, which the core implements. */
#define RVKVM_SBI_SPEC_MAJOR 3
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
 *             SSE read_attrs and write_attrs event_id, base_attr_id and attr_count;
 *             SSE register, unregister, enable, disable and inject event_id;
 *             legacy console_putchar ch (an int);
 *   uint8_t   DBCN console_write_byte byte.
 * Every other parameter of BASE, TIME, IPI, RFENCE, HSM, DBCN, SSE, DBTR and the legacy calls is an
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

/*
 * A uint64_t parameter (TIME set_timer's and the legacy set_timer's stime_value, PMU
 * counter_start's initial_value; PMU config_matching's event_data, unused): its register a<n> on RV64; on RV32 the low half in a<n> and
 * the high half in a<n+1>, as the spec's binary encoding says.
 */
static inline uint64_t sbi_arg_u64(const struct sbi_call *c, unsigned n)
{
	if (sizeof(unsigned long) == 4) {
		return (uint64_t)c->args[n] | (uint64_t)c->args[n + 1]
						      << (sizeof(unsigned long) * 8 % 64);
	}
	return c->args[n];
}

/*
 * A physical address the spec passes in two registers, lo and hi (DBCN's base_addr, the shared
 * memories of STA, SSE, PMU and DBTR): hi holds its bits from XLEN up. On RV32 those are bits 32
 * to 63, where an Sv32x4 guest's RAM can be; on RV64 no guest address has any, so false.
 */
static inline bool sbi_phys_addr(unsigned long lo, unsigned long hi, uint64_t *addr)
{
	if (sizeof(unsigned long) == 8) {
		*addr = lo;
		return hi == 0;
	}
	*addr = (uint64_t)lo | (uint64_t)hi << (sizeof(unsigned long) * 8 % 64);
	return true;
}

/* What happens after a handler: exactly one place (sbi_complete in core/vcpu_run.c) acts on it. */
enum sbi_next {
	SBI_NEXT_RETURN,        /* a0 = error, a1 = value, sepc advances */
	SBI_NEXT_RETURN_LEGACY, /* v0.1 call: a0 = value only, sepc advances */
	SBI_NEXT_FORWARD,       /* exit to the VMM with an SBI exit */
	SBI_NEXT_EXIT, /* the handler filled vcpu->exit; return like SBI_NEXT_RETURN, then exit */
	SBI_NEXT_NO_RETURN, /* the handler moved the vCPU elsewhere (HSM stop): touch nothing */
	SBI_NEXT_NO_RETURN_EXIT, /* the same, and the handler filled vcpu->exit: exit to the VMM */
};

struct sbi_result {
	long error;
	unsigned long value;
	enum sbi_next next;
};

/*
 * No KVM id: never handed to the VMM. BASE, always offered, and SSE and DBTR, for which Linux's
 * asm/kvm.h (the uapi headers up to the ones in cache/linux-headers) has no id yet: ONE_REG
 * SBI_EXT_RVKVM switches those (sbi_ext.own, SBI_OWN of an RVKVM_RISCV_SBI_EXT_RVKVM_* id).
 */
#define SBI_KVM_ID_NONE (-1)
#define SBI_OWN(id) ((id) + 1)

struct reg; /* core/one_reg.h */

/*
 * An SBI extension, everything about it in one place: the registry (SBI_EXTENSIONS below) is a
 * list of these, and dispatch, ONE_REG (SBI_EXT, SBI_VMM, SBI_STATE) and the stats read them.
 * A handler returns the hypervisor's status (0, or negative: stop the VM); the guest's error is in r.
 */
struct sbi_ext {
	const char *name; /* in the vCPU's stats (rvkvm_vcpu_get_stats) */
	unsigned long eid_lo;
	unsigned long eid_hi;
	int kvm_id;   /* RVKVM_RISCV_SBI_EXT_* (ONE_REG SBI_EXT/SBI_VMM), or SBI_KVM_ID_NONE */
	unsigned own; /* SBI_OWN(RVKVM_RISCV_SBI_EXT_RVKVM_*) (ONE_REG SBI_EXT_RVKVM), or 0 */
	bool (*probe)(const struct rvkvm_vcpu *v); /* NULL: always present */
	bool resets_vcpu; /* may rewrite every GPR (HSM stop/suspend): never on the fast exit path */
	/* NULL only for the SBI_VMM_EXTENSIONS, which the core leaves to the VMM. */
	int (*handler)(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r);
	/*
	 * ONE_REG SBI_STATE: state_reg finds register r->index of subtype state_subtype
	 * (RVKVM_REG_RISCV_SBI_*), indexes below state_nr, as core/one_reg.h's class lookups do.
	 * NULL: the extension has no state registers. Never called while probe says absent.
	 */
	int (*state_reg)(struct rvkvm_vcpu *v, struct reg *r);
	uint64_t state_subtype;
	unsigned state_nr;
};

/*
 * The registry. Adding an extension is its file, core/sbi/<name>.c, defining
 * `const struct sbi_ext sbi_ext_<name>`, and one line here. The core runs SBI_EXTENSIONS, in
 * this order (the order of the stats); SBI_VMM_EXTENSIONS have a KVM id, and so a range the VMM
 * may take (SBI_VMM), but no code in the core. Everything per extension is derived from these.
 */
#define SBI_EXTENSIONS(X) \
	X(legacy)         \
	X(base)           \
	X(dbcn)           \
	X(srst)           \
	X(time)           \
	X(ipi)            \
	X(rfence)         \
	X(hsm)            \
	X(fwft)           \
	X(susp)           \
	X(sta)            \
	X(sse)            \
	X(pmu)            \
	X(dbtr)
#define SBI_VMM_EXTENSIONS(X) \
	X(experimental)       \
	X(vendor)             \
	X(mpxy)

#define SBI_EXT_DECLARE(n) extern const struct sbi_ext sbi_ext_##n;
SBI_EXTENSIONS(SBI_EXT_DECLARE)
SBI_VMM_EXTENSIONS(SBI_EXT_DECLARE)
#undef SBI_EXT_DECLARE

/*
 * sbi_ext_table (core/sbi/sbi_table.c): the SBI_EXTENSIONS, indexes 0 to sbi_ext_count - 1 (the
 * index of an extension's call counter), then the SBI_VMM_EXTENSIONS, up to sbi_ext_count_all.
 */
extern const struct sbi_ext *const sbi_ext_table[];
extern const unsigned sbi_ext_count;
extern const unsigned sbi_ext_count_all;

/*
 * DBCN console write/read: at most this many bytes per call. The console is shared by every VM
 * and written with the hart held, so one guest's huge buffer must not stall the others; the
 * spec lets a call write or read less than asked and return how much it did.
 */
#define SBI_DBCN_MAX_BYTES 4096UL

/* FWFT features back to their reset values, unlocked (HSM hart start: they have local scope). */
void sbi_fwft_reset(struct rvkvm_vcpu *v);

/*
 * DBTR (core/sbi/dbtr.c) and its hooks in core/arch/riscv/dbtr_arch.c. dbtr_arch_triggers: how
 * many triggers the hart's firmware can give a guest (mcontrol6 ones; 0: DBTR not offered).
 * dbtr_arch_install: if v is loaded on this hart, puts d's triggers that have s or u in the
 * hardware, as VS/VU ones (sbi_dbtr_host_tdata1), in place of v's; SBI_SUCCESS or the firmware's
 * error. dbtr_arch_load and dbtr_arch_put do the same for a vCPU's load and put.
 * sbi_dbtr_reset: v's triggers uninstalled and its shared memory off (a hart start, as OpenSBI's).
 */
void dbtr_arch_init(void);      /* the boot hart, once: asks the firmware */
void dbtr_arch_hart_init(void); /* each hart: its shared memory with the firmware */
unsigned dbtr_arch_triggers(void);
long dbtr_arch_install(struct rvkvm_vcpu *v, const struct vcpu_dbtr *d);
void dbtr_arch_load(struct rvkvm_vcpu *v);
void dbtr_arch_put(void);
unsigned long sbi_dbtr_host_tdata1(unsigned long guest_tdata1);
void sbi_dbtr_reset(struct rvkvm_vcpu *v);

/*
 * STA (core/sbi/sta.c). vcpu_load calls sbi_sta_record when v->sta.shmem is set: it adds to the
 * guest's steal what the vCPU's thread waited for a hart since the last record. sbi_sta_start
 * points it at shmem and counts from now (the SBI call, ONE_REG); sbi_sta_reset stops it.
 */
void sbi_sta_record(struct rvkvm_vcpu *v);
void sbi_sta_start(struct rvkvm_vcpu *v, uint64_t shmem);
void sbi_sta_reset(struct rvkvm_vcpu *v);

/*
 * SSE (core/sbi/sse.c). v->sse.look says an event may have become deliverable to v (injected,
 * enabled, unmasked, or another one completed): the run loop then calls sbi_sse_deliver before it
 * enters the guest, which takes the guest into the handler of the most urgent event that may run
 * (v loaded, its context whole in v->ctx), and a WFI ends. sbi_sse_reset puts v's events back to
 * their reset state, masked (HSM hart start).
 */
static inline bool sbi_sse_look(const struct rvkvm_vcpu *v)
{
	/* Relaxed on every entry; the acquire only when there is something to look at. */
	if (__builtin_expect(__atomic_load_n(&v->sse.look, __ATOMIC_RELAXED) == 0, 1)) {
		return false;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return true;
}
void sbi_sse_deliver(struct rvkvm_vcpu *v);
void sbi_sse_reset(struct rvkvm_vcpu *v);

/*
 * PMU (core/sbi/pmu.c). sbi_pmu_fw_event counts one firmware event (SBI_PMU_FW_*, a standard
 * one) of v, from any hart. sbi_pmu_count_trap counts the trap of cause scause that the core
 * handled for the guest, if the spec has an event for it (misaligned, access, illegal
 * instruction). sbi_pmu_read_csr answers a guest's read of a counter CSR whose hcounteren bit is
 * clear (cycle, instret; their high halves on RV32): false for any other CSR. sbi_pmu_reset
 * releases every counter (HSM hart start); the event totals stay.
 */
static inline void sbi_pmu_fw_event(struct rvkvm_vcpu *v, unsigned event)
{
	__atomic_fetch_add(&v->pmu.fw_events[event], 1, __ATOMIC_RELAXED);
}
void sbi_pmu_count_trap(struct rvkvm_vcpu *v, unsigned long cause);
bool sbi_pmu_read_csr(const struct rvkvm_vcpu *v, unsigned csr, unsigned long *val);
/*
 * The virtual-instruction trap of insn: when it is a read of such a counter the guest may make,
 * its value into rd and sepc past it; true when done, false for the caller's illegal instruction.
 */
bool sbi_pmu_emulate_read(struct rvkvm_vcpu *v, uint32_t insn);
void sbi_pmu_reset(struct rvkvm_vcpu *v);

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
/* The extension an RVKVM_RISCV_SBI_EXT_* id stands for (its eid range), core or VMM's, or NULL. */
const struct sbi_ext *sbi_kvm_ext(unsigned kvm_id);
/* The RVKVM_RISCV_SBI_EXT_* id whose range holds eid, or -1. */
int sbi_kvm_id_of(unsigned long eid);
/* The core's implementation of an RVKVM_RISCV_SBI_EXT_* id on this vCPU's host, or NULL. */
const struct sbi_ext *sbi_core_ext(const struct rvkvm_vcpu *v, unsigned kvm_id);
/* The core's implementation of an RVKVM_RISCV_SBI_EXT_RVKVM_* id on this vCPU's host, or NULL. */
const struct sbi_ext *sbi_own_ext(const struct rvkvm_vcpu *v, unsigned own_id);
/* The extension whose ONE_REG SBI_STATE subtype is subtype (RVKVM_REG_RISCV_SBI_*), or NULL. */
const struct sbi_ext *sbi_state_ext(uint64_t subtype);
/* True when the VMM asked to handle every call to eid's extension (ONE_REG SBI_VMM). */
bool sbi_vmm_owns(const struct rvkvm_vcpu *v, unsigned long eid);
/* False when the VMM switched the core's extension off for this vCPU (SBI_EXT, SBI_EXT_RVKVM). */
bool sbi_ext_offered(const struct rvkvm_vcpu *v, const struct sbi_ext *e);
/* What BASE probe_extension answers: the VMM owns eid, or the core offers it. */
bool sbi_probe(const struct rvkvm_vcpu *v, unsigned long eid);

#endif
