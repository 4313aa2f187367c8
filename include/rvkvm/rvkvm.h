/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rvkvm ABI: the only way the VMM reaches the core. Each call has the
 * meaning of the KVM ioctl named beside it, so a VMM written against it ports
 * to Linux /dev/kvm by replacing calls with ioctls. Calls return 0 or a
 * negative RVKVM_E* code.
 */
#ifndef RVKVM_RVKVM_H
#define RVKVM_RVKVM_H

#include <stdint.h>

#include "rvkvm/exit.h"
#include "rvkvm/reg.h"

#define RVKVM_EINVAL (-22) /* bad argument */
#define RVKVM_ENOMEM (-12) /* out of host memory */
#define RVKVM_EEXIST (-17) /* overlaps something that exists */
#define RVKVM_ENOENT (-2)  /* no such register, slot or object */
#define RVKVM_EBUSY (-16)  /* not allowed in the current state */
#define RVKVM_E2BIG (-7)   /* a list does not fit the space given */
#define RVKVM_EPERM (-1)   /* a read-only register written with a value other than its own */
#define RVKVM_ENOSPC (-28) /* a table is full */

struct rvkvm_vm;
struct rvkvm_vcpu;

/* KVM_CHECK_EXTENSION and the host facts a VMM needs to describe the machine to its guest. */
#define RVKVM_ISA_MAX 1024
struct rvkvm_caps {
	char isa[RVKVM_ISA_MAX]; /* riscv,isa a guest may be shown (the host's, minus H) */
	uint32_t timebase_freq;
	unsigned nr_harts;  /* physical harts that can run vCPUs */
	char gstage_max[8]; /* largest G-stage mode, e.g. "sv48x4" */
	char mmu_type
		[16]; /* the hart's mmu-type, e.g. "riscv,sv48" (VS-stage modes equal the host's) */
	uint8_t has_sstc;
	unsigned long mvendorid, marchid, mimpid; /* what a guest's SBI BASE reports */
};
int rvkvm_get_caps(struct rvkvm_caps *caps);

/*
 * KVM_CREATE_VM. gstage: "sv39x4", "sv48x4", "sv57x4", or NULL/"" for the largest the hart has.
 * console: the VMM's number for this VM's console. The core answers the SBI console calls
 * (DBCN, legacy putchar/getchar) itself, on the console the VMM gave the VM, where KVM would
 * hand them to its VMM; the number keeps each VM on its own console.
 */
struct rvkvm_vm_params {
	const char *gstage;
	unsigned console;
};
int rvkvm_create_vm(const struct rvkvm_vm_params *params, struct rvkvm_vm **vm);

/*
 * Closing the VM file descriptor: the VM's memory regions are deleted (core-allocated memory
 * goes back to the core, as with RVKVM_MEM_KEEP unset), its G-stage tables are freed and every
 * hart is fenced, so nothing of the VM stays mapped. Every vCPU must have returned from
 * rvkvm_vcpu_run for good (RVKVM_EBUSY if one is in it); afterwards the VM and its vCPUs are
 * dead handles: any call on them returns RVKVM_EBUSY. The core keeps the small VM and vCPU
 * objects themselves.
 */
int rvkvm_destroy_vm(struct rvkvm_vm *vm);

/* Host memory the core can still give to guests (RAM and G-stage tables), in bytes. */
uint64_t rvkvm_free_memory(void);

/*
 * KVM_SET_USER_MEMORY_REGION. Guest RAM is pinned host memory. When
 * userspace_addr is 0 the core allocates it (aligned so large G-stage leaves
 * are possible) and writes back the address the VMM uses to reach it; a
 * non-zero userspace_addr reuses memory the core handed out before (to move a
 * region or change its flags without losing its contents).
 *
 * As with KVM: memory_size 0 deletes the slot; a used slot given a new
 * guest_phys_addr (same size) moves; a used slot given new flags changes
 * them. Deleting or moving unmaps the old range from the G-stage and fences
 * every hart that may hold its translations before the call returns (what
 * KVM's MMU notifiers guarantee). A deleted slot's core-allocated memory goes
 * back to the core unless RVKVM_MEM_KEEP asks to keep it for a later slot.
 */
#define RVKVM_MEM_LOG_DIRTY_PAGES (1u << 0) /* KVM_MEM_LOG_DIRTY_PAGES */
#define RVKVM_MEM_READONLY (1u << 1)        /* KVM_MEM_READONLY: a guest write stops the VM */
#define RVKVM_MEM_KEEP (1u << 31)           /* rvkvm: on delete, keep the backing memory */
struct rvkvm_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};
int rvkvm_set_memory_region(struct rvkvm_vm *vm, struct rvkvm_memory_region *region);

/*
 * KVM_PRE_FAULT_MEMORY, for the whole VM. RAM the core allocated (userspace_addr 0) is present
 * only once touched: each chunk of it is zeroed and mapped when the guest first reaches it, so
 * untouched RAM costs nothing and never shows what an earlier owner left. Before the VMM reads
 * or writes guest RAM through its host address, it makes the range present with this call
 * (memory a slot got back through userspace_addr is present already). Returns 0,
 * RVKVM_ENOENT unless all of [gpa, gpa + size) lies in one slot, or RVKVM_ENOMEM when the
 * G-stage tables run out.
 */
int rvkvm_pre_fault_memory(struct rvkvm_vm *vm, uint64_t gpa, uint64_t size);

/*
 * KVM_GET_DIRTY_LOG (with KVM's clear-on-get semantics): copies the slot's
 * dirty bitmap (bit n = 4 KiB page n of the slot, one unsigned long per 64
 * pages) into bitmap and clears it, write-protecting the harvested pages again
 * and fencing every hart before it returns, so each write after the call is
 * seen by a later one. Returns the number of dirty pages, or a negative error.
 */
long rvkvm_get_dirty_log(struct rvkvm_vm *vm, uint32_t slot, unsigned long *bitmap);

/*
 * An eventfd's counterpart for doorbells: a counter each ring adds 1 to. rvkvm_event_read
 * returns what it counted since the last read and sets it to 0, as reading an eventfd does
 * (0 where a non-blocking eventfd read fails with EAGAIN). Any hart may call it. Events are
 * small core objects that live as long as the core.
 */
struct rvkvm_event;
int rvkvm_event_create(struct rvkvm_event **event);
uint64_t rvkvm_event_read(struct rvkvm_event *event);
/* Adds 1 to the event (an eventfd write) and wakes the thread waiting on it; any hart, any context. */
void rvkvm_event_signal(struct rvkvm_event *event);
/*
 * poll() on eventfds: sleeps until one of the n events (n <= 32) has a count above 0, or
 * timeout_us microseconds pass (RVKVM_WAIT_FOREVER: no time-out). Returns the mask of the events
 * whose count is above 0 (bit i: events[i]), 0 after the time-out; it reads none of them. Call
 * it from a VMM thread (hart_work_start); one thread at a time may wait on an event.
 */
#define RVKVM_WAIT_FOREVER UINT64_MAX
uint32_t rvkvm_event_wait(struct rvkvm_event *const *events, unsigned n, uint64_t timeout_us);

/*
 * KVM_IOEVENTFD: a doorbell. A guest write of len bytes at addr (a device address, no RAM
 * there), and when RVKVM_IOEVENTFD_DATAMATCH is set only one of the value datamatch, adds 1 to
 * event and the guest goes on at once: no exit to the VMM. len 0 matches writes of any width
 * (no data match then). Other writes there are MMIO exits as before. As in KVM:
 *   RVKVM_EINVAL  unknown flags; len not 0, 1, 2, 4 or 8; len 0 with DATAMATCH; addr + len
 *                 wraps; no event;
 *   RVKVM_EEXIST  a doorbell with the same address that would take the same writes;
 *   RVKVM_ENOENT  DEASSIGN of a doorbell (address, len, datamatch, event) that is not there;
 *   RVKVM_ENOSPC  RVKVM_IOEVENTFD_MAX doorbells already (KVM: its per-bus limit);
 *   RVKVM_EBUSY   the VM is destroyed.
 */
#define RVKVM_IOEVENTFD_MAX 32
#define RVKVM_IOEVENTFD_DATAMATCH (1u << 0) /* KVM_IOEVENTFD_FLAG_DATAMATCH */
#define RVKVM_IOEVENTFD_DEASSIGN (1u << 2)  /* KVM_IOEVENTFD_FLAG_DEASSIGN */
struct rvkvm_ioeventfd {
	uint64_t datamatch;
	uint64_t addr;
	uint32_t len;
	uint32_t flags;
	struct rvkvm_event *event; /* KVM: an eventfd's file descriptor */
};
int rvkvm_ioeventfd(struct rvkvm_vm *vm, const struct rvkvm_ioeventfd *args);

/* G-stage shape of a VM: table pages and leaves by size. */
struct rvkvm_vm_stats {
	char gstage[8];
	uint64_t table_pages;
	/* Leaves by level, named by Sv39x4's sizes; leaf_shift gives each level's (Sv32x4: 4 MiB). */
	uint64_t leaves_4k, leaves_2m, leaves_1g;
	uint8_t leaf_shift[3]; /* log2 of a leaf's bytes at levels 0, 1, 2; 0: no leaf there */
	uint64_t dirty_faults; /* write faults that logged a page */
	uint64_t created_time; /* the host's time (timebase ticks) when rvkvm_create_vm made it */
};
int rvkvm_vm_get_stats(struct rvkvm_vm *vm, struct rvkvm_vm_stats *stats);

/* KVM_CREATE_VCPU. */
int rvkvm_create_vcpu(struct rvkvm_vm *vm, unsigned id, struct rvkvm_vcpu **vcpu);

/*
 * KVM_GET_ONE_REG / KVM_SET_ONE_REG: value points at RVKVM_REG_SIZE(id) bytes. Ids and classes
 * are in rvkvm/reg.h. Call them from the thread that runs the vCPU, between runs. Errors:
 *   RVKVM_ENOENT  no such register for this vCPU (unknown type, subtype or index; a register
 *                 of an extension the vCPU lacks, e.g. FP_D without D);
 *   RVKVM_EINVAL  the id's size is not the register's, or the value is not one the register
 *                 can take (e.g. CORE mode 2, a CONFIG isa naming a letter the host lacks);
 *   RVKVM_EPERM   a read-only register (TIMER frequency, CONFIG satp_mode, a block size, an
 *                 ISA extension that cannot be switched) written with a value other than its own;
 *   RVKVM_EBUSY   CONFIG, ISA_EXT, SBI_EXT, SBI_VMM or an FWFT enable changed after the vCPU
 *                 first ran (Linux: -EBUSY), or the vCPU is running on another hart now.
 * Writing a register its own value always succeeds and changes nothing, so set(get(id)) is
 * safe for every id rvkvm_get_reg_list returns. Unlike Linux, that holds for SBI_EXT after the
 * first run too (Linux refuses every SBI_EXT write then).
 */
int rvkvm_get_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, void *value);
int rvkvm_set_one_reg(struct rvkvm_vcpu *vcpu, uint64_t id, const void *value);

/*
 * KVM_GET_REG_LIST: every register id valid for this vCPU as its ISA and SBI configuration stand
 * (the ISA_EXT/SBI_EXT MULTI registers are not listed, as in Linux, but can be read and
 * written). On entry n is how many ids reg[] has room for; on return the number of ids. When
 * they do not fit, returns RVKVM_E2BIG with n set to the number needed and writes no id.
 */
struct rvkvm_reg_list {
	uint64_t n;
	uint64_t reg[];
};
int rvkvm_get_reg_list(struct rvkvm_vcpu *vcpu, struct rvkvm_reg_list *list);

/* The vCPU's exit record (the mmap'ed struct kvm_run of KVM). */
struct rvkvm_exit *rvkvm_vcpu_exit(struct rvkvm_vcpu *vcpu);

/* KVM_RUN: runs the guest on the calling hart until something needs the VMM. */
int rvkvm_vcpu_run(struct rvkvm_vcpu *vcpu);

/* KVM_SET_MP_STATE: a vCPU created stopped waits in rvkvm_vcpu_run until SBI HSM starts it. */
#define RVKVM_MP_STATE_RUNNABLE 0
#define RVKVM_MP_STATE_STOPPED 5
int rvkvm_vcpu_set_mp_state(struct rvkvm_vcpu *vcpu, unsigned state);

/* KVM_INTERRUPT: raises or lowers the vCPU's external interrupt line (VSEIP); any hart may call it. */
int rvkvm_vcpu_interrupt(struct rvkvm_vcpu *vcpu, int level);

/* Makes rvkvm_vcpu_run return RVKVM_EXIT_INTR soon (what a signal does to KVM_RUN); any hart. */
void rvkvm_vcpu_kick(struct rvkvm_vcpu *vcpu);

/*
 * Makes rvkvm_vcpu_run return RVKVM_EXIT_INTR at least every `us` microseconds the guest runs (0:
 * never), so the VMM thread of this vCPU gets to poll its inputs. A vCPU waiting for an interrupt
 * (WFI) is not woken for it: input that arrives then should kick it (rvkvm_vcpu_kick).
 */
int rvkvm_vcpu_set_exit_interval(struct rvkvm_vcpu *vcpu, uint32_t us);

/* Exit counters of one vCPU (what Linux's KVM binary stats and kvm_stat show). */
#define RVKVM_STATS_SBI_EXT 16
struct rvkvm_vcpu_stats {
	uint64_t exits;      /* every trap from the guest into the core */
	uint64_t interrupts; /* host interrupts (kicks, host timer) taken while in the guest */
	uint64_t sbi_calls;
	uint64_t sbi_forwarded; /* SBI calls handed to the VMM */
	uint64_t mmio;          /* MMIO exits to the VMM */
	uint64_t doorbells;     /* MMIO writes that rang a doorbell instead (rvkvm_ioeventfd) */
	uint64_t gstage_faults;
	uint64_t virtual_insn; /* virtual-instruction traps (WFI included) */
	uint64_t wfi;
	uint64_t timer_injected; /* VSTIP raised by the emulated SBI timer (hosts without Sstc) */
	uint64_t ipi_sent;
	uint64_t ipi_received;
	uint64_t
		loads; /* vcpu_load: times it was put on a hart (first run, after a wait or a slice) */
	uint64_t fp_saves;         /* vcpu_put saved FP registers the guest had dirtied */
	uint64_t vec_saves;        /* ... and vector registers */
	uint64_t first_run_time;   /* host time (timebase ticks) of its first run; 0: none */
	uint64_t mmio_decodes;     /* MMIO instructions decoded from their bits (not from htinst) */
	uint64_t mmio_decode_hits; /* ... of which the vCPU's decode cache already knew */
	unsigned n_sbi_ext;
	struct {
		char name[8];
		uint64_t calls;
	} sbi_ext[RVKVM_STATS_SBI_EXT];
};
int rvkvm_vcpu_get_stats(struct rvkvm_vcpu *vcpu, struct rvkvm_vcpu_stats *stats);

#endif
