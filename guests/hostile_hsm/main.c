/* SPDX-License-Identifier: Apache-2.0 */
/* Hostile guest: HSM abuse: the last running hart stops, the boot hart stops, start/stop churn, two harts racing to start a third. */
#include "hostile.h"

/*
 * --append picks the abuse (see the hostile_hsm_*.case files for the expected outcome):
 *   stop_last   hart 1 stops, then hart 0, the last running hart, stops too: no vCPU runs
 *               and none can ever start one again
 *   stop_boot   hart 0 stops itself; hart 1 sees it STOPPED and starts it again, and hart 0,
 *               entering with the opaque value it was given, ends the run
 *   churn       harts 1.. are started and stop themselves, over and over
 *   start_race  harts 1 and 2 call hart_start on hart 3 at the same moment, many times:
 *               exactly one call succeeds each time, the other gets ALREADY_AVAILABLE
 */

#define MAX_HARTS 8UL
#define WAIT_TICKS MS_TICKS(20000)
#define RESTART_OPAQUE ((unsigned long)0x0b00750b00750b00ULL) /* its low 32 bits on rv32 */
#define CHURN_ROUNDS 100UL
#define RACE_ROUNDS 100UL

static unsigned long ncpus;
static void (*secondary_work)(unsigned long hartid, unsigned long opaque);

static struct sbiret hsm(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sbi_call(SBI_EID_HSM, fid, a0, a1, a2, 0, 0, 0);
}

static bool wait_state(unsigned long h, long state)
{
	unsigned long t0 = now();

	while (now() - t0 < WAIT_TICKS) {
		struct sbiret r = hsm(SBI_HSM_HART_GET_STATUS, h, 0, 0);

		if (r.error == SBI_SUCCESS && r.value == state) {
			return true;
		}
	}
	return false;
}

static bool wait_value(unsigned long *p, unsigned long value)
{
	unsigned long t0 = now();

	while (LOAD(*p) != value) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	secondary_work(hartid, opaque);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static struct sbiret start(unsigned long h, unsigned long opaque)
{
	return hsm(SBI_HSM_HART_START, h, (unsigned long)hart_secondary_entry, opaque);
}

static void stop_self(unsigned long me)
{
	struct sbiret r = hsm(SBI_HSM_HART_STOP, 0, 0, 0);

	check(false, "hart %lu: hart_stop returned (error %ld)", me, r.error);
}

/* ---- stop_last ---- */

static void stop_last_secondary(unsigned long me, unsigned long opaque)
{
	(void)opaque;
	stop_self(me);
}

static void stop_last(void)
{
	secondary_work = stop_last_secondary;
	if (ncpus > 1) {
		check_ret(start(1, 0), SBI_SUCCESS, false, 0, "hart_start of hart 1");
		check(wait_state(1, SBI_HSM_STATE_STOPPED), "hart 1 ran and stopped itself");
	}
	for (unsigned long h = 1; h < ncpus; h++) {
		check_ret(hsm(SBI_HSM_HART_GET_STATUS, h, 0, 0), SBI_SUCCESS, true,
			  SBI_HSM_STATE_STOPPED, "hart %lu is STOPPED", h);
	}
	say("hostile_hsm: hart 0, the last running hart, stops itself\n");
	stop_self(0);
}

/* ---- stop_boot ---- */

static unsigned long stop_boot_reported; /* hart 1 has printed its result of the restart */

static void stop_boot_secondary(unsigned long me, unsigned long opaque)
{
	if (me == 0) {
		/* Hart 0 again, started by hart 1: end the run only once hart 1 has reported. */
		check(opaque == RESTART_OPAQUE, "hart 0 restarted by hart 1 (a1 = 0x%lx)", opaque);
		while (!LOAD(stop_boot_reported)) {
		}
		guest_exit();
	}
	check(wait_state(0, SBI_HSM_STATE_STOPPED), "hart %lu sees hart 0 STOPPED", me);
	check_ret(start(0, RESTART_OPAQUE), SBI_SUCCESS, false, 0, "hart %lu starts hart 0 again",
		  me);
	STORE(stop_boot_reported, 1);
}

static void stop_boot(void)
{
	secondary_work = stop_boot_secondary;
	check_ret(start(1, 0), SBI_SUCCESS, false, 0, "hart_start of hart 1");
	say("hostile_hsm: hart 0 stops itself\n");
	stop_self(0);
}

/* ---- churn ---- */

static unsigned long churn_entries[MAX_HARTS], churn_opaque[MAX_HARTS];

static void churn_secondary(unsigned long me, unsigned long opaque)
{
	STORE(churn_opaque[me], opaque);
	STORE(churn_entries[me], churn_entries[me] + 1);
	stop_self(me);
}

static void churn(void)
{
	unsigned long bad = 0;

	secondary_work = churn_secondary;
	for (unsigned long round = 1; round <= CHURN_ROUNDS; round++) {
		for (unsigned long h = 1; h < ncpus; h++) {
			bad += start(h, round << 8 | h).error != SBI_SUCCESS;
		}
		for (unsigned long h = 1; h < ncpus; h++) {
			bad += !wait_value(&churn_entries[h], round);
			bad += LOAD(churn_opaque[h]) != (round << 8 | h);
			bad += !wait_state(h, SBI_HSM_STATE_STOPPED);
		}
		if (bad) {
			check(false, "round %lu of start/stop of harts 1..%lu", round, ncpus - 1);
			return;
		}
	}
	check(true, "%lu rounds of start/stop of harts 1..%lu, each with its own a1", CHURN_ROUNDS,
	      ncpus - 1);
}

/* ---- start_race ---- */

static unsigned long race_round, race_release;
static unsigned long race_ready[MAX_HARTS], race_answered[MAX_HARTS];
static long race_error[MAX_HARTS][RACE_ROUNDS + 1];
static unsigned long target_entries, target_opaque;

static void race_secondary(unsigned long me, unsigned long opaque)
{
	if (me == 3) {
		/* The target: record the start, stay up until hart 0 has both answers, then stop. */
		STORE(target_opaque, opaque);
		STORE(target_entries, target_entries + 1);
		wait_value(&race_release, opaque);
		stop_self(me);
		return;
	}
	for (unsigned long round = 1; round <= RACE_ROUNDS; round++) {
		STORE(race_ready[me], round);
		wait_value(&race_round, round);
		STORE(race_error[me][round], start(3, round).error);
		STORE(race_answered[me], round);
	}
}

static void start_race(void)
{
	unsigned long bad = 0;

	if (!check(ncpus >= 4, "at least 4 vCPUs (%lu)", ncpus)) {
		return;
	}
	secondary_work = race_secondary;
	check_ret(start(1, 0), SBI_SUCCESS, false, 0, "hart_start of racer 1");
	check_ret(start(2, 0), SBI_SUCCESS, false, 0, "hart_start of racer 2");
	for (unsigned long round = 1; round <= RACE_ROUNDS && !bad; round++) {
		long e1, e2;

		if (!wait_value(&race_ready[1], round) || !wait_value(&race_ready[2], round)) {
			say("  round %lu: the racers are not ready\n", round);
			bad++;
			break;
		}
		STORE(race_round, round);
		if (!wait_value(&race_answered[1], round) ||
		    !wait_value(&race_answered[2], round) || !wait_value(&target_entries, round)) {
			say("  round %lu: the racers did not answer or hart 3 did not enter (%lu "
			    "times)\n",
			    round, LOAD(target_entries));
			bad++;
			break;
		}
		e1 = LOAD(race_error[1][round]);
		e2 = LOAD(race_error[2][round]);
		if (!((e1 == SBI_SUCCESS && e2 == SBI_ERR_ALREADY_AVAILABLE) ||
		      (e2 == SBI_SUCCESS && e1 == SBI_ERR_ALREADY_AVAILABLE)) ||
		    LOAD(target_opaque) != round) {
			say("  round %lu: errors %ld and %ld, hart 3 entered %lu times with a1 "
			    "%lu\n",
			    round, e1, e2, LOAD(target_entries), LOAD(target_opaque));
			bad++;
		}
		STORE(race_release, round);
		if (!wait_state(3, SBI_HSM_STATE_STOPPED)) {
			say("  round %lu: hart 3 did not stop\n", round);
			bad++;
		}
	}
	check(bad == 0,
	      "%lu races of two hart_start calls on hart 3: one success, one ALREADY_AVAILABLE "
	      "each, hart 3 started once each",
	      RACE_ROUNDS);
}

static const struct hostile_attack attacks[] = {
	{ "stop_last", stop_last },
	{ "stop_boot", stop_boot },
	{ "churn", churn },
	{ "start_race", start_race },
};

int guest_main(unsigned long hartid, unsigned long fdt)
{
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	while (ncpus < MAX_HARTS &&
	       hsm(SBI_HSM_HART_GET_STATUS, ncpus, 0, 0).error == SBI_SUCCESS) {
		ncpus++;
	}
	say("hostile_hsm: %lu vCPUs\n", ncpus);
	hostile_run("hostile_hsm", attacks, sizeof(attacks) / sizeof(attacks[0]), fdt);
	return 0;
}
