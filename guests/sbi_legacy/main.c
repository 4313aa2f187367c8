/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test guest for the SBI v0.1 legacy extensions (spec v2.0, "Legacy Extensions"): console
 * putchar, set_timer, send_ipi and clear_ipi with a hart mask in memory, the remote fences, a
 * mask outside RAM, and finally shutdown, which ends the run. Runs with 2 vCPUs and 64 MiB.
 */
#include "hart.h"

#define NCPUS 2UL
#define RAM_END (GUEST_RAM_BASE + 64UL * 1024 * 1024)
#define WAIT_TICKS MS_TICKS(10000)
#define SETTLE_TICKS MS_TICKS(50)

#define EID_SET_TIMER 0x00UL
#define EID_CONSOLE_PUTCHAR 0x01UL
#define EID_CLEAR_IPI 0x03UL
#define EID_SEND_IPI 0x04UL
#define EID_REMOTE_FENCE_I 0x05UL
#define EID_REMOTE_SFENCE_VMA 0x06UL
#define EID_REMOTE_SFENCE_VMA_ASID 0x07UL
#define EID_SHUTDOWN 0x08UL
#define EID_HSM 0x48534DUL
#define FID_HART_START 0

/* Its low 32 bits on rv32. */
#define A1_MARK ((unsigned long)0x0badc0ffee0ddf00ULL)

static unsigned long ipis[NCPUS], timers[NCPUS];
static unsigned long timer_at;
static long timer_clear_ret;
static unsigned long ready;

/* Hart masks handed to the calls by address: a bit vector of unsigned longs. */
static unsigned long mask_hart0 = 1UL << 0, mask_hart1 = 1UL << 1, mask_both = 3UL;

/* A legacy call with up to four arguments; returns a0. */
static long legacy(unsigned long eid, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long a3)
{
	return sbi_call(eid, 0, a0, a1, a2, a3, 0, 0).error;
}

void on_interrupt(unsigned long hartid, unsigned long code)
{
	if (hartid >= NCPUS) {
		hart_unexpected_interrupt(hartid, code);
	} else if (code == IRQ_SSI) {
		CSR_CLEAR(sip, SIP_SSIP);
		__atomic_fetch_add(&ipis[hartid], 1, __ATOMIC_SEQ_CST);
	} else if (code == IRQ_STI) {
		timer_at = now();
		/* UINT64_MAX: on rv32 its high half goes in a1. */
		timer_clear_ret = legacy(EID_SET_TIMER, ~0UL, sizeof(long) == 8 ? 0 : ~0UL, 0, 0);
		if (__atomic_add_fetch(&timers[hartid], 1, __ATOMIC_SEQ_CST) > 1000) {
			/* Not cleared, firing again and again: stop it, the checks report it. */
			CSR_CLEAR(sie, SIP_STIP);
		}
	} else {
		hart_unexpected_interrupt(hartid, code);
	}
}

void secondary_main(unsigned long hartid, unsigned long opaque)
{
	(void)opaque;
	if (hartid == 1) {
		CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
		CSR_SET(sie, SIP_SSIP);
		CSR_SET(sstatus, SSTATUS_SIE);
		STORE(ready, 1);
	}
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static bool wait_count(unsigned long *counter, unsigned long n)
{
	unsigned long t0 = now();

	while (LOAD(*counter) < n) {
		if (now() - t0 > WAIT_TICKS) {
			return false;
		}
	}
	return true;
}

static void test_putchar(void)
{
	long rc = 0;

	for (const char *p = "legacy: putchar ok"; *p; p++) {
		rc |= legacy(EID_CONSOLE_PUTCHAR, (unsigned char)*p, 0, 0, 0);
	}

	/* The line's newline goes out with a1 marked: legacy calls preserve every register but a0. */
	register unsigned long a0 __asm__("a0") = '\n';
	register unsigned long a1 __asm__("a1") = A1_MARK;
	register unsigned long a6 __asm__("a6") = 0;
	register unsigned long a7 __asm__("a7") = EID_CONSOLE_PUTCHAR;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	/* Register variables only hold their register in the asm: copy before any call. */
	unsigned long ret = a0, kept = a1;

	check(rc == 0 && ret == 0, "console_putchar returns 0");
	check(kept == A1_MARK, "console_putchar leaves a1 alone (a1 0x%lx)", kept);
}

static void test_set_timer(void)
{
	unsigned long deadline;
	long rc;

	CSR_SET(sie, SIP_STIP);
	deadline = now() + MS_TICKS(10);
	rc = legacy(EID_SET_TIMER, deadline, 0, 0, 0);
	check(rc == 0, "set_timer(now + 10 ms) returns 0");
	if (check(wait_count(&timers[0], 1), "the timer interrupt arrives")) {
		check(timer_at >= deadline, "not before the deadline");
		check(timer_clear_ret == 0, "set_timer(-1) in the handler returns 0");
	}
	/* Judged by behaviour: QEMU 7.2 reads sip.STIP as 0 in VS-mode even while it is pending. */
	delay_ticks(SETTLE_TICKS);
	check(LOAD(timers[0]) == 1, "exactly one timer interrupt: set_timer(-1) cleared it");
	CSR_CLEAR(sie, SIP_STIP);
}

static void test_clear_ipi(void)
{
	unsigned long before = LOAD(ipis[0]);
	unsigned long t0;
	long rc;

	/* With sstatus.SIE clear the IPI to self stays pending for clear_ipi to take away. */
	CSR_CLEAR(sstatus, SSTATUS_SIE);
	rc = legacy(EID_SEND_IPI, (unsigned long)&mask_hart0, 0, 0, 0);
	check(rc == 0, "send_ipi to self returns 0");
	t0 = now();
	while (!(CSR_READ(sip) & SIP_SSIP) && now() - t0 <= WAIT_TICKS) {
	}
	check((CSR_READ(sip) & SIP_SSIP) != 0, "the IPI to self is pending in sip.SSIP");
	rc = legacy(EID_CLEAR_IPI, 0, 0, 0, 0);
	check(rc > 0, "clear_ipi with an IPI pending returns a positive value (%ld)", rc);
	check((CSR_READ(sip) & SIP_SSIP) == 0, "clear_ipi clears sip.SSIP");
	rc = legacy(EID_CLEAR_IPI, 0, 0, 0, 0);
	check(rc == 0, "clear_ipi with nothing pending returns 0 (%ld)", rc);
	CSR_SET(sstatus, SSTATUS_SIE);
	delay_ticks(SETTLE_TICKS);
	check(LOAD(ipis[0]) == before, "the cleared IPI is never taken");
}

static void test_send_ipi(void)
{
	unsigned long b0 = LOAD(ipis[0]), b1 = LOAD(ipis[1]);
	long rc;

	rc = legacy(EID_SEND_IPI, (unsigned long)&mask_hart1, 0, 0, 0);
	check(rc == 0, "send_ipi to hart 1 returns 0");
	check(wait_count(&ipis[1], b1 + 1), "hart 1 takes the IPI");
	delay_ticks(SETTLE_TICKS);
	check(LOAD(ipis[1]) == b1 + 1 && LOAD(ipis[0]) == b0, "only hart 1, once");

	rc = legacy(EID_SEND_IPI, (unsigned long)&mask_both, 0, 0, 0);
	check(rc == 0, "send_ipi to both harts returns 0");
	check(wait_count(&ipis[0], b0 + 1) && wait_count(&ipis[1], b1 + 2), "both harts take it");
}

/* A hart mask the SBI cannot read: an error return, or (as the spec allows) a fault on the ecall. */
static void test_bad_mask(unsigned long where)
{
	unsigned long b1 = LOAD(ipis[1]);
	unsigned long cause, sepc, stval;
	unsigned short insn_lo = 0;
	long rc;
	bool faulted;

	hart_catch_arm();
	rc = legacy(EID_SEND_IPI, where, 0, 0, 0);
	faulted = hart_catch_end(&cause, &sepc, &stval);
	if (faulted) {
		insn_lo = *(volatile unsigned short *)sepc;
		say("  send_ipi(0x%lx) trapped: scause %lu sepc 0x%lx stval 0x%lx\n", where, cause,
		    sepc, stval);
		check((cause == 5 || cause == 13) && insn_lo == 0x0073,
		      "send_ipi with its mask at 0x%lx: a load fault on the ecall", where);
	} else {
		check(rc < 0, "send_ipi with its mask at 0x%lx returns an error (%ld)", where, rc);
	}
	delay_ticks(SETTLE_TICKS);
	check(LOAD(ipis[1]) == b1, "and sends no IPI");
}

static void test_fences(void)
{
	check(legacy(EID_REMOTE_FENCE_I, (unsigned long)&mask_both, 0, 0, 0) == 0,
	      "remote_fence_i to both harts returns 0");
	check(legacy(EID_REMOTE_FENCE_I, (unsigned long)&mask_hart1, 0, 0, 0) == 0,
	      "remote_fence_i to hart 1 returns 0");
	check(legacy(EID_REMOTE_SFENCE_VMA, (unsigned long)&mask_both, 0, 0, 0) == 0,
	      "remote_sfence_vma (whole space) returns 0");
	check(legacy(EID_REMOTE_SFENCE_VMA, (unsigned long)&mask_hart1, GUEST_RAM_BASE, 0x2000,
		     0) == 0,
	      "remote_sfence_vma (a range) returns 0");
	check(legacy(EID_REMOTE_SFENCE_VMA_ASID, (unsigned long)&mask_both, 0, 0, 1) == 0,
	      "remote_sfence_vma_asid (whole space) returns 0");
	check(legacy(EID_REMOTE_SFENCE_VMA_ASID, (unsigned long)&mask_hart0, GUEST_RAM_BASE, 0x1000,
		     0) == 0,
	      "remote_sfence_vma_asid (a range) returns 0");
}

int guest_main(unsigned long hartid, unsigned long fdt)
{
	struct sbiret r;
	unsigned long t0;

	(void)fdt;
	hart_boot_init(hartid);
	CSR_WRITE(stvec, (unsigned long)hart_trap_vector);
	CSR_SET(sie, SIP_SSIP);
	CSR_SET(sstatus, SSTATUS_SIE);
	say("sbi_legacy: boot hart %lu, %lu vCPUs expected\n", hartid, NCPUS);
	test_putchar();
	test_set_timer();

	r = sbi_call(EID_HSM, FID_HART_START, 1, (unsigned long)hart_secondary_entry, 0, 0, 0, 0);
	t0 = now();
	while (r.error == SBI_SUCCESS && !LOAD(ready) && now() - t0 <= WAIT_TICKS) {
	}
	if (check(LOAD(ready) != 0, "hart 1 started with HSM")) {
		test_send_ipi();
		test_clear_ipi();
		test_fences();
		test_bad_mask(0x40000000UL);
		test_bad_mask(RAM_END);
		test_bad_mask(RAM_END - 4);
		test_send_ipi();
	}
	if (check_failures() != 0) {
		return 0; /* guest_exit reports the failures through SRST */
	}
	say("sbi_legacy: all checks passed, shutting down through legacy shutdown\n");
	legacy(EID_SHUTDOWN, 0, 0, 0, 0);
	check(false, "legacy shutdown does not return");
	return 1;
}
