/* SPDX-License-Identifier: Apache-2.0 */
/* SBI Steal-time Accounting (STA): how long a vCPU was runnable but off its hart, for its guest. */
#include <stddef.h>

#include "core/guest_ram.h"
#include "core/host_caps.h"
#include "core/one_reg.h"
#include "core/sbi/sbi.h"
#include "core/sched.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/* The spec's layout; the host stores little-endian, as the spec wants the fields. */
struct sta_shmem {
	uint32_t sequence;
	uint32_t flags;
	uint64_t steal;
	uint8_t preempted;
	uint8_t pad[47];
};
_Static_assert(sizeof(struct sta_shmem) == SBI_STA_SHMEM_SIZE &&
		       offsetof(struct sta_shmem, sequence) == SBI_STA_OFF_SEQUENCE &&
		       offsetof(struct sta_shmem, flags) == SBI_STA_OFF_FLAGS &&
		       offsetof(struct sta_shmem, steal) == SBI_STA_OFF_STEAL &&
		       offsetof(struct sta_shmem, preempted) == SBI_STA_OFF_PREEMPTED,
	       "struct sta_shmem is the spec's table");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "fields are stored as the host has them");

/* What the scheduler counted so far of this vCPU's time waiting for a hart (ticks). */
static uint64_t waited(const struct rvkvm_vcpu *v)
{
	const struct sched_thread *t = __atomic_load_n(&v->thread, __ATOMIC_RELAXED);

	return t ? __atomic_load_n(&t->ready_wait, __ATOMIC_RELAXED) : 0;
}

/* In two parts, so that no product overflows 64 bits for any 32-bit timebase. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t hz = host_caps.timebase_freq;

	return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}

/* The scheduler times the waits of the vCPU's thread from now on (it reads no clock for others). */
static void count_waits(struct rvkvm_vcpu *v)
{
	struct sched_thread *t = v->thread;

	if (t && !__atomic_load_n(&t->count_wait, __ATOMIC_RELAXED)) {
		__atomic_store_n(&t->count_wait, true, __ATOMIC_RELAXED);
	}
}

void sbi_sta_start(struct rvkvm_vcpu *v, uint64_t shmem)
{
	count_waits(v);
	v->sta.shmem = shmem;
	v->sta.counted = waited(v); /* what it waited before is no steal the guest asked about */
}

void sbi_sta_reset(struct rvkvm_vcpu *v)
{
	v->sta.shmem = VCPU_STA_OFF;
}

void sbi_sta_record(struct rvkvm_vcpu *v)
{
	uint64_t now = waited(v), before = v->sta.counted;
	struct sta_shmem *m;
	uint32_t seq;
	uint64_t steal;

	count_waits(v); /* set by ONE_REG before the vCPU had a thread */

	/* Nothing new. (Less: another thread runs the vCPU now; count from its figure.) */
	if (now <= before) {
		v->sta.counted = now;
		return;
	}
	v->sta.counted = now;
	/* Between an RV32 VMM's writes of its ONE_REG halves (set_sta_reg): no shared memory. */
	if (v->sta.shmem % SBI_STA_SHMEM_SIZE != 0) {
		return;
	}
	/* The same rules as the guest's own write, and the same dirty log. */
	m = guest_ram_access(v->vm, gpa(v->sta.shmem), SBI_STA_SHMEM_SIZE, true);
	if (!m) {
		return; /* the VMM took the region away or made it read-only: nowhere to write */
	}
	/*
	 * Odd while the fields change, even after: a reader on another vCPU that sees the same
	 * even sequence before and after its read of steal got one consistent value. (An odd value
	 * the guest left there itself stays odd, then becomes even.)
	 */
	seq = __atomic_load_n(&m->sequence, __ATOMIC_RELAXED) | 1;
	__atomic_store_n(&m->sequence, seq, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	/* From the totals, so rounding to nanoseconds never adds up over many updates. */
	steal = __atomic_load_n(&m->steal, __ATOMIC_RELAXED) + ticks_to_ns(now) -
		ticks_to_ns(before);
	__atomic_store_n(&m->steal, steal, __ATOMIC_RELAXED);
	/* It is about to run: never preempted now (rvkvm writes no other value). */
	__atomic_store_n(&m->preempted, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&m->sequence, seq + 1, __ATOMIC_RELAXED);
}

static long set_shmem(struct rvkvm_vcpu *v, unsigned long lo, unsigned long hi, unsigned long flags)
{
	uint64_t shmem;
	void *p;

	if (flags != 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (lo == ~0UL && hi == ~0UL) {
		sbi_sta_reset(v);
		return SBI_SUCCESS;
	}
	if (lo % SBI_STA_SHMEM_SIZE != 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (!sbi_phys_addr(lo, hi, &shmem)) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	p = guest_ram_access(v->vm, gpa(shmem), SBI_STA_SHMEM_SIZE, true);
	if (!p) {
		return SBI_ERR_INVALID_ADDRESS; /* not RAM, past its end, or read-only */
	}
	lib_memset(p, 0, SBI_STA_SHMEM_SIZE);
	sbi_sta_start(v, shmem);
	return SBI_SUCCESS;
}

static int sta_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->value = 0;
	if (c->fid == SBI_STA_STEAL_TIME_SET_SHMEM) {
		r->error = set_shmem(v, c->args[0], c->args[1], c->args[2]);
	} else {
		r->error = SBI_ERR_NOT_SUPPORTED;
	}
	return 0;
}

/*
 * ONE_REG SBI_STATE STA, as Linux has it: the address the guest registered, all-ones when it
 * registered none (Linux's INVALID_GPA), in shmem_lo's XLEN bits and shmem_hi's bits above them:
 * on RV64 none, so shmem_hi is 0; on RV32 bits 32 to 63, all-ones too for none. Setting a half
 * points the vCPU's steal time at the address the two make, counted from now; a shmem_lo the
 * guest could not have registered (not 64-byte aligned, not all-ones) is refused. An RV32 VMM
 * sets the halves one at a time: in between, all-ones in shmem_lo alone names no memory, and
 * sbi_sta_record skips it.
 */
static unsigned long sta_half(uint64_t shmem, bool hi)
{
	if (!hi) {
		return (unsigned long)shmem;
	}
	return sizeof(unsigned long) == 8 ? 0 : (unsigned long)(shmem >> (sizeof(long) * 8 % 64));
}

static int set_sta_reg(struct rvkvm_vcpu *v, const struct reg *r, uint64_t val)
{
	bool hi = r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_hi);
	unsigned long lo_half = sta_half(v->sta.shmem, false),
		      hi_half = sta_half(v->sta.shmem, true);
	uint64_t shmem;

	if (hi) {
		hi_half = (unsigned long)val;
	} else if (val != ~0UL && val % SBI_STA_SHMEM_SIZE != 0) {
		return RVKVM_EINVAL;
	} else {
		lo_half = (unsigned long)val;
	}
	if (!sbi_phys_addr(lo_half, hi_half, &shmem)) {
		return RVKVM_EINVAL; /* RV64: called only for a change, so shmem_hi not 0 */
	}
	if (shmem == VCPU_STA_OFF) {
		sbi_sta_reset(v);
	} else {
		sbi_sta_start(v, shmem);
	}
	return 0;
}

static int sta_state_reg(struct rvkvm_vcpu *v, struct reg *r)
{
	if (r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_lo)) {
		r->value = sta_half(v->sta.shmem, false);
	} else if (r->index == RVKVM_REG_RISCV_SBI_STA_REG(shmem_hi)) {
		r->value = sta_half(v->sta.shmem, true);
	} else {
		return RVKVM_ENOENT;
	}
	r->set = set_sta_reg;
	return 0;
}

const struct sbi_ext sbi_ext_sta = {
	.name = "STA",
	.eid_lo = SBI_EID_STA,
	.eid_hi = SBI_EID_STA,
	.kvm_id = RVKVM_RISCV_SBI_EXT_STA,
	.handler = sta_handler,
	.state_reg = sta_state_reg,
	.state_subtype = RVKVM_REG_RISCV_SBI_STA,
	.state_nr = sizeof(struct rvkvm_riscv_sbi_sta) / sizeof(unsigned long),
};
