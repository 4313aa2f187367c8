/* SPDX-License-Identifier: Apache-2.0 */
/* The hardware side of running a vCPU: H-extension CSRs, G-stage fences, the world switch. */
#include <stddef.h>

#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/hfence.h"
#include "core/arch/riscv/host_timer.h"
#include "core/arch/riscv/pmu_alarm.h"
#include "core/core_arch.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/remote_fence.h"
#include "core/sbi/sbi.h"
#include "core/vcpu_irq.h"
#include "core/vm_arch.h"
#include "lib/spinlock.h"
#include "platform/platform.h"
#include "rvkvm/rvkvm.h"

void vcpu_arch_enter(struct vcpu_ctx *ctx);
unsigned long guest_read_insn_hlvx(unsigned long gva, unsigned long *scause);
unsigned long guest_read_ulong_hlv(unsigned long gva, unsigned long *scause);

static struct vmid_space vmids;
static spinlock_t vmid_lock;

#define HIDELEG_GUEST VCPU_IRQ_MASK

void core_arch_init(void)
{
	vmid_space_init(&vmids, host_caps.vmid_bits);
	dbtr_arch_init();
}

void core_arch_hart_init(void)
{
	csr_write(CSR_HEDELEG, 0); /* each vCPU brings its own (vcpu_arch_load) */
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	csr_write(CSR_HCOUNTEREN, VCPU_HCOUNTEREN_DEFAULT); /* each vCPU brings its own */
	csr_write64(CSR_HENVCFG, host_caps.has_sstc ? HENVCFG_STCE : 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HIE, 0);
	csr_write(CSR_HGEIE, 0);
	csr_write(CSR_HGATP, 0);
	hfence_gvma_all();
	host_timer_init();
	dbtr_arch_hart_init();
	/*
	 * IPIs (kicks), the host timer and the host's devices (platform_external_irq) interrupt
	 * the guest; in HS-mode sstatus.SIE stays 0, so they never trap there and only end a WFI.
	 */
	csr_write(CSR_SIE, (1UL << IRQ_S_SOFT) | (1UL << IRQ_S_TIMER) | (1UL << IRQ_S_EXT));
	pmu_alarm_hart_init(); /* and LCOFI, with Sscofpmf */
}

static unsigned long other_harts_mask(void)
{
	unsigned long mask = 0;
	struct hart *self = hart_self();

	for (unsigned i = 0; i < hart_count; i++) {
		if (harts[i].online && &harts[i] != self) {
			mask |= 1UL << harts[i].hartid;
		}
	}
	return mask;
}

void vm_arch_flush_gstage(struct rvkvm_vm *vm)
{
	unsigned long mask = other_harts_mask();
	unsigned long vmid;
	bool valid;

	spin_lock(&vmid_lock);
	valid = vmid_valid(&vmids, &vm->vmid);
	vmid = vm->vmid.vmid;
	if (valid) {
		hfence_gvma_vmid(vmid);
	}
	spin_unlock(&vmid_lock);
	/*
	 * The other harts fence without the lock held: one spinning for it answers anyway, but
	 * one could take it next and then wait on this hart. If the VMID is recycled meanwhile,
	 * its new owner gets one flush too many; the VM's harts flush everything when they pick
	 * up a new generation.
	 */
	if (valid && mask) {
		remote_fence_hfence_gvma_vmid(mask, vmid);
	}
}

void vm_arch_flush_gstage_page(struct rvkvm_vm *vm, uint64_t gpa)
{
	hfence_gvma_gpa(gpa, vm->vmid.vmid);
}

/* henvcfg: what the vCPU's ISA allows, with A/D updating only while the guest's FWFT asks for it. */
static uint64_t vcpu_henvcfg(const struct rvkvm_vcpu *v)
{
	uint64_t cfg = v->cfg.henvcfg;

	if (!v->fwft_pte_ad.value) {
		cfg &= ~HENVCFG_ADUE;
	}
	return cfg;
}

void vcpu_arch_apply_traps(struct rvkvm_vcpu *v)
{
	if (hart_self()->loaded == v) {
		csr_write(CSR_HEDELEG, v->hedeleg);
		csr_write64(CSR_HENVCFG, vcpu_henvcfg(v));
		csr_write(CSR_HCOUNTEREN, v->pmu.hcounteren);
	}
}

unsigned long vcpu_arch_scounteren(struct rvkvm_vcpu *v)
{
	return hart_self()->loaded == v ? csr_read(CSR_SCOUNTEREN) : v->csr.scounteren;
}

/*
 * The CSRs of a vCPU beyond the VS-level ones: what its configuration (ONE_REG) sets up and the
 * S-level CSRs VS-mode reaches unbanked.
 */
static void load_config(struct rvkvm_vcpu *v)
{
	csr_write(CSR_HEDELEG, v->hedeleg);
	csr_write64(CSR_HENVCFG, vcpu_henvcfg(v));
	csr_write(CSR_HCOUNTEREN, v->pmu.hcounteren);
	csr_write64(CSR_HTIMEDELTA, v->vm->time_delta);
	csr_write(CSR_SCOUNTEREN, v->csr.scounteren);
	csr_write(CSR_SENVCFG, v->csr.senvcfg);
	if (host_caps.has_smstateen) {
		csr_write64(CSR_HSTATEEN0, v->cfg.hstateen0);
		csr_write(CSR_SSTATEEN0, v->csr.sstateen0);
	}
}

void fp_arch_save(struct vcpu_fp *fp);
void fp_arch_restore(const struct vcpu_fp *fp);
void vec_arch_save(struct vcpu_vec *vec);
void vec_arch_restore(const struct vcpu_vec *vec);

/*
 * Lazy FP and vector state. The world switch never touches it: the guest's registers stay in
 * the hart while the vCPU is loaded, and the hypervisor uses neither unit. When V=1, a guest
 * write to them sets the HS-level sstatus.FS/VS (kept in ctx.sstatus at each slow exit) to
 * Dirty, so vcpu_put saves only what the guest changed since it was loaded; vcpu_load restores
 * unless the unit is Off for the vCPU, and marks it Clean.
 *
 * The guest's own vsstatus.FS/VS being Dirty counts too: QEMU 7.2 sets only the guest's field
 * when the guest writes fcsr (or frm, fflags) or vcsr (vxrm, vxsat, vstart) with a CSR
 * instruction; guests/fp_switch fails without this. It only saves more often, never less: a
 * guest that cleans its fields (Linux does when it has saved a task's registers) gets both
 * dirty again with its next write.
 */
static bool dirty(unsigned long hs_sstatus, unsigned long vsstatus, unsigned long field,
		  unsigned long dirty_value)
{
	return (hs_sstatus & field) == dirty_value || (vsstatus & field) == dirty_value;
}

static void fp_vec_load(struct rvkvm_vcpu *v)
{
	if ((v->ctx.sstatus & SSTATUS_FS) != SSTATUS_FS_OFF) {
		fp_arch_restore(&v->fp);
		v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	}
	if (host_caps.has_v && (v->ctx.sstatus & SSTATUS_VS) != SSTATUS_VS_OFF) {
		vec_arch_restore(&v->vec);
		v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_VS) | SSTATUS_VS_CLEAN;
	}
}

/* After v->csr.vsstatus was read back. */
static void fp_vec_put(struct rvkvm_vcpu *v)
{
	if (dirty(v->ctx.sstatus, v->csr.vsstatus, SSTATUS_FS, SSTATUS_FS_DIRTY)) {
		fp_arch_save(&v->fp);
		v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
		v->stats.fp_saves++;
	}
	if (host_caps.has_v &&
	    dirty(v->ctx.sstatus, v->csr.vsstatus, SSTATUS_VS, SSTATUS_VS_DIRTY)) {
		vec_arch_save(&v->vec);
		v->ctx.sstatus = (v->ctx.sstatus & ~SSTATUS_VS) | SSTATUS_VS_CLEAN;
		v->stats.vec_saves++;
	}
}

/* The guest clears its own IPI by writing sip.SSIP (an alias of hvip.VSSIP): keep the line in step. */
static inline void sync_irqs(struct rvkvm_vcpu *v)
{
	if (!(v->csr.hvip & VCPU_IRQ_VSSIP)) {
		return;
	}
	v->csr.hvip = csr_read(CSR_HVIP);
	if (!(v->csr.hvip & VCPU_IRQ_VSSIP)) {
		vcpu_irq_guest_cleared(v, VCPU_IRQ_VSSIP);
	}
}

int vcpu_arch_put(struct rvkvm_vcpu *v)
{
	struct hart *h = __atomic_load_n(&v->hart, __ATOMIC_ACQUIRE);

	if (!h || h->loaded != v) {
		return 0;
	}
	if (h != hart_self()) {
		return RVKVM_EBUSY;
	}
	if (h->pmu_alarm_vcpu == v) {
		pmu_alarm_put(v); /* the next vCPU here must not take its overflow alarm */
	}
	v->csr.vsstatus = csr_read(CSR_VSSTATUS);
	v->csr.vsie = csr_read(CSR_VSIE);
	v->csr.vstvec = csr_read(CSR_VSTVEC);
	v->csr.vsscratch = csr_read(CSR_VSSCRATCH);
	v->csr.vsepc = csr_read(CSR_VSEPC);
	v->csr.vscause = csr_read(CSR_VSCAUSE);
	v->csr.vstval = csr_read(CSR_VSTVAL);
	v->csr.vsatp = csr_read(CSR_VSATP);
	v->csr.scounteren = csr_read(CSR_SCOUNTEREN);
	v->csr.senvcfg = csr_read(CSR_SENVCFG);
	if (host_caps.has_smstateen) {
		v->csr.sstateen0 = csr_read(CSR_SSTATEEN0);
	}
	sync_irqs(v);
	/* The guest may also have set its own sip.SSIP: the hart's hvip is the truth while loaded. */
	v->csr.hvip = csr_read(CSR_HVIP);
	if (host_caps.has_sstc) {
		v->csr.vstimecmp = csr_read64(CSR_VSTIMECMP);
	}
	fp_vec_put(v);
	if (h->dbtr_installed) {
		dbtr_arch_put(); /* the guest's triggers never fire for another guest */
	}
	/*
	 * Nothing of the vCPU may stay pending and enabled here: a VS interrupt the hart still
	 * saw would end every WFI of its idle loop at once.
	 */
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_HVIP, 0);
	if (host_caps.has_sstc) {
		csr_write64(CSR_VSTIMECMP, UINT64_MAX);
	}
	h->loaded = NULL;
	__atomic_store_n(&v->hart, NULL, __ATOMIC_RELEASE);
	return 0;
}

/* vcpu_arch_load when v is not the vCPU loaded here. */
static __attribute__((noinline)) void load(struct rvkvm_vcpu *v)
{
	struct hart *h = hart_self();
	unsigned long req;
	bool moved;

	if (h->loaded) {
		vcpu_arch_put(h->loaded); /* another vCPU's state is still in this hart's CSRs */
	}
	load_config(v);
	csr_write(CSR_VSSTATUS, v->csr.vsstatus);
	csr_write(CSR_VSIE, v->csr.vsie);
	csr_write(CSR_VSTVEC, v->csr.vstvec);
	csr_write(CSR_VSSCRATCH, v->csr.vsscratch);
	csr_write(CSR_VSEPC, v->csr.vsepc);
	csr_write(CSR_VSCAUSE, v->csr.vscause);
	csr_write(CSR_VSTVAL, v->csr.vstval);
	csr_write(CSR_VSATP, v->csr.vsatp);
	/* Lines raised while it was not loaded reach the hart now. */
	vcpu_irq_apply(v);
	csr_write(CSR_HVIP, v->csr.hvip);
	if (host_caps.has_sstc) {
		csr_write64(CSR_VSTIMECMP, v->csr.vstimecmp);
	}
	fp_vec_load(v);
	h->loaded = v;
	if (v->dbtr.armed) {
		dbtr_arch_load(v);
	}
	/*
	 * Published before the requests are read, and a requester sets its request before it
	 * reads v->hart: either it sees this hart and fences it, or this load sees the request.
	 */
	__atomic_store_n(&v->hart, h, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	req = __atomic_exchange_n(&v->requests, 0, __ATOMIC_ACQUIRE);
	/*
	 * The hart's VS-stage translations of this VMID are the vCPU's own, and current, only if
	 * it was the last vCPU here and has not run anywhere else since (a guest SFENCE.VMA
	 * reaches only the hart it runs on). Otherwise, or when asked, drop them; instruction
	 * fetches likewise, since a FENCE.I of the guest was local to another hart.
	 */
	moved = h->last_loaded != v || v->last_hart != h;
	if (moved || (req & VCPU_REQ_HFENCE_VVMA)) {
		h->flush_vvma = true;
	}
	if (moved || (req & VCPU_REQ_FENCE_I)) {
		__asm__ volatile("fence.i" : : : "memory");
	}
	h->last_loaded = v;
	v->last_hart = h;
	h->hgatp_stale = true;
	v->stats.loads++;
	if (v->pmu.ovf_watch) {
		vcpu_arch_pmu_alarm(v); /* its PMU overflow alarm follows it onto this hart */
	}
	/* The thread may have waited for this hart: the guest's steal time, if it asked for it. */
	if (v->sta.shmem != VCPU_STA_OFF) {
		sbi_sta_record(v);
	}
}

void vcpu_arch_load(struct rvkvm_vcpu *v)
{
	/* On every run: mostly the vCPU is still loaded, and that check is all. */
	if (hart_self()->loaded != v) {
		load(v);
	}
}

/* Applies the interrupt lines other harts changed to hvip; only this hart writes hvip. */
static inline void flush_irqs(struct rvkvm_vcpu *v)
{
	/* The common case (nothing changed) without a call: this is on every guest entry. */
	if (__atomic_load_n(&v->irqs_changed, __ATOMIC_RELAXED) && vcpu_irq_apply(v)) {
		csr_write(CSR_HVIP, v->csr.hvip);
	}
}

void vcpu_arch_run_once(struct rvkvm_vcpu *v)
{
	struct hart *h = hart_self();
	struct rvkvm_vm *vm = v->vm;

	/* Only after a load, or when the VMID or the hart's view of it changed, is hgatp written. */
	if (h->hgatp_stale || !vmid_valid(&vmids, &vm->vmid) ||
	    h->vmid_generation != vmids.generation) {
		unsigned long hgatp;

		spin_lock(&vmid_lock);
		if (vmid_refresh(&vmids, &vm->vmid) || h->vmid_generation != vmids.generation) {
			hfence_gvma_all();
			h->vmid_generation = vmids.generation;
			h->flush_vvma = true;
		}
		hgatp = (unsigned long)gstage_hgatp(&vm->gstage,
						    vm->vmid.vmid); /* Sv32x4's: 32 bits */
		csr_write(CSR_HGATP, hgatp);
		if (vmids.bits == 0) {
			hfence_gvma_all();
		}
		spin_unlock(&vmid_lock);
		/* Another VM, or another VMID: VS-stage translations cached under it are not ours. */
		if (hgatp != h->hgatp) {
			h->flush_vvma = true;
			h->hgatp = hgatp;
		}
		h->hgatp_stale = false;
	}
	/* After the hgatp write: HFENCE.VVMA acts on the VMID in hgatp. */
	if (h->flush_vvma) {
		hfence_vvma_all();
		h->flush_vvma = false;
	}
	flush_irqs(v);
	vcpu_arch_arm_host_timer(v);
	vcpu_arch_enter(&v->ctx);
	sync_irqs(v);
}

/* The trap vector calls this with the caller-saved half of the guest's GPRs saved. */
struct fast_exit_ret {
	struct vcpu_ctx *ctx;
	unsigned long slow; /* 0: sret back into the guest now */
};
struct fast_exit_ret vcpu_arch_fast_exit(struct vcpu_ctx *ctx);

_Static_assert(offsetof(struct rvkvm_vcpu, ctx) == 0, "the trap vector's ctx is the vCPU");

struct fast_exit_ret vcpu_arch_fast_exit(struct vcpu_ctx *ctx)
{
	struct rvkvm_vcpu *v = (struct rvkvm_vcpu *)(void *)ctx; /* ctx is its first member */
	int act;

	/* The trap vector calls this for ecalls only. */
	sync_irqs(v); /* before a handler reads or writes hvip; repeating it later is harmless */
	act = vcpu_exit_fast_ecall(v);
	/* A kick or a VMID rollover needs the run loop, which re-checks the kick with ordering. */
	if (__builtin_expect(act == EXIT_RESUME, 1) &&
	    !__atomic_load_n(&v->kick_exit, __ATOMIC_RELAXED) &&
	    hart_self()->vmid_generation == vmids.generation) {
		flush_irqs(v);
		return (struct fast_exit_ret){ ctx, 0 };
	}
	if (act < 0) {
		return (struct fast_exit_ret){ ctx, 1 };
	}
	/* Handled: the run loop acts on this and reads no trap detail (those may be stale). */
	v->trap_handled = true;
	v->handled_action = (uint8_t)act;
	return (struct fast_exit_ret){ ctx, 1 };
}

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	struct hart *h;

	/* What the vCPU must notice was written before (vcpu_kick): the load must not pass it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	h = __atomic_load_n(&v->hart, __ATOMIC_ACQUIRE);
	if (h && h != hart_self()) {
		firmware_send_ipi_to(h->hartid);
	}
}

void vcpu_arch_inject_exception(struct rvkvm_vcpu *v, unsigned long cause, unsigned long tval)
{
	unsigned long vsstatus = csr_read(CSR_VSSTATUS);
	bool sie = vsstatus & SSTATUS_SIE;

	/* What a VS-mode trap does to vsstatus: SPP = previous mode, SPIE = SIE, SIE = 0. */
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
	if (v->ctx.sstatus & SSTATUS_SPP) {
		vsstatus |= SSTATUS_SPP;
	}
	if (sie) {
		vsstatus |= SSTATUS_SPIE;
	}
	csr_write(CSR_VSSTATUS, vsstatus);
	csr_write(CSR_VSEPC, v->ctx.sepc);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	/* Exceptions always go to the base of vstvec, whatever its mode. */
	v->ctx.sepc = csr_read(CSR_VSTVEC) & ~3UL;
	v->ctx.sstatus |= SSTATUS_SPP;
}

void vcpu_arch_get_vs_trap(struct rvkvm_vcpu *v, unsigned long *vsepc, unsigned long *vsstatus)
{
	(void)v;
	*vsepc = csr_read(CSR_VSEPC);
	*vsstatus = csr_read(CSR_VSSTATUS);
}

void vcpu_arch_set_vs_trap(struct rvkvm_vcpu *v, unsigned long vsepc, unsigned long vsstatus)
{
	(void)v;
	csr_write(CSR_VSEPC, vsepc);
	csr_write(CSR_VSSTATUS, vsstatus);
}

void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque)
{
	for (unsigned i = 1; i < 32; i++) {
		v->ctx.gpr[i] = 0;
	}
	v->ctx.gpr[GPR_A0] = v->id;
	v->ctx.gpr[GPR_A1] = opaque;
	v->ctx.sepc = entry;
	v->ctx.sstatus = (v->ctx.sstatus & ~(SSTATUS_SPIE | SSTATUS_SIE)) | SSTATUS_SPP;
	csr_write(CSR_VSSTATUS,
		  csr_read(CSR_VSSTATUS) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP));
	csr_write(CSR_VSATP, 0);
	/* After run_once has written hgatp: a fence now could act on another VM's VMID. */
	hart_self()->flush_vvma = true;
}

bool vcpu_arch_read_insn(struct rvkvm_vcpu *v, unsigned long gva, uint32_t *insn)
{
	unsigned long cause;
	unsigned long r = guest_read_insn_hlvx(gva, &cause);

	(void)v;
	*insn = (uint32_t)r;
	return cause == 0;
}

bool vcpu_arch_read_guest_ulong(struct rvkvm_vcpu *v, unsigned long gva, unsigned long *val)
{
	unsigned long cause;

	(void)v;
	if (gva % sizeof(unsigned long)) {
		return false;
	}
	*val = guest_read_ulong_hlv(gva, &cause);
	return cause == 0;
}
