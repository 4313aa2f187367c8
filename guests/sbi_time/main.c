/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for SBI TIME (spec v2.0, "Timer Extension") and the legacy set_timer: the time CSR,
 * timer interrupts no earlier than asked, the pending interrupt cleared by a later set_timer, WFI
 * woken by the timer, and the Sstc stimecmp CSR when the device tree lists Sstc. 1 vCPU, 64 MiB.
 */
#include "fdt_read.h"
#include "hart.h"

#define EID_TIME 0x54494D45UL
#define FID_SET_TIMER 0
#define EID_LEGACY_SET_TIMER 0x00UL
#define CSR_STIMECMP 0x14d
#define CSR_STIMECMPH 0x15d /* RV32: stimecmp's high half */
#define FAR_FUTURE UINT64_MAX
/* 2^32 ticks ahead: on RV32 a deadline whose low half is now, so it is due if a1 is dropped. */
#define HIGH_HALF_AHEAD (UINT64_C(1) << 32)

enum timer_how {
	HOW_SBI,
	HOW_LEGACY,
	HOW_STIMECMP,
};

/* What the timer interrupt handler saw. */
static unsigned long fired;
static uint64_t fired_at;
static long clear_ret;
static unsigned long storm_base; /* fired at the start of the current sub-test */
static enum timer_how how;
static unsigned long ticks_per_ms;

/* All 64 bits of stime_value: on RV32 the high half in a1. */
static struct sbiret set_timer(uint64_t when)
{
	return sbi_call(EID_TIME, FID_SET_TIMER, SBI_ARG64_LO(when), SBI_ARG64_HI(when), 0, 0, 0,
			0);
}

/* The v0.1 set_timer takes stime_value as TIME does (a0, and a1 on RV32), returns in a0. */
static long legacy_set_timer(uint64_t when)
{
	return sbi_call(EID_LEGACY_SET_TIMER, 0, SBI_ARG64_LO(when), SBI_ARG64_HI(when), 0, 0, 0, 0)
		.error;
}

static uint64_t stimecmp_read(void)
{
	unsigned long lo, hi = 0;

	__asm__ volatile("csrr %0, %1" : "=r"(lo) : "i"(CSR_STIMECMP));
	if (sizeof(unsigned long) < sizeof(uint64_t)) {
		__asm__ volatile("csrr %0, %1" : "=r"(hi) : "i"(CSR_STIMECMPH));
	}
	return (uint64_t)hi << 32 | lo;
}

static void stimecmp_write(uint64_t v)
{
	if (sizeof(unsigned long) < sizeof(uint64_t)) {
		/* RV32: low half at its most first, so no value between is earlier than both. */
		__asm__ volatile("csrw %0, %1" : : "i"(CSR_STIMECMP), "r"(~0UL) : "memory");
		__asm__ volatile("csrw %0, %1"
				 :
				 : "i"(CSR_STIMECMPH), "r"(SBI_ARG64_HI(v))
				 : "memory");
	}
	__asm__ volatile("csrw %0, %1" : : "i"(CSR_STIMECMP), "r"((unsigned long)v) : "memory");
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (code != IRQ_STI) {
		hart_unexpected_interrupt(hartid, code);
		return;
	}
	fired_at = now64();
	switch (how) {
	case HOW_SBI:
		clear_ret = set_timer(FAR_FUTURE).error;
		break;
	case HOW_LEGACY:
		clear_ret = legacy_set_timer(FAR_FUTURE);
		break;
	case HOW_STIMECMP:
		stimecmp_write(FAR_FUTURE);
		clear_ret = 0;
		break;
	}
	STORE(fired, fired + 1);
	if (fired - storm_base > 1000) {
		/* The timer was not cleared and keeps firing: stop it, the checks report it. */
		CSR_CLEAR(sie, SIP_STIP);
	}
}

/* The first property called name anywhere in the device tree, or NULL. */
static const char *fdt_prop(unsigned long fdt, const char *name, unsigned *len)
{
	uint32_t n = 0;
	const char *v = fdt < GUEST_RAM_BASE ? 0 : fdt_read_prop((const void *)fdt, "", name, &n);

	*len = n;
	return v;
}

/* Whether the string list val (len bytes) holds word, or a riscv,isa string has _word. */
static bool isa_has(const char *val, unsigned len, const char *word, bool underscore)
{
	unsigned long wl = 0;

	while (word[wl] != '\0') {
		wl++;
	}
	for (unsigned long i = 0; i + wl <= len; i++) {
		bool start =
			underscore ? (i > 0 && val[i - 1] == '_') : (i == 0 || val[i - 1] == '\0');
		char after = i + wl < len ? val[i + wl] : '\0';
		unsigned long k = 0;

		while (k < wl && val[i + k] == word[k]) {
			k++;
		}
		if (k == wl && start && (after == '\0' || after == '_')) {
			return true;
		}
	}
	return false;
}

/* Waits (bounded) for the handler to have run n times in all. */
static bool wait_fired(unsigned long n)
{
	unsigned long t0 = now();

	while (LOAD(fired) < n) {
		if (now() - t0 > 5000 * ticks_per_ms) {
			return false;
		}
	}
	return true;
}

/*
 * Whether exactly n interrupts were taken in all, once a pending one has had time to be taken.
 * The checks never read sip.STIP: QEMU 7.2 reads it as 0 in VS-mode even while it is pending,
 * so "pending" is judged by whether the interrupt is taken once it is enabled.
 */
static bool fired_exactly(unsigned long n)
{
	delay_ticks(20 * ticks_per_ms);
	return LOAD(fired) == n;
}

/* One timer interrupt 10 ms ahead, set the given way and taken with interrupts enabled. */
static void timer_case(enum timer_how h, const char *what)
{
	unsigned long n = LOAD(fired) + 1;
	uint64_t deadline;

	how = h;
	storm_base = LOAD(fired);
	CSR_SET(sie, SIP_STIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	deadline = now64() + 10 * ticks_per_ms;
	switch (h) {
	case HOW_SBI:
		check_ret(set_timer(deadline), SBI_SUCCESS, false, 0, "%s: set_timer(now + 10 ms)",
			  what);
		break;
	case HOW_LEGACY:
		check(legacy_set_timer(deadline) == 0,
		      "%s: legacy set_timer(now + 10 ms) returns 0", what);
		break;
	case HOW_STIMECMP:
		stimecmp_write(deadline);
		check(stimecmp_read() == deadline, "%s: stimecmp reads back what was written",
		      what);
		break;
	}
	if (check(wait_fired(n), "%s: the timer interrupt arrives", what)) {
		check(fired_at >= deadline, "%s: not before the deadline (%lld ticks after it)",
		      what, (long long)(fired_at - deadline));
		if (h != HOW_STIMECMP) {
			check(clear_ret == 0, "%s: set_timer(UINT64_MAX) in the handler succeeds",
			      what);
		}
		check(fired_exactly(n),
		      "%s: setting the timer far ahead clears the pending interrupt", what);
	}
	CSR_CLEAR(sstatus, SSTATUS_SIE);
}

static void test_time_csr(void)
{
	unsigned long t1 = now(), t2 = t1;
	unsigned long spins = 0;

	while (t2 == t1 && spins < 100000000UL) {
		t2 = now();
		spins++;
	}
	check(t2 > t1, "the time CSR reads and increases (%lu -> %lu)", t1, t2);
}

/* A deadline that has passed: the timer interrupt is pending (if enabled) after this. */
static void expire_timer(void)
{
	check_ret(set_timer(now64()), SBI_SUCCESS, false, 0, "set_timer(now)");
	delay_ticks(5 * ticks_per_ms);
}

static void test_pending_masked(void)
{
	unsigned long n = LOAD(fired);

	how = HOW_SBI;
	storm_base = n;
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	CSR_SET(sie, SIP_STIP);

	/* Pending while sstatus.SIE is clear, taken once it is set. */
	expire_timer();
	check(LOAD(fired) == n, "an expired timer is not taken while sstatus.SIE is clear");
	CSR_SET(sstatus, SSTATUS_SIE);
	check(wait_fired(n + 1) && fired_exactly(n + 1), "it is taken once sstatus.SIE is set");
	CSR_CLEAR(sstatus, SSTATUS_SIE);

	/* Pending while sie.STIE is clear, taken once it is set. */
	CSR_CLEAR(sie, SIP_STIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	expire_timer();
	check(LOAD(fired) == n + 1, "an expired timer is not taken while sie.STIE is clear");
	CSR_SET(sie, SIP_STIP);
	check(wait_fired(n + 2) && fired_exactly(n + 2), "it is taken once sie.STIE is set");
	CSR_CLEAR(sstatus, SSTATUS_SIE);

	/*
	 * set_timer to a future time clears a pending interrupt while it is masked (sstatus.SIE).
	 * An hour ahead: no stall of a busy host lets it come due before the check.
	 */
	expire_timer();
	check_ret(set_timer(now64() + 3600000 * (uint64_t)ticks_per_ms), SBI_SUCCESS, false, 0,
		  "set_timer(now + 1 h) with the timer interrupt pending");
	CSR_SET(sstatus, SSTATUS_SIE);
	check(fired_exactly(n + 2),
	      "set_timer to a future time clears the pending interrupt (SIE clear)");
	CSR_CLEAR(sstatus, SSTATUS_SIE);

	/*
	 * 2^32 ticks ahead (7 minutes at 10 MHz) is in the future too. On RV32 the low half, in a0,
	 * is now's: only the high half, in a1, puts the deadline ahead.
	 */
	expire_timer();
	check_ret(set_timer(now64() + HIGH_HALF_AHEAD), SBI_SUCCESS, false, 0,
		  "set_timer(now + 2^32 ticks) with the timer interrupt pending");
	CSR_SET(sstatus, SSTATUS_SIE);
	check(fired_exactly(n + 2), "a deadline 2^32 ticks ahead is not due: nothing pending");
	CSR_CLEAR(sstatus, SSTATUS_SIE);

	/* The same with sie.STIE clear, and UINT64_MAX as the future time. */
	CSR_CLEAR(sie, SIP_STIP);
	expire_timer();
	check_ret(set_timer(FAR_FUTURE), SBI_SUCCESS, false, 0,
		  "set_timer(UINT64_MAX) with the timer interrupt pending");
	CSR_SET(sie, SIP_STIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	check(fired_exactly(n + 2),
	      "set_timer(UINT64_MAX) clears the pending interrupt (STIE clear)");
	CSR_CLEAR(sstatus, SSTATUS_SIE);
}

static void test_wfi(void)
{
	unsigned long n = LOAD(fired);
	unsigned long t0, sleeps = 0;
	uint64_t deadline;

	/* sie.STIE set but sstatus.SIE clear: the timer ends WFI without a trap. */
	how = HOW_SBI;
	storm_base = n;
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	CSR_SET(sie, SIP_STIP);
	deadline = now64() + 20 * ticks_per_ms;
	check_ret(set_timer(deadline), SBI_SUCCESS, false, 0, "set_timer(now + 20 ms) before WFI");
	t0 = now();
	while (now64() < deadline + ticks_per_ms && now() - t0 <= 5000 * ticks_per_ms) {
		__asm__ volatile("wfi");
		sleeps++;
	}
	say("sbi_time: %lu WFI(s) until 1 ms past the deadline\n", sleeps);
	/* The timer is pending and enabled in sie: this WFI must not sleep (a hang fails the case). */
	__asm__ volatile("wfi");
	check(LOAD(fired) == n,
	      "WFI returns with the timer pending and sstatus.SIE clear, no trap");
	CSR_SET(sstatus, SSTATUS_SIE);
	check(wait_fired(n + 1) && fired_exactly(n + 1),
	      "the timer that ended WFI is taken once enabled");
	CSR_CLEAR(sstatus, SSTATUS_SIE);
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	const char *isa, *exts, *tb;
	unsigned isa_len = 0, exts_len = 0, tb_len = 0;
	bool sstc;
	struct sbiret r;

	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	tb = fdt_prop(fdt, "timebase-frequency", &tb_len);
	ticks_per_ms = tb && tb_len == 4 ? fdt_read_be32(tb) / 1000 : TIMEBASE_HZ / 1000;
	if (ticks_per_ms == 0) {
		ticks_per_ms = 1;
	}
	isa = fdt_prop(fdt, "riscv,isa", &isa_len);
	exts = fdt_prop(fdt, "riscv,isa-extensions", &exts_len);
	sstc = (isa && isa_has(isa, isa_len, "sstc", true)) ||
	       (exts && isa_has(exts, exts_len, "sstc", false));
	say("sbi_time: timebase %lu Hz%s, riscv,isa %s\n", ticks_per_ms * 1000,
	    tb ? " (from the device tree)" : " (assumed)", isa ? isa : "(none)");
	check(isa != 0, "the device tree has riscv,isa");

	r = sbi_call(SBI_EID_BASE, SBI_BASE_PROBE_EXTENSION, EID_TIME, 0, 0, 0, 0, 0);
	check_ret(r, SBI_SUCCESS, true, 1, "probe TIME is 1");
	test_time_csr();
	timer_case(HOW_SBI, "TIME set_timer");
	test_pending_masked();
	test_wfi();
	timer_case(HOW_LEGACY, "legacy set_timer");
	if (sstc) {
		say("sbi_time: Sstc listed, testing stimecmp\n");
		timer_case(HOW_STIMECMP, "stimecmp");
		stimecmp_write(FAR_FUTURE);
	} else {
		say("sbi_time: no Sstc in the device tree, stimecmp sub-test skipped\n");
	}
	timer_case(HOW_SBI, "TIME set_timer again");
	return 0;
}
