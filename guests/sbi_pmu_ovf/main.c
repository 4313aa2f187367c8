/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI SSE's LOCAL_PMU_OVERFLOW event with the SBI PMU's counters, under -icount
 * (instret and cycle are then QEMU's instruction clock). Each hart registers the event, matches
 * cycles and instructions, starts instret a few hundred thousand below the wrap and spins in a
 * loop that makes no exit: the handler must run once, with a6 = the hart id, a7 = its entry
 * argument, sepc inside the loop, SPP = 1, SIE = 0, the INTERRUPTED attributes what the loop had
 * (its a6, a7, the sepc it left), and instret read in it wrapped, by little; the loop goes on
 * with its a6 and a7 intact. Then: no second event while the counter runs on; another after a
 * restart 10 M instructions below the wrap; none from a counter started far from the wrap, nor
 * from one stopped before it, nor from a wait in WFI, after which the alarm is armed again;
 * cycle overflows as instret does. With 2 vCPUs both harts do it at once, each at
 * its own distance and taking only its own events, and on one hart (overcommitted) each vCPU's
 * alarm follows it. "ovf=none" in bootargs: a host without Sscofpmf, the event is NOT_SUPPORTED.
 */
#include "fdt_read.h"
#include "hart.h"
#include "lib/riscv_xlen.h"
#include "lib/string.h"

#define OVF SBI_SSE_EVENT_LOCAL_PMU_OVERFLOW
#define EV_CYCLES SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_CPU_CYCLES)
#define EV_INSNS SBI_PMU_EVENT(SBI_PMU_TYPE_HW, SBI_PMU_HW_INSTRUCTIONS)
#define HW_MASK 0x5UL /* counters 0 (cycle) and 2 (instret) */
#define SEPC_MARK 0x5ec0UL
#define MARK_A6 0xa6a6UL /* what the spin loop holds in a6 and a7 */
#define MARK_A7 0xa7a7UL
#define SPIN_LIMIT 4000000UL /* iterations (4 instructions each) before giving up on an event */
#define SPIN_QUIET 500000UL  /* iterations in which no event may come */
#define WRAP_SLACK 65536UL   /* how far past the wrap the handler may find the counter */
/*
 * Instructions longer than 2 of rvkvm's 4 ms time slices (-icount: 1 instruction a ns): on a
 * shared hart the vCPU is put and loaded again on the way, and its alarm must follow it.
 */
#define LONG_DIST 10000000UL
#define STACK 4096
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP (1UL << 8)

/*
 * One hart's event: the entry's layout (saved_sp, then stack_top, one register each), then what
 * it found; count is what ovf_spin loads.
 */
struct ovf_ctx {
	unsigned long saved_sp, stack_top;
	unsigned long count; /* handler runs */
	unsigned long a6, sepc, sstatus;
	uint64_t instret, cycle; /* whole: on RV32 with instreth and cycleh */
	long attr_err;
	unsigned long interrupted[4]; /* INTERRUPTED_SEPC, _FLAGS, _A6, _A7 */
};
_Static_assert(__builtin_offsetof(struct ovf_ctx, stack_top) == REGBYTES, "the entry's offset");

/* Inline assembly of one register's load or store, at slot n (n * XLEN/8) from base. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define SX(reg, n, base) "	" STR(REG_S) " " #reg ", " #n " * " STR(REGBYTES) "(" #base ")\n"
#define LX(reg, n, base) "	" STR(REG_L) " " #reg ", " #n " * " STR(REGBYTES) "(" #base ")\n"

static struct ovf_ctx ctx[2];
static unsigned char stacks[2][STACK] __attribute__((aligned(16)));
static unsigned long hart1_done, timer_fired[2];

void ovf_entry(void);
void ovf_handler(struct ovf_ctx *c, unsigned long hartid);
unsigned long ovf_spin(unsigned long *count, unsigned long n, unsigned long seen);
extern const char ovf_spin_loop[], ovf_spin_end[];

/*
 * ovf_entry: a6 = hart id, a7 = the entry argument (&ctx[hart]). Saves the caller-saved
 * registers on the event's own stack, calls ovf_handler, restores them and completes (SSE puts
 * the interrupted a6 and a7 back itself).
 *
 * ovf_spin(count, n, seen): spins until *count differs from seen or n iterations are done, with
 * a6 and a7 holding marks an event must give back; returns the iterations left, or -1 when a6
 * or a7 came back changed. No instruction of the loop (ovf_spin_loop to ovf_spin_end) exits.
 */
/* clang-format off */
__asm__(".text\n"
	".balign 4\n"
	".globl ovf_entry\n"
	"ovf_entry:\n"
	SX(sp, 0, a7)
	LX(sp, 1, a7)
	"	addi sp, sp, -128\n"
	SX(ra, 0, sp) SX(t0, 1, sp) SX(t1, 2, sp) SX(t2, 3, sp)
	SX(t3, 4, sp) SX(t4, 5, sp) SX(t5, 6, sp) SX(t6, 7, sp)
	SX(a0, 8, sp) SX(a1, 9, sp) SX(a2, 10, sp) SX(a3, 11, sp)
	SX(a4, 12, sp) SX(a5, 13, sp) SX(a7, 14, sp)
	"	mv a0, a7\n"
	"	mv a1, a6\n"
	"	call ovf_handler\n"
	LX(ra, 0, sp) LX(t0, 1, sp) LX(t1, 2, sp) LX(t2, 3, sp)
	LX(t3, 4, sp) LX(t4, 5, sp) LX(t5, 6, sp) LX(t6, 7, sp)
	LX(a0, 8, sp) LX(a1, 9, sp) LX(a2, 10, sp) LX(a3, 11, sp)
	LX(a4, 12, sp) LX(a5, 13, sp) LX(a7, 14, sp)
	LX(sp, 0, a7)
	"	li a6, 6\n"		/* SBI_SSE_COMPLETE */
	"	li a7, 0x535345\n"	/* SBI_EID_SSE */
	"	ecall\n"
	"1:	j 1b\n"
	"\n"
	".balign 4\n"
	".globl ovf_spin\n"
	"ovf_spin:\n"
	"	li a6, 0xa6a6\n"
	"	li a7, 0xa7a7\n"
	".globl ovf_spin_loop\n"
	"ovf_spin_loop:\n"
	LX(t0, 0, a0)
	"	bne t0, a2, 2f\n"
	"	addi a1, a1, -1\n"
	"	bnez a1, ovf_spin_loop\n"
	".globl ovf_spin_end\n"
	"ovf_spin_end:\n"
	"2:	li t1, 0xa6a6\n"
	"	bne a6, t1, 3f\n"
	"	li t1, 0xa7a7\n"
	"	bne a7, t1, 3f\n"
	"	mv a0, a1\n"
	"	ret\n"
	"3:	li a0, -1\n"
	"	ret\n");
/* clang-format on */

static struct sbiret sse(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
			 unsigned long a3)
{
	return sbi_call(SBI_EID_SSE, fid, a0, a1, a2, a3, 0, 0);
}

static struct sbiret pmu(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2,
			 unsigned long a3)
{
	return sbi_call(SBI_EID_PMU, fid, a0, a1, a2, a3, 0, 0);
}

/* Starts counter idx at all 64 bits of value (on RV32 the high half in a4). */
static struct sbiret start_at(unsigned long idx, uint64_t value)
{
	return sbi_call(SBI_EID_PMU, SBI_PMU_COUNTER_START, idx, 1, SBI_PMU_START_SET_INIT_VALUE,
			SBI_ARG64_LO(value), SBI_ARG64_HI(value), 0);
}

/* In the event's handler, on its own stack. */
void ovf_handler(struct ovf_ctx *c, unsigned long hartid)
{
	c->a6 = hartid;
	c->sepc = CSR_READ(sepc);
	c->sstatus = CSR_READ(sstatus);
	/* Reads of configured counters: they trap, and rvkvm answers with the guest's own count. */
	c->instret = CSR_READ64(instret);
	c->cycle = CSR_READ64(cycle);
	c->attr_err = sse(SBI_SSE_READ_ATTRS, OVF, SBI_SSE_ATTR_INTERRUPTED_SEPC, 4,
			  (unsigned long)c->interrupted)
			      .error;
	STORE(c->count, c->count + 1);
}

static bool in_loop(unsigned long pc)
{
	return pc >= (unsigned long)ovf_spin_loop && pc < (unsigned long)ovf_spin_end;
}

/* Starts counter idx at value, spins until the next event (or the limit); true if it came. */
static bool overflow_once(unsigned long h, unsigned long idx, uint64_t value, const char *what)
{
	struct ovf_ctx *c = &ctx[h];
	unsigned long seen = c->count, left;

	/* What INTERRUPTED_SEPC and _FLAGS must save: sepc, sstatus.SPP = 1 and SPIE = 0. */
	CSR_WRITE(sepc, SEPC_MARK);
	CSR_SET(sstatus, SSTATUS_SPP);
	CSR_CLEAR(sstatus, SSTATUS_SPIE);
	check_ret(start_at(idx, value), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: start %s %llu below the wrap", h, what,
		  (unsigned long long)(0 - value));
	left = ovf_spin(&c->count, SPIN_LIMIT, seen);
	return check(left != (unsigned long)-1 && left > 0 && c->count == seen + 1,
		     "ovf hart %lu: %s: the event ran once while the loop spun, a6 and a7 intact "
		     "(runs %lu, %lu iterations left)",
		     h, what, c->count - seen, left);
}

static void check_context(unsigned long h, const char *what)
{
	const struct ovf_ctx *c = &ctx[h];

	check(c->a6 == h, "ovf hart %lu: %s: handler entered with a6 = its hart id (%lu)", h, what,
	      c->a6);
	check(in_loop(c->sepc) && (c->sstatus & SSTATUS_SPP) && !(c->sstatus & SSTATUS_SIE),
	      "ovf hart %lu: %s: sepc in the spin loop (0x%lx), SPP = 1, SIE = 0", h, what,
	      c->sepc);
	check(c->attr_err == SBI_SUCCESS && c->interrupted[0] == SEPC_MARK &&
		      c->interrupted[1] == SBI_SSE_FLAG_SPP && c->interrupted[2] == MARK_A6 &&
		      c->interrupted[3] == MARK_A7,
	      "ovf hart %lu: %s: INTERRUPTED_SEPC 0x%lx, _FLAGS 0x%lx, _A6 0x%lx, _A7 0x%lx", h,
	      what, c->interrupted[0], c->interrupted[1], c->interrupted[2], c->interrupted[3]);
	check(CSR_READ(sepc) == SEPC_MARK &&
		      (CSR_READ(sstatus) & (SSTATUS_SPP | SSTATUS_SPIE)) == SSTATUS_SPP,
	      "ovf hart %lu: %s: sepc and sstatus.SPP/SPIE as they were after complete", h, what);
}

/*
 * overflow_once, then what the handler found: the interrupted context, and the counter (idx,
 * read in the handler) wrapped, by little.
 */
static void overflow_checked(unsigned long h, unsigned long idx, uint64_t value, const char *what)
{
	const struct ovf_ctx *c = &ctx[h];
	uint64_t seen;

	if (!overflow_once(h, idx, value, what)) {
		return;
	}
	check_context(h, what);
	seen = idx == 0 ? c->cycle : c->instret;
	check(seen < WRAP_SLACK,
	      "ovf hart %lu: %s had wrapped when the handler read it (%llu past)", h, what,
	      (unsigned long long)seen);
}

static void stop(unsigned long h, unsigned long idx)
{
	check_ret(pmu(SBI_PMU_COUNTER_STOP, idx, 1, 0, 0), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: stop counter %lu", h, idx);
}

static void quiet(unsigned long h, const char *what)
{
	struct ovf_ctx *c = &ctx[h];
	unsigned long seen = c->count;

	check(ovf_spin(&c->count, SPIN_QUIET, seen) == 0 && c->count == seen,
	      "ovf hart %lu: %s: no event in %lu iterations", h, what, SPIN_QUIET);
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (code != IRQ_STI || hartid > 1) {
		hart_unexpected_interrupt(hartid, code);
		return;
	}
	sbi_set_timer(UINT64_MAX);
	STORE(timer_fired[hartid], 1);
}

/*
 * A wait in WFI while instret is watched: the wait brings no event (the guest's counters stand
 * still, and so does the alarm), and the alarm is armed again after it: the event comes at the
 * wrap as before.
 */
static void wait_then_overflow(unsigned long h, unsigned long ir, unsigned long dist)
{
	struct ovf_ctx *c = &ctx[h];
	unsigned long seen = c->count;

	check_ret(start_at(ir, 0 - (uint64_t)dist), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: start instret near the wrap, then wait", h);
	/* A timer interrupt ends the wait (QEMU 7.2 shows VS-mode no STIP in sip to poll). */
	STORE(timer_fired[h], 0);
	CSR_SET(sie, SIP_STIP);
	sbi_set_timer(now64() + MS_TICKS(2));
	CSR_SET(sstatus, SSTATUS_SIE);
	while (!LOAD(timer_fired[h])) {
		__asm__ volatile("wfi");
	}
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	CSR_CLEAR(sie, SIP_STIP);
	check(c->count == seen, "ovf hart %lu: no event while it waited in WFI", h);
	CSR_WRITE(sepc, SEPC_MARK);
	check(ovf_spin(&c->count, SPIN_LIMIT, seen) > 0 && c->count == seen + 1 &&
		      c->instret < WRAP_SLACK,
	      "ovf hart %lu: after the wait, the event at the wrap (%llu past)", h,
	      (unsigned long long)c->instret);
	stop(h, ir);
}

/* The whole test on hart h; the harts' distances differ so that their events never coincide. */
static void run(unsigned long h)
{
	struct ovf_ctx *c = &ctx[h];
	unsigned long dist = h == 0 ? 300000 : 200000;
	unsigned long ir, cy;
	uint64_t v;
	struct sbiret r;

	c->stack_top = (unsigned long)&stacks[h][STACK];
	check_ret(sse(SBI_SSE_REGISTER, OVF, (unsigned long)ovf_entry, (unsigned long)c, 0),
		  SBI_SUCCESS, false, 0, "ovf hart %lu: register LOCAL_PMU_OVERFLOW", h);
	check_ret(sse(SBI_SSE_ENABLE, OVF, 0, 0, 0), SBI_SUCCESS, false, 0, "ovf hart %lu: enable",
		  h);
	check_ret(sse(SBI_SSE_HART_UNMASK, 0, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: unmask", h);
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, HW_MASK, SBI_PMU_CFG_FLAG_CLEAR_VALUE,
		EV_INSNS);
	ir = (unsigned long)r.value;
	check(r.error == SBI_SUCCESS && ir == 2, "ovf hart %lu: counter 2 matches instructions", h);
	r = pmu(SBI_PMU_COUNTER_CONFIG_MATCHING, 0, HW_MASK, SBI_PMU_CFG_FLAG_CLEAR_VALUE,
		EV_CYCLES);
	cy = (unsigned long)r.value;
	check(r.error == SBI_SUCCESS && cy == 0, "ovf hart %lu: counter 0 matches cycles", h);

	overflow_checked(h, ir, 0 - (uint64_t)dist, "instret");
	quiet(h, "instret wrapped and running on");
	v = CSR_READ64(instret);
	check(v > 4 * SPIN_QUIET && v < 4 * SPIN_QUIET + 2 * WRAP_SLACK,
	      "ovf hart %lu: instret ran on from the wrap (%llu)", h, (unsigned long long)v);
	stop(h, ir);

	/* Far from the wrap: no event; stopped before it: none either. */
	check_ret(start_at(ir, 0), SBI_SUCCESS, false, 0, "ovf hart %lu: start instret at 0", h);
	quiet(h, "instret far from the wrap");
	stop(h, ir);
	check_ret(start_at(ir, 0 - (uint64_t)dist), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: start instret near the wrap", h);
	stop(h, ir);
	quiet(h, "instret stopped before the wrap");

	/* Started anew below the wrap: signalled again, at the wrap as before. */
	overflow_checked(h, ir, 0 - (uint64_t)LONG_DIST - dist, "instret restarted");
	stop(h, ir);

	wait_then_overflow(h, ir, dist);

	overflow_checked(h, cy, 0 - (uint64_t)dist, "cycle");
	quiet(h, "cycle wrapped and running on");
	stop(h, cy);

	check_ret(sse(SBI_SSE_DISABLE, OVF, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: disable", h);
	check_ret(sse(SBI_SSE_UNREGISTER, OVF, 0, 0, 0), SBI_SUCCESS, false, 0,
		  "ovf hart %lu: unregister", h);
	say("sbi_pmu_ovf: hart %lu done, %lu events\n", h, c->count);
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	run(hartid);
	STORE(hart1_done, 1);
	sbi_call(SBI_EID_HSM, SBI_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/* Whether bootargs has word (the case's --append). */
static bool bootarg(unsigned long fdt, const char *word)
{
	uint32_t len = 0;
	const char *args = fdt_read_prop((const void *)fdt, "chosen", "bootargs", &len);
	unsigned long n = lib_strlen(word);

	for (uint32_t i = 0; args && i + n <= len; i++) {
		if (lib_strncmp(args + i, word, n) == 0) {
			return true;
		}
	}
	return false;
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	bool two;

	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	say("sbi_pmu_ovf: hart %lu\n", hartid);
	if (bootarg(fdt, "ovf=none")) {
		check_ret(sse(SBI_SSE_REGISTER, OVF, (unsigned long)ovf_entry,
			      (unsigned long)&ctx[0], 0),
			  SBI_ERR_NOT_SUPPORTED, false, 0,
			  "ovf: LOCAL_PMU_OVERFLOW is not supported (host without Sscofpmf)");
		return (int)check_failures();
	}
	two = sbi_call(SBI_EID_HSM, SBI_HSM_HART_START, 1, (unsigned long)hart_secondary_entry, 0,
		       0, 0, 0)
		      .error == SBI_SUCCESS;
	run(0);
	if (two) {
		unsigned long t0 = now();

		while (!LOAD(hart1_done) && now() - t0 < 100 * MS_TICKS(1000)) {
		}
		check(LOAD(hart1_done) && ctx[0].count == 4 && ctx[1].count == 4,
		      "ovf: both harts done, 4 events each, none of the other's");
	}
	return (int)check_failures();
}
