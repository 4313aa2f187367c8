/* SPDX-License-Identifier: Apache-2.0 */
/* SBI Debug Console (DBCN): write/read a guest buffer given by guest-physical address, write one byte. */
#include "core/guest_ram.h"
#include "core/sbi/sbi.h"
#include "rvkvm/host.h"

/*
 * The buffer is (base_hi:base_lo, num_bytes) in guest-physical space (sbi_phys_addr: on RV64
 * base_hi must be 0), and the whole range must be guest RAM the guest could access the same way
 * (a read into a read-only region is refused), or the spec's INVALID_PARAM is returned and
 * nothing is touched. Only the first n bytes are used.
 */
static void *guest_buffer(struct rvkvm_vcpu *v, const struct sbi_call *c, unsigned long n)
{
	unsigned long len = c->args[0];
	uint64_t base;

	if (!sbi_phys_addr(c->args[1], c->args[2], &base)) {
		return NULL;
	}
	/* The whole buffer must be valid, as the spec asks, though only n bytes are touched. */
	if (!guest_ram_valid(v->vm, gpa(base), len, false)) {
		return NULL;
	}
	return guest_ram_access(v->vm, gpa(base), n, c->fid == SBI_DBCN_CONSOLE_READ);
}

static int dbcn_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	unsigned long n = c->args[0] < SBI_DBCN_MAX_BYTES ? c->args[0] : SBI_DBCN_MAX_BYTES;
	void *buf;

	switch (c->fid) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		if (c->args[0] == 0) {
			r->error = SBI_SUCCESS;
			r->value = 0;
			break;
		}
		buf = guest_buffer(v, c, n);
		if (!buf) {
			r->error = SBI_ERR_INVALID_PARAM;
			break;
		}
		r->error = SBI_SUCCESS;
		if (c->fid == SBI_DBCN_CONSOLE_WRITE) {
			console_vm_write(v->vm->id, buf, n);
			r->value = n;
		} else {
			r->value = console_vm_read(v->vm->id, buf, n);
		}
		break;
	case SBI_DBCN_CONSOLE_WRITE_BYTE: {
		char byte = (char)sbi_arg_u8(c, 0);

		console_vm_write(v->vm->id, &byte, 1);
		r->error = SBI_SUCCESS;
		break;
	}
	default:
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

const struct sbi_ext sbi_ext_dbcn = {
	.name = "DBCN",
	.eid_lo = SBI_EID_DBCN,
	.eid_hi = SBI_EID_DBCN,
	.kvm_id = RVKVM_RISCV_SBI_EXT_DBCN,
	.handler = dbcn_handler,
};
