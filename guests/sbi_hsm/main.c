/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI HSM (spec v2.0, chapter "Hart State Management"): hart states, hart_start
 * and the register state it promises, hart_stop, retentive and non-retentive hart_suspend, and
 * the error codes of each call. Runs with 4 vCPUs and 64 MiB of RAM.
 */
#include "hart.h"

#define NCPUS 4UL
#define RAM_END (GUEST_RAM_BASE + 64UL * 1024 * 1024)
#define WAIT_TICKS MS_TICKS(10000) /* bound of every wait for another hart */

#define EID_HSM 0x48534DUL
#define EID_IPI 0x735049UL
#define FID_HART_START 0
#define FID_HART_STOP 1
#define FID_HART_GET_STATUS 2
#define FID_HART_SUSPEND 3
#define FID_SEND_IPI 0

#define STATE_STARTED 0
#define STATE_STOPPED 1
#define STATE_SUSPENDED 4

#define SUSPEND_RETENTIVE 0x00000000UL
#define SUSPEND_NON_RETENTIVE 0x80000000UL

/* On rv32 the opaque values are their low 32 bits (a1 holds one XLEN-wide register). */
#define OPAQUE_FIRST ((unsigned long)0x0123456789abcdefULL)
#define OPAQUE_AGAIN ((unsigned long)0xfedcba9876543210ULL)
#define OPAQUE_RESUME ((unsigned long)0x5a5a5a5aa5a5a5a5ULL)

enum cmd {
	CMD_NONE,
	CMD_STOP,
	CMD_SUSPEND,
};

/* What a secondary hart reports, and the command the boot hart gives it. */
struct hart_rec {
	unsigned long entries;               /* times it came in through hart_secondary_entry */
	unsigned long a0, a1, satp, sstatus; /* as found at the last entry */
	unsigned long cmd_seq, done_seq;     /* a command is pending while they differ */
	unsigned long cmd, arg0, arg1, arg2;
	long error, value;       /* what the last command's SBI call returned, if it returned */
	unsigned long by_entry;  /* the last command ended with the hart entering again */
	unsigned long sip_after; /* sip when the last suspend returned */
};

static struct hart_rec recs[NCPUS];

static struct sbiret hsm(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sbi_call(EID_HSM, fid, a0, a1, a2, 0, 0, 0);
}

static struct sbiret send_ipi(unsigned long mask, unsigned long base)
{
	return sbi_call(EID_IPI, FID_SEND_IPI, mask, base, 0, 0, 0, 0);
}

static void run_command(struct hart_rec *r)
{
	struct sbiret ret = { SBI_ERR_FAILED, 0 };

	switch ((enum cmd)r->cmd) {
	case CMD_STOP:
		/* sstatus.SIE has been 0 since the hart started, as hart_stop requires. */
		ret = hsm(FID_HART_STOP, 0, 0, 0);
		break;
	case CMD_SUSPEND:
		/* An IPI wakes the hart: SSIE enabled, SIE clear, so it stays pending and is not taken. */
		CSR_SET(sie, SIP_SSIP);
		ret = hsm(FID_HART_SUSPEND, r->arg0, r->arg1, r->arg2);
		r->sip_after = CSR_READ(sip);
		CSR_CLEAR(sip, SIP_SSIP);
		CSR_CLEAR(sie, SIP_SSIP);
		break;
	case CMD_NONE:
		break;
	}
	r->error = ret.error;
	r->value = ret.value;
	r->by_entry = 0;
	STORE(r->done_seq, r->cmd_seq);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	unsigned long satp = CSR_READ(satp);
	unsigned long sstatus = CSR_READ(sstatus);
	struct hart_rec *r;

	if (hartid >= NCPUS) {
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	r = &recs[hartid];
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	r->a0 = hartid;
	r->a1 = opaque;
	r->satp = satp;
	r->sstatus = sstatus;
	if (LOAD(r->cmd_seq) != LOAD(r->done_seq)) {
		/* The pending command (stop, or a non-retentive suspend) brought the hart here. */
		r->sip_after = CSR_READ(sip);
		CSR_CLEAR(sip, SIP_SSIP);
		CSR_CLEAR(sie, SIP_SSIP);
		r->by_entry = 1;
		STORE(r->done_seq, r->cmd_seq);
	}
	/*
	 * Said before the entry is counted: the boot hart may power the guest off as soon as it
	 * sees the count, and a line still on its way would be lost.
	 */
	say("hsm: hart %lu entered (a1=0x%lx)\n", hartid, opaque);
	STORE(r->entries, r->entries + 1);
	for (;;) {
		while (LOAD(r->cmd_seq) == LOAD(r->done_seq)) {
		}
		run_command(r);
	}
}

/* Gives hart h a command; it runs it as soon as it polls. */
static unsigned long give(unsigned long h, enum cmd cmd, unsigned long a0, unsigned long a1,
			  unsigned long a2)
{
	struct hart_rec *r = &recs[h];

	r->cmd = cmd;
	r->arg0 = a0;
	r->arg1 = a1;
	r->arg2 = a2;
	STORE(r->cmd_seq, r->cmd_seq + 1);
	return r->cmd_seq;
}

static bool wait_done(unsigned long h)
{
	unsigned long t0 = now();

	while (LOAD(recs[h].done_seq) != LOAD(recs[h].cmd_seq)) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

static bool wait_entries(unsigned long h, unsigned long n)
{
	unsigned long t0 = now();

	while (LOAD(recs[h].entries) < n) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

/* Polls hart_get_status until it reports state (bounded); returns the last answer. */
static struct sbiret wait_state(unsigned long h, long state)
{
	unsigned long t0 = now();
	struct sbiret r;

	do {
		r = hsm(FID_HART_GET_STATUS, h, 0, 0);
		if (r.error == SBI_SUCCESS && r.value == state) {
			break;
		}
	} while (now() - t0 <= WAIT_TICKS);
	return r;
}

/* Checks what hart h found at its n-th entry. */
static void check_entry(unsigned long h, unsigned long n, unsigned long opaque, const char *how)
{
	struct hart_rec *r = &recs[h];

	if (!check(wait_entries(h, n), "hart %lu runs after %s", h, how)) {
		return;
	}
	check(r->a0 == h, "%s: a0 = hartid (%lu)", how, r->a0);
	check(r->a1 == opaque, "%s: a1 = opaque (0x%lx)", how, r->a1);
	check(r->satp == 0, "%s: satp = 0 (0x%lx)", how, r->satp);
	check((r->sstatus & SSTATUS_SIE) == 0, "%s: sstatus.SIE = 0", how);
}

static void test_status(void)
{
	struct sbiret r;

	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, EID_HSM, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 1, "probe HSM is 1");
	r = hsm(FID_HART_GET_STATUS, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, STATE_STARTED, "hart 0 (the boot hart) is STARTED");
	for (unsigned long h = 1; h < NCPUS; h++) {
		r = hsm(FID_HART_GET_STATUS, h, 0, 0);
		check_ret(r, SBI_SUCCESS, true, STATE_STOPPED, "hart %lu is STOPPED at boot", h);
	}
	r = hsm(FID_HART_GET_STATUS, NCPUS, 0, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "get_status of hart %lu (one past the last)",
		  NCPUS);
	r = hsm(FID_HART_GET_STATUS, 99, 0, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "get_status of hart 99");
	r = hsm(FID_HART_GET_STATUS, ~0UL, 0, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "get_status of hart -1");
}

static void test_start(void)
{
	unsigned long entry = (unsigned long)hart_secondary_entry;
	struct sbiret r;

	r = hsm(FID_HART_START, 1, entry, OPAQUE_FIRST);
	check_ret(r, SBI_SUCCESS, false, 0, "hart_start of hart 1");
	check_entry(1, 1, OPAQUE_FIRST, "first start");
	r = wait_state(1, STATE_STARTED);
	check_ret(r, SBI_SUCCESS, true, STATE_STARTED, "hart 1 is STARTED after hart_start");

	r = hsm(FID_HART_START, 1, entry, 0);
	check_ret(r, SBI_ERR_ALREADY_AVAILABLE, false, 0, "hart_start of a started hart");
	r = hsm(FID_HART_START, 0, entry, 0);
	check_ret(r, SBI_ERR_ALREADY_AVAILABLE, false, 0, "hart_start of the calling hart");
	r = hsm(FID_HART_START, 2, 0x1000, 0);
	check_ret(r, SBI_ERR_INVALID_ADDRESS, false, 0, "hart_start at 0x1000 (not RAM)");
	r = hsm(FID_HART_START, 2, RAM_END, 0);
	check_ret(r, SBI_ERR_INVALID_ADDRESS, false, 0, "hart_start at the end of RAM");
	r = hsm(FID_HART_GET_STATUS, 2, 0, 0);
	check_ret(r, SBI_SUCCESS, true, STATE_STOPPED, "hart 2 still STOPPED after failed starts");
	r = hsm(FID_HART_START, 99, entry, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "hart_start of hart 99");
	r = hsm(FID_HART_START, NCPUS, entry, 0);
	check_ret(r, SBI_ERR_INVALID_PARAM, false, 0, "hart_start of hart %lu (one past the last)",
		  NCPUS);
}

static void test_stop(void)
{
	struct hart_rec *h1 = &recs[1];
	struct sbiret r;

	give(1, CMD_STOP, 0, 0, 0);
	r = wait_state(1, STATE_STOPPED);
	check_ret(r, SBI_SUCCESS, true, STATE_STOPPED, "hart 1 is STOPPED after hart_stop");
	check(LOAD(h1->done_seq) != LOAD(h1->cmd_seq), "hart_stop did not return (error %ld)",
	      LOAD(h1->done_seq) == LOAD(h1->cmd_seq) ? h1->error : 0L);

	r = hsm(FID_HART_START, 1, (unsigned long)hart_secondary_entry, OPAQUE_AGAIN);
	check_ret(r, SBI_SUCCESS, false, 0, "hart_start of the stopped hart 1");
	check_entry(1, 2, OPAQUE_AGAIN, "restart");
	r = wait_state(1, STATE_STARTED);
	check_ret(r, SBI_SUCCESS, true, STATE_STARTED, "hart 1 is STARTED again");
}

static void test_suspend(void)
{
	struct hart_rec *h1 = &recs[1];
	struct sbiret r;
	bool done;

	/* Default retentive suspend: the call returns SUCCESS once an interrupt arrives. */
	give(1, CMD_SUSPEND, SUSPEND_RETENTIVE, 0, 0);
	r = wait_state(1, STATE_SUSPENDED);
	check_ret(r, SBI_SUCCESS, true, STATE_SUSPENDED, "hart 1 is SUSPENDED (retentive)");
	check(LOAD(h1->done_seq) != LOAD(h1->cmd_seq), "retentive suspend waits for an interrupt");
	r = send_ipi(1UL << 1, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "send_ipi to the suspended hart 1");
	done = wait_done(1);
	if (check(done, "hart 1 wakes from retentive suspend")) {
		check(h1->by_entry == 0, "retentive suspend returns to the caller");
		check(h1->error == SBI_SUCCESS, "retentive suspend returns SUCCESS (error %ld)",
		      h1->error);
		check((h1->sip_after & SIP_SSIP) != 0,
		      "the IPI is pending in sip when suspend returns");
	}
	r = wait_state(1, STATE_STARTED);
	check_ret(r, SBI_SUCCESS, true, STATE_STARTED,
		  "hart 1 is STARTED after the retentive wake-up");

	/* Default non-retentive suspend: the hart comes back at resume_addr. */
	give(1, CMD_SUSPEND, SUSPEND_NON_RETENTIVE, (unsigned long)hart_secondary_entry,
	     OPAQUE_RESUME);
	r = wait_state(1, STATE_SUSPENDED);
	check_ret(r, SBI_SUCCESS, true, STATE_SUSPENDED, "hart 1 is SUSPENDED (non-retentive)");
	r = send_ipi(1UL << 1, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "send_ipi to the suspended hart 1");
	check_entry(1, 3, OPAQUE_RESUME, "non-retentive resume");
	check(LOAD(h1->by_entry) == 1,
	      "non-retentive suspend resumes at resume_addr, not after the call");
	r = wait_state(1, STATE_STARTED);
	check_ret(r, SBI_SUCCESS, true, STATE_STARTED, "hart 1 is STARTED after the resume");

	/* Calls that must fail at once; a hart that suspends anyway is woken with an IPI. */
	static const struct {
		unsigned long type, resume;
		long error;
		const char *what;
	} bad[] = {
		{ SUSPEND_NON_RETENTIVE, 0x1000, SBI_ERR_INVALID_ADDRESS,
		  "non-retentive, resume_addr 0x1000" },
		{ SUSPEND_NON_RETENTIVE, RAM_END, SBI_ERR_INVALID_ADDRESS,
		  "non-retentive, resume_addr at end of RAM" },
		{ 0x00000001, 0, SBI_ERR_INVALID_PARAM, "reserved type 0x1" },
		{ 0x0FFFFFFF, 0, SBI_ERR_INVALID_PARAM, "reserved type 0x0FFFFFFF" },
		{ 0x7FFFFFFF, 0, SBI_ERR_INVALID_PARAM, "unimplemented platform type 0x7FFFFFFF" },
		{ 0x80000001, 0, SBI_ERR_INVALID_PARAM, "reserved type 0x80000001" },
		{ 0x8FFFFFFF, 0, SBI_ERR_INVALID_PARAM, "reserved type 0x8FFFFFFF" },
		{ 0xFFFFFFFF, 0, SBI_ERR_INVALID_PARAM, "unimplemented platform type 0xFFFFFFFF" },
		/* Type 0x1 on rv32, where the register is 32 bits wide. */
		{ (unsigned long)0x100000001ULL, 0, SBI_ERR_INVALID_PARAM,
		  "type 0x100000001 (reserved, also when cut to 32 bits)" },
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned long resume =
			bad[i].resume ? bad[i].resume : (unsigned long)hart_secondary_entry;

		give(1, CMD_SUSPEND, bad[i].type, resume, 0);
		done = wait_done(1);
		if (!done) {
			send_ipi(1UL << 1, 0);
			wait_done(1);
		}
		check(done && h1->by_entry == 0 && h1->error == bad[i].error,
		      "hart_suspend %s: error %ld (got %ld)", bad[i].what, bad[i].error,
		      done ? h1->error : 0L);
	}
}

static void test_start_rest(void)
{
	struct sbiret r;

	for (unsigned long h = 2; h < NCPUS; h++) {
		r = hsm(FID_HART_START, h, (unsigned long)hart_secondary_entry, 0x1000UL * h + h);
		check_ret(r, SBI_SUCCESS, false, 0, "hart_start of hart %lu", h);
	}
	for (unsigned long h = 2; h < NCPUS; h++) {
		check_entry(h, 1, 0x1000UL * h + h, h == 2 ? "start of hart 2" : "start of hart 3");
	}
	for (unsigned long h = 0; h < NCPUS; h++) {
		r = wait_state(h, STATE_STARTED);
		check_ret(r, SBI_SUCCESS, true, STATE_STARTED, "hart %lu is STARTED at the end", h);
	}
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	say("sbi_hsm: boot hart %lu, %lu vCPUs expected\n", hartid, NCPUS);
	check(hartid == 0, "boot hart id is 0");
	test_status();
	test_start();
	test_stop();
	test_suspend();
	test_start_rest();
	return 0;
}
