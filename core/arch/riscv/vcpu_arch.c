/* The hardware side of running a vCPU: H-extension CSRs, G-stage fences, the world switch. */
#include "core/arch/riscv/csr.h"
#include "core/arch/riscv/host_timer.h"
#include "core/core.h"
#include "core/hart.h"
#include "core/host_caps.h"
#include "core/vm_arch.h"
#include "lib/spinlock.h"
#include "platform/firmware.h"
#include "platform/remote_fence.h"

void vcpu_arch_enter(struct vcpu_ctx *ctx);
unsigned long guest_read_u16_hlvx(unsigned long gva, unsigned long *scause);
unsigned long guest_read_ulong_hlv(unsigned long gva, unsigned long *scause);

static struct vmid_space vmids;
static spinlock_t vmid_lock;

/* Exceptions the guest handles itself (KVM's default set plus illegal instruction). */
#define HEDELEG_GUEST                                                                       \
	((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INSN) | (1UL << EXC_BREAKPOINT) | \
	 (1UL << EXC_ECALL_U) | (1UL << EXC_INST_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) |  \
	 (1UL << EXC_STORE_PAGE_FAULT))
#define HIDELEG_GUEST VCPU_IRQ_MASK
#define HCOUNTEREN_GUEST 0x7UL /* cycle, time, instret */

/* HFENCE.GVMA rs1=gpa>>2, rs2=vmid, spelled with .insn so no assembler H-extension support is needed. */
static inline void hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" : : : "memory");
}

static inline void hfence_gvma_vmid(unsigned long vmid)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, %0" : : "r"(vmid) : "memory");
}

/* HFENCE.VVMA with no address or ASID: every VS-stage translation of the current VMID. */
static inline void hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" : : : "memory");
}

void core_arch_init(void)
{
	vmid_space_init(&vmids, host_caps.vmid_bits);
}

void core_arch_hart_init(void)
{
	csr_write(CSR_HEDELEG, HEDELEG_GUEST);
	csr_write(CSR_HIDELEG, HIDELEG_GUEST);
	csr_write(CSR_HCOUNTEREN, HCOUNTEREN_GUEST);
	csr_write(CSR_HENVCFG, host_caps.has_sstc ? HENVCFG_STCE : 0);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HIE, 0);
	csr_write(CSR_HGEIE, 0);
	csr_write(CSR_HGATP, 0);
	hfence_gvma_all();
	host_timer_init();
	/*
	 * IPIs (kicks) and the host timer interrupt the guest; in HS-mode sstatus.SIE
	 * stays 0, so they never trap there and only end a WFI.
	 */
	csr_write(CSR_SIE, (1UL << IRQ_S_SOFT) | (1UL << IRQ_S_TIMER));
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
	/* HFENCE.GVMA takes the guest-physical address shifted right by 2. */
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, %0, %1"
			 :
			 : "r"(gpa >> 2), "r"((unsigned long)vm->vmid.vmid)
			 : "memory");
}

void vcpu_arch_load(struct rvkvm_vcpu *v)
{
	struct hart *h = hart_self();

	if (h->loaded == v) {
		return;
	}
	csr_write(CSR_VSSTATUS, v->csr.vsstatus);
	csr_write(CSR_VSIE, v->csr.vsie);
	csr_write(CSR_VSTVEC, v->csr.vstvec);
	csr_write(CSR_VSSCRATCH, v->csr.vsscratch);
	csr_write(CSR_VSEPC, v->csr.vsepc);
	csr_write(CSR_VSCAUSE, v->csr.vscause);
	csr_write(CSR_VSTVAL, v->csr.vstval);
	csr_write(CSR_VSATP, v->csr.vsatp);
	csr_write(CSR_HVIP, v->csr.hvip);
	if (host_caps.has_sstc) {
		csr_write(CSR_VSTIMECMP, v->csr.vstimecmp);
	}
	h->loaded = v;
	__atomic_store_n(&v->hart, h, __ATOMIC_RELEASE);
	h->vmid_generation = 0; /* forces the hgatp write in vcpu_arch_run_once */
}

/* Applies the interrupt lines other harts changed to hvip; only this hart writes hvip. */
static void flush_irqs(struct rvkvm_vcpu *v)
{
	unsigned long changed;

	if (!__atomic_load_n(&v->irqs_changed, __ATOMIC_RELAXED)) {
		return;
	}
	changed = __atomic_exchange_n(&v->irqs_changed, 0, __ATOMIC_ACQUIRE);
	v->csr.hvip = (v->csr.hvip & ~changed) |
		      (__atomic_load_n(&v->irqs_pending, __ATOMIC_RELAXED) & changed);
	csr_write(CSR_HVIP, v->csr.hvip);
}

/* The guest clears its own IPI by writing sip.SSIP (an alias of hvip.VSSIP): keep the line in step. */
static void sync_irqs(struct rvkvm_vcpu *v)
{
	if (!(v->csr.hvip & VCPU_IRQ_VSSIP)) {
		return;
	}
	v->csr.hvip = csr_read(CSR_HVIP);
	if (!(v->csr.hvip & VCPU_IRQ_VSSIP) &&
	    !(__atomic_load_n(&v->irqs_changed, __ATOMIC_RELAXED) & VCPU_IRQ_VSSIP)) {
		__atomic_and_fetch(&v->irqs_pending, ~VCPU_IRQ_VSSIP, __ATOMIC_RELAXED);
	}
}

void vcpu_arch_irq_flush(struct rvkvm_vcpu *v)
{
	flush_irqs(v);
}

void vcpu_arch_run_once(struct rvkvm_vcpu *v)
{
	struct hart *h = hart_self();
	struct rvkvm_vm *vm = v->vm;

	/* Only when the VMID or the hart's view of it changed does hgatp need writing. */
	if (!vmid_valid(&vmids, &vm->vmid) || h->vmid_generation != vmids.generation) {
		spin_lock(&vmid_lock);
		if (vmid_refresh(&vmids, &vm->vmid) || h->vmid_generation != vmids.generation) {
			hfence_gvma_all();
			h->vmid_generation = vmids.generation;
		}
		csr_write(CSR_HGATP, gstage_hgatp(&vm->gstage, vm->vmid.vmid));
		if (vmids.bits == 0) {
			hfence_gvma_all();
		}
		/* This hart may hold VS-stage translations of another vCPU that had the same VMID. */
		hfence_vvma_all();
		spin_unlock(&vmid_lock);
	}
	flush_irqs(v);
	vcpu_arch_arm_host_timer(v);
	vcpu_arch_enter(&v->ctx);
	sync_irqs(v);
}

void vcpu_arch_kick(struct rvkvm_vcpu *v)
{
	struct hart *h = __atomic_load_n(&v->hart, __ATOMIC_ACQUIRE);

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

void vcpu_arch_reset_to(struct rvkvm_vcpu *v, unsigned long entry, unsigned long opaque)
{
	for (unsigned i = 1; i < 32; i++) {
		v->ctx.gpr[i] = 0;
	}
	v->ctx.gpr[GPR_A0] = v->id;
	v->ctx.gpr[GPR_A1] = opaque;
	v->ctx.sepc = entry;
	v->ctx.sstatus = (v->ctx.sstatus & ~(SSTATUS_SPIE | SSTATUS_SIE)) | SSTATUS_SPP;
	csr_write(CSR_VSSTATUS, csr_read(CSR_VSSTATUS) & ~(SSTATUS_SIE | SSTATUS_SPIE | SSTATUS_SPP));
	csr_write(CSR_VSATP, 0);
	hfence_vvma_all();
}

bool vcpu_arch_read_insn(struct rvkvm_vcpu *v, unsigned long gva, uint32_t *insn)
{
	unsigned long cause;
	unsigned long lo, hi;

	(void)v;
	lo = guest_read_u16_hlvx(gva, &cause);
	if (cause) {
		return false;
	}
	if ((lo & 3) != 3) {
		*insn = (uint32_t)lo;
		return true;
	}
	hi = guest_read_u16_hlvx(gva + 2, &cause);
	if (cause) {
		return false;
	}
	*insn = (uint32_t)(lo | (hi << 16));
	return true;
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
