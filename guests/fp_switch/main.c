/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for lazy FP and vector state across vCPU switches: run with 2 vCPUs on 1 hart
 * (--cpus 2 --harts 1). Each vCPU fills f0-f31 and fcsr (and, when the hart has V, v0-v31,
 * vl, vtype, vstart and vcsr) with its own pattern and checks them over and over while the two
 * share the hart: first taking turns thousands of times, each waiting in WFI for the other to
 * hand the turn back, then computing without yielding, preempted only by rvkvm's time slice.
 * Any value of the other vCPU, or any value lost, fails. Switches are counted by the guest
 * itself: a vCPU that finds the other's mark in a shared word was switched out in between.
 * Both phases end on counts the guest causes (turns taken, preemptions seen), never on time:
 * on a busy host they take longer, and only the case's time limit catches a hang.
 */
#include "hart.h"
#include "lib/riscv_xlen.h"

#define NCPUS 2
#define YIELD_ROUNDS 2500 /* phase 1: turns per vCPU, each one a switch away and back */
#define YIELD_TICKS 500   /* 50 us of timer per WFI while waiting for the turn */
#define SPIN_SWITCHES 100 /* phase 2: preemptions by the time slice each vCPU waits to see */
#define REFILL_EVERY 4    /* rounds between new patterns; fcsr or vcsr alone change in between */
#define VLENB_MAX 256     /* VLEN up to 2048 bits */

#define SSTATUS_FS_INITIAL (1UL << 13)
#define SSTATUS_FS (3UL << 13)
#define SSTATUS_VS_INITIAL (1UL << 9)
#define SSTATUS_VS (3UL << 9)
#define SIE_STIE (1UL << 5)

#define EID_HSM 0x48534DUL

/* Registers as the guest loads and reads them back (f0-f31 are 64 bits on RV32 too, with D). */
struct fp_regs {
	uint64_t f[32];
	unsigned long fcsr;
};

struct vec_regs {
	unsigned long vstart, vcsr, vl, vtype;
	uint8_t v[32 * VLENB_MAX];
};

/* The assembly's offsets: fcsr at 256; vstart, vcsr, vl and vtype one register apart, then v. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define FCSR_OFF "256"
#define VEC_OFF(n) #n " * " STR(REGBYTES)
_Static_assert(__builtin_offsetof(struct fp_regs, fcsr) == 256, "fp_fill's fcsr");
_Static_assert(__builtin_offsetof(struct vec_regs, vcsr) == 1 * REGBYTES &&
		       __builtin_offsetof(struct vec_regs, vl) == 2 * REGBYTES &&
		       __builtin_offsetof(struct vec_regs, vtype) == 3 * REGBYTES &&
		       __builtin_offsetof(struct vec_regs, v) == 4 * REGBYTES,
	       "vec_fill's and vec_dump's offsets");

/*
 * FP and vector code is written in assembly for this file only: the test guests are built
 * without F, D and V, so the compiler's own code never touches these registers.
 */
void fp_fill(const struct fp_regs *r);
void fp_dump(struct fp_regs *r);
void fp_set_fcsr(unsigned long fcsr);
void vec_set_vcsr(unsigned long vcsr);
void vec_fill(const struct vec_regs *r);
void vec_dump(struct vec_regs *r);
unsigned long vec_vlenb(void);

/* clang-format off */
__asm__(".text\n"
	".option push\n"
	".option arch, +d\n"
	".balign 4\n"
	"fp_fill:\n"
	"	" STR(REG_L) " t0, " FCSR_OFF "(a0)\n"
	"	fscsr t0\n"
	"	fld f0, 0(a0)\n	fld f1, 8(a0)\n	fld f2, 16(a0)\n	fld f3, 24(a0)\n"
	"	fld f4, 32(a0)\n	fld f5, 40(a0)\n	fld f6, 48(a0)\n	fld f7, 56(a0)\n"
	"	fld f8, 64(a0)\n	fld f9, 72(a0)\n	fld f10, 80(a0)\n	fld f11, 88(a0)\n"
	"	fld f12, 96(a0)\n	fld f13, 104(a0)\n	fld f14, 112(a0)\n	fld f15, 120(a0)\n"
	"	fld f16, 128(a0)\n	fld f17, 136(a0)\n	fld f18, 144(a0)\n	fld f19, 152(a0)\n"
	"	fld f20, 160(a0)\n	fld f21, 168(a0)\n	fld f22, 176(a0)\n	fld f23, 184(a0)\n"
	"	fld f24, 192(a0)\n	fld f25, 200(a0)\n	fld f26, 208(a0)\n	fld f27, 216(a0)\n"
	"	fld f28, 224(a0)\n	fld f29, 232(a0)\n	fld f30, 240(a0)\n	fld f31, 248(a0)\n"
	"	ret\n"
	".balign 4\n"
	"fp_set_fcsr:\n"
	"	fscsr a0\n"
	"	ret\n"
	".balign 4\n"
	"fp_dump:\n"
	"	frcsr t0\n"
	"	" STR(REG_S) " t0, " FCSR_OFF "(a0)\n"
	"	fsd f0, 0(a0)\n	fsd f1, 8(a0)\n	fsd f2, 16(a0)\n	fsd f3, 24(a0)\n"
	"	fsd f4, 32(a0)\n	fsd f5, 40(a0)\n	fsd f6, 48(a0)\n	fsd f7, 56(a0)\n"
	"	fsd f8, 64(a0)\n	fsd f9, 72(a0)\n	fsd f10, 80(a0)\n	fsd f11, 88(a0)\n"
	"	fsd f12, 96(a0)\n	fsd f13, 104(a0)\n	fsd f14, 112(a0)\n	fsd f15, 120(a0)\n"
	"	fsd f16, 128(a0)\n	fsd f17, 136(a0)\n	fsd f18, 144(a0)\n	fsd f19, 152(a0)\n"
	"	fsd f20, 160(a0)\n	fsd f21, 168(a0)\n	fsd f22, 176(a0)\n	fsd f23, 184(a0)\n"
	"	fsd f24, 192(a0)\n	fsd f25, 200(a0)\n	fsd f26, 208(a0)\n	fsd f27, 216(a0)\n"
	"	fsd f28, 224(a0)\n	fsd f29, 232(a0)\n	fsd f30, 240(a0)\n	fsd f31, 248(a0)\n"
	"	ret\n"
	".option pop\n");

/* struct vec_regs: vstart, vcsr, vl, vtype, each a register, then v (the offsets above). */
__asm__(".text\n"
	".option push\n"
	".option arch, +v\n"
	".balign 4\n"
	"vec_vlenb:\n"
	"	csrr a0, vlenb\n"
	"	ret\n"
	".balign 4\n"
	"vec_set_vcsr:\n"
	"	csrw vcsr, a0\n"
	"	ret\n"
	".balign 4\n"
	"vec_fill:\n"
	/* Whole-register loads start at vstart, which the last pattern left non-zero. */
	"	csrw vstart, zero\n"
	"	csrr t1, vlenb\n"
	"	slli t1, t1, 3\n"
	"	addi t0, a0, " VEC_OFF(4) "\n"
	"	vl8re8.v v0, (t0)\n"
	"	add t0, t0, t1\n"
	"	vl8re8.v v8, (t0)\n"
	"	add t0, t0, t1\n"
	"	vl8re8.v v16, (t0)\n"
	"	add t0, t0, t1\n"
	"	vl8re8.v v24, (t0)\n"
	"	" STR(REG_L) " t0, " VEC_OFF(2) "(a0)\n"
	"	" STR(REG_L) " t1, " VEC_OFF(3) "(a0)\n"
	"	vsetvl zero, t0, t1\n"
	"	" STR(REG_L) " t0, " VEC_OFF(1) "(a0)\n"
	"	csrw vcsr, t0\n"
	/* Last: any vector instruction would set vstart back to 0. */
	"	" STR(REG_L) " t0, " VEC_OFF(0) "(a0)\n"
	"	csrw vstart, t0\n"
	"	ret\n"
	".balign 4\n"
	"vec_dump:\n"
	/* First, before a vector instruction clears it. */
	"	csrr t0, vstart\n"
	"	" STR(REG_S) " t0, " VEC_OFF(0) "(a0)\n"
	"	csrr t0, vcsr\n"
	"	" STR(REG_S) " t0, " VEC_OFF(1) "(a0)\n"
	"	csrr t0, vl\n"
	"	" STR(REG_S) " t0, " VEC_OFF(2) "(a0)\n"
	"	csrr t0, vtype\n"
	"	" STR(REG_S) " t0, " VEC_OFF(3) "(a0)\n"
	"	csrw vstart, zero\n"
	"	csrr t1, vlenb\n"
	"	slli t1, t1, 3\n"
	"	addi t0, a0, " VEC_OFF(4) "\n"
	"	vs8r.v v0, (t0)\n"
	"	add t0, t0, t1\n"
	"	vs8r.v v8, (t0)\n"
	"	add t0, t0, t1\n"
	"	vs8r.v v16, (t0)\n"
	"	add t0, t0, t1\n"
	"	vs8r.v v24, (t0)\n"
	/* Leave vstart as the pattern has it: reading it back is part of the next check. */
	"	" STR(REG_L) " t0, " VEC_OFF(0) "(a0)\n"
	"	csrw vstart, t0\n"
	"	ret\n"
	".option pop\n");
/* clang-format on */

static struct {
	struct fp_regs fp_want, fp_got;
	struct vec_regs vec_want, vec_got;
	unsigned long switches_yield, switches_spin, checks, bad;
	unsigned long spun; /* saw SPIN_SWITCHES preemptions; spins on until the other did too */
	unsigned long done;
} cpu[NCPUS];

static unsigned long last_runner; /* id + 1 of the vCPU that last looked */
static unsigned long turn;        /* phase 1: the vCPU that may go on; the other waits in WFI */
static unsigned long started[NCPUS];
static bool has_vector;
static unsigned long vlenb;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9E3779B97F4A7C15ULL;
	x ^= x >> 29;
	return x;
}

/* A pattern no other vCPU or round makes: the vCPU id, the round and the register in every value. */
static void make_pattern(unsigned long id, unsigned long round)
{
	struct fp_regs *f = &cpu[id].fp_want;
	struct vec_regs *v = &cpu[id].vec_want;

	for (unsigned i = 0; i < 32; i++) {
		f->f[i] = mix((uint64_t)id << 48 ^ (uint64_t)round << 8 ^ i) | 1;
	}
	/* frm 0-4 (the valid rounding modes) and all five flag bits vary. */
	f->fcsr = ((round + id) % 5) << 5 | ((round * 7 + id * 3) & 0x1f);
	if (!has_vector) {
		return;
	}
	for (unsigned long i = 0; i < 32 * vlenb; i++) {
		v->v[i] = (uint8_t)mix((uint64_t)id << 40 ^ (uint64_t)round << 16 ^ i);
	}
	/* vtype e8..e64 with LMUL 1, 2 or 4, vl below VLMAX, vstart small (WARL: below VLMAX). */
	v->vtype = ((round + id) % 4) << 3 | ((round / 4 + id) % 3);
	v->vl = 1 + (round + 2 * id) % 2; /* VLMAX is at least 2 even for e64 with LMUL 1 */
	v->vstart = (round + id) % 2;
	v->vcsr = (round * 5 + id) & 7; /* vxrm (2 bits) and vxsat */
}

static void fill(unsigned long id)
{
	fp_fill(&cpu[id].fp_want);
	if (has_vector) {
		vec_fill(&cpu[id].vec_want);
	}
}

/* One check of every register; counts a switch if the other vCPU ran since the last look. */
static void check_regs(unsigned long id, unsigned long *switches)
{
	const struct vec_regs *w = &cpu[id].vec_want;
	struct vec_regs *g = &cpu[id].vec_got;
	bool ok = true;

	fp_dump(&cpu[id].fp_got);
	for (unsigned i = 0; i < 32; i++) {
		if (cpu[id].fp_got.f[i] != cpu[id].fp_want.f[i]) {
			if (cpu[id].bad++ == 0) {
				say("FAIL: fp vcpu%lu: f%u = 0x%llx, want 0x%llx\n", id, i,
				    (unsigned long long)cpu[id].fp_got.f[i],
				    (unsigned long long)cpu[id].fp_want.f[i]);
			}
			ok = false;
		}
	}
	if ((cpu[id].fp_got.fcsr & 0xff) != cpu[id].fp_want.fcsr) {
		if (cpu[id].bad++ == 0) {
			say("FAIL: fp vcpu%lu: fcsr = 0x%lx, want 0x%lx\n", id, cpu[id].fp_got.fcsr,
			    cpu[id].fp_want.fcsr);
		}
		ok = false;
	}
	if (has_vector) {
		vec_dump(g);
		if (g->vstart != w->vstart || g->vcsr != w->vcsr || g->vl != w->vl ||
		    g->vtype != w->vtype) {
			if (cpu[id].bad++ == 0) {
				say("FAIL: vector vcpu%lu: vstart %lu vcsr %lu vl %lu vtype 0x%lx, "
				    "want %lu %lu "
				    "%lu 0x%lx\n",
				    id, g->vstart, g->vcsr, g->vl, g->vtype, w->vstart, w->vcsr,
				    w->vl, w->vtype);
			}
			ok = false;
		}
		for (unsigned long i = 0; i < 32 * vlenb; i++) {
			if (g->v[i] != w->v[i]) {
				if (cpu[id].bad++ == 0) {
					say("FAIL: vector vcpu%lu: v%lu byte %lu = 0x%x, want "
					    "0x%x\n",
					    id, i / vlenb, i % vlenb, g->v[i], w->v[i]);
				}
				ok = false;
				break;
			}
		}
	}
	(void)ok;
	cpu[id].checks++;
	if (__atomic_exchange_n(&last_runner, id + 1, __ATOMIC_SEQ_CST) != id + 1) {
		(*switches)++;
	}
}

/* WFI until a timer YIELD_TICKS away: the vCPU blocks and the other gets the hart. */
static void yield_wfi(void)
{
	sbi_set_timer(now64() + YIELD_TICKS);
	__asm__ volatile("wfi");
	sbi_set_timer(UINT64_MAX);
}

/* Waits in WFI until the other vCPU hands over the turn: it runs meanwhile, the hart is shared. */
static void wait_turn(unsigned long id)
{
	while (LOAD(turn) != id) {
		yield_wfi();
	}
}

static void worker(unsigned long id)
{
	unsigned long round = 0, handover = 0;

	/* Any trap is a failure the trap vector reports. */
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	/* FP (and V) on; the timer interrupt enabled but not taken (sstatus.SIE stays 0): it ends WFI. */
	CSR_SET(sstatus, SSTATUS_FS_INITIAL | (has_vector ? SSTATUS_VS_INITIAL : 0));
	CSR_SET(sie, SIE_STIE);
	make_pattern(id, round);
	fill(id);
	STORE(started[id], 1);
	while (!LOAD(started[1 - id])) {
		yield_wfi();
	}
	/*
	 * Phase 1: thousands of switches through WFI; new values now and then, read-only otherwise.
	 * Every round hands the turn over and waits for it: the other vCPU checks its registers in
	 * between, so each check here follows a switch, however slow the host.
	 */
	wait_turn(id);
	for (unsigned long i = 0; i < YIELD_ROUNDS; i++) {
		if (i % REFILL_EVERY == 0) {
			make_pattern(id, ++round);
			fill(id);
		} else if (i % REFILL_EVERY == 2) {
			/* Only fcsr changes: a CSR write must make the state dirty as well. */
			cpu[id].fp_want.fcsr ^= 0x1f;
			fp_set_fcsr(cpu[id].fp_want.fcsr);
		} else if (i % REFILL_EVERY == 3 && has_vector) {
			/* Likewise vcsr alone, written after reading vstart (a vector instruction clears it). */
			cpu[id].vec_want.vcsr ^= 7;
			vec_set_vcsr(cpu[id].vec_want.vcsr);
		}
		STORE(turn, 1 - id);
		wait_turn(id);
		check_regs(id, &cpu[id].switches_yield);
	}
	/* The other vCPU still waits for its last turn. */
	STORE(turn, 1 - id);
	/*
	 * Phase 2: no yielding at all; only the time slice takes the hart away. Both spin until
	 * both saw SPIN_SWITCHES preemptions: a vCPU that stopped checking would hide the switches
	 * from the other. The first look only notes this vCPU as the last runner: the switch
	 * between the phases was no preemption.
	 */
	make_pattern(id, ++round);
	fill(id);
	check_regs(id, &handover);
	while (!LOAD(cpu[0].spun) || !LOAD(cpu[1].spun)) {
		check_regs(id, &cpu[id].switches_spin);
		if (cpu[id].switches_spin >= SPIN_SWITCHES) {
			STORE(cpu[id].spun, 1);
		}
	}
	STORE(cpu[id].done, 1);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	if (hartid < NCPUS) {
		worker(hartid);
	}
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/*
 * Whether the hart has V: reading vlenb (with sstatus.VS on) traps without it. sstatus.VS
 * itself is no test: QEMU keeps the field writable even without V.
 */
static bool probe_vector(void)
{
	unsigned long scause, sepc, stval;

	CSR_SET(sstatus, SSTATUS_VS_INITIAL);
	hart_catch_arm();
	vlenb = vec_vlenb();
	if (hart_catch_end(&scause, &sepc, &stval)) {
		vlenb = 0;
	}
	CSR_CLEAR(sstatus, SSTATUS_VS);
	return vlenb != 0;
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret r;

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	has_vector = probe_vector();
	say("fp_switch: %d vCPUs, vector %s (vlenb %lu)\n", NCPUS, has_vector ? "yes" : "no",
	    vlenb);
	if (vlenb > VLENB_MAX) {
		check(false, "vector: vlenb %lu within 1..%d", vlenb, VLENB_MAX);
		return 1;
	}
	r = sbi_call(EID_HSM, 0, 1, (unsigned long)hart_secondary_entry, 0, 0, 0, 0);
	if (!check_ret(r, SBI_SUCCESS, false, 0, "vCPU 1 started")) {
		return 1;
	}
	worker(0);
	/* No time limit here: a vCPU 1 that never finishes is a hang, for the case's timeout. */
	while (!LOAD(cpu[1].done)) {
		yield_wfi();
	}
	for (unsigned long id = 0; id < NCPUS; id++) {
		say("fp_switch: vcpu%lu: %lu checks, %lu switches in WFI, %lu by the time slice, "
		    "%lu bad\n",
		    id, cpu[id].checks, cpu[id].switches_yield, cpu[id].switches_spin, cpu[id].bad);
		check(cpu[id].bad == 0, "%s vcpu%lu: every register kept its value",
		      has_vector ? "fp+vector" : "fp", id);
		/* Each turn came back after the other vCPU's check: one switch per turn. */
		check(cpu[id].switches_yield == YIELD_ROUNDS,
		      "vcpu%lu: a switch in each of its %d turns (%lu)", id, YIELD_ROUNDS,
		      cpu[id].switches_yield);
		check(cpu[id].switches_spin >= SPIN_SWITCHES,
		      "vcpu%lu: at least %d preemptions by the time slice (%lu)", id, SPIN_SWITCHES,
		      cpu[id].switches_spin);
	}
	return (int)check_failures();
}
