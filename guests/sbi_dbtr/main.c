/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI DBTR (debug triggers), run on a host firmware that has them (OpenSBI 1.6).
 * Every run checks the errors of the spec's tables, then on vCPU 0: an execute trigger on a
 * function raises a breakpoint exception there (before the instruction) and no longer once
 * disabled, again once enabled, elsewhere once updated to another address; a store trigger on
 * a variable stops the store before it happens and lets loads through; read_triggers returns
 * what was installed; uninstalled, nothing fires. With 2 vCPUs sharing 1 hart (--cpus 2
 * --harts 1), vCPU 0's trigger fires for vCPU 0 every time and never for vCPU 1, which calls
 * the same function in turns with it: the trigger follows its vCPU through every switch.
 */
#include "hart.h"
#include "hostile.h"
#include "lib/riscv_xlen.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define EXC_BREAKPOINT 3UL
#define TRIGGERS_MAX 8
#define ROUNDS 20 /* turns vCPU 0 and vCPU 1 take, each through a switch of the hart */
#define NOT_RAM 0x00100000UL
#define MC6 SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL6)
#define EXEC_S (MC6 | SDTRIG_MC6_EXECUTE | SDTRIG_MC6_S)
/* A store of an unsigned long: 8 bytes (size 5) on RV64, 4 (size 3) on RV32. */
#define STORE_S                                  \
	(MC6 | SDTRIG_MC6_STORE | SDTRIG_MC6_S | \
	 ((sizeof(long) == 8 ? 5UL : 3UL) << SDTRIG_MC6_SIZE_SHIFT))

/* Functions whose first instructions a trigger may skip: nops (the catcher steps over one). */
void dbtr_target(void);
void dbtr_other(void);
__asm__(".text\n.balign 4\n.option push\n.option norvc\n"
	".globl dbtr_target\ndbtr_target:\n nop\n nop\n ret\n"
	".globl dbtr_other\ndbtr_other:\n nop\n nop\n ret\n"
	".option pop\n");

struct entry {
	unsigned long w[SBI_DBTR_ENTRY_WORDS];
};

static struct entry shm[HART_MAX][TRIGGERS_MAX] __attribute__((aligned(64)));
static volatile unsigned long watched = 0x1111;
static unsigned long ntrig;
static unsigned long rounds0, turns1, started1, done1, stray1;

static struct sbiret dbtr(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sbi_call(SBI_EID_DBTR, fid, a0, a1, a2, 0, 0, 0);
}

static struct hostile_trap call_caught(void (*fn)(void))
{
	hart_catch_arm();
	fn();
	return hostile_catch_end();
}

static bool fired_at(struct hostile_trap t, unsigned long pc)
{
	return t.caught && t.scause == EXC_BREAKPOINT && t.sepc == pc;
}

static void store_watched(unsigned long v)
{
	__asm__ volatile(NORVC(STR(REG_S) " %0, 0(%1)") : : "r"(v), "r"(&watched) : "memory");
}

static unsigned long load_watched(void)
{
	unsigned long v;

	__asm__ volatile(NORVC(STR(REG_L) " %0, 0(%1)") : "=r"(v) : "r"(&watched) : "memory");
	return v;
}

static void set_entry(unsigned long hart, unsigned i, unsigned long w0, unsigned long tdata1,
		      unsigned long tdata2)
{
	shm[hart][i] = (struct entry){ { w0, tdata1, tdata2, 0 } };
}

static void errors(void)
{
	unsigned long me = hart_id();

	check_ret(dbtr(SBI_DBTR_READ_TRIGGERS, 0, 1, 0), SBI_ERR_NO_SHMEM, false, 0,
		  "dbtr: read without shared memory: NO_SHMEM");
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0), SBI_ERR_NO_SHMEM, true, 0,
		  "dbtr: install without shared memory: NO_SHMEM, value 0");
	check_ret(dbtr(SBI_DBTR_SET_SHMEM, (unsigned long)shm[me] + sizeof(long) / 2, 0, 0),
		  SBI_ERR_INVALID_PARAM, false, 0, "dbtr: shared memory not XLEN/8-byte aligned");
	check_ret(dbtr(SBI_DBTR_SET_SHMEM, (unsigned long)shm[me], 0, 1), SBI_ERR_INVALID_PARAM,
		  false, 0, "dbtr: set_shmem flags not zero");
	check_ret(dbtr(SBI_DBTR_SET_SHMEM, NOT_RAM, 0, 0), SBI_ERR_INVALID_ADDRESS, false, 0,
		  "dbtr: shared memory not in RAM");
	check_ret(dbtr(SBI_DBTR_SET_SHMEM, (unsigned long)shm[me], 1, 0), SBI_ERR_INVALID_ADDRESS,
		  false, 0, "dbtr: shared memory above XLEN");
	check_ret(dbtr(SBI_DBTR_SET_SHMEM, (unsigned long)shm[me], 0, 0), SBI_SUCCESS, false, 0,
		  "dbtr: shared memory set");
	check_ret(dbtr(SBI_DBTR_READ_TRIGGERS, ntrig, 1, 0), SBI_ERR_BAD_RANGE, false, 0,
		  "dbtr: read past trig_max: BAD_RANGE");
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, ntrig + 1, 0, 0), SBI_ERR_BAD_RANGE, false, 0,
		  "dbtr: install more than trig_max: BAD_RANGE");
	set_entry(me, 0, 0, EXEC_S | SDTRIG_MC6_M, (unsigned long)dbtr_target);
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0), SBI_ERR_INVALID_PARAM, true, 0,
		  "dbtr: a trigger for M-mode: INVALID_PARAM");
	set_entry(me, 0, 0,
		  SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL6) | SDTRIG_MC6_EXECUTE | SDTRIG_MC6_S |
			  SDTRIG_MC6_VS,
		  (unsigned long)dbtr_target);
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0), SBI_ERR_INVALID_PARAM, true, 0,
		  "dbtr: vs for a guest without H: INVALID_PARAM");
	check_ret(dbtr(SBI_DBTR_UNINSTALL_TRIGGERS, 0, 1, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "dbtr: uninstall a free trigger: INVALID_PARAM");
	check_ret(dbtr(SBI_DBTR_ENABLE_TRIGGERS, 0, 1, 0), SBI_ERR_INVALID_PARAM, false, 0,
		  "dbtr: enable a free trigger: INVALID_PARAM");
	check_ret(dbtr(SBI_DBTR_NUM_TRIGGERS, SDTRIG_TDATA1(SDTRIG_TYPE_MCONTROL), 0, 0),
		  SBI_SUCCESS, true, 0, "dbtr: no mcontrol (type 2) trigger for a guest");
	check_ret(dbtr(SBI_DBTR_NUM_TRIGGERS, EXEC_S, 0, 0), SBI_SUCCESS, true, (long)ntrig,
		  "dbtr: every trigger takes an mcontrol6 execute trigger");
}

static void breakpoints(void)
{
	unsigned long pc = (unsigned long)dbtr_target, other = (unsigned long)dbtr_other;
	struct hostile_trap t;
	struct sbiret r;

	set_entry(0, 0, 0x55, EXEC_S, pc);
	r = dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 0, "dbtr: execute trigger installed");
	check(shm[0][0].w[0] == 0, "dbtr: its trig_idx 0 written back (%lu)", shm[0][0].w[0]);
	t = call_caught(dbtr_target);
	check(fired_at(t, pc), "dbtr: breakpoint at the function (caught %d cause %lu sepc 0x%lx)",
	      t.caught, t.scause, t.sepc);
	t = call_caught(dbtr_other);
	check(!t.caught, "dbtr: no breakpoint elsewhere (cause %lu)", t.scause);

	check_ret(dbtr(SBI_DBTR_DISABLE_TRIGGERS, 0, 1, 0), SBI_SUCCESS, false, 0,
		  "dbtr: disabled");
	t = call_caught(dbtr_target);
	check(!t.caught, "dbtr: a disabled trigger does not fire (cause %lu)", t.scause);
	check_ret(dbtr(SBI_DBTR_ENABLE_TRIGGERS, 0, 1, 0), SBI_SUCCESS, false, 0, "dbtr: enabled");
	t = call_caught(dbtr_target);
	check(fired_at(t, pc), "dbtr: enabled again, it fires (sepc 0x%lx)", t.sepc);

	set_entry(0, 0, 0, EXEC_S, other);
	check_ret(dbtr(SBI_DBTR_UPDATE_TRIGGERS, 1, 0, 0), SBI_SUCCESS, false, 0,
		  "dbtr: updated to another function");
	t = call_caught(dbtr_target);
	check(!t.caught, "dbtr: updated away, the first function runs (cause %lu)", t.scause);
	t = call_caught(dbtr_other);
	check(fired_at(t, other), "dbtr: the other function breaks (sepc 0x%lx)", t.sepc);
}

static void watchpoint(void)
{
	struct hostile_trap t;
	unsigned long v;

	set_entry(0, 0, 0, STORE_S, (unsigned long)&watched);
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0), SBI_SUCCESS, false, 0,
		  "dbtr: store trigger installed");
	check(shm[0][0].w[0] == 1, "dbtr: its trig_idx 1 written back (%lu)", shm[0][0].w[0]);
	hart_catch_arm();
	store_watched(0x2222);
	t = hostile_catch_end();
	check(t.caught && t.scause == EXC_BREAKPOINT && watched == 0x1111,
	      "dbtr: the store breaks before it is done (caught %d cause %lu, value 0x%lx)",
	      t.caught, t.scause, watched);
	hart_catch_arm();
	v = load_watched();
	t = hostile_catch_end();
	check(!t.caught && v == 0x1111, "dbtr: a load of it does not break (cause %lu)", t.scause);

	check_ret(dbtr(SBI_DBTR_READ_TRIGGERS, 0, 2, 0), SBI_SUCCESS, false, 0,
		  "dbtr: read both triggers");
	check(shm[0][0].w[0] == (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S) &&
		      shm[0][0].w[1] == EXEC_S && shm[0][0].w[2] == (unsigned long)dbtr_other,
	      "dbtr: trigger 0 reads back as updated (state 0x%lx tdata1 0x%lx tdata2 0x%lx)",
	      shm[0][0].w[0], shm[0][0].w[1], shm[0][0].w[2]);
	check(shm[0][1].w[0] == (SBI_DBTR_STATE_MAPPED | SBI_DBTR_STATE_S) &&
		      shm[0][1].w[1] == STORE_S && shm[0][1].w[2] == (unsigned long)&watched,
	      "dbtr: trigger 1 reads back as installed");

	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0),
		  ntrig > 2 ? SBI_SUCCESS : SBI_ERR_FAILED, false, 0,
		  "dbtr: a third trigger only if there are more than 2");
	check_ret(dbtr(SBI_DBTR_UNINSTALL_TRIGGERS, 0, 3, 0), SBI_SUCCESS, false, 0,
		  "dbtr: both uninstalled");
	t = call_caught(dbtr_other);
	check(!t.caught, "dbtr: uninstalled, nothing breaks (cause %lu)", t.scause);
	hart_catch_arm();
	store_watched(0x3333);
	t = hostile_catch_end();
	check(!t.caught && watched == 0x3333, "dbtr: uninstalled, the store is done");
}

/* vCPU 1: calls the function vCPU 0 has a trigger on, in turns with vCPU 0, never breaking. */
void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	STORE(started1, 1);
	while (hartid == 1 && LOAD(rounds0) < ROUNDS) {
		if (call_caught(dbtr_target).caught) {
			STORE(stray1, LOAD(stray1) + 1);
		}
		STORE(turns1, LOAD(turns1) + 1);
	}
	STORE(done1, 1);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static void shared_hart(void)
{
	unsigned long pc = (unsigned long)dbtr_target, misses = 0;
	struct sbiret r;

	set_entry(0, 0, 0, EXEC_S, pc);
	check_ret(dbtr(SBI_DBTR_INSTALL_TRIGGERS, 1, 0, 0), SBI_SUCCESS, false, 0,
		  "dbtr smp: vCPU 0's trigger installed");
	r = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry, 0, 0,
		     0, 0);
	check_ret(r, SBI_SUCCESS, false, 0, "dbtr smp: vCPU 1 started");
	while (!LOAD(started1)) {
	}
	/* Each round waits for vCPU 1 to have run since the last: the hart switched in between. */
	for (unsigned long round = 0, seen = 0; round < ROUNDS; round++) {
		while (LOAD(turns1) == seen) {
		}
		seen = LOAD(turns1);
		if (!fired_at(call_caught(dbtr_target), pc)) {
			misses++;
		}
		STORE(rounds0, round + 1);
	}
	while (!LOAD(done1)) {
	}
	check(misses == 0, "dbtr smp: vCPU 0's trigger fired for it in all %d rounds (%lu missed)",
	      ROUNDS, misses);
	check(LOAD(stray1) == 0 && LOAD(turns1) >= ROUNDS,
	      "dbtr smp: never for vCPU 1 in its %lu calls (%lu breakpoints)", LOAD(turns1),
	      LOAD(stray1));
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	unsigned long ncpus = 0;

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	while (ncpus < HART_MAX &&
	       sbi_call(SBI_EID_HSM, SBI_HSM_HART_GET_STATUS, ncpus, 0, 0, 0, 0, 0).error ==
		       SBI_SUCCESS) {
		ncpus++;
	}
	ntrig = (unsigned long)dbtr(SBI_DBTR_NUM_TRIGGERS, 0, 0, 0).value;
	say("sbi_dbtr: %lu vCPUs, %lu triggers\n", ncpus, ntrig);
	if (!check(sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, SBI_EID_DBTR, 0, 0, 0, 0, 0)
					   .value == 1 &&
			   ntrig >= 2 && ntrig <= TRIGGERS_MAX,
		   "dbtr: offered, with 2 to %d triggers", TRIGGERS_MAX)) {
		return (int)check_failures();
	}
	errors();
	if (ncpus == 1) {
		breakpoints();
		watchpoint();
	} else {
		shared_hart();
	}
	return (int)check_failures();
}
