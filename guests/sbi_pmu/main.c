/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI PMU: discovers the counters, matches cycles and instructions, counts a
 * loop of known length with them (at least its instructions, and little more: nothing of rvkvm
 * or of another VM sharing the hart), checks that a stopped counter stays, that a counter
 * configured by the PMU is read through rvkvm (the guest's reads of instret trap), that firmware
 * counters count the calls the guest made, and the error codes of the spec's tables. Run under
 * -icount, where instret is QEMU's instruction clock (without it, cycle and instret are the
 * host's time stamp counter and a count proves less).
 */
#include "fdt_read.h"
#include "hart.h"
#include "lib/string.h"

#define LOOP_ITERS 5000000UL /* twice the instructions: about 2.5 of rvkvm's 4 ms time slices */
#define LOOP_INSNS (2 * LOOP_ITERS)
#define SLACK (LOOP_INSNS / 100) /* the switch's few instructions per exit, the reads' own */
/*
 * Where the instructions counter starts for the loop: half of it below 5 * 2^32, so the count
 * carries from 4 to 5 in the counter's high half on the way (on RV32 the start value's high
 * half is a4, and the guest reads instreth through rvkvm as well).
 */
#define INSNS_HIGH 5U
#define INSNS_INIT (((uint64_t)INSNS_HIGH << 32) - LOOP_INSNS / 2)
#define TIMER_CALLS 7
#define EV_CYCLES SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES)
#define EV_INSNS SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS)
#define EV_FW(code) SBI_PMU_EVENT(SBI_PMU_TYPE_FW, (code))
#define MAX_COUNTERS 64
#define INFO_CSR(info) ((info)&0xfffUL)
#define INFO_WIDTH(info) (((info) >> 12) & 0x3fUL)
#define INFO_IS_FW(info) ((long)(info) < 0)

static unsigned long ncounters, hw_mask, fw_mask;
static long cy_idx = -1, ir_idx = -1;

static struct sbiret pmu(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
			 unsigned long a3, unsigned long a4)
{
	return sbi_call(SBI_EID_PMU, fid, a0, a1, a2, a3, a4, 0);
}

/* The counters whole: on RV32 with their high halves, each read of a configured one trapping. */
static uint64_t rd_instret(void)
{
	return CSR_READ64(instret);
}

static uint64_t rd_cycle(void)
{
	return CSR_READ64(cycle);
}

static uint64_t rd_time(void)
{
	return CSR_READ64(time);
}

/* Exactly 2 instructions an iteration. */
static void busy_loop(unsigned long n)
{
	__asm__ volatile("1: addi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n) : : "memory");
}

static void discover(void)
{
	struct sbiret r;

	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_PMU, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 1, "pmu: probe says PMU is there");
	r = pmu(SBI_PMU_NUM_COUNTERS, 0, 0, 0, 0, 0);
	ncounters = (unsigned long)r.value;
	guest_check(r.error == SBI_SUCCESS && ncounters >= 4 && ncounters <= MAX_COUNTERS,
		    "pmu: num_counters");
	for (unsigned long i = 0; i < ncounters && i < MAX_COUNTERS; i++) {
		unsigned long info;

		r = pmu(SBI_PMU_COUNTER_GET_INFO, i, 0, 0, 0, 0);
		if (r.error != SBI_SUCCESS) {
			continue; /* the logical ids need not be contiguous */
		}
		info = (unsigned long)r.value;
		if (INFO_IS_FW(info)) {
			fw_mask |= 1UL << i;
		} else {
			hw_mask |= 1UL << i;
			guest_printf("sbi_pmu: counter %lu: csr %#lx, %lu bits\n", i,
				     INFO_CSR(info), INFO_WIDTH(info) + 1);
		}
	}
	guest_check((hw_mask & 0x5) == 0x5 && fw_mask != 0,
		    "pmu: hardware counters on cycle and instret, firmware counters too");
	r = pmu(SBI_PMU_COUNTER_GET_INFO, 1, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: get_info of time's place");
	r = pmu(SBI_PMU_COUNTER_GET_INFO, ncounters, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: get_info past the last counter");
}

static void match_hw(void)
{
	struct sbiret r;
	uint64_t a, b;

	/* Not configured yet: the guest reads instret directly, and it runs. */
	a = rd_instret();
	busy_loop(1000);
	b = rd_instret();
	guest_check(b - a >= 2000, "pmu: instret runs before the PMU has it");

	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, SBI_PMU_CFG_FLAG_CLEAR_VALUE,
		EV_CYCLES, 0);
	cy_idx = r.value;
	guest_check(r.error == SBI_SUCCESS && r.value >= 0 && (hw_mask >> r.value) & 1,
		    "pmu: a counter matches cycles");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, SBI_PMU_CFG_FLAG_CLEAR_VALUE, EV_INSNS,
		0);
	ir_idx = r.value;
	guest_check(r.error == SBI_SUCCESS && r.value >= 0 && r.value != cy_idx,
		    "pmu: another counter matches instructions");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, 0, EV_INSNS, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0,
			"pmu: no third counter for instructions (both taken)");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, 0,
		SBI_PMU_EVENT(SBI_PMU_TYPE_HW_CACHE, 0), 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "pmu: no counter for a cache event");

	/* Configured and stopped (cleared): the guest's reads now go to its counter, which is 0. */
	a = rd_instret();
	busy_loop(1000);
	b = rd_instret();
	guest_check(a == 0 && b == 0,
		    "pmu: a configured counter is read through rvkvm (stopped: 0)");
}

static void count_loop(void)
{
	struct sbiret r;
	uint64_t i0, i1, c0, c1, t0, t1, i2;

	r = pmu(SBI_PMU_COUNTER_START, (unsigned long)cy_idx, 1, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu: start cycles");
	r = pmu(SBI_PMU_COUNTER_START, (unsigned long)ir_idx, 1, SBI_PMU_START_SET_INIT_VALUE,
		SBI_ARG64_LO(INSNS_INIT), SBI_ARG64_HI(INSNS_INIT));
	guest_check_ret(r, SBI_SUCCESS, false, 0,
			"pmu: start instructions half a loop below 5 * 2^32");
	r = pmu(SBI_PMU_COUNTER_START, (unsigned long)ir_idx, 1, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_ALREADY_STARTED, false, 0, "pmu: start a started counter");

	t0 = rd_time();
	c0 = rd_cycle();
	i0 = rd_instret();
	busy_loop(LOOP_ITERS);
	i1 = rd_instret();
	c1 = rd_cycle();
	t1 = rd_time();
	guest_printf("sbi_pmu: loop of %lu instructions: counted %llu instructions (0x%llx to "
		     "0x%llx), %llu cycles; %llu ticks of time passed\n",
		     LOOP_INSNS, (unsigned long long)(i1 - i0), (unsigned long long)i0,
		     (unsigned long long)i1, (unsigned long long)(c1 - c0),
		     (unsigned long long)(t1 - t0));
	guest_check(i0 >= INSNS_INIT && i0 - INSNS_INIT <= SLACK,
		    "pmu: instructions counted on from the start value");
	guest_check(i0 >> 32 == INSNS_HIGH - 1 && i1 >> 32 == INSNS_HIGH,
		    "pmu: the count carried into its high half during the loop");
	guest_check(i1 - i0 >= LOOP_INSNS, "pmu: instructions counted >= the loop's");
	guest_check(i1 - i0 <= LOOP_INSNS + SLACK, "pmu: and nothing else's (within 1%)");
	guest_check(c1 - c0 >= LOOP_INSNS / 2 && c1 - c0 <= 4 * LOOP_INSNS,
		    "pmu: cycles counted, as many as under -icount");
	/*
	 * Under -icount, time is the instruction clock of every hart / 100: far more than the
	 * loop when another VM ran on this hart meanwhile (the case with two VMs looks for it).
	 */
	if ((t1 - t0) * 100 > (i1 - i0) * 13 / 10) {
		guest_printf("sbi_pmu: others ran on this hart during the loop\n");
	}

	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)ir_idx, 1, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu: stop instructions");
	i1 = rd_instret();
	busy_loop(10000);
	i2 = rd_instret();
	guest_check(i2 == i1, "pmu: a stopped counter does not advance");
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)ir_idx, 1, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_ALREADY_STOPPED, false, 0, "pmu: stop a stopped counter");
	/* Released: the direct reads of the host's instret come back, and it runs. */
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)ir_idx, 1, SBI_PMU_STOP_FLAG_RESET, 0, 0);
	guest_check_ret(r, SBI_ERR_ALREADY_STOPPED, false, 0, "pmu: reset a stopped counter");
	i1 = rd_instret();
	busy_loop(1000);
	guest_check(rd_instret() - i1 >= 2000, "pmu: released, instret is read directly again");
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)cy_idx, 1, SBI_PMU_STOP_FLAG_RESET, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu: stop and release cycles");
}

static void firmware_counters(void)
{
	struct sbiret r;
	long timer, illegal;
	unsigned long v;

	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, fw_mask, SBI_PMU_CFG_FLAG_CLEAR_VALUE,
		EV_FW(SBI_PMU_FW_SET_TIMER), 0);
	timer = r.value;
	guest_check(r.error == SBI_SUCCESS && (fw_mask >> timer) & 1,
		    "pmu: a firmware counter matches SET_TIMER");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, fw_mask,
		SBI_PMU_CFG_FLAG_CLEAR_VALUE | SBI_PMU_CFG_FLAG_AUTO_START,
		EV_FW(SBI_PMU_FW_ILLEGAL_INSN), 0);
	illegal = r.value;
	guest_check(r.error == SBI_SUCCESS && illegal != timer,
		    "pmu: another one matches ILLEGAL_INSN, started");
	r = pmu(SBI_PMU_COUNTER_START, (unsigned long)timer, 1, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu: start the SET_TIMER counter");
	for (int i = 0; i < TIMER_CALLS; i++) {
		sbi_set_timer(UINT64_MAX);
	}
	r = pmu(SBI_PMU_COUNTER_FW_READ, (unsigned long)timer, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, TIMER_CALLS,
			"pmu: fw_read counts the set_timer calls");
	r = pmu(SBI_PMU_COUNTER_FW_READ_HI, (unsigned long)timer, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, 0,
			"pmu: fw_read_hi is 0 (on RV64 always, on RV32 the high half of 7)");
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)timer, 1, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu: stop the SET_TIMER counter");
	sbi_set_timer(UINT64_MAX);
	r = pmu(SBI_PMU_COUNTER_FW_READ, (unsigned long)timer, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, TIMER_CALLS, "pmu: a stopped firmware counter stays");

	/* A read of a counter the PMU virtualises traps: the core's illegal instruction event. */
	r = pmu(SBI_PMU_COUNTER_FW_READ, (unsigned long)illegal, 0, 0, 0, 0);
	v = (unsigned long)r.value;
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, 0, EV_CYCLES, 0);
	guest_check(r.error == SBI_SUCCESS, "pmu: cycles configured again");
	/* One CSR read each (not rd_cycle's two halves on RV32). */
	(void)CSR_READ(cycle);
	(void)CSR_READ(cycle);
	r = pmu(SBI_PMU_COUNTER_FW_READ, (unsigned long)illegal, 0, 0, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, true, (long)v + 2,
			"pmu: ILLEGAL_INSN counts the emulated counter reads");
	pmu(SBI_PMU_COUNTER_STOP, 0, hw_mask | fw_mask, SBI_PMU_STOP_FLAG_RESET, 0, 0);
}

static void errors(void)
{
	struct sbiret r;

	r = pmu(SBI_PMU_COUNTER_START, 0, 1, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: start a counter with no event");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0x3, 0, EV_CYCLES, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0,
			"pmu: match in a set with time's place");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, 0, 0, EV_CYCLES, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: match in an empty set");
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask, 1UL << 8, EV_CYCLES, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: match with a reserved flag");
	r = pmu(SBI_PMU_COUNTER_STOP, ncounters, 1, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: stop past the last counter");
	r = pmu(SBI_PMU_COUNTER_FW_READ, 2, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: fw_read of a hardware counter");
	r = pmu(SBI_PMU_COUNTER_START, 0, hw_mask, SBI_PMU_START_FLAG_INIT_SNAPSHOT, 0, 0);
	guest_check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "pmu: start unconfigured, snapshot");
	r = pmu(SBI_PMU_SNAPSHOT_SET_SHMEM, GUEST_RAM_BASE, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "pmu: no snapshot memory");
	r = pmu(9, 0, 0, 0, 0, 0);
	guest_check_ret(r, SBI_ERR_NOT_SUPPORTED, false, 0, "pmu: no function 9");
}

/* SBI 3.0's event_get_info: which events a counter here can count. */
static void event_info(void)
{
	static struct {
		uint32_t event_idx, output;
		uint64_t event_data;
	} entries[3] __attribute__((aligned(16))) = {
		{ EV_INSNS, 0xff, 0 },
		{ EV_FW(SBI_PMU_FW_IPI_SENT), 0xff, 0 },
		{ SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_REF_CPU_CYCLES), 0xff, 0 },
	};
	struct sbiret r;

	r = pmu(SBI_PMU_EVENT_GET_INFO, (unsigned long)entries, 0, 3, 0, 0);
	guest_check(r.error == SBI_SUCCESS && entries[0].output == 1 && entries[1].output == 1 &&
			    entries[2].output == 0,
		    "pmu: event_get_info");
}

/*
 * Bootargs "long", without -icount (cycle is then the host's time stamp counter: seconds of it
 * pass 2^32): a cycle counter left running past 2^32 + 2^30 without a stop, read now and then.
 * No read may be less than the one before, and the count must get there: a sum of the guest's
 * cycles kept in 32 bits would wrap at 2^32 (the guard only stops a counter that never does).
 */
#define LONG_TARGET ((UINT64_C(1) << 32) + (UINT64_C(1) << 30))
#define LONG_GUARD (250 * TIMEBASE_HZ) /* within the case's 300 s, for hosts with slow counters */

static void long_count(void)
{
	uint64_t v = 0, prev = 0;
	unsigned long reads = 0, back = 0, t0;
	struct sbiret r;

	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask,
		SBI_PMU_CFG_FLAG_CLEAR_VALUE | SBI_PMU_CFG_FLAG_AUTO_START, EV_CYCLES, 0);
	if (!guest_check(r.error == SBI_SUCCESS, "pmu long: cycles matched and started")) {
		return;
	}
	t0 = now();
	do {
		busy_loop(100000);
		v = rd_cycle();
		back += v < prev;
		prev = v;
		reads++;
	} while (v < LONG_TARGET && back == 0 && now() - t0 < LONG_GUARD);
	guest_printf("sbi_pmu: cycles read %lu times, last 0x%llx\n", reads, (unsigned long long)v);
	guest_check(back == 0, "pmu long: a running cycle counter never read less than before");
	guest_check(v >= LONG_TARGET, "pmu long: it counted past 2^32 + 2^30 without a stop");
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)r.value, 1, SBI_PMU_STOP_FLAG_RESET, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu long: stop and release cycles");
}

/*
 * Bootargs "stint", under -icount (instret is QEMU's instruction clock): one stretch in the
 * guest of 4.6 G instructions, a loop that makes no exit (one vCPU on the hart, no timer, no
 * overflow watched), counted whole: more than 2^32, so on RV32 the world switch must take the
 * counter's high half (instreth) across the stretch too, not only add up low halves.
 */
#define STINT_ITERS 2300000000UL
#define STINT_INSNS (2 * (uint64_t)STINT_ITERS)

static void long_stint(void)
{
	uint64_t i0, i1;
	struct sbiret r;

	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, hw_mask,
		SBI_PMU_CFG_FLAG_CLEAR_VALUE | SBI_PMU_CFG_FLAG_AUTO_START, EV_INSNS, 0);
	if (!guest_check(r.error == SBI_SUCCESS, "pmu stint: instructions matched and started")) {
		return;
	}
	i0 = rd_instret();
	busy_loop(STINT_ITERS);
	i1 = rd_instret();
	guest_printf("sbi_pmu: a stretch of %llu instructions counted as %llu\n",
		     (unsigned long long)STINT_INSNS, (unsigned long long)(i1 - i0));
	guest_check(i1 - i0 >= STINT_INSNS && i1 - i0 <= STINT_INSNS + STINT_INSNS / 100,
		    "pmu stint: a stretch of more than 2^32 instructions counted whole");
	r = pmu(SBI_PMU_COUNTER_STOP, (unsigned long)r.value, 1, SBI_PMU_STOP_FLAG_RESET, 0, 0);
	guest_check_ret(r, SBI_SUCCESS, false, 0, "pmu stint: stop and release instructions");
}

/* Whether bootargs (the case's --append) is word. */
static bool bootargs_are(unsigned long fdt, const char *word)
{
	uint32_t len = 0;
	const char *s = fdt_read_prop((const void *)fdt, "chosen", "bootargs", &len);

	return s && len > 0 && s[len - 1] == '\0' && lib_strcmp(s, word) == 0;
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)hartid;
	discover();
	if (bootargs_are(fdt, "long")) {
		long_count();
		return 0;
	}
	if (bootargs_are(fdt, "stint")) {
		long_stint();
		return 0;
	}
	match_hw();
	count_loop();
	firmware_counters();
	errors();
	event_info();
	return 0;
}
