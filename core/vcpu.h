/* SPDX-License-Identifier: Apache-2.0 */
/* The core's vCPU and VM objects (the handles behind struct rvkvm_vcpu and struct rvkvm_vm). */
#ifndef CORE_VCPU_H
#define CORE_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/dirty_log.h"
#include "core/doorbell.h"
#include "core/exc_route.h"
#include "core/gstage.h"
#include "core/insn_decode.h"
#include "core/isa_ext.h"
#include "core/memslot.h"
#include "core/mmio_decode_cache.h"
#include "core/ram_populate.h"
#include "core/vmid.h"
#include "lib/sbi_spec.h"
#include "lib/spinlock.h"
#include "rvkvm/exit.h"
#include "rvkvm/reg.h"

#define VCPU_MAX_PER_VM 64
#define GPR_RA 1
#define GPR_SP 2
#define GPR_A0 10
#define GPR_A1 11
#define GPR_A6 16
#define GPR_A7 17

/*
 * What the world switch touches: the guest GPRs, the few CSRs it must swap and
 * the host's callee-saved registers. Assembly reaches it through asm-offsets.
 */
struct vcpu_ctx {
	unsigned long gpr[32]; /* x0 slot unused */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long hstatus;
	unsigned long host_ra, host_sp, host_gp, host_tp;
	unsigned long host_s[12];
	/* Trap details, written by the exit path. */
	unsigned long scause, stval, htval, htinst;
	/*
	 * The guest's own cycles and instructions, for SBI PMU counters (core/sbi/pmu.c): while
	 * pmu_on, the entry path stores cycle and instret in pmu_entry just before sret, and the
	 * exit path adds what they advanced since to pmu_guest as soon as the guest traps. All
	 * 64 bits on RV32 too (cycleh, instreth): a guest counter is 64 bits wide.
	 */
	unsigned long pmu_on;
	uint64_t pmu_entry[2]; /* VCPU_PMU_SRC_CYCLE, VCPU_PMU_SRC_INSTRET */
	uint64_t pmu_guest[2];
};
#define VCPU_PMU_SRC_CYCLE 0
#define VCPU_PMU_SRC_INSTRET 1

/* VS-level state that lives in CSRs while the vCPU is loaded on a hart. */
struct vcpu_csrs {
	unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
	unsigned long hvip;
	uint64_t vstimecmp;
	/* Supervisor CSRs that VS-mode reaches unbanked: swapped in and out with the vCPU. */
	unsigned long scounteren, senvcfg, sstateen0;
};

/* The guest's FP registers while not loaded (vcpu_arch_put saves them only if the guest dirtied them). */
struct vcpu_fp {
	uint64_t f[32];
	uint32_t fcsr;
};

/* One SBI FWFT feature, as ONE_REG SBI_STATE shows it. */
struct vcpu_fwft_feature {
	unsigned long enable; /* offered to the guest */
	unsigned long flags;  /* SBI_FWFT_SET_FLAG_LOCK (bit 0) once the guest locked it */
	unsigned long value;
};
/* Features in the order of struct rvkvm_riscv_sbi_fwft. */
enum vcpu_fwft {
	VCPU_FWFT_MISALIGNED_DELEG,
	VCPU_FWFT_POINTER_MASKING,
	VCPU_FWFT_COUNT,
};

/*
 * SBI STA: where the guest wants its steal time, and how much of its thread's ready_wait
 * (core/sched.h) is in it already. Written on the next vcpu_load after the thread waited.
 */
struct vcpu_sta {
	uint64_t shmem;   /* guest-physical, 64-byte aligned, or VCPU_STA_OFF (see sta.c) */
	uint64_t counted; /* timebase ticks */
};
#define VCPU_STA_OFF UINT64_MAX

/*
 * SBI DBTR (core/sbi/dbtr.c): the guest's debug triggers, by the index the guest knows them by.
 * tdata1 is as the guest wrote it (s and u for its own S- and U-mode), with s and u cleared
 * while the trigger is disabled; state is the spec's trig_state. A trigger is in the hart's
 * hardware, as VS/VU, while the vCPU is loaded and its tdata1 has s or u (core/arch/riscv/dbtr_arch.c).
 */
#define VCPU_DBTR_MAX 8
struct vcpu_dbtr_trigger {
	unsigned long state, tdata1, tdata2, tdata3;
};
struct vcpu_dbtr {
	uint64_t shmem; /* guest-physical, XLEN/8-byte aligned, or VCPU_DBTR_OFF */
	bool armed;     /* some trigger has s or u: the vCPU's loads install them */
	struct vcpu_dbtr_trigger trig[VCPU_DBTR_MAX];
};
#define VCPU_DBTR_OFF UINT64_MAX

/*
 * One SBI SSE event (core/sbi/sse.c): a vCPU's local software event, or its VM's global one.
 * All zero is the reset state: UNUSED, priority 0, no config, preferred hart 0, nothing saved.
 */
struct sse_event {
	uint32_t state;       /* SBI_SSE_STATE_* */
	uint32_t pending;     /* injected and not yet running: set from any hart, atomically */
	uint32_t priority;    /* lower is more urgent */
	unsigned running_on;  /* the vCPU id that runs it (global event, RUNNING) */
	unsigned long config; /* SBI_SSE_CONFIG_ONESHOT */
	unsigned long preferred_hart; /* global event: the vCPU id it is delivered to */
	unsigned long entry_pc, entry_arg;
	/* The interrupted context: INTERRUPTED_SEPC, _FLAGS, _A6, _A7 in attribute order. */
	unsigned long interrupted[4];
};

/* SBI SSE on one vCPU. */
struct vcpu_sse {
	struct sse_event local;        /* SBI_SSE_EVENT_LOCAL_SOFTWARE */
	struct sse_event pmu_overflow; /* SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW (host with Sscofpmf) */
	bool unmasked;                 /* hart_unmask called (events start masked) */
	uint32_t look; /* set from any hart: an event may have become deliverable; see sse.c */
};

/*
 * SBI PMU (core/sbi/pmu.c): the guest's counters. 0 counts its cycles, 2 its instructions (1 is
 * the time CSR's place, no counter), 3 and up firmware events the core counts.
 */
#define VCPU_PMU_COUNTERS 19
struct vcpu_pmu_counter {
	uint32_t event; /* the SBI event_idx it is configured for; 0 (no event): none */
	bool started;
	/* Its overflow was signalled (Sscofpmf's OF): not again until started or configured anew. */
	bool overflowed;
	uint64_t value; /* stopped: its value; started: its value when it started */
	uint64_t base;  /* started: its source (pmu_guest, fw_events) when it started */
};
#define VCPU_HCOUNTEREN_DEFAULT 0x7UL /* cycle, time, instret: read directly */
struct vcpu_pmu {
	struct vcpu_pmu_counter ctr[VCPU_PMU_COUNTERS];
	/* Standard firmware events so far (SBI_PMU_FW_*), added atomically: other vCPUs add too. */
	unsigned long fw_events[SBI_PMU_FW_STANDARD_COUNT];
	unsigned long hcounteren; /* cycle, time, instret, less the counters configured */
	/*
	 * A hardware counter's overflow is watched (core/sbi/pmu_overflow.c): while loaded, the
	 * vCPU has host counters armed to interrupt no later than it (core/arch/riscv/pmu_alarm.c).
	 */
	bool ovf_watch;
};

/*
 * What the VMM configures through ONE_REG (CONFIG, ISA_EXT, SBI_EXT, SBI_VMM, EXC_ROUTE), and
 * what the core derives from it (vcpu_config_apply). isa and the SBI sets change only before
 * the first run.
 */
struct vcpu_config {
	struct isa_set isa;
	struct isa_set isa_max; /* what the host lets this vCPU have: the most isa may hold */
	unsigned long mvendorid, marchid, mimpid; /* what SBI BASE reports */
	uint64_t sbi_disabled;       /* bit n: RVKVM_RISCV_SBI_EXT n is hidden from the guest */
	uint64_t sbi_disabled_rvkvm; /* bit n: RVKVM_RISCV_SBI_EXT_RVKVM n is (SBI_EXT_RVKVM) */
	uint64_t sbi_vmm;            /* bit n: the VMM handles RVKVM_RISCV_SBI_EXT n (SBI_VMM) */
	uint8_t exc_route[RVKVM_EXC_ROUTE_NR]; /* RVKVM_EXC_ROUTE_* by exception cause */
	/* Derived from isa. */
	bool sstc;          /* the guest's timer is vstimecmp (else SBI set_timer, emulated) */
	uint64_t henvcfg;   /* STCE, PBMTE, ADUE, CBIE/CBCFE, CBZE as the isa allows */
	uint64_t hstateen0; /* SE0 when the guest has Smstateen (written only if the host has it) */
};

/* The guest's vector state while not loaded, when the hart has V (saved only if dirtied, like FP). */
struct vcpu_vec {
	unsigned long vstart, vcsr, vl, vtype;
	uint8_t *regs; /* v0-v31: 32 * vlenb bytes, allocated with the vCPU */
};

/* Work a vCPU must do on its hart before it next enters the guest (set by other vCPUs' SBI calls). */
#define VCPU_REQ_HFENCE_VVMA (1UL << 0) /* drop the hart's VS-stage translations of this VMID */
#define VCPU_REQ_FENCE_I (1UL << 1)     /* synchronize the hart's instruction fetches */

/* What the VMM must complete before the guest resumes. */
enum vcpu_pending {
	VCPU_PENDING_NONE,
	VCPU_PENDING_SBI,        /* copy exit.riscv_sbi.ret to a0/a1, advance sepc */
	VCPU_PENDING_MMIO_LOAD,  /* copy exit.mmio.data into the load's register, advance sepc */
	VCPU_PENDING_MMIO_STORE, /* advance sepc */
	VCPU_PENDING_CSR, /* copy exit.riscv_csr.ret_value into the CSR instruction's rd, advance sepc */
	VCPU_PENDING_EXCEPTION, /* inject the exception if the VMM asked, else resume as left */
	VCPU_PENDING_DEAD,      /* the VM was stopped: never resume */
};

/* SBI HSM states of a vCPU (the values are the spec's). */
enum vcpu_hsm_state {
	VCPU_HSM_STARTED = 0,
	VCPU_HSM_STOPPED = 1,
	VCPU_HSM_START_PENDING = 2,
	VCPU_HSM_SUSPENDED = 4,
};

/* Interrupt lines of a vCPU, in hvip bit positions. */
#define VCPU_IRQ_VSSIP (1UL << 2)
#define VCPU_IRQ_VSTIP (1UL << 6)
#define VCPU_IRQ_VSEIP (1UL << 10)
#define VCPU_IRQ_MASK (VCPU_IRQ_VSSIP | VCPU_IRQ_VSTIP | VCPU_IRQ_VSEIP)

#define VCPU_STATS_SBI_EXT 16 /* per-extension counters: one per entry of the SBI table */

/* Each exit adds to one counter (exits in all is their sum: core/stats.c). */
struct vcpu_stats {
	unsigned long ipi_sent;
	unsigned long ipi_received;
	unsigned long timer_injected;
	unsigned long interrupts;
	unsigned long sbi_by_ext[VCPU_STATS_SBI_EXT]; /* calls a core extension ran */
	unsigned long sbi_not_run;                    /* calls no core extension ran: VMM's, off */
	unsigned long sbi_forwarded;                  /* calls that went to the VMM */
	unsigned long mmio;
	unsigned long doorbells;       /* MMIO writes that rang a doorbell (no exit to the VMM) */
	unsigned long gstage_not_mmio; /* G-stage faults that made no MMIO exit: RAM, refused */
	/* Not exits: what core/stats.c derives the decode cache's hits from. */
	unsigned long mmio_htinst;    /* MMIO exits and doorbells decoded from htinst */
	unsigned long decode_refused; /* the decode cache's lookups that gave no access */
	unsigned long virtual_insn;
	unsigned long exceptions; /* other exceptions: routed ones, ones the core does not know */
	unsigned long wfi;
	unsigned long loads;     /* vcpu_load: times the vCPU was put on a hart */
	unsigned long fp_saves;  /* vcpu_put found the FP registers dirty */
	unsigned long vec_saves; /* ... and the vector registers */
	uint64_t first_run_time; /* the time CSR when it first entered rvkvm_vcpu_run; 0: never */
};

struct rvkvm_vm;
struct hart;
struct sbi_call;
struct sbi_result;
struct sched_thread;

struct rvkvm_vcpu {
	struct vcpu_ctx ctx;
	struct rvkvm_vm *vm;
	unsigned id;
	struct vcpu_csrs csr;
	struct rvkvm_exit exit;
	enum vcpu_pending pending;
	uint8_t csr_rd;    /* destination of a CSR exit's instruction */
	uint32_t csr_insn; /* the instruction itself, for stval if the VMM has it injected */
	bool has_run;
	/* The last page a G-stage fault found to be no RAM, and vm->memslots_gen then. */
	uint64_t mmio_page;
	unsigned long mmio_page_gen;
	/*
	 * The MMIO access the last exit left to complete, decoded: an entry of decode_cache, or
	 * htinst_acc. Either stays as it is until this vCPU's next MMIO fault.
	 */
	const struct insn_mmio *mmio_acc;
	struct insn_mmio htinst_acc;
	/* The fast exit path already handled the last trap; the run loop acts on handled_action. */
	bool trap_handled;
	uint8_t handled_action;
	struct vcpu_stats stats;
	unsigned long hedeleg; /* what exc_route_hedeleg gave; the arch loads it */
	/* FWFT PTE_AD_HW_UPDATING: no ONE_REG slot in Linux's layout, so kept apart from fwft[]. */
	struct vcpu_fwft_feature fwft_pte_ad;
	struct {
		unsigned long eid;
		int index; /* into sbi_ext_table, or a ROUTE_* of core/sbi/sbi.c */
		bool valid;
		/* index's handler if the fast exit path may run it, else NULL */
		int (*fast_handler)(struct rvkvm_vcpu *v, const struct sbi_call *c,
				    struct sbi_result *r);
	} sbi_cache; /* the last SBI lookup (core/sbi/sbi.c) */

	/* Shared with other harts: updated atomically. */
	int hsm_state;              /* enum vcpu_hsm_state */
	unsigned long irqs_pending; /* lines other harts want raised (VCPU_IRQ_*) */
	unsigned long irqs_changed; /* which lines in irqs_pending changed since the last flush */
	bool kick_exit;             /* return from rvkvm_vcpu_run as soon as possible */
	bool in_run; /* a thread is inside rvkvm_vcpu_run (rvkvm_destroy_vm waits for none) */
	unsigned long start_addr; /* HSM start / non-retentive resume: where and with what a1 */
	unsigned long start_opaque;
	struct hart *hart; /* the hart whose CSRs hold this vCPU (vcpu_load..vcpu_put), or NULL */
	struct sched_thread *thread; /* the thread that runs it (rvkvm_vcpu_run): woken by kicks */
	unsigned long requests;      /* VCPU_REQ_*: done on the next vcpu_load */

	/* Owned by the hart running the vCPU. */
	uint64_t timer_deadline; /* SBI set_timer deadline when the guest has no Sstc */
	uint64_t exit_interval;  /* timebase ticks between RVKVM_EXIT_INTR exits, 0 = never */
	uint64_t next_exit;
	bool yield_due; /* its time slice ended: the run loop yields before entering again */
	struct hart *last_hart; /* where it was last loaded: moving elsewhere needs fences */

	/* This vCPU's recent MMIO decodes: after the fields above, whose offsets stay small. */
	struct mmio_decode_cache decode_cache;

	/* Register state beyond the world switch's, reached through ONE_REG (core/one_reg.c). */
	struct vcpu_config cfg;
	struct vcpu_fp fp;
	struct vcpu_vec vec;
	struct vcpu_sta sta;
	struct vcpu_fwft_feature fwft[VCPU_FWFT_COUNT];
	struct vcpu_sse sse;
	struct vcpu_pmu pmu;
	struct vcpu_dbtr dbtr;
};

struct rvkvm_vm {
	unsigned id;         /* the VM's console number (rvkvm_vm_params.console) */
	spinlock_t mmu_lock; /* G-stage tables, memslots and dirty logs */
	struct gstage gstage;
	struct dirty_log dirty[MEMSLOT_MAX];
	struct ram_populate populate[MEMSLOT_MAX]; /* what of each slot's RAM is present yet */
	unsigned long dirty_faults;
	uint64_t created_time; /* the time CSR at rvkvm_create_vm, for --stats */
	struct vm_vmid vmid;
	struct memslots memslots;
	unsigned long memslots_gen; /* bumped by every region change (under mmu_lock) */
	struct rvkvm_vcpu *vcpus[VCPU_MAX_PER_VM];
	unsigned nvcpus;
	int dead; /* rvkvm_destroy_vm ran: nothing may use the VM again (an int: RV64 has no byte AMOs) */
	uint64_t gstage_pages; /* host address of the G-stage table pool, returned on destroy */
	uint64_t
		time_delta; /* guest time - host time (htimedelta), set through ONE_REG TIMER time */
	struct doorbells doorbells;  /* rvkvm_ioeventfd */
	spinlock_t sse_lock;         /* sse_global, whatever vCPU touches it */
	struct sse_event sse_global; /* SBI_SSE_EVENT_GLOBAL_SOFTWARE, one state for all harts */
};

/* Recomputes what the core derives from v->cfg.isa (henvcfg, hstateen0, Sstc, sstatus.FS). */
void vcpu_config_apply(struct rvkvm_vcpu *v);

/* What a G-stage fault at a guest-physical address means (core/vm.c). */
enum vm_fault {
	VM_FAULT_NOT_RAM, /* no memslot: MMIO, or an access to nothing */
	VM_FAULT_RETRY,   /* handled (a logged write, or a mapping that changed meanwhile): retry */
	VM_FAULT_READONLY, /* a write to a read-only region */
	VM_FAULT_BAD,      /* RAM the guest may not access this way */
};
/* What the run loop does after a trap was handled. */
enum exit_action {
	EXIT_RESUME, /* handled in the core: enter the guest again */
	EXIT_TO_VMM, /* v->exit is filled: return from rvkvm_vcpu_run */
	EXIT_INTR,   /* return to the VMM with RVKVM_EXIT_INTR */
};

/*
 * The fast exit path for an ecall from the guest, called from the trap vector with only
 * the guest's caller-saved registers, sepc and scause in v->ctx (s0-s11 are still live in
 * the hart's registers). Runs the SBI call if its handler needs no more than that (all but
 * HSM) and returns what the run loop must do next, or -1 if it did nothing (the slow path
 * then saves the rest and handles the trap as usual).
 */
int vcpu_exit_fast_ecall(struct rvkvm_vcpu *v);

/*
 * Makes [off, off + len) of slot s present (core/ram_populate.h), mapped as the slot's flags
 * say. Called with the VM's mmu_lock held; returns 0 or an RVKVM_E* code.
 */
int vm_populate_locked(struct rvkvm_vm *vm, const struct memslot *s, uint64_t off, uint64_t len);

/* Decides, under the VM's MMU lock, what a fault with the access (GSTAGE_READ/WRITE/EXEC) means. */
enum vm_fault vm_handle_ram_fault(struct rvkvm_vm *vm, uint64_t fault_gpa, unsigned long access);

#endif
