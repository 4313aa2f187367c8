/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI STA (steal-time accounting). Every run checks the set_shmem errors of the
 * spec's table. Then, with one vCPU on a hart of its own (--cpus 1), its steal time stays
 * exactly 0 through SBI calls, exits and idle waits: nothing else ever wanted its hart. With
 * several vCPUs sharing one hart (--cpus 4 --harts 1), each registers its own shared memory and
 * spins until it has seen its steal rise STEAL_RISES times, never going down, never more than
 * the time since it registered; then one switches its steal time off and its memory must stay
 * as it left it while the others go on being preempted. Every phase ends on counts the guest
 * causes, never on time: only the case's time limit catches a hang.
 */
#include "fdt_read.h"
#include "hart.h"
#include "lib/string.h"

#define NCPUS_MAX 4
#define STEAL_RISES 10 /* rises each vCPU waits to see */
#define OFF_RISES 3    /* rises of vCPU 0 after vCPU 1 switched its steal time off */
#define OFF_VCPU 1
#define NS_PER_TICK (1000000000UL / TIMEBASE_HZ)
#define NOT_RAM 0x00100000UL /* rvkvm's test device: aligned, and no RAM */
#define PATTERN 0xc3

/* The spec's shared memory, as a guest reads it. */
struct sta {
	uint32_t sequence;
	uint32_t flags;
	uint64_t steal;
	uint8_t preempted;
	uint8_t pad[47];
} __attribute__((aligned(64)));
_Static_assert(sizeof(struct sta) == SBI_STA_SHMEM_SIZE, "the spec's 64 bytes");

static struct sta shm[NCPUS_MAX];
static struct sta spare; /* for the error checks and re-registration */
static unsigned long ncpus, ram_end;

static struct {
	unsigned long rises, reads, bad, waited_for;
	uint64_t last; /* ns, past 32 bits within seconds */
	unsigned long done;
} cpu[NCPUS_MAX];
static unsigned long phase;   /* 0: rises; 1: OFF_VCPU switched off; 2: finished */
static unsigned long off_set; /* OFF_VCPU switched off and filled its memory with PATTERN */

static struct sbiret set_shmem(unsigned long lo, unsigned long hi, unsigned long flags)
{
	return sbi_call(SBI_EID_STA, SBI_STA_STEAL_TIME_SET_SHMEM, lo, hi, flags, 0, 0, 0);
}

/* One consistent read of steal, as the spec tells the guest: same even sequence around it. */
static uint64_t read_steal(const struct sta *m, uint32_t *seq_out)
{
	uint32_t seq;
	uint64_t steal;

	for (;;) {
		seq = __atomic_load_n(&m->sequence, __ATOMIC_ACQUIRE);
		/* Plain, not atomic: rv32 has no 64-bit load; the sequence check makes it whole. */
		steal = *(const volatile uint64_t *)&m->steal;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!(seq & 1) && __atomic_load_n(&m->sequence, __ATOMIC_RELAXED) == seq) {
			break;
		}
	}
	if (seq_out) {
		*seq_out = seq;
	}
	return steal;
}

static bool all_zero(const struct sta *m, unsigned from)
{
	const uint8_t *b = (const uint8_t *)m;

	for (unsigned i = from; i < sizeof(*m); i++) {
		if (b[i] != 0) {
			return false;
		}
	}
	return true;
}

static unsigned long ram_end_of(unsigned long fdt)
{
	uint32_t len = 0;
	const uint8_t *reg = fdt_read_prop((const void *)fdt, "memory", "reg", &len);

	return reg && len >= 16 ? (unsigned long)(fdt_read_be64(reg) + fdt_read_be64(reg + 8)) : 0;
}

static unsigned long count_harts(void)
{
	unsigned long n = 0;

	/* A hart id HSM knows is a vCPU; they are numbered from 0. */
	while (n < NCPUS_MAX &&
	       sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, n, 0, 0, 0, 0, 0).error ==
		       SBI_SUCCESS) {
		n++;
	}
	return n;
}

/* The spec's error table for sbi_steal_time_set_shmem; sbiret.value is 0 every time. */
static void errors(void)
{
	unsigned long a = (unsigned long)&spare;

	check_ret(sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_STA, 0, 0, 0, 0, 0),
		  SBI_SUCCESS, true, 1, "sta: BASE probe reports STA");
	check_ret(set_shmem(a, 0, 1), SBI_ERR_INVALID_PARAM, true, 0, "sta: flags 1");
	if (sizeof(long) == 8) {
		check_ret(set_shmem(a, 0, (unsigned long)(1ULL << 32)), SBI_ERR_INVALID_PARAM, true,
			  0, "sta: flags 1 << 32");
	}
	check_ret(set_shmem(~0UL, ~0UL, 1), SBI_ERR_INVALID_PARAM, true, 0, "sta: off, flags 1");
	check_ret(set_shmem(a + 8, 0, 0), SBI_ERR_INVALID_PARAM, true, 0, "sta: 8-byte aligned");
	check_ret(set_shmem(a + 32, 0, 0), SBI_ERR_INVALID_PARAM, true, 0, "sta: 32-byte aligned");
	check_ret(set_shmem(NOT_RAM, 0, 0), SBI_ERR_INVALID_ADDRESS, true, 0, "sta: not RAM");
	check_ret(set_shmem(ram_end, 0, 0), SBI_ERR_INVALID_ADDRESS, true, 0, "sta: past RAM");
	check_ret(set_shmem(a, 1, 0), SBI_ERR_INVALID_ADDRESS, true, 0, "sta: above 2^64");
	check_ret(sbi_call(SBI_EID_STA, 1, a, 0, 0, 0, 0, 0), SBI_ERR_NOT_SUPPORTED, true, 0,
		  "sta: function 1 does not exist");
	/* Registered: all 64 bytes zero; then off (twice: nothing to stop is no error). */
	lib_memset(&spare, 0xa5, sizeof(spare));
	check_ret(set_shmem(a, 0, 0), SBI_SUCCESS, true, 0, "sta: set_shmem in RAM");
	check(spare.flags == 0 && spare.preempted == 0 && !(spare.sequence & 1) &&
		      all_zero(&spare, __builtin_offsetof(struct sta, preempted)),
	      "sta: the shared memory is zeroed (sequence %u, steal %llu)",
	      (unsigned)spare.sequence, (unsigned long long)spare.steal);
	check_ret(set_shmem(~0UL, ~0UL, 0), SBI_SUCCESS, true, 0, "sta: off");
	check_ret(set_shmem(~0UL, ~0UL, 0), SBI_SUCCESS, true, 0, "sta: off again");
}

/* Alone on its hart: SBI calls, VMM exits (console output) and idle waits are no steal. */
static void alone(void)
{
	unsigned long t0;

	check_ret(set_shmem((unsigned long)&shm[0], 0, 0), SBI_SUCCESS, true, 0,
		  "sta alone: registered");
	for (unsigned i = 0; i < 20000; i++) {
		sbi_call(SBI_EID_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);
	}
	for (unsigned i = 0; i < 20; i++) {
		say("sta alone: busy %u\n", i);
		delay_ticks(MS_TICKS(5));
		/* Idle until a timer 1 ms ahead: the interrupt is enabled but not taken. */
		sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, now() + MS_TICKS(1), 0, 0, 0, 0, 0);
		CSR_SET(sie, SIP_STIP);
		__asm__ volatile("wfi");
		CSR_CLEAR(sie, SIP_STIP);
		/* UINT64_MAX: on rv32 its high half goes in a1. */
		sbi_call(SBI_EID_TIME, SBI_TIME_SET_TIMER, ~0UL, sizeof(long) == 8 ? 0 : ~0UL, 0, 0,
			 0, 0);
	}
	t0 = now();
	delay_ticks(MS_TICKS(100));
	check(shm[0].steal == 0 && shm[0].sequence == 0 && all_zero(&shm[0], 0),
	      "sta alone: steal exactly 0, never written (sequence %u, steal %llu ns, %lu ms spun)",
	      (unsigned)shm[0].sequence, (unsigned long long)shm[0].steal,
	      (now() - t0) / MS_TICKS(1));
}

/* One look at this vCPU's steal: it may only grow, and never past the time since t0. */
static void sample(unsigned long id, unsigned long t0)
{
	uint32_t seq;
	uint64_t steal = read_steal(&shm[id], &seq);
	uint64_t elapsed_ns = (uint64_t)(now() - t0) * NS_PER_TICK;

	cpu[id].reads++;
	if (steal < cpu[id].last || steal > elapsed_ns || shm[id].flags != 0 ||
	    shm[id].preempted != 0) {
		if (cpu[id].bad++ == 0) {
			say("FAIL: sta vcpu%lu: steal %llu after %llu (elapsed %llu ns), flags %u, "
			    "preempted %u\n",
			    id, (unsigned long long)steal, (unsigned long long)cpu[id].last,
			    (unsigned long long)elapsed_ns, (unsigned)shm[id].flags,
			    shm[id].preempted);
		}
	}
	if (steal > cpu[id].last) {
		cpu[id].rises++;
	}
	cpu[id].last = steal;
}

static bool all_done(void)
{
	for (unsigned long i = 0; i < ncpus; i++) {
		if (!LOAD(cpu[i].done)) {
			return false;
		}
	}
	return true;
}

/* Every vCPU spins here until phase 2, so the others always have a thread to wait behind. */
static void worker(unsigned long id)
{
	unsigned long t0 = now();
	unsigned long off_from = 0;

	check_ret(set_shmem((unsigned long)&shm[id], 0, 0), SBI_SUCCESS, true, 0,
		  "sta vcpu%lu: registered", id);
	while (LOAD(phase) != 2) {
		if (id == OFF_VCPU && LOAD(phase) == 1 && !LOAD(off_set)) {
			check_ret(set_shmem(~0UL, ~0UL, 0), SBI_SUCCESS, true, 0,
				  "sta vcpu%lu: off", id);
			lib_memset(&shm[id], PATTERN, sizeof(shm[id]));
			STORE(off_set, 1);
		}
		if (id == OFF_VCPU && LOAD(off_set)) {
			continue;
		}
		sample(id, t0);
		if (cpu[id].rises >= STEAL_RISES) {
			STORE(cpu[id].done, 1);
		}
		if (id != 0) {
			continue;
		}
		/* vCPU 0 leads the phases. */
		if (LOAD(phase) == 0 && all_done()) {
			STORE(phase, 1);
		}
		if (LOAD(phase) == 1 && LOAD(off_set) && !off_from) {
			off_from = cpu[0].rises;
		}
		if (off_from && cpu[0].rises >= off_from + OFF_RISES) {
			STORE(phase, 2);
		}
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	if (hartid < ncpus) {
		worker(hartid);
	}
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static void overcommitted(void)
{
	const uint8_t *off = (const uint8_t *)&shm[OFF_VCPU];
	bool kept = true;

	for (unsigned long i = 1; i < ncpus; i++) {
		struct sbiret r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, i,
					   (unsigned long)hart_secondary_entry, 0, 0, 0, 0);

		check_ret(r, SBI_SUCCESS, false, 0, "sta: vCPU %lu started", i);
	}
	worker(0);
	for (unsigned long i = 0; i < ncpus; i++) {
		say("sta vcpu%lu: %lu reads, steal rose %lu times to %llu ns\n", i, cpu[i].reads,
		    cpu[i].rises, (unsigned long long)cpu[i].last);
		check(cpu[i].bad == 0, "sta vcpu%lu: steal never fell, nor passed the time elapsed",
		      i);
		check(cpu[i].rises >= STEAL_RISES, "sta vcpu%lu: steal rose %lu times", i,
		      cpu[i].rises);
	}
	for (unsigned i = 0; i < sizeof(shm[OFF_VCPU]); i++) {
		kept = kept && off[i] == PATTERN;
	}
	check(kept,
	      "sta vcpu%d: switched off, its memory is not written while vcpu0's steal "
	      "rose %d more times",
	      OFF_VCPU, OFF_RISES);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	ram_end = ram_end_of(fdt);
	ncpus = count_harts();
	say("sbi_sta: %lu vCPUs, RAM ends at 0x%lx\n", ncpus, ram_end);
	if (!check(ram_end > GUEST_RAM_BASE && ncpus >= 1, "sta: RAM and vCPUs found")) {
		return 1;
	}
	errors();
	if (ncpus == 1) {
		alone();
	} else {
		overcommitted();
	}
	return (int)check_failures();
}
