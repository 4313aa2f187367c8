/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for SBI argument validation: sequences of guest SBI calls (any eid, fid and
 * arguments, from any vCPU of a fake VM) through sbi_dispatch, each checked against what the
 * SBI specification and README say the call must do, with guest RAM that ASan fences exactly.
 */
#include "tests/fuzz/fuzz.h"

#include <limits.h>
#include <string.h>

#include "core/hart.h"
#include "core/host_caps.h"
#include "core/memslot.h"
#include "core/sbi/sbi.h"
#include "core/vcpu.h"
#include "tests/fakes/fake_arch.h"
#include "tests/fakes/fake_console.h"

#define RAM_BASE 0x80000000UL
#define RAM_SIZE (64UL * 1024)
#define SLOT1_SIZE 4096UL
#define NVCPU_IDS 9 /* vCPU ids 0..7, and 63 (the last id there is) */
_Static_assert(NVCPU_IDS < 15, "bit 15 of the world's present says whether the host has Sscofpmf");
#define MAX_CALLS 64
#define INPUT_MAX 64
/* The fake console holds 256 KiB of output; one call writes at most RAM_SIZE of it. */
#define FAKE_CONSOLE_ROOM (256UL * 1024 - RAM_SIZE)

struct world {
	struct rvkvm_vm vm;
	struct rvkvm_vcpu vcpu[NVCPU_IDS];
	struct hart hart[NVCPU_IDS];
	uint8_t *ram[2];
	uint8_t *snap[2];
	uint8_t pattern[RAM_SIZE]; /* what RAM holds at the start of a run: bytes that vary */
	uint64_t slot_base[2], slot_size[2];
	unsigned nslots;
	/* Console input not yet read by the guest. */
	uint8_t in[INPUT_MAX];
	size_t in_len, in_pos;
	/* What the current call wrote to the VM's console. */
	const unsigned char *out;
	size_t out_len;
	/* The PMU counters as the spec's rules leave them: the event each counts, and running. */
	struct pmu_model {
		uint32_t event;
		bool started;
	} pmu[NVCPU_IDS][VCPU_PMU_COUNTERS];
};

static unsigned vcpu_id(unsigned i)
{
	return i < NVCPU_IDS - 1 ? i : VCPU_MAX_PER_VM - 1;
}

/* ---- the reference: what the specification says, computed without the code under test ---- */

static bool in_one_slot(const struct world *w, unsigned long addr, unsigned long len)
{
	for (unsigned s = 0; s < w->nslots; s++) {
		if (addr >= w->slot_base[s] &&
		    (unsigned __int128)addr + len <=
			    (unsigned __int128)w->slot_base[s] + w->slot_size[s]) {
			return true;
		}
	}
	return false;
}

/* The vCPUs a hart mask names; false when it names one that does not exist. */
static bool mask_targets(const struct world *w, unsigned long mask, unsigned long base,
			 bool named[VCPU_MAX_PER_VM])
{
	memset(named, 0, VCPU_MAX_PER_VM * sizeof(bool));
	if (base == ULONG_MAX) {
		for (unsigned i = 0; i < VCPU_MAX_PER_VM; i++) {
			named[i] = w->vm.vcpus[i] != NULL;
		}
		return true;
	}
	for (unsigned b = 0; b < 64; b++) {
		unsigned __int128 id = (unsigned __int128)base + b;

		if (!((mask >> b) & 1)) {
			continue;
		}
		if (id >= VCPU_MAX_PER_VM || w->vm.vcpus[(unsigned)id] == NULL) {
			return false;
		}
		named[(unsigned)id] = true;
	}
	return true;
}

static bool implemented(unsigned long eid)
{
	return eid <= SBI_EID_LEGACY_SHUTDOWN || eid == SBI_EID_BASE || eid == SBI_EID_DBCN ||
	       eid == SBI_EID_SRST || eid == SBI_EID_TIME || eid == SBI_EID_IPI ||
	       eid == SBI_EID_RFENCE || eid == SBI_EID_HSM || eid == SBI_EID_FWFT ||
	       eid == SBI_EID_SUSP || eid == SBI_EID_PMU || eid == SBI_EID_STA ||
	       eid == SBI_EID_SSE || eid == SBI_EID_DBTR; /* DBTR: the fake firmware has it */
}

/* ---- choosing calls ---- */

static unsigned long pick_eid(struct fz *f)
{
	static const unsigned long eids[] = {
		SBI_EID_BASE,
		SBI_EID_DBCN,
		SBI_EID_SRST,
		SBI_EID_TIME,
		SBI_EID_IPI,
		SBI_EID_RFENCE,
		SBI_EID_HSM,
		SBI_EID_PMU,
		SBI_EID_SUSP,
		SBI_EID_STA,
		SBI_EID_FWFT,
		SBI_EID_DBTR,
		SBI_EID_CPPC,
		SBI_EID_EXPERIMENTAL_FIRST,
		SBI_EID_EXPERIMENTAL_LAST,
		SBI_EID_VENDOR_FIRST,
		SBI_EID_VENDOR_LAST,
		SBI_EID_FIRMWARE_FIRST,
		SBI_EID_FIRMWARE_LAST,
		0x7fffffffUL,
		0xffffffffUL,
		ULONG_MAX,
		(1UL << 32) | SBI_EID_BASE,
		(1UL << 32) | 1,
	};
	unsigned k = fz_u8(f);

	if (k < 64) {
		return k % 16; /* the legacy range, reserved ids 9..15 included */
	}
	if (k < 240) {
		return eids[k % (sizeof(eids) / sizeof(eids[0]))];
	}
	return fz_u64(f);
}

static unsigned long pick_arg(struct fz *f, const struct world *w)
{
	unsigned k = fz_u8(f);
	unsigned s = w->nslots > 1 ? (k >> 7) : 0;

	switch (k % 16) {
	case 0:
		return 0;
	case 1:
		return ULONG_MAX;
	case 2:
		return fz_below(f, 70); /* a hart id, a length, a function */
	case 3:
		return 1UL << fz_below(f, 64); /* a one-hart mask */
	case 4:
		return fz_u8(f); /* a small mask */
	case 5:
		return w->slot_base[s] + fz_u16(f) % w->slot_size[s]; /* in RAM */
	case 6:
		return w->slot_base[s] + w->slot_size[s] - fz_below(f, 16); /* at the end */
	case 7:
		return w->slot_base[s] - 1 - fz_below(f, 8); /* just below */
	case 8:
		return w->slot_size[s] - fz_below(f, 40); /* a length reaching the end */
	case 9:
		return SBI_HSM_SUSPEND_NON_RET_DEFAULT | ((unsigned long)fz_u8(f) << 32);
	case 10:
		return 0xF0000000UL + fz_below(f, 4);
	case 11:
		return 0xE0000000UL - fz_below(f, 2);
	case 12:
		return ULONG_MAX - fz_below(f, 64); /* wraps when added to */
	case 13:
		return (unsigned long)fz_u32(f);
	default:
		return fz_u64(f);
	}
}

/* ---- the checks ---- */

struct before {
	int hsm[NVCPU_IDS];
	unsigned long irqs[NVCPU_IDS];
	unsigned long requests[NVCPU_IDS];
	struct rvkvm_exit exit;
	unsigned long start_addr[NVCPU_IDS];
	struct fake_arch arch;
	struct vcpu_dbtr dbtr; /* the caller's */
};

static void snapshot(const struct world *w, struct before *b)
{
	for (unsigned i = 0; i < NVCPU_IDS; i++) {
		b->hsm[i] = w->vcpu[i].hsm_state;
		b->irqs[i] = w->vcpu[i].irqs_pending;
		b->requests[i] = w->vcpu[i].requests;
		b->start_addr[i] = w->vcpu[i].start_addr;
	}
	b->arch = fake_arch;
}

static void expect(const struct sbi_result *r, enum sbi_next next, long error)
{
	FZ_CHECK(r->next == next && r->error == error, "next %d error %ld, want next %d error %ld",
		 (int)r->next, r->error, (int)next, error);
}

static unsigned index_of(const struct world *w, const struct rvkvm_vcpu *v)
{
	return (unsigned)(v - w->vcpu);
}

/* Guest RAM outside [addr, addr + len) is what it was before the call. */
static void check_ram_only_changed(const struct world *w, unsigned long addr, unsigned long len)
{
	for (unsigned s = 0; s < w->nslots; s++) {
		uint64_t base = w->slot_base[s], size = w->slot_size[s];
		/* The part of [addr, addr + len) in this slot, as offsets [lo, hi). */
		uint64_t lo = 0, hi = 0;

		if (len != 0 && addr < base + size && addr + len > base) {
			lo = addr > base ? addr - base : 0;
			hi = addr + len - base < size ? addr + len - base : size;
		}

		FZ_CHECK(!memcmp(w->ram[s], w->snap[s], lo) &&
				 !memcmp(w->ram[s] + hi, w->snap[s] + hi, size - hi),
			 "guest RAM of slot %u changed outside [0x%lx, +%lu)", s, addr, len);
	}
}

static void check_dbcn(struct world *w, const struct sbi_call *c, const struct sbi_result *r)
{
	unsigned long len = c->args[0], addr = c->args[1];
	size_t out_len = w->out_len;
	const unsigned char *out = w->out;

	if (c->fid == SBI_DBCN_CONSOLE_WRITE_BYTE) {
		expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
		FZ_CHECK(out_len == 1 && out[0] == (uint8_t)c->args[0], "write_byte output");
		return;
	}
	if (c->fid != SBI_DBCN_CONSOLE_WRITE && c->fid != SBI_DBCN_CONSOLE_READ) {
		expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
		FZ_CHECK(out_len == 0, "output from an unsupported function");
		return;
	}
	if (len == 0) {
		expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
		FZ_CHECK(r->value == 0 && out_len == 0, "zero-length access did something");
		check_ram_only_changed(w, 0, 0);
		return;
	}
	if (c->args[2] != 0 || !in_one_slot(w, addr, len)) {
		expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_PARAM);
		FZ_CHECK(out_len == 0, "output from a buffer outside RAM");
		check_ram_only_changed(w, 0, 0);
		return;
	}
	expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
	len = len < SBI_DBCN_MAX_BYTES ? len : SBI_DBCN_MAX_BYTES; /* a call does at most this */
	for (unsigned s = 0; s < w->nslots; s++) {
		if (addr >= w->slot_base[s] && addr - w->slot_base[s] < w->slot_size[s]) {
			const uint8_t *buf = w->ram[s] + (addr - w->slot_base[s]);

			if (c->fid == SBI_DBCN_CONSOLE_WRITE) {
				FZ_CHECK(r->value == len && out_len == len &&
						 !memcmp(out, buf, len),
					 "console write of %lu bytes: value %lu, output %zu", len,
					 r->value, out_len);
				check_ram_only_changed(w, 0, 0);
			} else {
				size_t left = w->in_len - w->in_pos;
				size_t want = left < len ? left : len;

				FZ_CHECK(r->value == want, "console read gave %lu, want %zu",
					 r->value, want);
				FZ_CHECK(!memcmp(buf, w->in + w->in_pos, want), "read data");
				check_ram_only_changed(w, addr, want);
				w->in_pos += want;
			}
		}
	}
}

static void check_hsm(struct world *w, struct rvkvm_vcpu *v, const struct sbi_call *c,
		      const struct sbi_result *r, const struct before *b)
{
	unsigned me = index_of(w, v);
	unsigned long id = c->args[0];
	struct rvkvm_vcpu *t = id < VCPU_MAX_PER_VM ? w->vm.vcpus[id] : NULL;
	uint32_t type = (uint32_t)c->args[0];

	switch (c->fid) {
	case SBI_HSM_HART_START:
		if (!t) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_PARAM);
		} else if (!in_one_slot(w, c->args[1], 1)) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_ADDRESS);
		} else if (b->hsm[index_of(w, t)] != VCPU_HSM_STOPPED) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_ALREADY_AVAILABLE);
		} else {
			expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
			FZ_CHECK(t->hsm_state == VCPU_HSM_START_PENDING, "started hart state %d",
				 t->hsm_state);
			FZ_CHECK(t->start_addr == c->args[1] && t->start_opaque == c->args[2],
				 "start address/opaque not recorded");
			FZ_CHECK(fake_arch.kicks == 1 && fake_arch.kicked[0] == t,
				 "the started hart was not kicked");
			return;
		}
		break;
	case SBI_HSM_HART_STOP: {
		/* The last vCPU not stopped may not stop: nothing could start one again. */
		bool others = false;

		for (unsigned i = 0; i < NVCPU_IDS; i++) {
			others = others || (i != me && w->vm.vcpus[vcpu_id(i)] == &w->vcpu[i] &&
					    b->hsm[i] != VCPU_HSM_STOPPED);
			FZ_CHECK(i == me || w->vcpu[i].hsm_state == b->hsm[i],
				 "stop moved another hart");
		}
		if (others) {
			FZ_CHECK(r->next == SBI_NEXT_NO_RETURN, "stop returned");
			FZ_CHECK(v->hsm_state == VCPU_HSM_STOPPED, "stopped hart state %d",
				 v->hsm_state);
		} else {
			FZ_CHECK(r->next == SBI_NEXT_EXIT &&
					 v->exit.reason == RVKVM_EXIT_INTERNAL_ERROR &&
					 v->exit.internal.suberror == RVKVM_INTERNAL_ALL_STOPPED,
				 "the last running vCPU stopped without ending the VM");
			FZ_CHECK(v->hsm_state == b->hsm[me], "the last vCPU changed state");
		}
		return;
	}
	case SBI_HSM_HART_GET_STATUS:
		if (!t) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_PARAM);
		} else {
			expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
			FZ_CHECK(r->value == (unsigned long)b->hsm[index_of(w, t)], "status %lu",
				 r->value);
		}
		break;
	case SBI_HSM_HART_SUSPEND:
		if (type != SBI_HSM_SUSPEND_RET_DEFAULT &&
		    type != SBI_HSM_SUSPEND_NON_RET_DEFAULT) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_PARAM);
			FZ_CHECK(fake_arch.waits == b->arch.waits,
				 "a reserved suspend type waited");
			break;
		}
		if (type == SBI_HSM_SUSPEND_NON_RET_DEFAULT && !in_one_slot(w, c->args[1], 1)) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_ADDRESS);
			FZ_CHECK(fake_arch.waits == b->arch.waits, "a bad resume address waited");
			break;
		}
		FZ_CHECK(fake_arch.waits == b->arch.waits + 1, "suspend did not wait");
		FZ_CHECK(v->hsm_state == VCPU_HSM_STARTED, "state %d after suspend", v->hsm_state);
		if (fake_arch.wait_result == VCPU_WAIT_EXIT) {
			/* Interrupted: the call is made again, so nothing else happened. */
			FZ_CHECK(r->next == SBI_NEXT_NO_RETURN && v->kick_exit,
				 "interrupted suspend");
			FZ_CHECK(fake_arch.resets == b->arch.resets, "interrupted suspend resumed");
		} else if (type == SBI_HSM_SUSPEND_RET_DEFAULT) {
			expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
		} else {
			FZ_CHECK(r->next == SBI_NEXT_NO_RETURN, "non-retentive suspend returned");
			FZ_CHECK(fake_arch.resets == b->arch.resets + 1 &&
					 fake_arch.reset_vcpu == v &&
					 fake_arch.reset_entry == c->args[1] &&
					 fake_arch.reset_opaque == c->args[2],
				 "non-retentive suspend resumed elsewhere");
		}
		return;
	default:
		expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
		break;
	}
	for (unsigned i = 0; i < NVCPU_IDS; i++) {
		FZ_CHECK(w->vcpu[i].hsm_state == b->hsm[i],
			 "hart %u state changed by a failed call", i);
	}
}

/* IPI and the fences: the hart mask decides everything. */
static void check_masked(struct world *w, long err, unsigned long mask, unsigned long base,
			 int fence_kind, const struct sbi_call *c, const struct before *b,
			 long ok_error)
{
	bool named[VCPU_MAX_PER_VM];
	bool valid = mask_targets(w, mask, base, named);
	unsigned long hart_bits = 0;
	/* SFENCE.VMA with an ASID no satp can hold (above 16 bits) is INVALID_PARAM too. */
	unsigned long asid = c->args[c->eid <= SBI_EID_LEGACY_LAST ? 3 : 4];

	if (fence_kind == 2 && asid > 0xffffUL) {
		valid = false;
	}
	if (!valid) {
		FZ_CHECK(err == SBI_ERR_INVALID_PARAM, "bad mask 0x%lx base 0x%lx gave %ld", mask,
			 base, err);
		FZ_CHECK(fake_arch.fences == b->arch.fences, "a fence for a bad mask");
		for (unsigned i = 0; i < NVCPU_IDS; i++) {
			FZ_CHECK(w->vcpu[i].irqs_pending == b->irqs[i], "a bad mask raised an IPI");
			FZ_CHECK(w->vcpu[i].requests == b->requests[i],
				 "a bad mask made a request");
		}
		return;
	}
	for (unsigned i = 0; i < NVCPU_IDS; i++) {
		unsigned id = vcpu_id(i);

		if (!named[id]) {
			FZ_CHECK(w->vcpu[i].irqs_pending == b->irqs[i], "IPI at unnamed vCPU %u",
				 id);
			FZ_CHECK(w->vcpu[i].requests == b->requests[i],
				 "request at unnamed vCPU %u", id);
			continue;
		}
		if (fence_kind < 0) {
			FZ_CHECK(w->vcpu[i].irqs_pending & VCPU_IRQ_VSSIP, "no IPI at vCPU %u", id);
			continue;
		}
		/* Every target fences on its next load, wherever it runs; loaded ones are fenced now too. */
		FZ_CHECK(w->vcpu[i].requests ==
				 (b->requests[i] |
				  (fence_kind == 0 ? VCPU_REQ_FENCE_I : VCPU_REQ_HFENCE_VVMA)),
			 "vCPU %u: requests 0x%lx after a fence of kind %d", id,
			 w->vcpu[i].requests, fence_kind);
		if (w->vcpu[i].hart) {
			hart_bits |= 1UL << w->vcpu[i].hart->hartid;
		}
	}
	if (fence_kind < 0) {
		FZ_CHECK(err == SBI_SUCCESS, "good IPI gave %ld", err);
		return;
	}
	if (hart_bits == 0) {
		FZ_CHECK(err == SBI_SUCCESS && fake_arch.fences == b->arch.fences,
			 "a fence for vCPUs loaded nowhere");
		return;
	}
	FZ_CHECK(fake_arch.fences == b->arch.fences + 1 && fake_arch.fence_mask == hart_bits &&
			 fake_arch.fence_kind == fence_kind,
		 "fence kind %d mask 0x%lx, want kind %d mask 0x%lx", fake_arch.fence_kind,
		 fake_arch.fence_mask, fence_kind, hart_bits);
	if (fence_kind > 0) {
		/* v0.1: (mask pointer, start, size, asid); v0.2: (mask, base, start, ...). */
		unsigned first = c->eid <= SBI_EID_LEGACY_LAST ? 1 : 2;

		FZ_CHECK(fake_arch.fence_start == c->args[first] &&
				 fake_arch.fence_size == c->args[first + 1] &&
				 (fence_kind == 1 || fake_arch.fence_asid == c->args[first + 2]),
			 "fence range or ASID not passed on");
	}
	FZ_CHECK(err == ok_error, "fence gave %ld, want %ld", err, ok_error);
}

/* SUSP: the spec's refusals in order, else a wake-up at the resume address and an exit. */
static void check_susp(const struct world *w, const struct rvkvm_vcpu *v, const struct sbi_call *c,
		       const struct sbi_result *r, const struct before *b)
{
	uint32_t type = (uint32_t)c->args[0]; /* a uint32_t: the low half of a0 */
	bool others_stopped = true;
	long want;

	for (unsigned i = 0; i < NVCPU_IDS; i++) {
		const struct rvkvm_vcpu *o = w->vm.vcpus[vcpu_id(i)];

		if (o && o != v && o->hsm_state != VCPU_HSM_STOPPED) {
			others_stopped = false;
		}
	}
	if (c->fid != SBI_SUSP_SYSTEM_SUSPEND) {
		want = SBI_ERR_NOT_SUPPORTED;
	} else if (type != 0) {
		want = SBI_ERR_INVALID_PARAM; /* reserved, or platform-specific and unimplemented */
	} else if (!memslot_find(&w->vm.memslots, gpa(c->args[1]), 1)) {
		want = SBI_ERR_INVALID_ADDRESS;
	} else if (!others_stopped) {
		want = SBI_ERR_DENIED;
	} else {
		FZ_CHECK(r->next == SBI_NEXT_NO_RETURN_EXIT &&
				 fake_arch.resets == b->arch.resets + 1 &&
				 fake_arch.reset_entry == c->args[1] &&
				 fake_arch.reset_opaque == c->args[2],
			 "suspend to RAM: next %d, resets %u", (int)r->next, fake_arch.resets);
		FZ_CHECK(v->exit.reason == RVKVM_EXIT_SYSTEM_EVENT &&
				 v->exit.system_event.type == RVKVM_SYSTEM_EVENT_SUSPEND,
			 "suspend to RAM without its exit");
		return;
	}
	expect(r, SBI_NEXT_RETURN, want);
	FZ_CHECK(fake_arch.resets == b->arch.resets, "a refused suspend reset the vCPU");
}

/*
 * SBI PMU: counters 0 (cycles) and 2 (instructions), 1 absent (time's place), then firmware
 * counters for the 22 standard firmware events (README). The model keeps each counter's event
 * and whether it runs, and checks every answer and the state the call leaves.
 */
#define PMU_N VCPU_PMU_COUNTERS
#define PMU_FW_FIRST 3

static bool pmu_exists(unsigned long i)
{
	return i < PMU_N && i != 1;
}

static bool pmu_can_count(unsigned long i, unsigned long ev)
{
	if (i == 0 || i == 2) {
		return ev == i / 2 + 1; /* type 0, code 1 (cycles) on 0 and 2 (instructions) on 2 */
	}
	return i >= PMU_FW_FIRST && (ev >> 16) == 0xf && (ev & 0xffff) < 22;
}

/* The set base + bit n of mask, as a list; false when a member does not exist or it is empty. */
static bool pmu_set(unsigned long base, unsigned long mask, bool in[PMU_N])
{
	memset(in, 0, PMU_N * sizeof(bool));
	if (mask == 0) {
		return false;
	}
	for (unsigned n = 0; n < 64; n++) {
		if ((mask >> n) & 1) {
			if ((unsigned __int128)base + n >= PMU_N || !pmu_exists(base + n)) {
				return false;
			}
			in[base + n] = true;
		}
	}
	return true;
}

static void check_pmu(struct world *w, const struct rvkvm_vcpu *v, const struct sbi_call *c,
		      const struct sbi_result *r)
{
	unsigned vi = index_of(w, v);
	struct pmu_model *m = w->pmu[vi];
	const unsigned long *a = c->args;
	bool in[PMU_N], valid = pmu_set(a[0], a[1], in);
	long want = SBI_SUCCESS;

	FZ_CHECK(r->next == SBI_NEXT_RETURN, "PMU next %d", (int)r->next);
	switch (c->fid) {
	case SBI_PMU_NUM_COUNTERS:
		FZ_CHECK(r->value == PMU_N, "num_counters %lu", r->value);
		break;
	case SBI_PMU_COUNTER_GET_INFO:
		want = pmu_exists(a[0]) ? SBI_SUCCESS : SBI_ERR_INVALID_PARAM;
		if (want == SBI_SUCCESS) {
			FZ_CHECK(a[0] >= PMU_FW_FIRST ? (long)r->value < 0
						      : r->value == ((0xc00 + a[0]) | 63UL << 12),
				 "counter_info 0x%lx", r->value);
		}
		break;
	case SBI_PMU_COUNTER_CONFIG_MATCHING: {
		long found = -1;

		if ((a[2] >> 8) != 0 || !valid) {
			want = SBI_ERR_INVALID_PARAM;
			break;
		}
		if (a[2] & SBI_PMU_CFG_FLAG_SKIP_MATCH) {
			found = (long)(a[0] + (unsigned long)__builtin_ctzl(a[1]));
			if (a[3] >= (1UL << 20) || !pmu_can_count((unsigned long)found, a[3]) ||
			    m[found].started) {
				found = -1;
			}
		} else {
			for (unsigned i = 0; i < PMU_N && found < 0; i++) {
				if (in[i] && a[3] < (1UL << 20) && pmu_can_count(i, a[3]) &&
				    !m[i].event) {
					found = i;
				}
			}
		}
		if (found < 0) {
			want = SBI_ERR_NOT_SUPPORTED;
			break;
		}
		FZ_CHECK(r->value == (unsigned long)found, "matched %lu, want %ld", r->value,
			 found);
		m[found].event = (uint32_t)a[3];
		m[found].started |= (a[2] & SBI_PMU_CFG_FLAG_AUTO_START) != 0;
		break;
	}
	case SBI_PMU_COUNTER_START:
	case SBI_PMU_COUNTER_STOP: {
		bool is_start = c->fid == SBI_PMU_COUNTER_START;

		if ((a[2] >> 2) != 0 || !valid) {
			want = SBI_ERR_INVALID_PARAM;
			break;
		}
		for (unsigned i = 0; is_start && i < PMU_N; i++) {
			if (in[i] && !m[i].event) {
				want = SBI_ERR_INVALID_PARAM;
			}
		}
		if (want == SBI_SUCCESS && (a[2] & 2)) {
			want = SBI_ERR_NO_SHMEM;
		}
		if (want != SBI_SUCCESS) {
			break;
		}
		for (unsigned i = 0; i < PMU_N; i++) {
			if (!in[i]) {
				continue;
			}
			if (m[i].started == is_start) {
				want = is_start ? SBI_ERR_ALREADY_STARTED : SBI_ERR_ALREADY_STOPPED;
			}
			m[i].started = is_start;
			if (!is_start && (a[2] & SBI_PMU_STOP_FLAG_RESET)) {
				m[i].event = 0;
			}
		}
		break;
	}
	case SBI_PMU_COUNTER_FW_READ:
	case SBI_PMU_COUNTER_FW_READ_HI:
		want = a[0] >= PMU_FW_FIRST && a[0] < PMU_N && m[a[0]].event
			       ? SBI_SUCCESS
			       : SBI_ERR_INVALID_PARAM;
		FZ_CHECK(c->fid == SBI_PMU_COUNTER_FW_READ || r->value == 0, "fw_read_hi 0x%lx",
			 r->value);
		break;
	case SBI_PMU_EVENT_GET_INFO:
		if (a[3] != 0 || a[0] % 16 != 0) {
			want = SBI_ERR_INVALID_PARAM;
		} else if (a[1] != 0 || a[2] > ULONG_MAX / 16) {
			want = SBI_ERR_INVALID_ADDRESS;
		} else if (a[2] != 0 && !in_one_slot(w, a[0], a[2] * 16)) {
			want = SBI_ERR_INVALID_ADDRESS;
		} else if (a[2] != 0) {
			/* The call leaves event_idx words as they were: judge the entries by them. */
			unsigned s = 0;

			while (!(a[0] >= w->slot_base[s] &&
				 a[0] - w->slot_base[s] < w->slot_size[s])) {
				s++;
			}
			for (unsigned long e = 0; e < a[2]; e++) {
				const uint8_t *p = w->ram[s] + (a[0] - w->slot_base[s]) + e * 16;
				uint32_t ev, out;

				memcpy(&ev, p, 4);
				memcpy(&out, p + 4, 4);
				if ((ev >> 20) != 0 || ((ev >> 16) > 3 && (ev >> 16) != 0xf)) {
					want = SBI_ERR_INVALID_PARAM;
				} else if (r->error == SBI_SUCCESS) {
					bool can = false;

					for (unsigned i = 0; i < PMU_N; i++) {
						can = can ||
						      (pmu_exists(i) && pmu_can_count(i, ev));
					}
					FZ_CHECK(out == (can ? 1U : 0U), "event 0x%x output %u", ev,
						 out);
				}
			}
		}
		break;
	default:
		want = SBI_ERR_NOT_SUPPORTED; /* snapshot_set_shmem is not offered */
		break;
	}
	expect(r, SBI_NEXT_RETURN, want);
	/* What the world switch and the trap of a counter read see of it. */
	FZ_CHECK(v->ctx.pmu_on == (m[0].started || m[2].started), "pmu_on %lu", v->ctx.pmu_on);
	FZ_CHECK(v->pmu.hcounteren == (VCPU_HCOUNTEREN_DEFAULT & ~(m[0].event ? 1UL : 0UL) &
				       ~(m[2].event ? 4UL : 0UL)),
		 "hcounteren 0x%lx", v->pmu.hcounteren);
	for (unsigned i = 0; i < PMU_N; i++) {
		FZ_CHECK(v->pmu.ctr[i].event == m[i].event && v->pmu.ctr[i].started == m[i].started,
			 "counter %u: event 0x%x started %d, want 0x%x %d", i, v->pmu.ctr[i].event,
			 v->pmu.ctr[i].started, m[i].event, m[i].started);
	}
}

/* ---- DBTR: the fake firmware's two mcontrol6 triggers ---- */

#define DBTR_TRIGGERS 2UL
#define MC6_PRIV (SDTRIG_MC6_S | SDTRIG_MC6_U)

/* What a guest may install: the spec's constraints, then what QEMU 7.2's triggers implement. */
static long dbtr_config_answer(unsigned long tdata1, unsigned long tdata3)
{
	unsigned long size = (tdata1 >> SDTRIG_MC6_SIZE_SHIFT) & 0xf;
	unsigned long allowed = (0xfUL << SDTRIG_TDATA1_TYPE_SHIFT) | SDTRIG_MC6_LOAD |
				SDTRIG_MC6_STORE | SDTRIG_MC6_EXECUTE | MC6_PRIV |
				SDTRIG_MC6_SIZE_MASK;

	if (tdata1 & (SDTRIG_TDATA1_DMODE | SDTRIG_MC6_M)) {
		return SBI_ERR_INVALID_PARAM;
	}
	if (tdata1 >> SDTRIG_TDATA1_TYPE_SHIFT != SDTRIG_TYPE_MCONTROL6) {
		return SBI_ERR_FAILED;
	}
	if (tdata1 & (SDTRIG_MC6_VS | SDTRIG_MC6_VU)) {
		return SBI_ERR_INVALID_PARAM;
	}
	if ((tdata1 & ~allowed) || size == 4 || size > 5 || tdata3) {
		return SBI_ERR_NOT_SUPPORTED;
	}
	return SBI_SUCCESS;
}

static void check_dbtr(const struct rvkvm_vcpu *v, const struct sbi_call *c,
		       const struct sbi_result *r, const struct before *b)
{
	/* The errors each function's table lists (and FAILED for a firmware that refuses). */
	static const unsigned long allowed[] = {
		[SBI_DBTR_NUM_TRIGGERS] = 1UL << 0,
		[SBI_DBTR_SET_SHMEM] = 1UL << 0 | 1UL << 3 | 1UL << 5,
		[SBI_DBTR_READ_TRIGGERS] = 1UL << 0 | 1UL << 9 | 1UL << 11 | 1UL << 1,
		[SBI_DBTR_INSTALL_TRIGGERS] =
			1UL << 0 | 1UL << 9 | 1UL << 11 | 1UL << 3 | 1UL << 1 | 1UL << 2,
		[SBI_DBTR_UPDATE_TRIGGERS] =
			1UL << 0 | 1UL << 9 | 1UL << 11 | 1UL << 3 | 1UL << 1 | 1UL << 2,
		[SBI_DBTR_UNINSTALL_TRIGGERS] = 1UL << 0 | 1UL << 3 | 1UL << 1,
		[SBI_DBTR_ENABLE_TRIGGERS] = 1UL << 0 | 1UL << 3 | 1UL << 1,
		[SBI_DBTR_DISABLE_TRIGGERS] = 1UL << 0 | 1UL << 3 | 1UL << 1,
	};
	bool armed = false;

	FZ_CHECK(r->next == SBI_NEXT_RETURN, "DBTR next %d", (int)r->next);
	if (c->fid > SBI_DBTR_DISABLE_TRIGGERS) {
		FZ_CHECK(r->error == SBI_ERR_NOT_SUPPORTED, "DBTR fid %lu", c->fid);
	} else {
		FZ_CHECK(r->error <= 0 && r->error > -64 && ((allowed[c->fid] >> -r->error) & 1),
			 "DBTR fid %lu error %ld", c->fid, r->error);
	}
	if (c->fid == SBI_DBTR_NUM_TRIGGERS) {
		FZ_CHECK(r->value == (c->args[0] == 0 || dbtr_config_answer(c->args[0], 0) == 0
					      ? DBTR_TRIGGERS
					      : 0),
			 "num_triggers(0x%lx) = %lu", c->args[0], r->value);
	}
	/* A refused call changes nothing, in the vCPU or in the hart. */
	if (r->error != SBI_SUCCESS) {
		FZ_CHECK(!memcmp(&v->dbtr, &b->dbtr, sizeof(v->dbtr)),
			 "a refused call changed DBTR");
		FZ_CHECK(!memcmp(&fake_arch.dbtr_in_hart, &b->arch.dbtr_in_hart,
				 sizeof(fake_arch.dbtr_in_hart)),
			 "a refused call changed the hart");
	} else if (c->fid == SBI_DBTR_SET_SHMEM) {
		FZ_CHECK(v->dbtr.shmem == (c->args[0] == ~0UL ? VCPU_DBTR_OFF : c->args[0]),
			 "shmem 0x%lx after set_shmem(0x%lx)", (unsigned long)v->dbtr.shmem,
			 c->args[0]);
	} else if (c->fid >= SBI_DBTR_INSTALL_TRIGGERS &&
		   fake_arch.dbtr_installs != b->arch.dbtr_installs) {
		FZ_CHECK(!memcmp(&fake_arch.dbtr_in_hart, &v->dbtr, sizeof(v->dbtr)),
			 "the hart does not hold the vCPU's triggers");
	}
	/* Every trigger: free and zero, or installed with a configuration rvkvm can install. */
	for (unsigned i = 0; i < VCPU_DBTR_MAX; i++) {
		const struct vcpu_dbtr_trigger *t = &v->dbtr.trig[i];
		static const struct vcpu_dbtr_trigger none;

		if (!(t->state & SBI_DBTR_STATE_MAPPED)) {
			FZ_CHECK(!memcmp(t, &none, sizeof(none)), "free trigger %u not zero", i);
			continue;
		}
		FZ_CHECK(i < DBTR_TRIGGERS && dbtr_config_answer(t->tdata1, t->tdata3) == 0,
			 "trigger %u installed as 0x%lx", i, t->tdata1);
		FZ_CHECK((t->tdata1 & MC6_PRIV &
			  ~(((t->state & SBI_DBTR_STATE_S) ? SDTRIG_MC6_S : 0) |
			    ((t->state & SBI_DBTR_STATE_U) ? SDTRIG_MC6_U : 0))) == 0,
			 "trigger %u enabled beyond its saved bits", i);
		armed = armed || (t->tdata1 & MC6_PRIV);
	}
	FZ_CHECK(armed == v->dbtr.armed, "armed %d", v->dbtr.armed);
}

static void check_call(struct world *w, struct rvkvm_vcpu *v, const struct sbi_call *c,
		       const struct sbi_result *r, const struct before *b, int rc)
{
	long fence_ok = SBI_SUCCESS; /* rvkvm does remote fences itself: they cannot fail */
	size_t out_len = w->out_len;

	FZ_CHECK(rc == 0, "sbi_dispatch returned %d", rc);
	FZ_CHECK(r->next <= SBI_NEXT_NO_RETURN_EXIT, "next %d", (int)r->next);
	FZ_CHECK(r->error <= 0 && r->error >= SBI_ERR_DENIED_LOCKED, "error %ld", r->error);
	if (!implemented(c->eid)) {
		expect(r, SBI_NEXT_FORWARD, SBI_ERR_NOT_SUPPORTED);
		FZ_CHECK(r->value == 0 && out_len == 0, "a forwarded call did something");
		return;
	}
	if (c->eid <= SBI_EID_LEGACY_SHUTDOWN) {
		unsigned long mask = fake_arch.guest_word;

		FZ_CHECK(r->next == (c->eid == SBI_EID_LEGACY_SHUTDOWN ? SBI_NEXT_EXIT
								       : SBI_NEXT_RETURN_LEGACY),
			 "legacy call %lu: next %d", c->eid, (int)r->next);
		switch (c->eid) {
		case SBI_EID_LEGACY_SET_TIMER:
			FZ_CHECK(fake_arch.timers == b->arch.timers + 1 &&
					 fake_arch.timer_deadline == c->args[0],
				 "legacy set_timer");
			break;
		case SBI_EID_LEGACY_CONSOLE_PUTCHAR:
			FZ_CHECK(out_len == 1, "putchar wrote %zu bytes", out_len);
			break;
		case SBI_EID_LEGACY_CONSOLE_GETCHAR:
			if (w->in_pos < w->in_len) {
				FZ_CHECK(r->value == w->in[w->in_pos], "getchar 0x%lx", r->value);
				w->in_pos++;
			} else {
				FZ_CHECK(r->value == ULONG_MAX, "getchar with no input: 0x%lx",
					 r->value);
			}
			break;
		case SBI_EID_LEGACY_CLEAR_IPI:
			FZ_CHECK(r->value == ((b->irqs[index_of(w, v)] & VCPU_IRQ_VSSIP) ? 1 : 0),
				 "clear_ipi value");
			FZ_CHECK(!(v->irqs_pending & VCPU_IRQ_VSSIP), "IPI still pending");
			break;
		case SBI_EID_LEGACY_SHUTDOWN:
			FZ_CHECK(v->exit.reason == RVKVM_EXIT_SYSTEM_EVENT &&
					 v->exit.system_event.type == RVKVM_SYSTEM_EVENT_SHUTDOWN,
				 "shutdown exit");
			break;
		default:
			if (fake_arch.guest_read_fails) {
				FZ_CHECK(r->value == (unsigned long)SBI_ERR_INVALID_ADDRESS,
					 "unreadable mask gave %ld", (long)r->value);
				FZ_CHECK(fake_arch.fences == b->arch.fences,
					 "fence without a mask");
				break;
			}
			FZ_CHECK(fake_arch.guest_read_addr == c->args[0], "mask read elsewhere");
			check_masked(w, (long)r->value, mask, 0,
				     c->eid == SBI_EID_LEGACY_SEND_IPI
					     ? -1
					     : (int)(c->eid - SBI_EID_LEGACY_REMOTE_FENCE_I),
				     c, b, fence_ok);
			break;
		}
		return;
	}
	switch (c->eid) {
	case SBI_EID_BASE:
		if (c->fid > SBI_BASE_GET_MIMPID) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
		} else {
			expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
			if (c->fid == SBI_BASE_PROBE_EXTENSION) {
				FZ_CHECK(r->value == (implemented(c->args[0]) ? 1UL : 0UL),
					 "probe 0x%lx = %lu", c->args[0], r->value);
			}
		}
		break;
	case SBI_EID_DBCN:
		check_dbcn(w, c, r);
		break;
	case SBI_EID_SRST: {
		uint32_t type = (uint32_t)c->args[0], reason = (uint32_t)c->args[1];

		if (c->fid != SBI_SRST_SYSTEM_RESET) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
		} else if (type > SBI_SRST_TYPE_WARM_REBOOT ||
			   (reason > SBI_SRST_REASON_SYSTEM_FAILURE &&
			    reason < SBI_SRST_REASON_SBI_FIRST)) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_INVALID_PARAM);
		} else {
			expect(r, SBI_NEXT_EXIT, SBI_SUCCESS);
			FZ_CHECK(v->exit.reason == RVKVM_EXIT_SYSTEM_EVENT &&
					 v->exit.system_event.data[0] == reason,
				 "reset exit");
		}
		break;
	}
	case SBI_EID_TIME:
		if (c->fid != SBI_TIME_SET_TIMER) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
			FZ_CHECK(fake_arch.timers == b->arch.timers,
				 "timer set by another function");
		} else {
			expect(r, SBI_NEXT_RETURN, SBI_SUCCESS);
			FZ_CHECK(fake_arch.timers == b->arch.timers + 1 &&
					 fake_arch.timer_deadline == c->args[0],
				 "set_timer");
		}
		break;
	case SBI_EID_IPI:
		if (c->fid != SBI_IPI_SEND_IPI) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
		} else {
			FZ_CHECK(r->next == SBI_NEXT_RETURN, "IPI next %d", (int)r->next);
			check_masked(w, r->error, c->args[0], c->args[1], -1, c, b, SBI_SUCCESS);
		}
		break;
	case SBI_EID_RFENCE:
		if (c->fid > SBI_RFENCE_REMOTE_SFENCE_VMA_ASID) {
			expect(r, SBI_NEXT_RETURN, SBI_ERR_NOT_SUPPORTED);
			FZ_CHECK(fake_arch.fences == b->arch.fences, "HFENCE function fenced");
		} else {
			FZ_CHECK(r->next == SBI_NEXT_RETURN, "RFENCE next %d", (int)r->next);
			check_masked(w, r->error, c->args[0], c->args[1], (int)c->fid, c, b,
				     fence_ok);
		}
		break;
	case SBI_EID_HSM:
		check_hsm(w, v, c, r, b);
		break;
	case SBI_EID_FWFT:
		/*
		 * This world's vCPUs offer no feature (enable 0, no Svadu): only the id decides, and
		 * the id is a uint32_t, the low half of a0.
		 */
		expect(r, SBI_NEXT_RETURN,
		       c->fid > SBI_FWFT_GET || (uint32_t)c->args[0] < SBI_FWFT_FEATURE_COUNT
			       ? SBI_ERR_NOT_SUPPORTED
			       : SBI_ERR_DENIED);
		FZ_CHECK(r->value == 0, "fwft value 0x%lx", r->value);
		break;
	case SBI_EID_SUSP:
		check_susp(w, v, c, r, b);
		break;
	case SBI_EID_PMU:
		check_pmu(w, v, c, r);
		break;
	case SBI_EID_DBTR:
		check_dbtr(v, c, r, b);
		break;
	case SBI_EID_STA:
	case SBI_EID_SSE:
		/*
		 * The core answers both; this model has no state for them yet (test_sta.c, test_sse.c
		 * and, for the PMU overflow, test_pmu_overflow.c check their answers): only that the
		 * call is answered, never forwarded, and SSE's complete alone leaves the vCPU
		 * elsewhere.
		 */
		FZ_CHECK(r->next == SBI_NEXT_RETURN ||
				 (c->eid == SBI_EID_SSE && r->next == SBI_NEXT_NO_RETURN),
			 "eid 0x%lx next %d", c->eid, (int)r->next);
		break;
	default:
		FZ_CHECK(false, "eid 0x%lx", c->eid);
	}
}

/* ---- the run ---- */

static void build_world(struct world *w, struct fz *f)
{
	unsigned present = fz_u16(f);
	size_t in_len;
	const uint8_t *in;

	memset(&w->vm, 0, sizeof(w->vm));
	memset(w->vcpu, 0, sizeof(w->vcpu));
	memset(w->pmu, 0, sizeof(w->pmu));
	memset(&host_caps, 0, sizeof(host_caps));
	host_caps.has_counters = true; /* the PMU is offered */
	/* Bit 15 of present (no vCPU id's): a host with Sscofpmf, where SSE has the PMU overflow. */
	host_caps.has_pmu_overflow = (present >> 15) & 1;
	w->vm.id = 3;
	w->slot_base[0] = RAM_BASE;
	w->slot_size[0] = RAM_SIZE;
	w->nslots = 1;
	switch (fz_u8(f) % 4) {
	case 1: /* right after RAM: a buffer may cross from one slot into the next */
		w->slot_base[1] = RAM_BASE + RAM_SIZE;
		w->nslots = 2;
		break;
	case 2: /* low memory */
		w->slot_base[1] = 0x1000;
		w->nslots = 2;
		break;
	case 3: /* high, above 4 GiB */
		w->slot_base[1] = 0x100000000UL;
		w->nslots = 2;
		break;
	default:
		break;
	}
	w->slot_size[1] = SLOT1_SIZE;
	for (unsigned s = 0; s < w->nslots; s++) {
		memcpy(w->ram[s], w->pattern, w->slot_size[s]);
		w->vm.memslots.slot[s].used = true;
		w->vm.memslots.slot[s].base = gpa(w->slot_base[s]);
		w->vm.memslots.slot[s].size = w->slot_size[s];
		w->vm.memslots.slot[s].host = hpa_of(w->ram[s]);
	}
	/* vCPU 0 always exists; the others as the input says, with any HSM state and hart. */
	present |= 1;
	for (unsigned i = 0; i < NVCPU_IDS; i++) {
		static const int states[] = { VCPU_HSM_STARTED, VCPU_HSM_STOPPED,
					      VCPU_HSM_START_PENDING, VCPU_HSM_SUSPENDED };
		struct rvkvm_vcpu *v = &w->vcpu[i];

		if (!((present >> i) & 1)) {
			continue;
		}
		v->vm = &w->vm;
		v->id = vcpu_id(i);
		v->pmu.hcounteren = VCPU_HCOUNTEREN_DEFAULT; /* as rvkvm_create_vcpu */
		v->dbtr.shmem = VCPU_DBTR_OFF;
		v->hsm_state = i == 0 ? VCPU_HSM_STARTED : states[fz_below(f, 4)];
		if (fz_bool(f)) {
			w->hart[i].hartid = fz_below(f, 64);
			v->hart = &w->hart[i];
		}
		w->vm.vcpus[vcpu_id(i)] = v;
		/* As rvkvm_create_vcpu keeps it: one past the highest id, ids may leave holes. */
		if (v->id >= w->vm.nvcpus) {
			w->vm.nvcpus = v->id + 1;
		}
	}
	in = fz_bytes(f, fz_below(f, INPUT_MAX), &in_len);
	memcpy(w->in, in, in_len);
	w->in_len = in_len;
	w->in_pos = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world w;
	struct fz f = fz_init(data, size);
	unsigned calls = 0;

	if (!w.ram[0]) {
		/* Exactly the slot sizes: ASan reports any byte touched past either. */
		w.ram[0] = malloc(RAM_SIZE);
		w.snap[0] = malloc(RAM_SIZE);
		w.ram[1] = malloc(SLOT1_SIZE);
		w.snap[1] = malloc(SLOT1_SIZE);
		for (size_t i = 0; i < RAM_SIZE; i++) {
			w.pattern[i] = (uint8_t)(i * 37 + (i >> 8) + 1);
		}
	}
	build_world(&w, &f);
	fake_arch_reset();
	fake_console_reset();
	fake_console_queue_input(w.in, w.in_len);
	while (!fz_empty(&f) && calls++ < MAX_CALLS) {
		struct rvkvm_vcpu *v = NULL;
		struct sbi_call c;
		struct sbi_result r;
		struct before b;
		unsigned pick = fz_below(&f, NVCPU_IDS);
		size_t out_before;
		int rc;

		/* The caller: the chosen vCPU if it exists, else vCPU 0. */
		v = w.vm.vcpus[vcpu_id(pick)] ? w.vm.vcpus[vcpu_id(pick)] : &w.vcpu[0];
		c.eid = pick_eid(&f);
		c.fid = fz_u8(&f) < 230 ? fz_below(&f, 8) : fz_u64(&f);
		for (unsigned i = 0; i < 6; i++) {
			c.args[i] = pick_arg(&f, &w);
		}
		fake_arch.wait_result = fz_u8(&f) < 200 ? VCPU_WAIT_READY : VCPU_WAIT_EXIT;
		fake_arch.guest_read_fails = fz_u8(&f) < 40;
		fake_arch.guest_word = fz_bool(&f) ? fz_u8(&f) : pick_arg(&f, &w);
		/* Once the remote fences' error, in the same place so the corpus reads the same. */
		fake_arch.dbtr_error = fz_u8(&f) < 16 ? SBI_ERR_FAILED : SBI_SUCCESS;
		/* A fresh console when this call could fill it, with the input not read yet. */
		fake_console_vm_output(&out_before);
		if (out_before > FAKE_CONSOLE_ROOM) {
			fake_console_reset();
			fake_console_queue_input(w.in + w.in_pos, w.in_len - w.in_pos);
			out_before = 0;
		}
		v->kick_exit = false;
		/* Only DBCN may write guest RAM: keep a copy to show it wrote nothing else. */
		for (unsigned s = 0; c.eid == SBI_EID_DBCN && s < w.nslots; s++) {
			memcpy(w.snap[s], w.ram[s], w.slot_size[s]);
		}
		fake_arch.kicks = 0;
		snapshot(&w, &b);
		b.dbtr = v->dbtr;
		memset(&r, 0xa5, sizeof(r));
		rc = sbi_dispatch(v, &c, &r);
		w.out = fake_console_vm_output(&w.out_len) + out_before;
		w.out_len -= out_before;
		check_call(&w, v, &c, &r, &b, rc);
		FZ_CHECK(fake_console_input_left() == w.in_len - w.in_pos, "console input used up");
		FZ_CHECK(!fake_console_overflowed(), "console overflow");
		/* A stopped vCPU makes no calls: the next call finds it started. */
		if (v->hsm_state != VCPU_HSM_STARTED) {
			v->hsm_state = VCPU_HSM_STARTED;
		}
	}
	return 0;
}
