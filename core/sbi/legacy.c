/* SPDX-License-Identifier: Apache-2.0 */
/* SBI v0.1 legacy calls: each extension id is one function and returns its value in a0 alone. */
#include "core/sbi/sbi.h"
#include "core/vcpu_irq.h"
#include "core/vm_arch.h"
#include "rvkvm/host.h"

/* v0.1 calls take a hart mask by pointer: a guest virtual address, read as the guest would. */
static bool read_hart_mask(struct rvkvm_vcpu *v, unsigned long ptr, unsigned long *mask)
{
	return vcpu_arch_read_guest_ulong(v, ptr, mask);
}

static long legacy_masked(struct rvkvm_vcpu *v, const struct sbi_call *c)
{
	unsigned long mask;

	if (!read_hart_mask(v, c->args[0], &mask)) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	switch (c->eid) {
	case SBI_EID_LEGACY_SEND_IPI:
		return sbi_ipi_send(v, mask, 0);
	case SBI_EID_LEGACY_REMOTE_FENCE_I:
		return sbi_rfence(v, SBI_RFENCE_REMOTE_FENCE_I, mask, 0, 0, 0, 0);
	case SBI_EID_LEGACY_REMOTE_SFENCE_VMA:
		return sbi_rfence(v, SBI_RFENCE_REMOTE_SFENCE_VMA, mask, 0, c->args[1], c->args[2],
				  0);
	default:
		return sbi_rfence(v, SBI_RFENCE_REMOTE_SFENCE_VMA_ASID, mask, 0, c->args[1],
				  c->args[2], c->args[3]);
	}
}

static int legacy_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->next = SBI_NEXT_RETURN_LEGACY;
	r->value = 0;
	switch (c->eid) {
	case SBI_EID_LEGACY_SET_TIMER:
		vcpu_arch_set_timer(v, sbi_arg_u64(c, 0));
		sbi_pmu_fw_event(v, SBI_PMU_FW_SET_TIMER);
		break;
	case SBI_EID_LEGACY_CONSOLE_PUTCHAR: {
		/* ch is an int; the console takes its low byte. */
		char byte = (char)(uint8_t)sbi_arg_u32(c, 0);

		console_vm_write(v->vm->id, &byte, 1);
		break;
	}
	case SBI_EID_LEGACY_CONSOLE_GETCHAR: {
		char byte;

		r->value = console_vm_read(v->vm->id, &byte, 1) == 1 ? (unsigned char)byte
								     : (unsigned long)-1L;
		break;
	}
	case SBI_EID_LEGACY_CLEAR_IPI:
		/* v0.1: 0 if no IPI was pending, a positive value if one was. */
		r->value = (__atomic_load_n(&v->irqs_pending, __ATOMIC_ACQUIRE) & VCPU_IRQ_VSSIP)
				   ? 1
				   : 0;
		vcpu_irq_set(v, VCPU_IRQ_VSSIP, false);
		break;
	case SBI_EID_LEGACY_SEND_IPI:
	case SBI_EID_LEGACY_REMOTE_FENCE_I:
	case SBI_EID_LEGACY_REMOTE_SFENCE_VMA:
	case SBI_EID_LEGACY_REMOTE_SFENCE_VMA_ASID:
		r->value = (unsigned long)legacy_masked(v, c);
		break;
	case SBI_EID_LEGACY_SHUTDOWN:
		v->exit.reason = RVKVM_EXIT_SYSTEM_EVENT;
		v->exit.system_event.type = RVKVM_SYSTEM_EVENT_SHUTDOWN;
		v->exit.system_event.ndata = 1;
		v->exit.system_event.data[0] = SBI_SRST_REASON_NONE;
		r->next = SBI_NEXT_EXIT;
		r->error = SBI_SUCCESS;
		break;
	default:
		/* Not implemented in the core: the VMM may (v0.1 calls have no error code to give). */
		r->next = SBI_NEXT_FORWARD;
		break;
	}
	return 0;
}

const struct sbi_ext sbi_ext_legacy = {
	.name = "LEGACY",
	.eid_lo = 0,
	.eid_hi = SBI_EID_LEGACY_SHUTDOWN, /* 0x09-0x0F are reserved: unknown like any other id */
	.kvm_id = RVKVM_RISCV_SBI_EXT_V01,
	.handler = legacy_handler,
};
