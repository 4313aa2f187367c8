/* SPDX-License-Identifier: Apache-2.0 */
/* SBI PMU: counters of the guest's own cycles and instructions, and of firmware events the core counts. */
#include <limits.h>

#include "core/arch/riscv/csr.h"
#include "core/guest_ram.h"
#include "core/host_caps.h"
#include "core/insn_csr.h"
#include "core/sbi/pmu_overflow.h"
#include "core/sbi/sbi.h"
#include "core/vm_arch.h"
#include "lib/string.h"
#include "rvkvm/rvkvm.h"

/*
 * The counters. No hardware filters counting by privilege mode here (QEMU 7.2 filters neither
 * cycle nor instret, even with Sscofpmf), so the two hardware counters are the host's cycle and
 * instret counted only while the vCPU is in the guest: the world switch adds their advance between entry and trap to ctx.pmu_guest
 * while one of them is started (ctx.pmu_on). While the guest has one configured, its
 * hcounteren bit is clear: the guest's reads trap and get the virtual value (sbi_pmu_read_csr).
 */
#define CTR_CYCLE 0
#define CTR_TIME 1 /* the time CSR's place: no counter */
#define CTR_INSTRET 2
#define CTR_FW_FIRST 3
#define HW_WIDTH 63 /* 64 bits, less one, as counter_info has it */
#define FW_WIDTH (sizeof(unsigned long) * CHAR_BIT - 1)
#define HCOUNTEREN_CY (1UL << 0)
#define HCOUNTEREN_IR (1UL << 2)
#define XLEN_BITS (sizeof(unsigned long) * CHAR_BIT)
_Static_assert(CSR_INSTRET - CSR_CYCLE == CTR_INSTRET && CSR_INSTRETH - CSR_CYCLEH == CTR_INSTRET,
	       "counter n is CSR cycle + n, as counter_info has it");

_Static_assert(VCPU_PMU_COUNTERS > CTR_FW_FIRST && VCPU_PMU_COUNTERS <= 64,
	       "a guest addresses the counters by an XLEN-bit mask from a base; Linux takes 64");

static bool counter_exists(unsigned long idx)
{
	return idx < VCPU_PMU_COUNTERS && idx != CTR_TIME;
}

static unsigned event_type(unsigned long event)
{
	return (unsigned)(event >> SBI_PMU_EVENT_TYPE_SHIFT) & 0xf;
}

static unsigned event_code(unsigned long event)
{
	return (unsigned)(event & SBI_PMU_EVENT_CODE_MASK);
}

/* Whether counter idx can count event (a 20-bit event_idx). */
static bool counts(unsigned idx, unsigned long event)
{
	if (idx == CTR_CYCLE) {
		return event == SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES);
	}
	if (idx == CTR_INSTRET) {
		return event == SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS);
	}
	return idx >= CTR_FW_FIRST && event_type(event) == SBI_PMU_TYPE_FW &&
	       event_code(event) < SBI_PMU_FW_STANDARD_COUNT;
}

/* What the counter's source reads now: the guest's cycles or instructions, or its fw event. */
static uint64_t source(const struct rvkvm_vcpu *v, unsigned idx, uint32_t event)
{
	if (idx == CTR_CYCLE) {
		return v->ctx.pmu_guest[VCPU_PMU_SRC_CYCLE];
	}
	if (idx == CTR_INSTRET) {
		return v->ctx.pmu_guest[VCPU_PMU_SRC_INSTRET];
	}
	return __atomic_load_n(&v->pmu.fw_events[event_code(event)], __ATOMIC_RELAXED);
}

static uint64_t counter_value(const struct rvkvm_vcpu *v, unsigned idx)
{
	const struct vcpu_pmu_counter *c = &v->pmu.ctr[idx];
	uint64_t since;

	if (!c->started) {
		return c->value;
	}
	since = source(v, idx, c->event) - c->base;
	/* A firmware event's count is XLEN bits (FW_WIDTH): one that wrapped still gives its advance. */
	if (idx >= CTR_FW_FIRST) {
		since = (unsigned long)since;
	}
	return c->value + since;
}

uint64_t sbi_pmu_counter_value(const struct rvkvm_vcpu *v, unsigned idx)
{
	return counter_value(v, idx);
}

/*
 * After any change of the counters: the world switch counts while a hardware counter runs, the
 * guest reads directly (hcounteren) only the host counters it has not configured, and the
 * overflows watched are those of the hardware counters running.
 */
static void counters_changed(struct rvkvm_vcpu *v)
{
	const struct vcpu_pmu_counter *c = v->pmu.ctr;
	unsigned long hcounteren = VCPU_HCOUNTEREN_DEFAULT;

	v->ctx.pmu_on = c[CTR_CYCLE].started || c[CTR_INSTRET].started;
	if (c[CTR_CYCLE].event) {
		hcounteren &= ~HCOUNTEREN_CY;
	}
	if (c[CTR_INSTRET].event) {
		hcounteren &= ~HCOUNTEREN_IR;
	}
	if (hcounteren != v->pmu.hcounteren) {
		v->pmu.hcounteren = hcounteren;
		vcpu_arch_apply_traps(v);
	}
	sbi_pmu_overflow_update(v);
}

/* Counter n of the set (base, mask), or -1 when the mask has no bit n. */
static long member(unsigned long base, unsigned long mask, unsigned n)
{
	return (mask >> n) & 1 ? (long)(base + n) : -1;
}

/* Every counter of the set exists, and there is one at least (an empty set names none). */
static bool set_valid(unsigned long base, unsigned long mask)
{
	if (mask == 0) {
		return false;
	}
	for (unsigned n = 0; n < XLEN_BITS; n++) {
		if (((mask >> n) & 1) && (base > ULONG_MAX - n || !counter_exists(base + n))) {
			return false;
		}
	}
	return true;
}

static void start(struct rvkvm_vcpu *v, unsigned idx)
{
	struct vcpu_pmu_counter *c = &v->pmu.ctr[idx];

	c->base = source(v, idx, c->event);
	c->started = true;
	c->overflowed = false; /* started anew: its next overflow is signalled */
}

static void stop(struct rvkvm_vcpu *v, unsigned idx)
{
	struct vcpu_pmu_counter *c = &v->pmu.ctr[idx];

	c->value = counter_value(v, idx);
	c->started = false;
}

static long get_info(unsigned long idx, unsigned long *info)
{
	if (!counter_exists(idx)) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (idx >= CTR_FW_FIRST) {
		*info = SBI_PMU_INFO_TYPE_FW | (FW_WIDTH << SBI_PMU_INFO_WIDTH_SHIFT);
	} else {
		*info = ((unsigned long)HW_WIDTH << SBI_PMU_INFO_WIDTH_SHIFT) |
			((CSR_CYCLE + idx) << SBI_PMU_INFO_CSR_SHIFT);
	}
	return SBI_SUCCESS;
}

/*
 * The filter flags (VUINH to MINH) are hints the spec lets an implementation ignore: the guest
 * has no VS/VU or M-mode of its own, and nothing here tells its S-mode from its U-mode. The
 * event_data of every event offered is unused (its non-zero values are reserved): ignored too.
 */
static long config_matching(struct rvkvm_vcpu *v, unsigned long base, unsigned long mask,
			    unsigned long flags, unsigned long event, unsigned long *idx_out)
{
	long found = -1;

	if ((flags & ~SBI_PMU_CFG_FLAGS_DEFINED) || !set_valid(base, mask)) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (event & ~SBI_PMU_EVENT_IDX_MASK) {
		return SBI_ERR_NOT_SUPPORTED; /* no event_idx has these bits */
	}
	if (flags & SBI_PMU_CFG_FLAG_SKIP_MATCH) {
		/* The set's first counter, unconditionally: if it can count the event, and is free. */
		found = (long)(base + (unsigned long)__builtin_ctzl(mask));
		if (!counts((unsigned)found, event) || v->pmu.ctr[found].started) {
			return SBI_ERR_NOT_SUPPORTED;
		}
	} else {
		/* The first counter of the set that counts the event and no other one yet. */
		for (unsigned n = 0; n < XLEN_BITS && found < 0; n++) {
			long i = member(base, mask, n);

			if (i >= 0 && counts((unsigned)i, event) && !v->pmu.ctr[i].event) {
				found = i;
			}
		}
		if (found < 0) {
			return SBI_ERR_NOT_SUPPORTED;
		}
	}
	v->pmu.ctr[found].event = (uint32_t)event;
	v->pmu.ctr[found].overflowed = false;
	if (flags & SBI_PMU_CFG_FLAG_CLEAR_VALUE) {
		v->pmu.ctr[found].value = 0;
	}
	if (flags & SBI_PMU_CFG_FLAG_AUTO_START) {
		start(v, (unsigned)found);
	}
	counters_changed(v);
	*idx_out = (unsigned long)found;
	return SBI_SUCCESS;
}

/* uint64_t initial_value: a3 on RV64, a3 (low half) and a4 on RV32. */
static uint64_t initial_value(const struct sbi_call *c)
{
	return sbi_arg_u64(c, 3);
}

/*
 * Refused (INVALID_PARAM, NO_SHMEM) before any counter changes. ALREADY_STARTED when one of the
 * set was running: the others start all the same, as OpenSBI and Linux KVM do it.
 */
static long counter_start(struct rvkvm_vcpu *v, unsigned long base, unsigned long mask,
			  unsigned long flags, uint64_t value)
{
	long err = SBI_SUCCESS;

	if ((flags & ~SBI_PMU_START_FLAGS_DEFINED) || !set_valid(base, mask)) {
		return SBI_ERR_INVALID_PARAM;
	}
	for (unsigned n = 0; n < XLEN_BITS; n++) {
		long i = member(base, mask, n);

		if (i >= 0 && !v->pmu.ctr[i].event) {
			return SBI_ERR_INVALID_PARAM; /* no event to count: configure it first */
		}
	}
	if (flags & SBI_PMU_START_FLAG_INIT_SNAPSHOT) {
		return SBI_ERR_NO_SHMEM; /* no snapshot memory: set_shmem is not offered */
	}
	for (unsigned n = 0; n < XLEN_BITS; n++) {
		long i = member(base, mask, n);

		if (i < 0) {
			continue;
		}
		if (v->pmu.ctr[i].started) {
			err = SBI_ERR_ALREADY_STARTED;
			continue;
		}
		if (flags & SBI_PMU_START_SET_INIT_VALUE) {
			v->pmu.ctr[i].value = value;
		}
		start(v, (unsigned)i);
	}
	counters_changed(v);
	return err;
}

/*
 * ALREADY_STOPPED when one of the set was not running; RESET releases every counter of the set
 * all the same (Linux stops all its counters with RESET when a CPU comes up, running or not).
 */
static long counter_stop(struct rvkvm_vcpu *v, unsigned long base, unsigned long mask,
			 unsigned long flags)
{
	long err = SBI_SUCCESS;

	if ((flags & ~SBI_PMU_STOP_FLAGS_DEFINED) || !set_valid(base, mask)) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (flags & SBI_PMU_STOP_FLAG_TAKE_SNAPSHOT) {
		return SBI_ERR_NO_SHMEM;
	}
	/* An overflow up to now is signalled before a stop folds the counter's start value away. */
	if (v->pmu.ovf_watch) {
		uint64_t left[2];

		sbi_pmu_overflow_check(v, left);
	}
	for (unsigned n = 0; n < XLEN_BITS; n++) {
		long i = member(base, mask, n);

		if (i < 0) {
			continue;
		}
		if (v->pmu.ctr[i].started) {
			stop(v, (unsigned)i);
		} else {
			err = SBI_ERR_ALREADY_STOPPED;
		}
		if (flags & SBI_PMU_STOP_FLAG_RESET) {
			v->pmu.ctr[i].event = 0;
		}
	}
	counters_changed(v);
	return err;
}

/* fw_read and fw_read_hi: a firmware counter configured for an event. */
static long fw_read(const struct rvkvm_vcpu *v, unsigned long idx, bool hi, unsigned long *out)
{
	uint64_t value;

	if (idx < CTR_FW_FIRST || idx >= VCPU_PMU_COUNTERS || !v->pmu.ctr[idx].event) {
		return SBI_ERR_INVALID_PARAM;
	}
	value = counter_value(v, (unsigned)idx);
	/* RV64: the whole value in fw_read, and fw_read_hi "always returns zero". */
	if (sizeof(unsigned long) >= sizeof(uint64_t)) {
		*out = hi ? 0 : (unsigned long)value;
	} else {
		*out = (unsigned long)(hi ? value >> (XLEN_BITS % 64) : value);
	}
	return SBI_SUCCESS;
}

/* event_get_info's words are little-endian, as the host stores them. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "fields are read as the host has them");

static uint32_t load_u32(const uint8_t *p)
{
	uint32_t x;

	lib_memcpy(&x, p, sizeof(x));
	return x;
}

static void store_u32(uint8_t *p, uint32_t x)
{
	lib_memcpy(p, &x, sizeof(x));
}

/* Whether a counter here can count the event (event_get_info's output bit). */
static bool event_offered(uint32_t event)
{
	for (unsigned i = 0; i < VCPU_PMU_COUNTERS; i++) {
		if (counter_exists(i) && counts(i, event)) {
			return true;
		}
	}
	return false;
}

/* The event types the spec defines: 0 to 3, and 15. */
static bool event_type_defined(uint32_t event)
{
	unsigned t = event_type(event);

	return t <= SBI_PMU_TYPE_HW_RAW_V2 || t == SBI_PMU_TYPE_FW;
}

static long event_get_info(struct rvkvm_vcpu *v, unsigned long lo, unsigned long hi,
			   unsigned long num, unsigned long flags)
{
	uint8_t *shmem;
	uint64_t a;

	if (flags != 0 || lo % SBI_PMU_EVENT_INFO_SIZE != 0) {
		return SBI_ERR_INVALID_PARAM;
	}
	/* No RAM above an RV64 guest's reach (sbi_phys_addr), nor past the end of any. */
	if (!sbi_phys_addr(lo, hi, &a) || num > ULONG_MAX / SBI_PMU_EVENT_INFO_SIZE) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	if (num == 0) {
		return SBI_SUCCESS;
	}
	shmem = guest_ram_access(v->vm, gpa(a), (uint64_t)num * SBI_PMU_EVENT_INFO_SIZE, true);
	if (!shmem) {
		return SBI_ERR_INVALID_ADDRESS;
	}
	/* Every entry checked before one is written: a refused call leaves the memory as it was. */
	for (unsigned long i = 0; i < num; i++) {
		uint32_t event = load_u32(shmem + i * SBI_PMU_EVENT_INFO_SIZE);

		if ((event & SBI_PMU_EVENT_INFO_IDX_RESERVED) || !event_type_defined(event)) {
			return SBI_ERR_INVALID_PARAM;
		}
	}
	for (unsigned long i = 0; i < num; i++) {
		uint8_t *entry = shmem + i * SBI_PMU_EVENT_INFO_SIZE;
		uint32_t event = load_u32(entry + SBI_PMU_EVENT_INFO_OFF_IDX);

		store_u32(entry + SBI_PMU_EVENT_INFO_OFF_OUTPUT,
			  event_offered(event) ? SBI_PMU_EVENT_INFO_SUPPORTED : 0);
	}
	return SBI_SUCCESS;
}

static int pmu_handler(struct rvkvm_vcpu *v, const struct sbi_call *c, struct sbi_result *r)
{
	r->value = 0;
	switch (c->fid) {
	case SBI_PMU_NUM_COUNTERS:
		r->value = VCPU_PMU_COUNTERS;
		r->error = SBI_SUCCESS;
		break;
	case SBI_PMU_COUNTER_GET_INFO:
		r->error = get_info(c->args[0], &r->value);
		break;
	case SBI_PMU_COUNTER_CONFIG_MATCHING:
		r->error = config_matching(v, c->args[0], c->args[1], c->args[2], c->args[3],
					   &r->value);
		break;
	case SBI_PMU_COUNTER_START:
		r->error = counter_start(v, c->args[0], c->args[1], c->args[2], initial_value(c));
		break;
	case SBI_PMU_COUNTER_STOP:
		r->error = counter_stop(v, c->args[0], c->args[1], c->args[2]);
		break;
	case SBI_PMU_COUNTER_FW_READ:
	case SBI_PMU_COUNTER_FW_READ_HI:
		r->error = fw_read(v, c->args[0], c->fid == SBI_PMU_COUNTER_FW_READ_HI, &r->value);
		break;
	case SBI_PMU_EVENT_GET_INFO:
		r->error = event_get_info(v, c->args[0], c->args[1], c->args[2], c->args[3]);
		break;
	default:
		/* SBI_PMU_SNAPSHOT_SET_SHMEM is optional, and not offered; unknown functions. */
		r->error = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	return 0;
}

bool sbi_pmu_read_csr(const struct rvkvm_vcpu *v, unsigned csr, unsigned long *val)
{
	bool high = sizeof(unsigned long) < sizeof(uint64_t) &&
		    (csr == CSR_CYCLEH || csr == CSR_INSTRETH);
	unsigned idx;

	if (high) {
		idx = csr - CSR_CYCLEH;
	} else if (csr == CSR_CYCLE || csr == CSR_INSTRET) {
		idx = csr - CSR_CYCLE;
	} else {
		return false;
	}
	*val = (unsigned long)(high ? counter_value(v, idx) >> (XLEN_BITS % 64)
				    : counter_value(v, idx));
	return true;
}

/* VU-mode reads a counter only with its scounteren bit too; writes are illegal instructions. */
bool sbi_pmu_emulate_read(struct rvkvm_vcpu *v, uint32_t insn)
{
	struct insn_csr csr;
	unsigned long val;

	if (!insn_decode_csr(insn, &csr) || csr.op == INSN_CSR_RW || csr.rs1 != 0 ||
	    !sbi_pmu_read_csr(v, csr.csr, &val)) {
		return false;
	}
	if (!(v->ctx.sstatus & SSTATUS_SPP) && !((vcpu_arch_scounteren(v) >> (csr.csr & 31)) & 1)) {
		return false;
	}
	if (csr.rd != 0) {
		v->ctx.gpr[csr.rd] = val;
	}
	v->ctx.sepc += 4; /* CSR instructions have no compressed form */
	return true;
}

void sbi_pmu_count_trap(struct rvkvm_vcpu *v, unsigned long cause)
{
	static const uint8_t event_of[] = {
		[EXC_LOAD_MISALIGNED] = SBI_PMU_FW_MISALIGNED_LOAD + 1,
		[EXC_STORE_MISALIGNED] = SBI_PMU_FW_MISALIGNED_STORE + 1,
		[EXC_LOAD_ACCESS] = SBI_PMU_FW_ACCESS_LOAD + 1,
		[EXC_STORE_ACCESS] = SBI_PMU_FW_ACCESS_STORE + 1,
		[EXC_ILLEGAL_INSN] = SBI_PMU_FW_ILLEGAL_INSN + 1,
	}; /* plus one: 0 is "no event" */

	if (cause < sizeof(event_of) && event_of[cause]) {
		sbi_pmu_fw_event(v, event_of[cause] - 1u);
	}
}

void sbi_pmu_reset(struct rvkvm_vcpu *v)
{
	for (unsigned i = 0; i < VCPU_PMU_COUNTERS; i++) {
		v->pmu.ctr[i] = (struct vcpu_pmu_counter){ 0 };
	}
	counters_changed(v);
}

/* Offered where the world switch can read cycle and instret (the firmware lets HS-mode). */
static bool pmu_probe(const struct rvkvm_vcpu *v)
{
	(void)v;
	return host_caps.has_counters;
}

const struct sbi_ext sbi_ext_pmu = {
	.name = "PMU",
	.probe = pmu_probe,
	.eid_lo = SBI_EID_PMU,
	.eid_hi = SBI_EID_PMU,
	.kvm_id = RVKVM_RISCV_SBI_EXT_PMU,
	.handler = pmu_handler,
};
