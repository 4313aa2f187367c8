/* SBI v0.1 legacy calls: each extension id is one function and returns its value in a0 alone. */
#include "core/sbi/sbi.h"
#include "platform/console.h"

static int legacy_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->next = SBI_NEXT_RETURN_LEGACY;
	switch (c->eid) {
	case SBI_EID_LEGACY_CONSOLE_PUTCHAR: {
		char byte = (char)(c->args[0] & 0xff);

		console_vm_write(v->vm->id, &byte, 1);
		r->value = 0;
		break;
	}
	case SBI_EID_LEGACY_CONSOLE_GETCHAR: {
		char byte;

		r->value = console_vm_read(v->vm->id, &byte, 1) == 1 ? (unsigned char)byte
								       : (unsigned long)-1L;
		break;
	}
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
	.eid_hi = SBI_EID_LEGACY_LAST,
	.handler = legacy_handler,
};
